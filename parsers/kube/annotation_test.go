package kube

import (
	"testing"
)

func TestAnnotations(t *testing.T) {
	f, diags := parse(t, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  annotations:
    stridelint.io/ignore: "KW034 -- namespaced by kustomize"
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata:
      labels: {app: a}
      annotations: {stridelint.io/ignore: KW001}
    spec:
      containers: [{name: a, image: a}]
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    stridelint.io/ignore: [KW001]
spec:
  containers: [{name: a, image: a}]
`)
	// The Pod's annotation is not a string: the object does not decode, but
	// its annotations are still read.
	if len(diags) != 1 || diags[0].Line != 20 {
		t.Fatalf("diagnostics: %v", diags)
	}
	dep := f.Objects[0].Annotations("stridelint.io/ignore")
	if len(dep) != 2 {
		t.Fatalf("deployment annotations: %+v", dep)
	}
	if dep[0].Value != "KW034 -- namespaced by kustomize" || dep[0].Template || dep[0].On != f.Objects[0].Node || dep[0].Range.StartLine != 6 || dep[0].Range.StartCol != 27 {
		t.Errorf("object annotation: %+v", dep[0])
	}
	if dep[1].Value != "KW001" || !dep[1].Template || dep[1].On.Line != 10 || dep[1].Range.StartLine != 12 {
		t.Errorf("template annotation: %+v (on line %d)", dep[1], dep[1].On.Line)
	}
	// A Pod's template is the Pod: its annotation is listed once; a
	// value that is not a string is listed as such.
	pod := f.Objects[1].Annotations("stridelint.io/ignore")
	if len(pod) != 1 || pod[0].Scalar || pod[0].Template || pod[0].Range.StartLine != 21 {
		t.Errorf("pod annotations: %+v", pod)
	}
	if got := f.Objects[0].Annotations("other"); len(got) != 0 {
		t.Errorf("absent annotation: %+v", got)
	}
}
