package kube

import (
	"slices"
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
		reportAt(p, o, first, "%s rule %d grants \"*\" in %s: every current and future %s, far beyond what any workload needs",
			o.Describe(), i+1, joinAnd(fields), wildcardScope(fields))
	}
}

func wildcardScope(fields []string) string {
	var s []string
	for _, f := range fields {
		switch f {
		case "verbs":
			s = append(s, "verb (escalate, bind and impersonate included)")
		case "resources":
			s = append(s, "resource (secrets and pods/exec included)")
		case "apiGroups":
			s = append(s, "API group")
		}
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
