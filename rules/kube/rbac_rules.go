package kube

import (
	"fmt"
	"slices"

	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// A permission check judges one rule of a role: it returns what the rule
// grants that matters ("get, list and watch on secrets"), or "".
type permissionCheck func(rr roleRule) string

// eachRoleRule runs a permission check over every rule written in a role of
// the scan (aggregated rules are judged where they are written). A rule
// that grants every verb on every resource is KR001's and KR002's, not
// each specific rule's. A rule narrowed by resourceNames is reported one
// severity lower.
func eachRoleRule(check permissionCheck) func(*rules.ProjectPass) {
	return func(p *rules.ProjectPass) {
		idx := rbacOf(p)
		for _, role := range idx.Roles {
			for _, rr := range role.Rules {
				if rr.Role != role || slices.Contains(rr.Resources, "*") {
					continue // aggregated rules are judged where written; wildcards are KR001's
				}
				what := check(rr)
				if what == "" {
					continue
				}
				sev := rules.Severity(0)
				if rr.narrowed() {
					sev = lower(p.Rule.Severity)
					what += fmt.Sprintf(" (only on the objects named in resourceNames: %s)", listText(rr.ResourceNames))
				}
				path, r, _ := rr.Range()
				msg := fmt.Sprintf("%s rule %d grants %s", role.Describe(), rr.Index+1, what)
				if h := idx.Holders(role); h != "" {
					msg += "; " + h
				}
				p.Report(rules.Finding{Path: path, Range: r, Anchor: role.Obj.Anchor(yamlpos.P("rules", rr.Index)) + "#" + p.Rule.ID,
					Severity: sev, Message: msg})
			}
		}
	}
}

func lower(s rules.Severity) rules.Severity {
	if s > rules.Info {
		return s - 1
	}
	return s
}

var (
	coreGroup   = []string{""}
	readVerbs   = []string{"get", "list", "watch"}
	writeVerbs  = []string{"create", "update", "patch"}
	deleteVerbs = []string{"delete", "deletecollection"}
)

// grantText for a permission: "get, list and watch on secrets".
func permText(rr roleRule, verbs []string, what string) string {
	return listText(rr.matchedVerbs(verbs)) + " on " + what
}

func roleRuleRule(id, title string, sev rules.Severity, threat rules.ThreatID, stride []rules.Category, help, fix string, refs []rules.Reference, check permissionCheck) *rules.Rule {
	return &rules.Rule{
		ID: id, Title: title, Severity: sev, Threats: []rules.ThreatID{threat}, STRIDE: stride, Kind: "kubernetes",
		Help: help + `

The finding sits on the role rule, and names the subjects that hold the role through the
bindings of the scan. A rule narrowed by ` + "`resourceNames`" + ` is reported one severity lower:
it bounds the risk to the named objects. A rule that grants every verb on every resource is
reported by KR001 (and KR002 where it is bound) rather than by each specific rule, and so is
any rule with ` + "`resources: [\"*\"]`" + ` (KR001 names what the wildcard sweeps in).`,
		Remediation:  fix,
		References:   append([]rules.Reference{rbacDocs}, refs...),
		CheckProject: eachRoleRule(check),
	}
}

var readsSecrets = roleRuleRule("KR005", "reads secrets", rules.High, rules.K8s2,
	[]rules.Category{rules.InformationDisclosure, rules.ElevationOfPrivilege},
	`A role lets its holders `+"`get`, `list` or `watch`"+` Secrets. Secrets hold the credentials of
everything: other service accounts' tokens (on older clusters), TLS keys, database and cloud
passwords. `+"`list`"+` and `+"`watch`"+` return every Secret of the namespace (or the cluster, for a
ClusterRoleBinding) with its data — there is no "list names only".`,
	`Grant access to the specific Secrets a workload needs with `+"`resourceNames`"+` and `+"`get`"+` only,
or mount them into the pod instead of reading them through the API.`,
	[]rules.Reference{{Title: "CIS Kubernetes Benchmark 5.1.2: Minimize access to secrets", URL: "https://www.cisecurity.org/benchmark/kubernetes"}},
	func(rr roleRule) string {
		if rr.grants(coreGroup, []string{"secrets"}, readVerbs) {
			return permText(rr, readVerbs, "secrets")
		}
		return ""
	})

var workloadResources = []string{"pods", "deployments", "daemonsets", "statefulsets", "jobs", "cronjobs", "replicasets", "replicationcontrollers"}

var createsWorkloads = roleRuleRule("KR006", "creates workloads", rules.High, rules.K8s4,
	[]rules.Category{rules.ElevationOfPrivilege},
	`A role lets its holders create pods or the controllers that create them (Deployments,
DaemonSets, StatefulSets, ReplicaSets, Jobs, CronJobs). Creating a pod is using any service
account of the namespace (and its permissions), mounting any Secret of the namespace, and —
unless Pod Security admission stops it — running a privileged pod with the node's root
filesystem mounted.`,
	`Let a CI or GitOps controller create workloads, not people or application service
accounts; enforce the restricted Pod Security Standard on the namespace (KN008) so that what
can be created is bounded.`,
	[]rules.Reference{{Title: "CIS Kubernetes Benchmark 5.1.4: Minimize access to create pods", URL: "https://www.cisecurity.org/benchmark/kubernetes"}},
	func(rr roleRule) string {
		var hit []string
		for _, res := range workloadResources {
			if rr.grants([]string{"", "apps", "batch", "extensions"}, []string{res}, []string{"create"}) {
				hit = append(hit, res)
			}
		}
		if len(hit) == 0 {
			return ""
		}
		return "create on " + listText(hit)
	})

var podExec = roleRuleRule("KR007", "exec/attach/port-forward into pods", rules.High, rules.K8s4,
	[]rules.Category{rules.ElevationOfPrivilege, rules.InformationDisclosure},
	`A role grants `+"`pods/exec`, `pods/attach` or `pods/portforward`"+`. Exec is a shell in any pod of
the namespace with that pod's service account, Secrets, mounted volumes and network position;
port-forward reaches every port of every pod, bypassing NetworkPolicies and Services. Note that
`+"`get`"+` is enough: the API server authorizes exec over WebSocket with the `+"`get`"+` verb.`,
	`Remove these subresources from roles of applications; give debugging access through a
separate, audited, time-limited role.`,
	nil,
	func(rr roleRule) string {
		var hit []string
		for _, sub := range []string{"pods/exec", "pods/attach", "pods/portforward"} {
			if rr.grants(coreGroup, []string{sub}, []string{"create", "get"}) {
				hit = append(hit, sub)
			}
		}
		if len(hit) == 0 {
			return ""
		}
		return listText(rr.matchedVerbs([]string{"create", "get"})) + " on " + listText(hit)
	})

var impersonation = roleRuleRule("KR008", "impersonation", rules.Critical, rules.K8s1,
	[]rules.Category{rules.Spoofing, rules.ElevationOfPrivilege, rules.Repudiation},
	`A role grants the `+"`impersonate`"+` verb on users, groups, service accounts (or uids and user
extras). Its holders can act as any of those identities — `+"`kubectl --as=admin --as-group=system:masters`"+`
— and the audit log records the impersonated identity as the actor.`,
	`Remove `+"`impersonate`"+`, or bound it with `+"`resourceNames`"+` to the identities a proxy or
operator legitimately acts for.`,
	nil,
	func(rr roleRule) string {
		res := []string{"users", "groups", "serviceaccounts", "uids", "userextras/*"}
		if rr.grants([]string{"", "authentication.k8s.io"}, res, []string{"impersonate"}) {
			var hit []string
			for _, r := range res {
				if rr.grants([]string{"", "authentication.k8s.io"}, []string{r}, []string{"impersonate"}) {
					hit = append(hit, r)
				}
			}
			return "impersonate on " + listText(hit)
		}
		return ""
	})

var rbacEscalation = roleRuleRule("KR009", "RBAC escalation", rules.Critical, rules.K8s4,
	[]rules.Category{rules.ElevationOfPrivilege},
	`A role grants `+"`escalate`"+` or `+"`bind`"+` on roles, or write access (`+"`create`, `update`, `patch`"+`)
on Roles, ClusterRoles or their bindings. RBAC normally stops a subject from granting more
than it holds; `+"`escalate`"+` and `+"`bind`"+` lift that check, and writing a ClusterRoleBinding is
binding `+"`cluster-admin`"+` to oneself.`,
	`Leave RBAC changes to cluster administrators and the GitOps controller that applies this
repository; if an operator must manage roles, use `+"`resourceNames`"+`.`,
	nil,
	func(rr roleRule) string {
		rbacRes := []string{"roles", "clusterroles", "rolebindings", "clusterrolebindings"}
		group := []string{"rbac.authorization.k8s.io"}
		if rr.grants(group, []string{"roles", "clusterroles"}, []string{"escalate", "bind"}) {
			return permText(rr, []string{"escalate", "bind"}, "roles")
		}
		var hit []string
		for _, r := range rbacRes {
			if rr.grants(group, []string{r}, writeVerbs) {
				hit = append(hit, r)
			}
		}
		if len(hit) == 0 {
			return ""
		}
		return listText(rr.matchedVerbs(writeVerbs)) + " on " + listText(hit)
	})

var nodeProxy = roleRuleRule("KR010", "node proxy access", rules.High, rules.K8s4,
	[]rules.Category{rules.ElevationOfPrivilege},
	`A role grants `+"`nodes/proxy`"+`. Through the API server's node proxy its holders reach the
kubelet API of every node — which runs commands in any pod of the node (`+"`/exec`, `/run`"+`) and
bypasses admission and the audit of pod exec.`,
	`Grant `+"`nodes/proxy`"+` only to monitoring that needs kubelet metrics, and prefer
`+"`nodes/metrics`"+` and `+"`nodes/stats`"+`, which do not allow commands.`,
	nil,
	func(rr roleRule) string {
		if rr.grants(coreGroup, []string{"nodes/proxy"}, []string{"get", "create", "update", "patch", "delete"}) {
			return listText(rr.matchedVerbs([]string{"get", "create", "update", "patch", "delete"})) + " on nodes/proxy"
		}
		return ""
	})

var webhookControl = roleRuleRule("KR011", "admission webhook control", rules.High, rules.K8s4,
	[]rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	`A role grants write access to ValidatingWebhookConfigurations or
MutatingWebhookConfigurations. Its holders can remove the policy webhooks that guard the
cluster, or add a mutating webhook that injects a privileged sidecar into every pod created.`,
	`Keep admission webhook configuration with cluster administrators and the controllers that
own the webhooks (with `+"`resourceNames`"+`).`,
	nil,
	func(rr roleRule) string {
		res := []string{"validatingwebhookconfigurations", "mutatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings"}
		verbs := append(append([]string{}, writeVerbs...), deleteVerbs...)
		var hit []string
		for _, r := range res {
			if rr.grants([]string{"admissionregistration.k8s.io"}, []string{r}, verbs) {
				hit = append(hit, r)
			}
		}
		if len(hit) == 0 {
			return ""
		}
		return listText(rr.matchedVerbs(verbs)) + " on " + listText(hit)
	})

var csrApproval = roleRuleRule("KR012", "CSR approval / token creation", rules.High, rules.K8s1,
	[]rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	`A role can approve CertificateSigningRequests (`+"`certificatesigningrequests/approval`"+` update,
or `+"`approve`"+` on `+"`signers`"+`), or create service account tokens (`+"`serviceaccounts/token`"+`
create). Approving a CSR issues a client certificate for any user or group the request names —
`+"`system:masters`"+` included, when the signer allows it; creating tokens is logging in as any
service account of the namespace.`,
	`Leave CSR approval to the kube-controller-manager's approvers and cluster administrators;
bound `+"`signers`"+` with `+"`resourceNames`"+` to a specific signer; give token creation only to the
component that mints tokens for its own service account.`,
	nil,
	func(rr roleRule) string {
		switch {
		case rr.grants([]string{"certificates.k8s.io"}, []string{"certificatesigningrequests/approval"}, []string{"update", "patch"}):
			return "approval of certificate signing requests"
		case rr.grants([]string{"certificates.k8s.io"}, []string{"signers"}, []string{"approve"}):
			return "approve on signers"
		case rr.grants(coreGroup, []string{"serviceaccounts/token"}, []string{"create"}):
			return "create on serviceaccounts/token"
		}
		return ""
	})

var deletesEvidence = roleRuleRule("KR015", "delete events or pod logs", rules.Medium, rules.K8s4,
	[]rules.Category{rules.Repudiation},
	`A role can delete Events (or pod logs): the record of what happened in a namespace — pods
started, images pulled, probes failing — which an intruder deletes to cover their tracks.`,
	`Remove delete and deletecollection on events; let the API server's TTL expire them.`,
	nil,
	func(rr roleRule) string {
		switch {
		case rr.grants([]string{"", "events.k8s.io"}, []string{"events"}, deleteVerbs):
			return permText(rr, deleteVerbs, "events")
		case rr.grants(coreGroup, []string{"pods/log"}, deleteVerbs):
			return permText(rr, deleteVerbs, "pods/log")
		}
		return ""
	})

var networkWrite = roleRuleRule("KR016", "write on network policies or services/status", rules.Medium, rules.K8s3,
	[]rules.Category{rules.Tampering, rules.InformationDisclosure},
	`A role can create, change or delete NetworkPolicies — and so open the network segmentation
they enforce — or write `+"`services/status`"+`, which sets a LoadBalancer's ingress IP and lets
its holder redirect traffic (CVE-2020-8554).`,
	`Manage NetworkPolicies from this repository through the deploying controller only; remove
write on `+"`services/status`"+` from everything but the cloud controller.`,
	nil,
	func(rr roleRule) string {
		verbs := append(append([]string{}, writeVerbs...), deleteVerbs...)
		switch {
		case rr.grants([]string{"networking.k8s.io", "extensions"}, []string{"networkpolicies"}, verbs):
			return permText(rr, verbs, "networkpolicies")
		case rr.grants(coreGroup, []string{"services/status"}, []string{"update", "patch"}):
			return permText(rr, []string{"update", "patch"}, "services/status")
		}
		return ""
	})
