// Package daemon holds the Docker daemon and host rules (DDxxx).
package daemon

import (
	pdaemon "github.com/stridelint/stridelint/parsers/daemon"
	"github.com/stridelint/stridelint/rules"
)

// Rules returns every daemon rule.
func Rules() []*rules.Rule {
	return []*rules.Rule{plainTCPAPI}
}

func onConfig(check func(p *rules.Pass, f *pdaemon.File)) func(*rules.Pass) {
	return func(p *rules.Pass) { check(p, p.Doc.(*pdaemon.File)) }
}
