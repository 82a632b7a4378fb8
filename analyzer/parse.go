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
		doc, diags = document(dockerfile.Parse(src))
	case parsers.KindCompose:
		p, d := compose.Parse(src)
		if p != nil && p.Model == nil {
			p = nil // nothing to judge: the model did not load
		}
		doc, diags = document(p, d)
	case parsers.KindDaemon:
		doc, diags = document(daemon.Parse(src))
	case parsers.KindKubernetes:
		doc, diags = document(kube.Parse(src))
	case parsers.KindSystemd:
		doc, diags = document(systemd.Parse(src))
	case parsers.KindEnv:
		doc, diags = document(envfile.Parse(src))
	case parsers.KindCI:
		doc, diags = document(ci.Parse(src))
	case parsers.KindHostFile:
		// Judged by metadata only (owner, mode): the source is the document.
		doc = src
	default:
		return nil, nil, fmt.Errorf("no parser for kind %q", src.Kind)
	}
	return doc, diags, nil
}

// document turns a parser's result into the engine's: a nil document stays
// a nil interface (not an interface holding a nil pointer).
func document[T any](doc *T, diags []parsers.Diagnostic) (any, []parsers.Diagnostic) {
	if doc == nil {
		return nil, diags
	}
	return doc, diags
}
