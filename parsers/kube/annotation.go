package kube

import (
	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// AnnotationAt is an annotation of an object or of its pod template, with
// where it is written.
type AnnotationAt struct {
	Value string
	// Scalar is false when the value is not a scalar (the API server would
	// reject it; Value is then empty).
	Scalar bool
	// Range is where the value is written.
	Range parsers.Range
	// On is the node the annotation is about: the object's node, or the pod
	// template's (spec.template of a Deployment) for a template annotation.
	On *yaml.Node
	// Template is true for an annotation of the pod template.
	Template bool
}

// Annotations returns the annotation name as written on the object's
// metadata and, for pod-bearing kinds other than Pod, on its pod template's
// metadata (which annotates the pods the controller creates).
func (o *Object) Annotations(name string) []AnnotationAt {
	var out []AnnotationAt
	add := func(at yamlpos.Path, on *yaml.Node, template bool) {
		m := yamlpos.LookupNode(o.Node, at.Key("metadata", "annotations", name))
		if !m.Exact || on == nil {
			return
		}
		a := AnnotationAt{On: on, Template: template, Range: o.Doc.NodeRange(m.Node)}
		if m.Node.Kind == yaml.ScalarNode {
			a.Value, a.Scalar = m.Node.Value, true
		}
		out = append(out, a)
	}
	add(nil, o.Node, false)
	if pod, ok := o.PodSpec(); ok && len(pod.MetaPath) > 1 {
		tmpl := pod.MetaPath[:len(pod.MetaPath)-1]
		add(tmpl, yamlpos.LookupNode(o.Node, tmpl).Node, true)
	}
	return out
}
