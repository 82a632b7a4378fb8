// Package compose holds the docker-compose rules (DCxxx). Each rule judges
// a service of the merged compose model and reports where the setting is
// written.
package compose

import (
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

// Rules returns every compose rule.
func Rules() []*rules.Rule {
	return []*rules.Rule{dockerSocketMounted}
}

// eachService adapts a per-service check to a rule check.
func eachService(check func(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service)) func(*rules.Pass) {
	return func(p *rules.Pass) {
		proj := p.Doc.(*pcompose.Project)
		for _, s := range proj.Services() {
			check(p, proj, s)
		}
	}
}
