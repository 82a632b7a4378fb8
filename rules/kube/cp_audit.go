package kube

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var auditBlindSpots = &rules.Rule{
	ID:       "KC013",
	Title:    "audit policy blind spots",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s4},
	STRIDE:   []rules.Category{rules.Repudiation},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `An audit ` + "`Policy`" + ` (` + "`audit.k8s.io/v1`" + `) decides which requests the API server records. Its
rules are evaluated in order and the **first** rule that matches a request sets its level; a
request no rule matches is not logged. This rule evaluates the policy as the API server does
and reports:

- a policy that logs nothing: no rules, a first catch-all ` + "`level: None`" + ` rule (one that no
  ` + "`users`" + `, ` + "`userGroups`" + `, ` + "`verbs`" + `, ` + "`resources`" + `, ` + "`namespaces`" + ` or ` + "`nonResourceURLs`" + ` narrows) with
  nothing logged before it, or ` + "`omitStages`" + ` that omit every stage;
- a policy under which reading Secrets (get, list), exec into pods (create on ` + "`pods/exec`" + `)
  or changing RBAC (create, update, patch, delete of roles, rolebindings, clusterroles,
  clusterrolebindings) is never logged — because a ` + "`None`" + ` rule matches those requests
  first, or no rule matches them at all. These are the requests an intruder makes to steal
  credentials, run code and stay.

Requests are judged as any user makes them: a ` + "`None`" + ` rule narrowed to some users, groups or
namespaces (a common way to silence system components) does not hide everyone's requests and is
not reported (` + "`userGroups: [system:authenticated]`" + ` counts as everyone). A rule whose
` + "`omitStages`" + ` (with the policy's) cover every stage counts as ` + "`None`" + `. ` + "`Metadata`" + ` is enough
for these requests (and the right level for Secrets: it does not log their content).

When an API server of the scan names the file in ` + "`--audit-policy-file`" + ` (matched by path
suffix, at least the file name), the message names it.`,
	Remediation: "Log Secrets, ConfigMaps and TokenReviews at `Metadata`, `pods/exec`, `pods/attach` and `pods/portforward` at `Metadata` or more, RBAC writes at `RequestResponse`; put `None` rules only for specific users, groups, resources or URLs; end with a catch-all `level: Metadata` rule.",
	References: []rules.Reference{
		cisK8s("3.2.2", "Ensure that the audit policy covers key security concerns"),
		{Title: "Kubernetes docs: Auditing (audit policy)", URL: "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy"},
		{Title: "Kubernetes API reference: audit.k8s.io/v1 Policy", URL: "https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/#audit-k8s-io-v1-Policy"},
	},
	CheckProject: func(p *rules.ProjectPass) {
		eachScanObject(p, func(so scanObject) {
			if isAuditPolicy(so.Object) {
				checkAuditPolicy(p, so.File, so.Object)
			}
		})
	},
}

func isAuditPolicy(o *pkube.Object) bool {
	return o.Kind == "Policy" && strings.HasPrefix(o.APIVersion, "audit.k8s.io/")
}

// auditStages are every stage an audit event can be emitted at.
var auditStages = []string{"RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"}

// auditRule is one rule of an audit Policy.
type auditRule struct {
	path                                                yamlpos.Path
	level                                               string
	users, groups, verbs, namespaces, nonResourceURLs   []string
	resources                                           []auditGroupResources
	hasUsers, hasGroups, hasVerbs, hasNamespaces, hasRe bool
	omitted                                             []string
}

type auditGroupResources struct {
	group         string
	resources     []string
	resourceNames []string
}

// auditRequest is a request a policy is asked about, made by an ordinary
// authenticated user in an ordinary namespace.
type auditRequest struct {
	verb, group, resource, subresource string
}

