package kube

import (
	"strings"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

// hostAccessRules are the rules about what of the node a pod is given: its
// namespaces (this file), its ports (host_ports.go) and its files
// (host_path.go).
var hostAccessRules = []*rules.Rule{
	hostNetworkPod, hostPIDPod, hostIPCPod, hostUserNamespace,
	hostPortBound, hostPathVolume, runtimeSocketMounted, sensitiveHostPathMounted, writableHostPathMount,
	sshPortDeclared, hostAliasesSet,
}

var (
	refPSSHostNamespaces = rules.Reference{Title: "Kubernetes Pod Security Standards (Baseline: Host Namespaces)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"}
	refBishopFoxBadPods  = rules.Reference{Title: "Bishop Fox: Bad Pods — Kubernetes pod privilege escalation", URL: "https://bishopfox.com/blog/kubernetes-pod-privilege-escalation"}
)

var hostNetworkPod = &rules.Rule{
	ID:       "KW005",
	Title:    "host network",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s3},
	STRIDE:   []rules.Category{rules.Spoofing, rules.InformationDisclosure, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A pod sets ` + "`hostNetwork: true`" + `: its containers use the node's network namespace instead of
their own. They see every interface of the node and can sniff its traffic (with
` + "`NET_RAW`" + `, the default capability set), reach services the node binds to ` + "`localhost`" + ` only (a
kubelet read-only port, a cloud metadata proxy, an etcd or a database listening on the
loopback), bind any port of the node's addresses and impersonate the node on the network.
NetworkPolicies do not reliably apply to host-network pods (Kubernetes leaves it undefined
and most plugins treat their traffic as the node's), so the namespace's isolation does not
hold for them. The Pod Security Standards forbid it at the Baseline level.

Not flagged: the control-plane static pods (` + "`kube-apiserver`" + `, ` + "`etcd`" + `,
` + "`kube-controller-manager`" + ` and ` + "`kube-scheduler`" + ` in ` + "`kube-system`" + `), which run on the host network
by design; the control-plane rules (KC) judge them. The container ports of a host-network pod are host
ports anyway; KW009 does not report them again.`,
	Remediation: `Remove ` + "`hostNetwork: true`" + ` and expose the workload through a Service. Node agents
that truly need the node's network (a CNI plugin, kube-proxy, a node exporter reading
host interfaces) belong in a dedicated namespace whose Pod Security admission level is the
only place this is allowed, with ` + "`NET_RAW`" + ` dropped unless needed.`,
	References: []rules.Reference{
		refPSSHostNamespaces,
		{Title: "CIS Kubernetes Benchmark 5.2.5: Minimize the admission of containers wishing to share the host network namespace", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
		refBishopFoxBadPods,
	},
	Check: eachPod(checkPodHostNetwork),
}

func checkPodHostNetwork(p *rules.Pass, pod *pkube.PodSpec) {
	if !pod.Spec.HostNetwork || pod.ControlPlane() != "" {
		return
	}
	reportAt(p, pod.Object, pod.Path.Key("hostNetwork"), "%s uses the node's network namespace (hostNetwork: true): its containers can sniff the node's traffic, reach services bound to the node's localhost and bypass NetworkPolicies",
		pod.Object.Describe())
}

var hostPIDPod = &rules.Rule{
	ID:       "KW006",
	Title:    "host PID",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A pod sets ` + "`hostPID: true`" + `: its containers share the node's process namespace. They see
every process of the node and of every other pod on it, with their command lines (where
passwords and tokens are often passed) and, for processes of the same user or with
` + "`SYS_PTRACE`" + `, their environments and memory. Root in the container can signal any of them
(kill the kubelet), and a privileged container can ` + "`nsenter -t 1`" + ` into the node's
namespaces: a shell on the node. The Pod Security Standards forbid it at the Baseline level.`,
	Remediation: `Remove ` + "`hostPID: true`" + `. To share processes between the containers of one pod (a
debugging sidecar), use ` + "`shareProcessNamespace: true`" + ` instead, which shares the pod's own
namespace only. Node-level debugging belongs to ` + "`kubectl debug node/…`" + `, used on demand, not in a
deployed manifest.`,
	References: []rules.Reference{
		refPSSHostNamespaces,
		{Title: "CIS Kubernetes Benchmark 5.2.3: Minimize the admission of containers wishing to share the host process ID namespace", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
		{Title: "Kubernetes docs: Share Process Namespace between Containers in a Pod", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/"},
		refBishopFoxBadPods,
	},
	Check: eachPod(checkPodHostPID),
}

func checkPodHostPID(p *rules.Pass, pod *pkube.PodSpec) {
	if pod.Spec.HostPID {
		reportAt(p, pod.Object, pod.Path.Key("hostPID"), "%s shares the node's PID namespace (hostPID: true): its containers see every process on the node with its command line and can signal them; with privilege, they can enter the node's namespaces",
			pod.Object.Describe())
	}
}

var hostIPCPod = &rules.Rule{
	ID:       "KW007",
	Title:    "host IPC",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering},
	Kind:     "kubernetes",
	Help: `A pod sets ` + "`hostIPC: true`" + `: its containers share the node's IPC namespace — the System V
shared memory segments, semaphores and message queues, and the POSIX ones in the node's
` + "`/dev/shm`" + `. A compromised container can read what other processes of the node exchange
there (databases and caches keep data in shared memory) and write into it to corrupt or
steer them. The Pod Security Standards forbid it at the Baseline level.`,
	Remediation: `Remove ` + "`hostIPC: true`" + `. Containers of the same pod already share an IPC namespace;
for a larger ` + "`/dev/shm`" + ` mount an ` + "`emptyDir`" + ` with ` + "`medium: Memory`" + ` there.`,
	References: []rules.Reference{
		refPSSHostNamespaces,
		{Title: "CIS Kubernetes Benchmark 5.2.4: Minimize the admission of containers wishing to share the host IPC namespace", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
		refBishopFoxBadPods,
	},
	Check: eachPod(checkPodHostIPC),
}

func checkPodHostIPC(p *rules.Pass, pod *pkube.PodSpec) {
	if pod.Spec.HostIPC {
		reportAt(p, pod.Object, pod.Path.Key("hostIPC"), "%s shares the node's IPC namespace (hostIPC: true): its containers can read and write the shared memory and message queues of every process on the node",
			pod.Object.Describe())
	}
}

var hostUserNamespace = &rules.Rule{
	ID:       "KW008",
	Title:    "host user namespace",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A pod does not set ` + "`hostUsers: false`" + `, so its containers run in the node's user
namespace: UID 0 in a container is UID 0 on the node, and any other UID is the same UID
as the node's own users. Every container escape — a kernel bug, a runtime bug such as
CVE-2024-21626, a writable hostPath — then lands as a real node user, root included. With
` + "`hostUsers: false`" + ` the pod gets its own user namespace: root inside maps to an unprivileged
UID on the node, and its capabilities are valid only inside the pod, which defeats or
blunts a long list of escapes (the Kubernetes documentation names several, such as
CVE-2019-5736 and CVE-2022-0185).

Running in the node's user namespace is the default for nearly every pod today, hence the
low severity: it is a hardening that recent clusters support (beta since Kubernetes 1.30,
on by default since 1.33; nodes need Linux 6.3+ and containerd 2.0+ or CRI-O 1.25+), not a
misconfiguration. It is reported
independently of the other host-access rules: a pod with ` + "`hostNetwork`" + `, ` + "`hostPID`" + ` or
` + "`hostIPC`" + ` cannot use a user namespace at all, which is one more reason to remove those.

Not flagged: Windows pods (` + "`spec.os.name: windows`" + `, a ` + "`kubernetes.io/os: windows`" + ` node
selector, or a ` + "`hostProcess`" + ` pod), where Linux user namespaces do not exist; pods that use
the node's network, PID or IPC namespace, which cannot have a user namespace of their own
(KW005–KW007 report them); and Kustomize patches (a container without an image), whose base
may set the field.`,
	Remediation: `Set ` + "`hostUsers: false`" + ` in the pod spec once the cluster's nodes support user
namespaces (Kubernetes 1.33+, or 1.30+ with the ` + "`UserNamespacesSupport`" + ` feature gate):

` + "```yaml" + `
spec:
  hostUsers: false
  containers:
  - name: app
` + "```",
	References: []rules.Reference{
		{Title: "Kubernetes docs: User Namespaces", URL: "https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/"},
		{Title: "Kubernetes docs: Use a User Namespace With a Pod", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/user-namespaces/"},
	},
	Check: eachPod(checkPodHostUsers),
}

func checkPodHostUsers(p *rules.Pass, pod *pkube.PodSpec) {
	// A user namespace cannot be combined with the host's network, PID or
	// IPC namespace (KW005–KW007 report those), and a fragment's absent
	// field may be set by its base.
	if pod.Windows() != "" || pod.Spec.HostNetwork || pod.Spec.HostPID || pod.Spec.HostIPC {
		return
	}
	switch hu := pod.Spec.HostUsers; {
	case hu == nil:
		if pod.Fragment() {
			return
		}
		reportAt(p, pod.Object, pod.Path, "%s runs in the node's user namespace (no hostUsers: false): its container UIDs, root included, are the node's own",
			pod.Object.Describe())
	case *hu:
		reportAt(p, pod.Object, pod.Path.Key("hostUsers"), "%s runs in the node's user namespace (hostUsers: true): its container UIDs, root included, are the node's own",
			pod.Object.Describe())
	}
}

var hostAliasesSet = &rules.Rule{
	ID:       "KW032",
	Title:    "hostAliases",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s3},
	STRIDE:   []rules.Category{rules.Spoofing, rules.Tampering},
	Kind:     "kubernetes",
	Help: `A pod sets ` + "`hostAliases`" + `, which the kubelet writes into the pod's ` + "`/etc/hosts`" + `. Those
names then resolve to fixed addresses, ahead of cluster DNS: a manifest change (or a
compromised pipeline that renders it) can silently send the pod's traffic for a
database, an identity provider or a package registry to another address, invisible to
DNS logging and policies. Even when intended, hard-wired IPs break when the target moves
and keep sending traffic (and credentials) to whoever gets that address next.`,
	Remediation: `Remove ` + "`hostAliases`" + ` and publish the names in DNS: a Service (an ` + "`ExternalName`" + ` or a
selector-less Service with an EndpointSlice for outside addresses), or a CoreDNS
` + "`hosts`" + `/` + "`rewrite`" + ` entry that is reviewed and logged in one place.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Adding entries to Pod /etc/hosts with HostAliases", URL: "https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/"},
		{Title: "Kubernetes docs: Services without selectors", URL: "https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors"},
	},
	Check: eachPod(checkPodHostAliases),
}

func checkPodHostAliases(p *rules.Pass, pod *pkube.PodSpec) {
	aliases := pod.Spec.HostAliases
	if len(aliases) == 0 {
		return
	}
	var entries []string
	for _, a := range aliases {
		if len(a.Hostnames) > 0 {
			entries = append(entries, strings.Join(a.Hostnames, ", ")+" → "+a.IP)
		}
	}
	what := ""
	if len(entries) > 0 {
		what = " (" + listText(entries) + ")"
	}
	reportAt(p, pod.Object, pod.Path.Key("hostAliases"), "%s sets hostAliases%s: these names resolve from the pod's /etc/hosts to fixed addresses, bypassing cluster DNS",
		pod.Object.Describe(), what)
}
