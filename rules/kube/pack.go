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
	return []*rules.Rule{privilegedContainer, rbacWildcard}
}

// eachObject adapts a per-object check to a rule check.
func eachObject(check func(p *rules.Pass, o *pkube.Object)) func(*rules.Pass) {
	return func(p *rules.Pass) {
		for _, o := range p.Doc.(*pkube.File).Objects {
			check(p, o)
		}
	}
}

// eachContainer adapts a per-container check: it runs for every container
// (init, regular, ephemeral) of every pod-bearing object.
func eachContainer(check func(p *rules.Pass, c *pkube.Container)) func(*rules.Pass) {
	return eachObject(func(p *rules.Pass, o *pkube.Object) {
		pod, ok := o.PodSpec()
		if !ok {
			return
		}
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
