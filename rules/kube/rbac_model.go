package kube

import (
	"fmt"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/stridelint/stridelint/parsers"
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// The RBAC model of a scan: every Role and ClusterRole (aggregation
// expanded), every binding with the role it resolves to, across files.

// rbacRole is a Role or ClusterRole, from the scan or built in.
type rbacRole struct {
	Kind      string // Role or ClusterRole
	Name      string
	Namespace string
	// Obj and Path locate it in the scan; nil for built-in roles.
	Obj  *pkube.Object
	Path string
	// Rules are the role's own rules and, for an aggregated ClusterRole,
	// those of the roles it aggregates (Origin says where each is written).
	Rules []roleRule
	// Builtin is true for the roles every cluster has (cluster-admin,
	// admin, edit, view, system:*); their rules are what matters, not
	// their text.
	Builtin bool
}

// roleRule is one rule of a role with where it is written.
type roleRule struct {
	rbacv1.PolicyRule
	// Role is the role the rule is written in (for aggregated rules, the
	// aggregated role, not the aggregating one).
	Role *rbacRole
	// Index is the rule's position in its role's rules.
	Index int
}

// Describe is "ClusterRole pod-reader" for messages.
func (r *rbacRole) Describe() string { return r.Kind + " " + r.Name }

// Range is where rule i of the role is written.
func (rr roleRule) Range() (string, parsers.Range, bool) {
	if rr.Role == nil || rr.Role.Obj == nil {
		return "", parsers.Range{}, false
	}
	r, _ := rr.Role.Obj.Range(yamlpos.P("rules", rr.Index))
	return rr.Role.Path, r, true
}

// rbacBinding is a RoleBinding or ClusterRoleBinding with its role.
type rbacBinding struct {
	Obj  *pkube.Object
	Path string
	Kind string
	// Namespace is the binding's namespace ("" for a ClusterRoleBinding or
	// when unknown).
	Namespace string
	RoleRef   rbacv1.RoleRef
	Subjects  []rbacv1.Subject
	// Role is the resolved role; nil when neither the scan nor the
	// built-in roles have it.
	Role *rbacRole
}

// SubjectRange is where subject i is written.
func (b *rbacBinding) SubjectRange(i int) parsers.Range {
	r, _ := b.Obj.Range(yamlpos.P("subjects", i))
	return r
}

// describeSubject is `ServiceAccount monitoring/prometheus`, `Group system:masters`.
func describeSubject(s rbacv1.Subject, bindingNS string) string {
	if s.Kind == "ServiceAccount" {
		ns := s.Namespace
		if ns == "" {
			ns = bindingNS
		}
		if ns != "" {
			return "ServiceAccount " + ns + "/" + s.Name
		}
	}
	return s.Kind + " " + s.Name
}

// rbacIndex is the scan's RBAC.
type rbacIndex struct {
	Roles    []*rbacRole // scanned roles, in scan order
	Bindings []*rbacBinding
	// holders maps a scanned role to the bindings that grant it.
	holders map[*rbacRole][]*rbacBinding
}

// rbacOf returns the scan's RBAC model, built once per scan.
func rbacOf(p *rules.ProjectPass) *rbacIndex {
	return p.Memo("kube.rbac", func() any { return buildRBAC(p.Files) }).(*rbacIndex)
}

func roleKey(kind, ns, name string) string {
	if kind == "ClusterRole" {
		ns = ""
	}
	return kind + "/" + ns + "/" + name
}

func buildRBAC(files []rules.File) *rbacIndex {
	idx := &rbacIndex{holders: map[*rbacRole][]*rbacBinding{}}
	byKey := map[string]*rbacRole{}
	type aggregated struct {
		role      *rbacRole
		selectors []metav1.LabelSelector
	}
	var aggs []aggregated
	roleLabels := map[*rbacRole]map[string]string{}
	for _, f := range files {
		kf, ok := f.Doc.(*pkube.File)
		if !ok {
			continue
		}
		for _, o := range kf.Objects {
			switch t := o.Typed.(type) {
			case *rbacv1.Role:
				r := &rbacRole{Kind: "Role", Name: t.Name, Namespace: t.Namespace, Obj: o, Path: f.Source.Path}
				r.Rules = ownRules(r, t.Rules)
				idx.Roles = append(idx.Roles, r)
				byKey[roleKey("Role", t.Namespace, t.Name)] = r
			case *rbacv1.ClusterRole:
				r := &rbacRole{Kind: "ClusterRole", Name: t.Name, Obj: o, Path: f.Source.Path}
				r.Rules = ownRules(r, t.Rules)
				idx.Roles = append(idx.Roles, r)
				byKey[roleKey("ClusterRole", "", t.Name)] = r
				roleLabels[r] = t.Labels
				if t.AggregationRule != nil && len(t.AggregationRule.ClusterRoleSelectors) > 0 {
					aggs = append(aggs, aggregated{r, t.AggregationRule.ClusterRoleSelectors})
				}
			case *rbacv1.RoleBinding:
				idx.Bindings = append(idx.Bindings, &rbacBinding{Obj: o, Path: f.Source.Path, Kind: "RoleBinding", Namespace: t.Namespace, RoleRef: t.RoleRef, Subjects: t.Subjects})
			case *rbacv1.ClusterRoleBinding:
				idx.Bindings = append(idx.Bindings, &rbacBinding{Obj: o, Path: f.Source.Path, Kind: "ClusterRoleBinding", RoleRef: t.RoleRef, Subjects: t.Subjects})
			}
		}
	}
	// Aggregation: an aggregating ClusterRole gets the rules of every
	// ClusterRole whose labels match one of its selectors (one level, as
	// the controller does: aggregated roles' own aggregated rules are not
	// followed further).
	for _, a := range aggs {
		for _, r := range idx.Roles {
			if r.Kind != "ClusterRole" || r == a.role {
				continue
			}
			for _, sel := range a.selectors {
				s, err := metav1.LabelSelectorAsSelector(&sel)
				if err != nil || s.Empty() || !s.Matches(labels.Set(roleLabels[r])) {
					continue
				}
				a.role.Rules = append(a.role.Rules, r.Rules[:ownCount(r)]...)
				break
			}
		}
	}
	for _, b := range idx.Bindings {
		key := roleKey(b.RoleRef.Kind, b.Namespace, b.RoleRef.Name)
		if r, ok := byKey[key]; ok {
			b.Role = r
			idx.holders[r] = append(idx.holders[r], b)
		} else if r := builtinRole(b.RoleRef.Kind, b.Namespace, b.RoleRef.Name); r != nil {
			b.Role = r
		}
	}
	return idx
}

func ownRules(r *rbacRole, policy []rbacv1.PolicyRule) []roleRule {
	out := make([]roleRule, len(policy))
	for i, p := range policy {
		out[i] = roleRule{PolicyRule: p, Role: r, Index: i}
	}
	return out
}

// ownCount is how many of a role's rules are written in it (the others
// come from aggregation).
func ownCount(r *rbacRole) int {
	n := 0
	for _, rr := range r.Rules {
		if rr.Role == r {
			n++
		}
	}
	return n
}

// Holders says who holds a scanned role through the scan's bindings:
// "granted to ServiceAccount ci/deployer by RoleBinding ci/deploy", or "".
func (idx *rbacIndex) Holders(r *rbacRole) string {
	var parts []string
	seen := map[string]bool{}
	for _, b := range idx.holders[r] {
		var subs []string
		for _, s := range b.Subjects {
			subs = append(subs, describeSubject(s, b.Namespace))
		}
		if len(subs) == 0 {
			continue
		}
		part := fmt.Sprintf("%s by %s %s", listText(subs), b.Kind, b.Obj.Name)
		if !seen[part] {
			seen[part] = true
			parts = append(parts, part)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	if len(parts) > 3 {
		parts = append(parts[:2], fmt.Sprintf("%d more bindings", len(parts)-2))
	}
	return "granted to " + strings.Join(parts, "; ")
}

// Built-in roles: what matters of the default ClusterRoles every cluster
// has (bootstrap policy, Kubernetes 1.30+). system:* roles other than those
// listed are known to exist but not judged.
var builtinRules = map[string][]rbacv1.PolicyRule{
	"cluster-admin": {
		{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"*"}},
		{NonResourceURLs: []string{"*"}, Verbs: []string{"*"}},
	},
	"admin": {
		{APIGroups: []string{""}, Resources: []string{"pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"}, Verbs: []string{"get", "list", "watch"}},
		{APIGroups: []string{""}, Resources: []string{"serviceaccounts"}, Verbs: []string{"impersonate"}},
		{APIGroups: []string{""}, Resources: []string{"pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services", "configmaps", "persistentvolumeclaims", "replicationcontrollers", "serviceaccounts"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update"}},
		{APIGroups: []string{"apps"}, Resources: []string{"daemonsets", "deployments", "replicasets", "statefulsets"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update"}},
		{APIGroups: []string{"batch"}, Resources: []string{"cronjobs", "jobs"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update"}},
		{APIGroups: []string{"networking.k8s.io"}, Resources: []string{"networkpolicies", "ingresses"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update"}},
		{APIGroups: []string{"rbac.authorization.k8s.io"}, Resources: []string{"rolebindings", "roles"}, Verbs: []string{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}},
		{APIGroups: []string{""}, Resources: []string{"serviceaccounts/token"}, Verbs: []string{"create"}},
	},
	"edit": {
		{APIGroups: []string{""}, Resources: []string{"pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"}, Verbs: []string{"get", "list", "watch"}},
		{APIGroups: []string{""}, Resources: []string{"serviceaccounts"}, Verbs: []string{"impersonate"}},
		{APIGroups: []string{""}, Resources: []string{"pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services", "configmaps", "persistentvolumeclaims", "replicationcontrollers", "serviceaccounts"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update"}},
		{APIGroups: []string{"apps"}, Resources: []string{"daemonsets", "deployments", "replicasets", "statefulsets"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update"}},
		{APIGroups: []string{"batch"}, Resources: []string{"cronjobs", "jobs"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update"}},
		{APIGroups: []string{"networking.k8s.io"}, Resources: []string{"networkpolicies", "ingresses"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update"}},
		{APIGroups: []string{""}, Resources: []string{"serviceaccounts/token"}, Verbs: []string{"create"}},
	},
	"view": {
		{APIGroups: []string{""}, Resources: []string{"pods", "services", "configmaps", "endpoints", "persistentvolumeclaims", "events", "pods/log"}, Verbs: []string{"get", "list", "watch"}},
	},
}

// builtinNamespacedRoles are the Roles the bootstrap policy creates in
// kube-system (and kube-public).
var builtinNamespacedRoles = map[string]bool{
	"extension-apiserver-authentication-reader": true, "system::leader-locking-kube-controller-manager": true,
	"system::leader-locking-kube-scheduler": true, "system:controller:bootstrap-signer": true,
	"system:controller:cloud-provider": true, "system:controller:token-cleaner": true,
}

// builtinRole returns a built-in role by name (nil when the name is not
// one). Built-in Roles live in kube-system and kube-public.
func builtinRole(kind, ns, name string) *rbacRole {
	if kind == "Role" {
		if builtinNamespacedRoles[name] && (ns == "" || ns == "kube-system" || ns == "kube-public") {
			return &rbacRole{Kind: "Role", Name: name, Namespace: ns, Builtin: true}
		}
		return nil
	}
	if kind != "ClusterRole" {
		return nil
	}
	policy, ok := builtinRules[name]
	if !ok && !strings.HasPrefix(name, "system:") {
		return nil
	}
	r := &rbacRole{Kind: "ClusterRole", Name: name, Builtin: true}
	r.Rules = ownRules(r, policy)
	return r
}

// grants reports whether a rule grants one of verbs on one of resources
// (resource names may carry a subresource: "pods/exec") in one of groups.
// "*" in the rule matches anything; a rule's "pods/*" matches every
// subresource of pods.
func (rr roleRule) grants(groups, resources, verbs []string) bool {
	return matchAny(rr.Verbs, verbs) && matchAny(rr.APIGroups, groups) && matchResource(rr.Resources, resources)
}

func matchAny(have, want []string) bool {
	if slices.Contains(have, "*") {
		return true
	}
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

func matchResource(have, want []string) bool {
	for _, h := range have {
		if h == "*" {
			return true
		}
		for _, w := range want {
			if h == w {
				return true
			}
			if base, sub, ok := strings.Cut(w, "/"); ok && sub != "" && h == base+"/*" {
				return true
			}
			if hb, hs, ok := strings.Cut(h, "/"); ok && hb == "*" && strings.HasSuffix(w, "/"+hs) {
				return true
			}
		}
	}
	return false
}

// allPowerful is a rule with every verb on every resource of every group.
func (rr roleRule) allPowerful() bool {
	return slices.Contains(rr.Verbs, "*") && slices.Contains(rr.Resources, "*") && slices.Contains(rr.APIGroups, "*")
}

// narrowed is true when resourceNames bounds the rule to named objects.
func (rr roleRule) narrowed() bool { return len(rr.ResourceNames) > 0 }

// matchedVerbs lists the verbs of want the rule grants ("*" gives want).
func (rr roleRule) matchedVerbs(want []string) []string {
	if slices.Contains(rr.Verbs, "*") {
		return want
	}
	var out []string
	for _, w := range want {
		if slices.Contains(rr.Verbs, w) {
			out = append(out, w)
		}
	}
	return out
}
