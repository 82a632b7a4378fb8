package kube

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

const psaEnforce = "pod-security.kubernetes.io/enforce"

// systemNamespaces are Kubernetes' own namespaces.
var systemNamespaces = map[string]bool{"kube-system": true, "kube-public": true, "kube-node-lease": true}

var namespaceWithoutPSA = &rules.Rule{
	ID:       "KN008",
	Title:    "namespace without Pod Security Admission",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.Tampering},
	Kind:     "kubernetes",
	Help: `A Namespace has no ` + "`pod-security.kubernetes.io/enforce`" + ` label, or sets it to ` + "`privileged`" + `.
Pod Security admission, the built-in replacement of PodSecurityPolicy, only rejects pods in
namespaces that ask for it: without an enforced level, anyone allowed to create a pod (or a
Deployment, a Job…) in the namespace can run it privileged, with the host's network, PID
namespace or filesystem — root on the node, one step from the whole cluster. The ` + "`warn`" + ` and
` + "`audit`" + ` labels alone enforce nothing: they print a warning or write an audit annotation and
admit the pod.

A cluster-wide default in an ` + "`AdmissionConfiguration`" + ` (or ` + "`PodSecurityConfiguration`" + `) of the scan
counts: with ` + "`defaults.enforce: baseline`" + ` or ` + "`restricted`" + `, a namespace without the label is
enforced, unless it is listed in ` + "`exemptions.namespaces`" + `. An enforce value that is not a level
is treated by Kubernetes as ` + "`restricted`" + ` and not reported.

Not reported: ` + "`kube-system`" + `, ` + "`kube-public`" + ` and ` + "`kube-node-lease`" + `, which hold the cluster's own
components — node agents that legitimately need privilege — and are exempted by most
clusters; KN009 reports user workloads placed there.`,
	Remediation: `Label every namespace with the strictest level its workloads pass, ` + "`restricted`" + ` where
possible and at least ` + "`baseline`" + `:

` + "```yaml" + `
metadata:
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
` + "```" + `

Keep ` + "`privileged`" + ` for a dedicated namespace of node agents, or set a cluster-wide default in
the API server's admission configuration.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Pod Security Admission", URL: "https://kubernetes.io/docs/concepts/security/pod-security-admission/"},
		{Title: "Kubernetes docs: Enforce Pod Security Standards with namespace labels", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/"},
		{Title: "CIS Kubernetes Benchmark 5.2.1: Ensure that the cluster has at least one active policy control mechanism in place", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	CheckProject: checkNamespacePSA,
}

func checkNamespacePSA(p *rules.ProjectPass) {
	idx := networkOf(p)
	for _, f := range p.Files {
		kf, ok := f.Doc.(*pkube.File)
		if !ok {
			continue
		}
		for _, o := range kf.Objects {
			ns, ok := o.Typed.(*corev1.Namespace)
			if !ok || systemNamespaces[ns.Name] {
				continue
			}
			report := func(path yamlpos.Path, format string, args ...any) {
				r, _ := o.Range(path)
				p.Report(rules.Finding{Path: f.Source.Path, Range: r, Anchor: o.Anchor(path), Message: fmt.Sprintf(format, args...)})
			}
			level, labelled := ns.Labels[psaEnforce]
			if labelled {
				if strings.TrimSpace(level) == "privileged" {
					report(yamlpos.P("metadata", "labels", psaEnforce), "Namespace %s enforces the privileged Pod Security level: pods there may run privileged, with host namespaces and hostPath — root on the node", ns.Name)
				}
				continue
			}
			var why string
			if d := idx.PSA; d != nil {
				switch {
				case d.Exempt[ns.Name]:
					why = " and the cluster's PodSecurity configuration exempts it"
				case d.Enforce == "baseline" || d.Enforce == "restricted":
					continue // the cluster-wide default enforces it
				default:
					why = " and the cluster's PodSecurity default enforces nothing"
				}
			}
			var only []string
			for _, mode := range []string{"warn", "audit"} {
				if _, ok := ns.Labels["pod-security.kubernetes.io/"+mode]; ok {
					only = append(only, mode)
				}
			}
			switch len(only) {
			case 1:
				why += " (its " + only[0] + " label only reports)"
			case 2:
				why += " (its warn and audit labels only report)"
			}
			at := yamlpos.P("metadata", "labels")
			if m := o.Lookup(at); !m.Exact {
				at = yamlpos.P("metadata", "name")
			}
			report(at, "Namespace %s has no %s label%s: Pod Security admission admits any pod there, privileged and host-sharing ones included",
				ns.Name, psaEnforce, why)
		}
	}
}

var kubeSystemWorkload = &rules.Rule{
	ID:       "KN009",
	Title:    "workloads in kube-system",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.Tampering},
	Kind:     "kubernetes",
	Help: `A workload of the scan runs in ` + "`kube-system`" + ` and is not one of the cluster's own components.
