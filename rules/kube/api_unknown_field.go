package kube

import (
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var unknownField = &rules.Rule{
	ID:       "KW036",
	Title:    "unknown field in pod spec",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A field of a Kubernetes object is not part of its schema — ` + "`runAsNonroot`" + `, ` + "`privilaged`" + `,
` + "`hostnetwork`" + `, ` + "`privileged`" + ` written next to ` + "`securityContext`" + ` instead of under it — or a key is written
twice in the same mapping. Manifests are decoded the way the API server decodes them: strict,
case-sensitive JSON against the k8s.io/api types.

The danger is silence. ` + "`kubectl apply`" + ` refuses such a file by default, but Helm, GitOps
controllers and every client that does not request strict field validation get the object
accepted with the field dropped (and, for a duplicate, only the last value kept), with at most
a warning nobody reads. A misspelled ` + "`runAsNonRoot: true`" + ` or ` + "`readOnlyRootFilesystem: true`" + ` looks
hardened in review and runs as root with a writable filesystem. The finding names the field
probably meant: a field of the same object that differs only in case or by a typo, or the
place the field belongs (under ` + "`securityContext`" + `, or at the pod rather than the container level).

Severity is high for security settings (anything under ` + "`securityContext`" + `, ` + "`privileged`" + `,
` + "`runAsNonRoot`" + `, ` + "`hostNetwork`" + `/` + "`hostPID`" + `/` + "`hostIPC`" + `, ` + "`capabilities`" + `, ` + "`readOnlyRootFilesystem`" + `,
` + "`allowPrivilegeEscalation`" + `, ` + "`automountServiceAccountToken`" + `, ` + "`seccompProfile`" + ` …) whose loss weakens the
pod, and medium for other fields — including a boolean security setting whose value is its
default (` + "`privilaged: false`" + `) or asks for more privilege (` + "`hostpid: true`" + `): losing it is a bug, not a
hole. Every kind stridelint decodes is checked (pod-bearing workloads, Services, RBAC,
NetworkPolicies, ConfigMaps, Secrets …). Objects on older API versions (` + "`extensions/v1beta1`" + `,
` + "`apps/v1beta2`" + ` …) are read with the current types, so their unknown fields are not reported —
only their duplicate keys; custom resources are not checked (their schema is not known).`,
	Remediation: `Fix the spelling or move the field where it belongs (the finding says which), then check
the result with ` + "`kubectl apply --dry-run=server --validate=strict -f file`" + `. Let deployment tools
ask for strict validation too (server-side apply with ` + "`fieldValidation=Strict`" + `), so that the next
typo fails the deployment instead of weakening it.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Field validation (kubectl --validate, fieldValidation)", URL: "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation"},
		{Title: "Kubernetes docs: Configure a Security Context", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"},
	},
	Check: eachObject(checkUnknownFields),
}

func checkUnknownFields(p *rules.Pass, o *pkube.Object) {
	if o.Typed == nil {
		return
	}
	root := reflect.TypeOf(o.Typed)
	for _, e := range o.StrictErrors {
		if len(e.Path) == 0 {
			// A decoder message naming no field we could read: say it
			// at the object rather than lose it.
			r, _ := o.Range(nil)
			p.Report(rules.Finding{Range: r, Anchor: o.Anchor(nil), Severity: rules.Medium,
				Message: fmt.Sprintf("%s: %s: the API server drops what it cannot read unless the client asks for strict validation", o.Describe(), e.Message)})
			continue
		}
		parent, field := e.Path[:len(e.Path)-1], e.Path[len(e.Path)-1].Key
		if strings.HasPrefix(field, "$") {
			continue // a strategic-merge-patch directive ($patch: delete) in a kustomize patch
		}
		where := describeField(o, parent)
		f := rules.Finding{Anchor: o.Anchor(e.Path)}
		if e.Duplicate {
			first, last := duplicateValues(o, parent, e)
			if sameValue(first, last, 0) {
				continue // written twice with the same value: untidy, not ambiguous
			}
			f.Range = o.Doc.NodeRange(e.Key)
			f.Message = fmt.Sprintf("%q is written twice in %s (first at line %d%s): only one value reaches the API server — the last, as kubectl reads the file — so a reviewer may be reading the other",
				field, where, e.First.Line, valuesText(first, last))
			if !securityRelated(e.Path, field, "") {
				f.Severity = rules.Medium
			}
			p.Report(f)
			continue
		}
		f.Range, _ = o.Range(e.Path)
		meant := suggestField(typeAt(root, parent), field)
		hint := ""
		switch {
		case meant.place != "":
			hint = " (it belongs " + meant.place + ")"
		case meant.name != "":
			hint = fmt.Sprintf(" (did you mean %q?)", meant.name)
		}
		effect, weakens := droppedEffect(o.Lookup(e.Path).Node, field, meant.name)
		f.Message = fmt.Sprintf("unknown field %q in %s%s: the API server drops it unless the client asks for strict validation, %s",
			field, where, hint, effect)
		if !weakens || !securityRelated(e.Path, field, meant.name) {
			f.Severity = rules.Medium
		}
		p.Report(f)
	}
}

// securityFields are the fields whose loss weakens a pod's isolation.
var securityFields = map[string]bool{
	"securityContext": true, "privileged": true, "runAsNonRoot": true, "runAsUser": true, "runAsGroup": true,
	"hostNetwork": true, "hostPID": true, "hostIPC": true, "hostUsers": true, "capabilities": true,
	"readOnlyRootFilesystem": true, "allowPrivilegeEscalation": true, "automountServiceAccountToken": true,
	"seccompProfile": true, "procMount": true, "seLinuxOptions": true, "appArmorProfile": true,
	"windowsOptions": true, "shareProcessNamespace": true,
}

// securityRelated: the field sits under a securityContext, or it (or the
// field it was probably meant to be) is a security setting.
func securityRelated(path yamlpos.Path, field, meant string) bool {
	for _, s := range path[:len(path)-1] {
		if !s.IsIndex && s.Key == "securityContext" {
			return true
		}
	}
	for _, k := range append([]string{field}, strings.Split(meant, ".")...) {
		if securityFields[k] {
			return true
		}
	}
	return false
}

// boolSettings are the boolean security fields: their value when unset,
// and the value that makes a pod safer.
var boolSettings = map[string]struct{ unset, safe bool }{
	"privileged": {false, false}, "hostNetwork": {false, false}, "hostPID": {false, false},
	"hostIPC": {false, false}, "shareProcessNamespace": {false, false}, "hostUsers": {true, false},
	"runAsNonRoot": {false, true}, "readOnlyRootFilesystem": {false, true},
	"allowPrivilegeEscalation": {true, false}, "automountServiceAccountToken": {true, false},
}

// droppedEffect says what losing an unknown field does, and whether it
// weakens the pod: a boolean security setting that restates its default
// or asks for more privilege is not lost protection.
func droppedEffect(v *yaml.Node, field, meant string) (string, bool) {
	const lost = "so the setting it was meant to make is not applied"
	name := field
	if meant != "" {
		name = meant[strings.LastIndexByte(meant, '.')+1:]
	}
	b, ok := boolSettings[name]
	if !ok || v == nil || v.Kind != yaml.ScalarNode {
		return lost, true
	}
	var val bool
	// YAML 1.1 booleans, as kubectl reads them.
	switch strings.ToLower(v.Value) {
	case "true", "yes", "on", "y":
		val = true
	case "false", "no", "off", "n":
	default:
		return lost, true
	}
	switch {
	case val == b.unset:
		return "harmless here only because the value it gives is the default", false
	case val != b.safe:
		return "so the pod runs without it — safer than written, but not what the manifest says", false
	}
	return lost, true
}

// describeField names where a field sits for people: `the securityContext
// of container "app" of Deployment web`, `the pod spec of CronJob c`.
func describeField(o *pkube.Object, parent yamlpos.Path) string {
	if pod, ok := o.PodSpec(); ok && hasPrefix(parent, pod.Path) {
		for _, c := range pod.Containers() {
			if hasPrefix(parent, c.Path) {
				if rest := parent[len(c.Path):]; len(rest) > 0 {
					return fmt.Sprintf("the %s of %s of %s", rest, c.Describe(), o.Describe())
				}
				return fmt.Sprintf("%s of %s", c.Describe(), o.Describe())
			}
		}
		if rest := parent[len(pod.Path):]; len(rest) > 0 {
			return fmt.Sprintf("the %s of the pod spec of %s", rest, o.Describe())
		}
		return "the pod spec of " + o.Describe()
	}
	if len(parent) == 0 {
		return "the top level of " + o.Describe()
	}
	return fmt.Sprintf("the %s of %s", parent, o.Describe())
}

func hasPrefix(p, prefix yamlpos.Path) bool {
	if len(p) < len(prefix) {
		return false
	}
	for i := range prefix {
		if p[i] != prefix[i] {
			return false
		}
	}
	return true
}

// duplicateValues finds the values of the two keys of a duplicate.
func duplicateValues(o *pkube.Object, parent yamlpos.Path, e pkube.FieldError) (first, last *yaml.Node) {
	m := o.Lookup(parent)
	if !m.Exact || m.Node == nil || m.Node.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Node.Content); i += 2 {
		switch m.Node.Content[i] {
		case e.First:
			first = yamlpos.Resolve(m.Node.Content[i+1])
		case e.Key:
			last = yamlpos.Resolve(m.Node.Content[i+1])
		}
	}
	return first, last
}

