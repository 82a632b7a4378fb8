package kube

import (
	"slices"
	"strconv"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/stridelint/stridelint/parsers"
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var rbacWildcard = &rules.Rule{
	ID:       "KR001",
	Title:    "wildcard in RBAC rule",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s4},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A Role or ClusterRole rule uses ` + "`*`" + ` in ` + "`verbs`" + `, ` + "`resources`" + ` or ` + "`apiGroups`" + `. A wildcard
grants every verb (including ` + "`escalate`" + `, ` + "`bind`" + ` and ` + "`impersonate`" + `), every resource
(including ` + "`secrets`" + ` and ` + "`pods/exec`" + `) or every API group — and also whatever is added to
the cluster later, such as the resources of a CRD installed next year. ` + "`verbs: [\"*\"]`" + ` on
` + "`resources: [\"*\"]`" + ` is cluster-admin under another name.`,
	Remediation: `List the verbs, resources and API groups the subject needs (` + "`kubectl auth can-i --list`" + `
and the audit log show what it actually uses). Prefer read verbs (` + "`get`, `list`, `watch`" + `) and
name resources with ` + "`resourceNames`" + ` where the set is known.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: RBAC good practices (avoid wildcards)", URL: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"},
		{Title: "CIS Kubernetes Benchmark 5.1.3: Minimize wildcard use in Roles and ClusterRoles", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachObject(checkRBACWildcard),
}

func checkRBACWildcard(p *rules.Pass, o *pkube.Object) {
	var policy []rbacv1.PolicyRule
	switch t := o.Typed.(type) {
	case *rbacv1.Role:
		policy = t.Rules
	case *rbacv1.ClusterRole:
		policy = t.Rules
	default:
		return
	}
	for i, rule := range policy {
		var fields []string
		var first yamlpos.Path
		var firstAt parsers.Range
		for _, f := range []struct {
			name   string
			values []string
		}{{"verbs", rule.Verbs}, {"resources", rule.Resources}, {"apiGroups", rule.APIGroups}} {
			if j := slices.Index(f.values, "*"); j >= 0 {
				fields = append(fields, f.name)
				// Point at the wildcard written first in the file.
				at := yamlpos.P("rules", i, f.name, j)
				if r, _ := o.Range(at); first == nil || r.StartLine < firstAt.StartLine {
					first, firstAt = at, r
				}
			}
		}
		if len(fields) == 0 {
			continue
		}
		reportAt(p, o, first, "%s rule %d uses \"*\" in %s: it grants %s%s, and whatever is added to the cluster later",
			o.Describe(), i+1, joinAnd(fields), grantText(rule), wildcardRisk(rule))
	}
}

// grantText says in words what a rule grants: "every verb on pods, services
// in the core API group".
func grantText(r rbacv1.PolicyRule) string {
	verbs := "every verb"
	if !slices.Contains(r.Verbs, "*") {
		verbs = listText(r.Verbs)
	}
	if len(r.Resources) == 0 && len(r.NonResourceURLs) > 0 {
		urls := "every non-resource URL (/metrics, /debug/pprof, /logs …)"
		if !slices.Contains(r.NonResourceURLs, "*") {
			urls = "the non-resource URLs " + listText(r.NonResourceURLs)
		}
		return verbs + " on " + urls
	}
	res := "every resource"
	if !slices.Contains(r.Resources, "*") {
		res = listText(r.Resources)
	}
	groups := "in every API group"
	if !slices.Contains(r.APIGroups, "*") {
		names := make([]string, len(r.APIGroups))
		for i, g := range r.APIGroups {
			names[i] = g
			if g == "" {
				names[i] = "core"
			}
		}
		groups = "in the " + listText(names) + " API group"
		if len(names) > 1 {
			groups += "s"
		}
	}
	return verbs + " on " + res + " " + groups
}

// wildcardRisk names what a wildcard sweeps in that matters most.
func wildcardRisk(r rbacv1.PolicyRule) string {
	anyVerb := slices.Contains(r.Verbs, "*")
	anyRes := slices.Contains(r.Resources, "*")
	coreGroup := slices.Contains(r.APIGroups, "*") || slices.Contains(r.APIGroups, "")
	rbacGroup := slices.Contains(r.APIGroups, "*") || slices.Contains(r.APIGroups, "rbac.authorization.k8s.io")
	var risks []string
	if anyRes && coreGroup {
		risks = append(risks, "secrets, pods/exec and nodes/proxy")
	}
	if anyVerb && rbacGroup && (anyRes || slices.ContainsFunc(r.Resources, isRBACResource)) {
		risks = append(risks, "escalate and bind on roles")
	}
	if anyVerb && coreGroup && (anyRes || slices.ContainsFunc(r.Resources, func(s string) bool { return s == "serviceaccounts" || s == "users" || s == "groups" })) {
		risks = append(risks, "impersonation")
	}
	if len(risks) == 0 {
		return ""
	}
	return " (" + joinAnd(risks) + " included)"
}

func isRBACResource(s string) bool {
	switch s {
	case "roles", "clusterroles", "rolebindings", "clusterrolebindings":
		return true
	}
	return false
}

// listText is "a, b and c", or "a, b, c and 4 more" for long lists.
func listText(s []string) string {
	if len(s) > 4 {
		return strings.Join(s[:3], ", ") + " and " + strconv.Itoa(len(s)-3) + " more"
	}
	return joinAnd(s)
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
