package kube

import (
	"fmt"
	"strings"

	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// rbacRules are the RBAC rules that need the whole scan (KR002–KR016).
var rbacRules = []*rules.Rule{
	clusterAdminBound, anonymousBound, mastersBound,
	readsSecrets, createsWorkloads, podExec, impersonation, rbacEscalation, nodeProxy,
	webhookControl, csrApproval, defaultSABound, missingRole, deletesEvidence, networkWrite,
}

var rbacDocs = rules.Reference{Title: "Kubernetes docs: RBAC good practices", URL: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"}

// eachBinding runs check over every binding of the scan.
func eachBinding(check func(p *rules.ProjectPass, idx *rbacIndex, b *rbacBinding)) func(*rules.ProjectPass) {
	return func(p *rules.ProjectPass) {
		idx := rbacOf(p)
		for _, b := range idx.Bindings {
			check(p, idx, b)
		}
	}
}

// reportSubject reports at subject i of a binding, with the role rule that
// makes the binding dangerous as related location.
func reportSubject(p *rules.ProjectPass, b *rbacBinding, i int, sev rules.Severity, why *roleRule, format string, args ...any) {
	f := rules.Finding{Path: b.Path, Range: b.SubjectRange(i), Anchor: b.Obj.Anchor(yamlpos.P("subjects", i)), Severity: sev,
		Message: fmt.Sprintf(format, args...)}
	if why != nil {
		if path, r, ok := why.Range(); ok {
			f.Related = append(f.Related, rules.Related{Path: path, Range: r,
				Message: fmt.Sprintf("rule %d of %s", why.Index+1, why.Role.Describe())})
		}
	}
	p.Report(f)
}

// firstRule is the role's first rule (for a related location), nil when
// the role is not in the scan.
func firstRule(r *rbacRole) *roleRule {
	if r == nil || r.Obj == nil || len(r.Rules) == 0 {
		return nil
	}
	return &r.Rules[0]
}

// allPowerfulRule is the rule of a role that grants everything, nil if none.
func allPowerfulRule(r *rbacRole) *roleRule {
	if r == nil {
		return nil
	}
	for i := range r.Rules {
		if r.Rules[i].allPowerful() {
			return &r.Rules[i]
		}
	}
	return nil
}

func (b *rbacBinding) describe() string {
	return b.Kind + " " + b.Obj.Name
}

func (b *rbacBinding) roleText() string {
	return b.RoleRef.Kind + " " + b.RoleRef.Name
}

// scope is "cluster-wide" or "in namespace x".
func (b *rbacBinding) scope() string {
	if b.Kind == "ClusterRoleBinding" {
		return "cluster-wide"
	}
	if b.Namespace == "" {
		return "in its namespace"
	}
	return "in namespace " + b.Namespace
}

var clusterAdminBound = &rules.Rule{
	ID:       "KR002",
	Title:    "cluster-admin bound",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.K8s4},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A RoleBinding or ClusterRoleBinding grants ` + "`cluster-admin`" + `, or a role of the scan with a
rule that allows every verb on every resource of every API group. Whoever holds it — a
person, a CI job, the service account of a pod that gets compromised — controls the whole
cluster: every Secret, every node through privileged pods, and RBAC itself. Bound with a
RoleBinding the power is limited to one namespace, which still includes every Secret and
workload there.

The finding sits on each subject that receives the role, with the role rule as related
location. The default binding of ` + "`system:masters`" + ` is reported by KR004, and Kubernetes'
own ` + "`system:`" + ` users and groups are not reported here.`,
	Remediation: `Bind a role that lists what the subject needs. For people, prefer short-lived access
(a just-in-time group) over a standing binding; for automation, a dedicated service account
with a namespaced Role.`,
	References: []rules.Reference{
		rbacDocs,
		{Title: "CIS Kubernetes Benchmark 5.1.1: Ensure that the cluster-admin role is only used where required", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	CheckProject: eachBinding(checkClusterAdmin),
}

func checkClusterAdmin(p *rules.ProjectPass, _ *rbacIndex, b *rbacBinding) {
	var why *roleRule
	switch {
	case b.Role == nil:
		return
	case b.Role.Builtin && b.Role.Name == "cluster-admin":
	default:
		if why = allPowerfulRule(b.Role); why == nil {
			return
		}
	}
	for i, s := range b.Subjects {
		if (s.Kind == "Group" || s.Kind == "User") && strings.HasPrefix(s.Name, "system:") {
			continue // Kubernetes' own identities (system:masters is KR004's)
		}
		reportSubject(p, b, i, 0, why, "%s gives %s full control %s through %s: every Secret, every workload and RBAC itself",
			b.describe(), describeSubject(s, b.Namespace), b.scope(), b.roleText())
	}
}

var anonymousBound = &rules.Rule{
	ID:       "KR003",
	Title:    "binding to anonymous or all users",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A binding's subject is ` + "`system:anonymous`" + ` (requests without credentials),
` + "`system:unauthenticated`" + ` (the same, as a group) or ` + "`system:authenticated`" + ` (every identity that
can log in: every service account of every namespace, every user of the identity provider).
Whatever the role grants is then granted to the internet (when the API server is reachable
and anonymous auth is on) or to every pod of the cluster. Exposed ` + "`system:anonymous`" + `
bindings have led to cluster takeovers and cryptomining within hours.

Kubernetes' own discovery roles (` + "`system:discovery`" + `, ` + "`system:basic-user`" + `,
` + "`system:public-info-viewer`" + `) are bound this way by design and not reported, nor is a role
that only grants ` + "`use`" + ` of PodSecurityPolicies (the way legacy PSPs were granted to
everyone).`,
	Remediation: `Bind the role to the specific service accounts, users or groups that need it. Turn
anonymous authentication off on the API server (` + "`--anonymous-auth=false`" + `, KC001) where
health checks do not need it.`,
	References: []rules.Reference{
		rbacDocs,
		{Title: "Kubernetes docs: Anonymous requests", URL: "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests"},
	},
	CheckProject: eachBinding(checkAnonymous),
}

// onlyPSPUse reports whether a scanned role only grants "use" of
// PodSecurityPolicies: granting the restricted policy to every user is how
// PSP was meant to be set up.
func onlyPSPUse(r *rbacRole) bool {
	if r == nil || r.Builtin || len(r.Rules) == 0 {
		return false
	}
	for _, rr := range r.Rules {
		if len(rr.Verbs) != 1 || rr.Verbs[0] != "use" || len(rr.Resources) != 1 || rr.Resources[0] != "podsecuritypolicies" {
			return false
		}
	}
	return true
}

var discoveryRoles = map[string]bool{"system:discovery": true, "system:basic-user": true, "system:public-info-viewer": true}

func checkAnonymous(p *rules.ProjectPass, _ *rbacIndex, b *rbacBinding) {
	if b.RoleRef.Kind == "ClusterRole" && discoveryRoles[b.RoleRef.Name] || onlyPSPUse(b.Role) {
		return
	}
	for i, s := range b.Subjects {
		var who string
		switch {
		case s.Kind == "User" && s.Name == "system:anonymous":
			who = "anyone who reaches the API server without credentials"
		case s.Kind == "Group" && s.Name == "system:unauthenticated":
			who = "every unauthenticated request"
		case s.Kind == "Group" && s.Name == "system:authenticated":
			who = "every authenticated identity (every service account of every namespace included)"
		default:
			continue
		}
		reportSubject(p, b, i, 0, firstRule(b.Role), "%s grants %s %s to %s", b.describe(), b.roleText(), b.scope(), who)
	}
}

var mastersBound = &rules.Rule{
	ID:       "KR004",
	Title:    "binding to system:masters",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.K8s4},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.Repudiation},
	Kind:     "kubernetes",
	Help: `A binding names the group ` + "`system:masters`" + `. Membership of that group bypasses RBAC and
every authorization webhook entirely (it is hard-wired to unrestricted access), it cannot be
revoked by removing a binding, and a client certificate with ` + "`O=system:masters`" + ` stays
valid until it expires. A binding to it signals that certificates with that organisation are
being issued or expected — the credentials no one can take back.`,
	Remediation: `Do not issue credentials in ` + "`system:masters`" + ` beyond the break-glass admin
certificate; bind ` + "`cluster-admin`" + ` (or less) to a normal group whose membership can be revoked.`,
	References: []rules.Reference{
		rbacDocs,
		{Title: "Kubernetes docs: Authenticating (system:masters)", URL: "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles"},
	},
	CheckProject: eachBinding(func(p *rules.ProjectPass, _ *rbacIndex, b *rbacBinding) {
		for i, s := range b.Subjects {
			if s.Kind == "Group" && s.Name == "system:masters" {
				reportSubject(p, b, i, 0, firstRule(b.Role), "%s names group system:masters, whose members bypass RBAC and cannot be revoked by removing a binding", b.describe())
			}
		}
	}),
}