// sameValue compares two YAML values by content, wherever they are written.
func sameValue(a, b *yaml.Node, depth int) bool {
	a, b = yamlpos.Resolve(a), yamlpos.Resolve(b)
	if a == nil || b == nil || a.Kind != b.Kind || len(a.Content) != len(b.Content) || depth > 100 {
		return false
	}
	if a.Kind == yaml.ScalarNode {
		return a.Value == b.Value
	}
	for i := range a.Content {
		if !sameValue(a.Content[i], b.Content[i], depth+1) {
			return false
		}
	}
	return true
}

func valuesText(first, last *yaml.Node) string {
	if first == nil || last == nil || first.Kind != yaml.ScalarNode || last.Kind != yaml.ScalarNode {
		return ""
	}
	return fmt.Sprintf(" as %s, here as %s", first.Value, last.Value)
}

// typeAt is the Go type reached from t by following p through JSON field
// names, map values and slice elements; nil when p leaves the type.
func typeAt(t reflect.Type, p yamlpos.Path) reflect.Type {
	for _, seg := range p {
		t = deref(t)
		switch {
		case seg.IsIndex && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
			t = t.Elem()
		case !seg.IsIndex && t.Kind() == reflect.Map:
			t = t.Elem()
		case !seg.IsIndex && t.Kind() == reflect.Struct:
			ft, ok := jsonFields(t)[seg.Key]
			if !ok {
				return nil
			}
			t = ft
		default:
			return nil
		}
	}
	if t == nil {
		return nil
	}
	return deref(t)
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// jsonFields maps the JSON names of a struct's fields to their types,
// inline embedded structs (TypeMeta, VolumeSource …) flattened.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var walk func(t reflect.Type, depth int)
	walk = func(t reflect.Type, depth int) {
		if t.Kind() != reflect.Struct || depth > 4 {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case name == "-" || !f.IsExported():
			case name == "" && (f.Anonymous || strings.Contains(opts, "inline")):
				walk(deref(f.Type), depth+1)
			case name != "":
				if _, dup := out[name]; !dup {
					out[name] = f.Type
				}
			}
		}
	}
	walk(t, 0)
	return out
}

