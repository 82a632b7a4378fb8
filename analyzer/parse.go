package analyzer

import (
	"fmt"
	"runtime/debug"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/ci"
	"github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/daemon"
	"github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/parsers/envfile"
	"github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/systemd"
)

// parse hands a source to the parser for its kind. doc is nil when nothing
// could be read; err reports a parser that panicked (a bug of ours, not of
// the input).
func parse(src *parsers.Source) (doc any, diags []parsers.Diagnostic, err error) {
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, fmt.Errorf("internal error parsing %s: %v\n%s", src.Path, p, debug.Stack())
		}
	}()
	switch src.Kind {
	case parsers.KindDockerfile:
		f, d := dockerfile.Parse(src)
		if f != nil {
			doc = f
		}
		diags = d
	case parsers.KindCompose:
		p, d := compose.Parse(src)
		if p != nil && p.Model != nil {
			doc = p
		}
		diags = d
	case parsers.KindDaemon:
		f, d := daemon.Parse(src)
		if f != nil {
			doc = f
		}
		diags = d
	case parsers.KindKubernetes:
		f, d := kube.Parse(src)
		if f != nil {
			doc = f
		}
		diags = d
	case parsers.KindSystemd:
		u, d := systemd.Parse(src)
		if u != nil {
			doc = u
		}
		diags = d
	case parsers.KindEnv:
		f, d := envfile.Parse(src)
		if f != nil {
			doc = f
		}
		diags = d
	case parsers.KindCI:
		f, d := ci.Parse(src)
		if f != nil {
			doc = f
		}
		diags = d
	case parsers.KindHostFile:
		// Judged by metadata only (owner, mode): the source is the document.
		doc = src
	default:
		return nil, nil, fmt.Errorf("no parser for kind %q", src.Kind)
	}
	return doc, diags, nil
}