var defaultSABound = &rules.Rule{
	ID:       "KR013",
	Title:    "role bound to the default service account",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s4},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A binding grants a role to the ` + "`default`" + ` ServiceAccount of a namespace. Every pod of that
namespace that does not name a service account runs as ` + "`default`" + ` — including pods added
later for unrelated purposes — so the permission spreads to all of them, and a compromise of
any of them carries it.`,
	Remediation: `Create a dedicated ServiceAccount for the workload that needs the role, bind the role to
it, and set ` + "`serviceAccountName`" + ` in that workload only.`,
	References: []rules.Reference{
		rbacDocs,
		{Title: "CIS Kubernetes Benchmark 5.1.5: Ensure that default service accounts are not actively used", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	CheckProject: eachBinding(func(p *rules.ProjectPass, _ *rbacIndex, b *rbacBinding) {
		for i, s := range b.Subjects {
			if s.Kind == "ServiceAccount" && s.Name == "default" {
				reportSubject(p, b, i, 0, firstRule(b.Role), "%s grants %s to %s, which every pod of the namespace without its own service account runs as",
					b.describe(), b.roleText(), describeSubject(s, b.Namespace))
			}
		}
	}),
}

var missingRole = &rules.Rule{
	ID:       "KR014",
	Title:    "binding to a missing role",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s4},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.Tampering},
	Kind:     "kubernetes",
	Help: `A binding's ` + "`roleRef`" + ` names a Role or ClusterRole that is neither in the scanned files