// levelSwaps are the security context fields written at the wrong level:
// a container-only field in the pod's securityContext and the reverse.
var levelSwaps = map[reflect.Type]struct {
	other reflect.Type
	place string
}{
	reflect.TypeOf(corev1.PodSecurityContext{}): {reflect.TypeOf(corev1.SecurityContext{}), "in each container's securityContext: it is a container-level setting"},
	reflect.TypeOf(corev1.SecurityContext{}):    {reflect.TypeOf(corev1.PodSecurityContext{}), "in the pod's securityContext: it is a pod-level setting"},
}

// suggestion is the field probably meant: name (a path when it is
// elsewhere), and place when it belongs somewhere else.
type suggestion struct {
	name, place string
}

// suggestField names the field probably meant by an unknown field of
// struct t: a field of t that differs in case, separators or by a small
// typo; else a field of one of t's struct-valued fields (privileged
// next to securityContext, limits next to resources); else the field at
// the other level of security context.
func suggestField(t reflect.Type, field string) suggestion {
	if t == nil || t.Kind() != reflect.Struct {
		return suggestion{}
	}
	fields := jsonFields(t)
	if m := closest(field, fields, true); m != "" {
		return suggestion{name: m}
	}
	var found []suggestion
	for name, ft := range fields {
		ft = deref(ft)
		if ft.Kind() != reflect.Struct {
			continue
		}
		if m := closest(field, jsonFields(ft), false); m != "" {
			found = append(found, suggestion{name: name + "." + m, place: fmt.Sprintf("under %s: %s.%s", name, name, m)})
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	if swap, ok := levelSwaps[t]; ok {
		if m := closest(field, jsonFields(swap.other), true); m != "" {
			return suggestion{name: m, place: swap.place}
		}
	}
	return suggestion{}
}

// closest returns the one candidate equal to name but for case and
// separators, or (typos true) the one nearest by edit distance within a
// budget that grows with the name's length; "" when none or a tie.
func closest(name string, candidates map[string]reflect.Type, typos bool) string {
	norm := func(s string) string {
		return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s))
	}
	n := norm(name)
	for c := range candidates {
		if norm(c) == n {
			return c
		}
	}
	if !typos {
		return ""
	}
	budget := 0
	switch l := len(n); {
	case l >= 7:
		budget = 2
	case l >= 4:
		budget = 1
	}
	best, bestD, tie := "", budget+1, false
	for c := range candidates {
		d := editDistance(n, strings.ToLower(c))
		switch {
		case d < bestD:
			best, bestD, tie = c, d, false
		case d == bestD:
			tie = true
		}
	}
	if tie || best == "" {
		return ""
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and transpositions of adjacent letters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