// matches is the API server's rule matching (policy/checker.go) for a
// request of any user in any namespace: a rule narrowed to some users,
// groups or namespaces does not match it.
func (r auditRule) matches(q auditRequest) bool {
	if len(r.users) > 0 {
		return false
	}
	if len(r.groups) > 0 && !slices.Contains(r.groups, "system:authenticated") {
		return false
	}
	if len(r.verbs) > 0 && !slices.Contains(r.verbs, q.verb) {
		return false
	}
	if len(r.namespaces) > 0 || len(r.resources) > 0 {
		if len(r.namespaces) > 0 {
			return false
		}
		combined := q.resource
		if q.subresource != "" {
			combined += "/" + q.subresource
		}
		for _, gr := range r.resources {
			if gr.group != q.group {
				continue
			}
			if len(gr.resources) == 0 {
				return true
			}
			if len(gr.resourceNames) > 0 {
				continue // some objects only
			}
			for _, res := range gr.resources {
				switch {
				case res == combined, res == "*":
					return true
				case q.subresource != "" && strings.HasPrefix(res, "*/") && res[2:] == q.subresource:
					return true
				case strings.HasSuffix(res, "/*") && res[:len(res)-2] == q.resource:
					return true
				}
			}
		}
		return false
	}
	return len(r.nonResourceURLs) == 0 // a URL rule matches no resource request
}

// logs reports whether a matching rule records anything.
func (r auditRule) logs() bool {
	if r.level == "None" || r.level == "" {
		return false
	}
	for _, s := range auditStages {
		if !slices.Contains(r.omitted, s) {
			return true
		}
	}
	return false
}

// catchAll reports whether nothing narrows the rule.
func (r auditRule) catchAll() bool {
	return !r.hasUsers && !r.hasGroups && !r.hasVerbs && !r.hasNamespaces && !r.hasRe && len(r.nonResourceURLs) == 0
}

func checkAuditPolicy(p *rules.ProjectPass, file string, o *pkube.Object) {
	what := "audit Policy " + path.Base(file)
	if users := configUsers(p, APIServer, "audit-policy-file", file, configCandidates(p, "audit", isAuditPolicy)); len(users) > 0 {
		what += fmt.Sprintf(" (the --audit-policy-file of %s)", describeAll(users))
	}
	report := func(at yamlpos.Path, key, format string, args ...any) {
		r, _ := o.Range(at)
		p.Report(rules.Finding{Path: file, Range: r, Anchor: o.Anchor(at) + "#" + key, Message: fmt.Sprintf(format, args...)})
	}
	policyOmit := scalarItems(o.Lookup(yamlpos.P("omitStages")).Node)
	if covers(policyOmit, auditStages) {
		report(yamlpos.P("omitStages"), "omitStages", "%s omits every stage: no event is ever logged", what)
		return
	}
	var rs []auditRule
	if m := o.Lookup(yamlpos.P("rules")); m.Exact && m.Node != nil && m.Node.Kind == yaml.SequenceNode {
		for i, it := range m.Node.Content {
			rs = append(rs, readAuditRule(yamlpos.Resolve(it), yamlpos.P("rules", i), policyOmit))
		}
	}
	if len(rs) == 0 {
		report(yamlpos.P("rules"), "rules", "%s has no rules: no request is logged", what)
		return
	}
	for _, r := range rs {
		if r.logs() {
			break
		}
		if r.catchAll() {
			report(r.path, "catch-all", "%s logs nothing: this %s rule matches every request before any rule logs one", what, levelText(r))
			return
		}
	}
	probes := []struct {
		what string
		reqs []auditRequest
		// byResource names the blind requests by resource ("writes to
		// rolebindings") rather than one by one.
		byResource bool
	}{
		{"reads of Secrets", []auditRequest{{verb: "get", resource: "secrets"}, {verb: "list", resource: "secrets"}}, false},
		{"exec into pods", []auditRequest{{verb: "create", resource: "pods", subresource: "exec"}}, false},
		{"RBAC changes", rbacWrites(), true},
	}
	for _, pr := range probes {
		// The rule that hides the first blind request, or -1 when no rule
		// matches it.
		culprit, blind := -1, []string(nil)
		for _, q := range pr.reqs {
			i := slices.IndexFunc(rs, func(r auditRule) bool { return r.matches(q) })
			if i >= 0 && rs[i].logs() {
				continue
			}
			if len(blind) == 0 {
				culprit = i
			}
			text := requestText(q)
			if pr.byResource {
				text = "writes to " + q.resource
			}
			if !slices.Contains(blind, text) {
				blind = append(blind, text)
			}
		}
		if len(blind) == 0 {
			continue
		}
		if culprit >= 0 {
			report(rs[culprit].path, pr.what, "%s never logs %s: this %s rule matches %s first", what, pr.what, levelText(rs[culprit]), listText(blind))
		} else {
			report(yamlpos.P("rules"), pr.what, "%s never logs %s: no rule matches %s", what, pr.what, listText(blind))
		}
	}
}

