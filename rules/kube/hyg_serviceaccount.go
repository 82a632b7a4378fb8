package kube

import (
	"path/filepath"

	corev1 "k8s.io/api/core/v1"

	"github.com/stridelint/stridelint/rules"
)

// The service account rules (KW027, KW028) are cross-file: whether a pod
// gets an API token depends on its ServiceAccount object too, which is
// usually written in another file.

var tokenAutomounted = &rules.Rule{
	ID:       "KW027",
	Title:    "service account token automounted",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s4},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `The pod gets its service account's API token mounted at
` + "`/var/run/secrets/kubernetes.io/serviceaccount/token`" + `: neither the pod spec nor its ServiceAccount
sets ` + "`automountServiceAccountToken: false`" + `, or the pod sets it to ` + "`true`" + `. Most applications never
call the Kubernetes API, yet anyone who gets code execution in the container (an RCE, a
compromised dependency, an SSRF that reads local files) can read the token and act as
the service account against the API server: whatever RBAC grants it — and every
permission later granted to it — is theirs, from inside the cluster network. It is the
first thing attack tooling looks for after a container compromise.

Judged across the scan: the pod's service account (` + "`serviceAccountName`" + `, the deprecated
` + "`serviceAccount`" + `, or ` + "`default`" + `) is looked up among the scanned ServiceAccount objects of the same
name in the same namespace (the same one written, or none written on either: one
namespace written and the other not is no match, since the scan cannot tell); when the
scan holds several copies of it (a kustomize base and a rendered release file), the one in
the pod's own file, else in its directory, decides. Not reported:

- a pod that sets ` + "`automountServiceAccountToken: false`" + `;
- a pod that leaves it unset when its ServiceAccount in the scan sets it to ` + "`false`" + ` (a pod's
  ` + "`true`" + ` overrides the account's ` + "`false`" + ` and is reported at the key);
- a pod whose service account a RoleBinding or ClusterRoleBinding of the scan names: it
  was given permissions, so it evidently calls the API and needs its token (KR rules
  judge what the binding grants);
- control-plane static pods (kube-apiserver, etcd, …): the kubelet gives static pods no
  service account token.

The finding is at the pod spec when the setting is absent, at the key when it is ` + "`true`" + `.
Kustomize patches are not judged: a file a kustomization of the scan applies as a patch, an
object with a ` + "`$patch`" + ` directive, or a pod template without containers or images (which the
API server would reject) only changes part of a workload whose base says the rest.`,
	Remediation: `Disable the automount on the ServiceAccount (every pod using it inherits it) or on the pod:

` + "```yaml" + `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
automountServiceAccountToken: false
---
# or in the pod template
spec:
  serviceAccountName: api
  automountServiceAccountToken: false
` + "```" + `

A pod that does call the API should keep the token, under a dedicated service account
with a minimal Role; for one container only, mount a projected
` + "`serviceAccountToken`" + ` volume with a short ` + "`expirationSeconds`" + ` and an ` + "`audience`" + `.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Configure Service Accounts for Pods (opt out of API credential automounting)", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting"},
		{Title: "Kubernetes docs: Service account good practices", URL: "https://kubernetes.io/docs/concepts/security/service-accounts/"},
		{Title: "CIS Kubernetes Benchmark 5.1.6: Ensure that Service Account Tokens are only mounted where necessary", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	CheckProject: eachPodInScan(checkTokenAutomounted),
}

func checkTokenAutomounted(p *rules.ProjectPass, idx *scanIndex, sp scanPod) {
	if sp.Pod.ControlPlane() != "" || idx.fragment(sp) {
		return
	}
	sa, _ := podServiceAccount(sp)
	if idx.boundAccount(sa, sp.Object.Namespace) {
		return
	}
	spec := sp.Pod.Spec
	who := sp.Object.Describe()
	if set := spec.AutomountServiceAccountToken; set != nil {
		if *set {
			reportIn(p, sp.scanObject, sp.Pod.Path.Key("automountServiceAccountToken"), 0, nil,
				"%s sets automountServiceAccountToken: true: the API token of service account %q is in every container, and code execution in any of them can act as that account", who, sa)
		}
		return
	}
	accounts := idx.accounts(sa, sp.Object.Namespace, sp.scanObject)
	var related []rules.Related
	for _, a := range accounts {
		if off := a.Object.Typed.(*corev1.ServiceAccount).AutomountServiceAccountToken; off != nil && !*off {
			return
		}
		related = append(related, relatedAt(a, nil, "the ServiceAccount does not set automountServiceAccountToken: false either"))
	}
	reportIn(p, sp.scanObject, sp.Pod.Path, 0, related,
		"%s does not set automountServiceAccountToken: false%s: the API token of service account %q is mounted in its containers, and code execution in any of them can act as that account",
		who, saKnown(accounts), sa)
}

// saKnown says in a message whether the ServiceAccount was found.
func saKnown(accounts []scanObject) string {
	if len(accounts) == 0 {
		return " (and its ServiceAccount is not in the scan)"
	}
	return ", nor does its ServiceAccount"
}

var defaultServiceAccount = &rules.Rule{
	ID:       "KW028",
	Title:    "default service account",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s4},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `The pod runs as its namespace's ` + "`default`" + ` service account: it sets no ` + "`serviceAccountName`" + ` (nor the