nor one of Kubernetes' built-in roles. Until someone creates a role with that name the
binding grants nothing — and then it grants whatever that role says, to subjects chosen
long before. A dangling binding is also how a typo in a role name silently leaves a
workload without the permission it was meant to have (or with a different one).

A Role (namespaced) is reported at low: a repository that binds it usually defines it. A
ClusterRole is reported at info: it may come from a Helm chart or an operator installed
separately.`,
	Remediation:  `Add the role to the repository next to its binding, fix the name, or delete the binding.`,
	References:   []rules.Reference{rbacDocs},
	CheckProject: eachBinding(checkMissingRole),
}

func checkMissingRole(p *rules.ProjectPass, _ *rbacIndex, b *rbacBinding) {
	if b.Role != nil || b.RoleRef.Name == "" {
		return
	}
	sev := rules.Severity(0)
	where := "in the scan"
	if b.RoleRef.Kind == "ClusterRole" {
		sev, where = rules.Info, "in the scan (it may be installed separately)"
	}
	path := yamlpos.P("roleRef", "name")
	r, _ := b.Obj.Range(path)
	p.Report(rules.Finding{Path: b.Path, Range: r, Anchor: b.Obj.Anchor(path), Severity: sev,
		Message: fmt.Sprintf("%s refers to %s, which is neither built in nor %s: it grants whatever a role of that name will say", b.describe(), b.roleText(), where)})
}