// rbacWrites are the requests that change RBAC.
func rbacWrites() []auditRequest {
	var out []auditRequest
	for _, res := range []string{"clusterrolebindings", "rolebindings", "clusterroles", "roles"} {
		for _, verb := range []string{"create", "update", "patch", "delete"} {
			out = append(out, auditRequest{verb: verb, group: "rbac.authorization.k8s.io", resource: res})
		}
	}
	return out
}

func requestText(q auditRequest) string {
	res := q.resource
	if q.subresource != "" {
		res += "/" + q.subresource
	}
	return q.verb + " " + res
}

// levelText is "level: None" (or "level: Metadata with every stage
// omitted") for messages.
func levelText(r auditRule) string {
	if r.level == "None" || r.level == "" {
		return "level: None"
	}
	return "level: " + r.level + " (every stage omitted)"
}

func readAuditRule(n *yaml.Node, at yamlpos.Path, policyOmit []string) auditRule {
	r := auditRule{path: at}
	get := func(key string) (*yaml.Node, bool) {
		k, v := yamlpos.MapGet(n, key)
		return v, k != nil
	}
	if v, ok := get("level"); ok && v != nil {
		r.level = v.Value
	}
	var v *yaml.Node
	v, r.hasUsers = get("users")
	r.users = scalarItems(v)
	v, r.hasGroups = get("userGroups")
	r.groups = scalarItems(v)
	v, r.hasVerbs = get("verbs")
	r.verbs = scalarItems(v)
	v, r.hasNamespaces = get("namespaces")
	r.namespaces = scalarItems(v)
	v, _ = get("nonResourceURLs")
	r.nonResourceURLs = scalarItems(v)
	v, r.hasRe = get("resources")
	if v = yamlpos.Resolve(v); v != nil && v.Kind == yaml.SequenceNode {
		for _, it := range v.Content {
			it = yamlpos.Resolve(it)
			gr := auditGroupResources{}
			if _, g := yamlpos.MapGet(it, "group"); g != nil {
				gr.group = g.Value
			}
			_, res := yamlpos.MapGet(it, "resources")
			gr.resources = scalarItems(res)
			_, names := yamlpos.MapGet(it, "resourceNames")
			gr.resourceNames = scalarItems(names)
			r.resources = append(r.resources, gr)
		}
	}
	v, _ = get("omitStages")
	r.omitted = append(slices.Clone(policyOmit), scalarItems(v)...)
	// Lists written empty ([]) narrow nothing.
	r.hasUsers = r.hasUsers && len(r.users) > 0
	r.hasGroups = r.hasGroups && len(r.groups) > 0
	r.hasVerbs = r.hasVerbs && len(r.verbs) > 0
	r.hasNamespaces = r.hasNamespaces && len(r.namespaces) > 0
	r.hasRe = r.hasRe && len(r.resources) > 0
	return r
}

// covers reports whether every item of want is in have.
func covers(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