deprecated ` + "`serviceAccount`" + `), or sets it to ` + "`default`" + `. Every pod of the namespace that names no
account shares that identity, so a permission granted to ` + "`default`" + ` for one workload (a
common shortcut when something needs API access) is granted to all of them, and the API
server's audit log cannot tell them apart. The token of a compromised pod then opens
whatever any workload of the namespace was ever allowed.

Not reported when the pod gets no token anyway — it sets
` + "`automountServiceAccountToken: false`" + `, or leaves it unset and the scan's ` + "`default`" + ` ServiceAccount of
its namespace sets it to ` + "`false`" + ` — since then no credential of the shared identity is in the
pod; nor for control-plane static pods, which have no service account token. The
finding is at the key when it names ` + "`default`" + `, at the pod spec otherwise.
Kustomize patches are not judged: a file a kustomization of the scan applies as a patch, an
object with a ` + "`$patch`" + ` directive, or a pod template without containers or images (which the
API server would reject) only changes part of a workload whose base says the rest.`,
	Remediation: `Create a service account per workload, grant it only what that workload needs (often
nothing), and name it in the pod template:

` + "```yaml" + `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
automountServiceAccountToken: false
---
spec:
  template:
    spec:
      serviceAccountName: api
` + "```" + `

Also disable the automount on each namespace's ` + "`default`" + ` ServiceAccount and bind no Role to it.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Service Accounts (default service accounts)", URL: "https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts"},
		{Title: "Kubernetes docs: RBAC good practices", URL: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"},
		{Title: "CIS Kubernetes Benchmark 5.1.5: Ensure that default service accounts are not actively used", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	CheckProject: eachPodInScan(checkDefaultServiceAccount),
}

func checkDefaultServiceAccount(p *rules.ProjectPass, idx *scanIndex, sp scanPod) {
	if sp.Pod.ControlPlane() != "" || idx.fragment(sp) {
		return
	}
	sa, at := podServiceAccount(sp)
	if sa != "default" {
		return
	}
	if set := sp.Pod.Spec.AutomountServiceAccountToken; set != nil {
		if !*set {
			return
		}
	} else {
		for _, a := range idx.accounts(sa, sp.Object.Namespace, sp.scanObject) {
			if off := a.Object.Typed.(*corev1.ServiceAccount).AutomountServiceAccountToken; off != nil && !*off {
				return
			}
		}
	}
	how := "names no service account"
	if at != nil {
		how = "names the default service account"
	}
	reportIn(p, sp.scanObject, sp.Pod.Path.Key(at...), 0, nil,
		"%s %s: it runs as its namespace's default account, sharing that identity and every permission granted to it with the other pods that name none",
		sp.Object.Describe(), how)
}

// podServiceAccount is the name of the pod's service account and the key
// that names it (nil when none does and it is "default").
func podServiceAccount(sp scanPod) (string, []string) {
	spec := sp.Pod.Spec
	switch {
	case spec.ServiceAccountName != "":
		return spec.ServiceAccountName, []string{"serviceAccountName"}
	case spec.DeprecatedServiceAccount != "":
		return spec.DeprecatedServiceAccount, []string{"serviceAccount"}
	}
	return "default", nil
}

// accounts are the scan's ServiceAccounts that may be the named one of a
// pod in namespace ns. When several match (a repository often holds the
// same manifests twice: a kustomize base and a rendered release file),
// the nearest win: those in the pod's own file, else in its directory,
// else all.
func (idx *scanIndex) accounts(name, ns string, near scanObject) []scanObject {
	var tiers [3][]scanObject
	for _, a := range idx.serviceAccounts {
		if a.Object.Name != name || !sameNamespace(a.Object.Namespace, ns) {
			continue
		}
		tier := 2
		switch {
		case a.DiskPath == near.DiskPath:
			tier = 0
		case filepath.Dir(a.DiskPath) == filepath.Dir(near.DiskPath):
			tier = 1
		}
		tiers[tier] = append(tiers[tier], a)
	}
	for _, t := range tiers {
		if len(t) > 0 {
			return t
		}
	}
	return nil
}

// boundAccount reports whether a binding of the scan names the service
// account.
func (idx *scanIndex) boundAccount(name, ns string) bool {
	for _, s := range idx.bound {
		if s.Name == name && sameNamespace(s.Namespace, ns) {
			return true
		}
	}
	return false
}