` + "`kube-system`" + ` is where the most powerful service accounts and Secrets of the cluster live
(controllers, the CNI, cloud integrations), it is usually exempt from Pod Security admission
and left out of admission policies (Kyverno, Gatekeeper) and NetworkPolicies, and whoever
must manage an application there needs rights in that namespace. An application placed
there escapes the controls its own namespace would have, and anyone who can deploy it can
deploy next to those credentials.

Not reported:
- control-plane static pods (kube-apiserver, etcd, kube-controller-manager, kube-scheduler)
  and pods labelled ` + "`tier: control-plane`" + `;
- well-known system add-ons, recognised by the object's name or its ` + "`k8s-app`" + ` /
  ` + "`app.kubernetes.io/name`" + ` label: DNS (coredns, kube-dns, node-local-dns and their
  autoscalers), kube-proxy, CNI agents (Calico, Cilium, Flannel, Weave Net, Canal,
  kube-router, Antrea, aws-node, kube-ovn), metrics-server and kube-state-metrics, cloud
  controller managers and node managers, CSI controllers and node drivers (` + "`*-csi-node`" + `,
  ` + "`*-csi-controller`" + `, ` + "`csi-*`" + `), konnectivity, kube-vip, cluster-autoscaler, snapshot
  controllers, the AWS load balancer controller, the NVIDIA device plugin, minikube's storage
  provisioner. Such add-ons are installed in kube-system by their upstream manifests.`,
	Remediation: `Create a namespace for the application (with its own Pod Security level, NetworkPolicies
and RBAC) and deploy it there.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Namespaces (initial namespaces)", URL: "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces"},
		{Title: "CIS Kubernetes Benchmark 5.7.1: Create administrative boundaries between resources using namespaces", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachObject(checkKubeSystemWorkload),
}

// systemAddons are the names of well-known add-ons that belong in
// kube-system.
var systemAddons = map[string]bool{
	"coredns": true, "kube-dns": true, "kube-dns-autoscaler": true, "dns-autoscaler": true, "coredns-autoscaler": true,
	"node-local-dns": true, "nodelocaldns": true, "kube-proxy": true, "metrics-server": true, "kube-state-metrics": true,
	"calico-node": true, "calico-kube-controllers": true, "calico-typha": true, "canal": true, "cilium": true,
	"cilium-operator": true, "cilium-envoy": true, "kube-flannel-ds": true, "kube-flannel": true, "flannel": true,
	"weave-net": true, "kube-router": true, "antrea-agent": true, "antrea-controller": true, "aws-node": true,
	"cloud-controller-manager": true, "cloud-node-manager": true, "konnectivity-agent": true, "konnectivity-server": true,
	"kube-vip": true, "kube-vip-ds": true, "cluster-autoscaler": true, "snapshot-controller": true,
	"aws-load-balancer-controller": true, "nvidia-device-plugin-daemonset": true, "storage-provisioner": true,
	"kube-apiserver": true, "kube-controller-manager": true, "kube-scheduler": true, "etcd": true,
}

var systemAddonPrefixes = []string{"calico-", "cilium-", "antrea-", "kube-ovn-", "hubble-", "csi-", "kube-flannel-", "weave-"}
var systemAddonSuffixes = []string{"-csi-node", "-csi-controller", "-csi-driver", "-cloud-controller-manager", "-cloud-node-manager"}

func systemAddon(name string) bool {
	if systemAddons[name] {
		return true
	}
	for _, p := range systemAddonPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	for _, s := range systemAddonSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

func checkKubeSystemWorkload(p *rules.Pass, o *pkube.Object) {
	if o.Namespace != "kube-system" || o.Kind == "PodTemplate" {
		return
	}
	pod, ok := o.PodSpec()
	if !ok || pod.ControlPlane() != "" || pod.Meta.Labels["tier"] == "control-plane" {
		return
	}
	for _, name := range []string{o.Name, pod.Meta.Labels["k8s-app"], pod.Meta.Labels["app.kubernetes.io/name"]} {
		if name != "" && systemAddon(name) {
			return
		}
	}
	reportAt(p, o, yamlpos.P("metadata", "namespace"), "%s runs in kube-system, next to the cluster's most powerful service accounts and Secrets and outside the Pod Security, policy and NetworkPolicy controls of a namespace of its own",
		o.Describe())
}
