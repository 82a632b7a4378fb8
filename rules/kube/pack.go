// Package kube holds the Kubernetes rules: workloads (KWxxx), RBAC (KRxxx),
// network (KNxxx), data objects (KDxxx) and control plane (KCxxx).
package kube

import (
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// Rules returns every Kubernetes rule.
func Rules() []*rules.Rule {
	out := []*rules.Rule{privilegedContainer, rbacWildcard}
	for _, group := range [][]*rules.Rule{
		securityContextRules, // KW002–KW004, KW015, KW016, KW020, KW022
		hostAccessRules,      // KW005–KW013, KW031, KW032
		confinementRules,     // KW014, KW017–KW019, KW021
		hygieneRules,         // KW023–KW030, KW033
		apiRules,             // KW034–KW038
		rbacRules,            // KR002–KR016
		networkRules,         // KN001–KN009
		dataRules,            // KD001–KD003
		controlPlaneRules,    // KC001–KC022
	} {
		out = append(out, group...)
	}
	return out
}

// eachObject adapts a per-object check to a rule check.
func eachObject(check func(p *rules.Pass, o *pkube.Object)) func(*rules.Pass) {
	return func(p *rules.Pass) {
		for _, o := range p.Doc.(*pkube.File).Objects {
			check(p, o)
		}
	}
}

// eachPod adapts a per-pod check: it runs for the pod template of every
// pod-bearing object.
func eachPod(check func(p *rules.Pass, pod *pkube.PodSpec)) func(*rules.Pass) {
	return eachObject(func(p *rules.Pass, o *pkube.Object) {
		if pod, ok := o.PodSpec(); ok {
			check(p, pod)
		}
	})
}

// eachContainer adapts a per-container check: it runs for every container
// (init, regular, ephemeral) of every pod-bearing object.
func eachContainer(check func(p *rules.Pass, c *pkube.Container)) func(*rules.Pass) {
	return eachPod(func(p *rules.Pass, pod *pkube.PodSpec) {
		for _, c := range pod.Containers() {
			check(p, c)
		}
	})
}

// reportAt reports at a path of an object.
func reportAt(p *rules.Pass, o *pkube.Object, path yamlpos.Path, format string, args ...any) {
	r, _ := o.Range(path)
	p.Reportf(r, o.Anchor(path), format, args...)
}
