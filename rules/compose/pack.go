// Package compose holds the docker-compose rules (DCxxx). Each rule judges
// a service of the merged compose model (extends, include, override files,
// interpolation) and reports where the offending setting is written — which
// may be another file than the service's — with a related location at the
// service that inherits it.
package compose

import (
	"fmt"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// Rules returns every compose rule.
func Rules() []*rules.Rule {
	rs := []*rules.Rule{dockerSocketMounted, serviceRunsAsRoot, invalidFile}
	rs = append(rs, privilegeRules()...)
	rs = append(rs, networkRules()...)
	rs = append(rs, imageRules()...)
	return rs
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

// reporter is a per-file or a cross-file pass.
type reporter interface{ Report(rules.Finding) }

// option adjusts a finding before it is reported.
type option func(*rules.Finding)

// withSeverity overrides the rule's severity (where rules.md says it varies).
func withSeverity(s rules.Severity) option { return func(f *rules.Finding) { f.Severity = s } }

// withRelated adds a related location.
func withRelated(r rules.Related) option {
	return func(f *rules.Finding) { f.Related = append(f.Related, r) }
}

// report records a finding at loc about service s. When the setting is
// written outside the service's own definition (an extends base, an
// override file), the service is added as a related location.
func report(p reporter, s *pcompose.Service, loc pcompose.Location, format string, args ...any) {
	reportWith(p, s, loc, nil, format, args...)
}

// reportWith is report with options.
func reportWith(p reporter, s *pcompose.Service, loc pcompose.Location, opts []option, format string, args ...any) {
	f := rules.Finding{
		Path:    loc.Path,
		Range:   loc.Range,
		Anchor:  "services." + s.Name + ":" + loc.At.String(),
		Message: fmt.Sprintf(format, args...),
	}
	if loc.Inherited(s) {
		prim := s.Primary()
		r, _ := prim.File.Doc.Range(prim.Path())
		f.Related = append(f.Related, rules.Related{Path: prim.File.Path, Range: r,
			Message: fmt.Sprintf("service %q gets this setting from %s", s.Name, loc.Def.Describe())})
	}
	for _, o := range opts {
		o(&f)
	}
	p.Report(f)
}

// at is a shorthand for a path inside a service.
func at(elems ...any) yamlpos.Path { return yamlpos.P(elems...) }
