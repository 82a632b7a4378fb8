package kube

import (
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"

	"github.com/stridelint/stridelint/parsers"
)

func parse(t *testing.T, src string) (*File, []parsers.Diagnostic) {
	t.Helper()
	return Parse(&parsers.Source{Path: "m.yaml", Data: []byte(src)})
}

func TestEffectiveSecurityContext(t *testing.T) {
	f, diags := parse(t, `apiVersion: batch/v1
kind: CronJob
metadata: {name: c, namespace: ops}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
            seccompProfile: {type: RuntimeDefault}
          initContainers:
          - name: init
            image: busybox
          containers:
          - name: app
            image: busybox
            securityContext:
              runAsUser: 0
              privileged: yes
`)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	pod, ok := f.Objects[0].PodSpec()
	if !ok {
		t.Fatal("CronJob has no pod spec")
	}
	if got := pod.Path.String(); got != "spec.jobTemplate.spec.template.spec" {
		t.Errorf("pod path %s", got)
	}
	cs := pod.Containers()
	if len(cs) != 2 || cs[0].Kind != InitContainer || cs[1].Kind != RegularContainer {
		t.Fatalf("containers: %+v", cs)
	}
	init, app := cs[0].Effective, cs[1].Effective
	if !init.RunAsUser.Set || !init.RunAsUser.FromPod || init.RunAsUser.Value != 1000 ||
		init.RunAsUser.Path.String() != "spec.jobTemplate.spec.template.spec.securityContext.runAsUser" {
		t.Errorf("init runAsUser inherited: %+v", init.RunAsUser)
	}
	if app.RunAsUser.FromPod || app.RunAsUser.Value != 0 ||
		app.RunAsUser.Path.String() != "spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsUser" {
		t.Errorf("app runAsUser override: %+v", app.RunAsUser)
	}
	if !app.RunAsNonRoot.FromPod || !app.RunAsNonRoot.Value {
		t.Errorf("runAsNonRoot inherited: %+v", app.RunAsNonRoot)
	}
	// YAML 1.1 booleans read as kubectl reads them.
	if !app.Privileged.Set || !app.Privileged.Value {
		t.Errorf("privileged: yes not read as true: %+v", app.Privileged)
	}
	if init.Privileged.Set || init.Privileged.Path.String() != "spec.jobTemplate.spec.template.spec.initContainers[0]" {
		t.Errorf("unset privileged should point at the container: %+v", init.Privileged)
	}
	r, exact := f.Objects[0].Range(app.RunAsUser.Path)
	if !exact || r.StartLine != 21 {
		t.Errorf("runAsUser range %+v exact=%v", r, exact)
	}
}

func TestStrictDecoding(t *testing.T) {
	f, diags := parse(t, `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    image: nginx
    securityContext:
      runAsNonroot: true
      privilaged: true
`)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	var paths []string
	for _, e := range f.Objects[0].StrictErrors {
		paths = append(paths, e.Path.String())
	}
	want := "spec.containers[0].securityContext.privilaged spec.containers[0].securityContext.runAsNonroot"
	if strings.Join(paths, " ") != want {
		t.Errorf("strict errors %q, want %q", paths, want)
	}
	if e := f.Objects[0].Typed; e == nil {
		t.Error("a document with unknown fields still decodes")
	}
}

func TestTypeErrorsAreLocated(t *testing.T) {
	_, diags := parse(t, `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  replicas: two
  template:
    spec:
      containers: []
---
apiVersion: v1
kind: Secret
metadata: {name: s}
data:
  ok: aGVsbG8=
  bad: not base64!
`)
	if len(diags) != 2 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if diags[0].Line != 5 || !strings.Contains(diags[0].Message, "spec.replicas") {
		t.Errorf("type error: %v", diags[0])
	}
	if diags[1].Line != 15 || !strings.Contains(diags[1].Message, "data.bad") {
		t.Errorf("base64 error: %v", diags[1])
	}
}

func TestListsAndNonObjects(t *testing.T) {
	f, diags := parse(t, `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ServiceAccount
  metadata: {name: a, namespace: x}
- apiVersion: v1
  kind: Pod
  metadata: {name: b}
  spec:
    containers: [{name: c, image: nginx}]
---
just a string
---
foo: bar
`)
	if len(f.Objects) != 2 {
		t.Fatalf("objects: %d", len(f.Objects))
	}
	if f.Objects[1].Prefix.String() != "items[1]" || f.Objects[1].Kind != "Pod" || f.Objects[0].Namespace != "x" {
		t.Errorf("list items: %+v", f.Objects[1])
	}
	pod, _ := f.Objects[1].PodSpec()
	r, exact := f.Objects[1].Range(pod.Containers()[0].Path)
	if !exact || r.StartLine != 11 {
		t.Errorf("container in list item: %+v %v", r, exact)
	}
	if len(diags) != 2 || diags[0].Line != 13 || diags[1].Line != 15 {
		t.Errorf("diagnostics: %v", diags)
	}
	if a := f.Objects[1].Anchor(pod.Containers()[0].Path); a != "Pod/-/b:spec.containers[0]" {
		t.Errorf("anchor %q", a)
	}
}

func TestDuplicateKeys(t *testing.T) {
	f, diags := parse(t, `apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      base: &base {runAsUser: 1000}
      containers:
      - name: a
        image: nginx
        securityContext:
          <<: *base
          runAsUser: 2000
          runAsNonRoot: false
          runAsNonRoot: true
          unknownToo: 1
`)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	errs := f.Objects[0].StrictErrors
	// extensions/v1beta1 is not judged for unknown fields (its schema is
	// not the type it decodes into), but a key written twice is ambiguous
	// whatever the schema; a key next to a merge key is an override.
	if len(errs) != 1 {
		t.Fatalf("strict errors: %+v", errs)
	}
	e := errs[0]
	if !e.Duplicate || e.Path.String() != "spec.template.spec.containers[0].securityContext.runAsNonRoot" ||
		e.Key.Line != 15 || e.First.Line != 14 {
		t.Errorf("duplicate: %+v", e)
	}
	sc := f.Objects[0].Typed.(*appsv1.Deployment).Spec.Template.Spec.Containers[0].SecurityContext
	if sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
		t.Errorf("the last value should win, as kubectl reads YAML: %+v", sc.RunAsNonRoot)
	}
}
