package kube

import (
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
	appsv1 "k8s.io/api/apps/v1"

	"github.com/stridelint/stridelint/parsers/yamlpos"
)

func TestSuggestField(t *testing.T) {
	deploy := reflect.TypeOf(&appsv1.Deployment{})
	pod := yamlpos.P("spec", "template", "spec")
	for _, tc := range []struct {
		parent yamlpos.Path
		field  string
		want   suggestion
	}{
		{pod.Key("containers").Index(0).Key("securityContext"), "runAsNonroot", suggestion{name: "runAsNonRoot"}},
		{pod.Key("containers").Index(0).Key("securityContext"), "privilaged", suggestion{name: "privileged"}},
		{pod.Key("containers").Index(0).Key("securityContext"), "allowPrivilegeEscalaton", suggestion{name: "allowPrivilegeEscalation"}},
		{pod.Key("containers").Index(0).Key("securityContext"), "read_only_root_filesystem", suggestion{name: "readOnlyRootFilesystem"}},
		{pod.Key("containers").Index(0).Key("securityContext"), "fsGroup",
			suggestion{name: "fsGroup", place: "in the pod's securityContext: it is a pod-level setting"}},
		{pod.Key("containers").Index(0), "privileged",
			suggestion{name: "securityContext.privileged", place: "under securityContext: securityContext.privileged"}},
		{pod.Key("containers").Index(0).Key("env").Index(0), "valeu", suggestion{name: "value"}},
		{pod, "hostnetwork", suggestion{name: "hostNetwork"}},
		// Inline embedded structs (VolumeSource) are flattened.
		{pod.Key("volumes").Index(0), "hostpath", suggestion{name: "hostPath"}},
		// Nothing close: no guess.
		{pod, "sidecars", suggestion{}},
		{yamlpos.P("spec"), "x", suggestion{}},
		// A path that leaves the type.
		{yamlpos.P("spec", "nope"), "x", suggestion{}},
	} {
		if got := suggestField(typeAt(deploy, tc.parent), tc.field); got != tc.want {
			t.Errorf("%s.%s: got %+v, want %+v", tc.parent, tc.field, got, tc.want)
		}
	}
}

func TestDroppedEffect(t *testing.T) {
	scalar := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }
	for _, tc := range []struct {
		value, field, meant string
		weakens             bool
	}{
		{"true", "runAsNonroot", "runAsNonRoot", true},
		{"false", "runAsNonroot", "runAsNonRoot", false}, // the default
		{"false", "allowPrivilegeEscalaton", "allowPrivilegeEscalation", true},
		{"true", "hostpid", "hostPID", false}, // asks for more privilege
		{"no", "automountServiceAccountTokens", "automountServiceAccountToken", true},
		{"[ALL]", "Drop", "drop", true}, // not a boolean setting
		{"maybe", "privilaged", "privileged", true},
	} {
		if _, got := droppedEffect(scalar(tc.value), tc.field, tc.meant); got != tc.weakens {
			t.Errorf("%s: %s: weakens %v, want %v", tc.field, tc.value, got, tc.weakens)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"valeu", "value", 1}, {"privilaged", "privileged", 1}, {"", "abc", 3}, {"abc", "abc", 0}, {"kitten", "sitting", 3},
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
