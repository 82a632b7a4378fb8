package kube

import (
	"slices"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/capability"
)

var dangerousCapability = &rules.Rule{
	ID:       "KW014",
	Title:    "dangerous capability added",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container's ` + "`securityContext.capabilities.add`" + ` grants a Linux capability that breaks the
isolation between the container and the node or its neighbours:

- ` + "`ALL`" + `: every capability — all of those below and more; close to ` + "`privileged: true`" + `.
- ` + "`SYS_ADMIN`" + `: mount file systems, create namespaces, use many kernel interfaces. Most
  container escapes (a cgroup ` + "`release_agent`" + `, mounting the node's disk) need it: it is as
  good as root on the node.
- ` + "`SYS_MODULE`" + `: load kernel modules, i.e. run code in the node's kernel.
- ` + "`SYS_PTRACE`" + `: trace processes and read or write their memory; with ` + "`hostPID`" + ` that is
  every process of the node (secrets in memory, code injection into the kubelet), with
  ` + "`shareProcessNamespace`" + ` the other containers of the pod.
- ` + "`NET_ADMIN`" + `: reconfigure interfaces, routes and firewall rules — the pod's (undoing a
  service mesh's redirection), or, with ` + "`hostNetwork`" + `, the node's.
- ` + "`NET_RAW`" + `: raw sockets, to forge packets on the pod network (ARP and DNS spoofing of
  the other pods of the node) and, with ` + "`hostNetwork`" + `, to sniff the node's traffic.
- ` + "`BPF`" + `: load eBPF programs into the kernel (with ` + "`PERFMON`" + ` or ` + "`SYS_ADMIN`" + `, read kernel and
  process memory); the eBPF verifier is a frequent source of kernel exploits.
- ` + "`DAC_READ_SEARCH`" + `: ignore read permissions and open files by handle — the "shocker"
  escape, which reads the node's files from inside a container.

Each such entry is reported at its list item, in every pod-bearing kind, including init and
ephemeral containers. Names are matched as the runtimes match them: any case, with or without
` + "`CAP_`" + ` (` + "`cap_sys_admin`" + ` is ` + "`SYS_ADMIN`" + `).

Not flagged: other capabilities (` + "`NET_BIND_SERVICE`" + `, ` + "`CHOWN`" + `, ` + "`SETUID`" + ` …), which the
Pod Security Standards' Restricted profile also forbids but which do not break isolation on
their own; ` + "`drop`" + ` lists (KW015 judges those); Windows pods, which have no Linux
capabilities.`,
	Remediation: `Drop everything and add back only a narrow capability the workload needs; if a tool asks for
SYS_ADMIN or NET_ADMIN to do one thing, do that thing elsewhere (a device plugin, a CNI plugin,
an init step on the node) or confine the agent that needs it to its own namespace:

` + "```yaml" + `
securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]   # only if it binds a port below 1024
` + "```",
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Baseline: Capabilities)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Set capabilities for a Container", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container"},
		{Title: "CIS Kubernetes Benchmark 5.2.8: Minimize the admission of containers with the NET_RAW capability", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
		{Title: "CIS Kubernetes Benchmark 5.2.9: Minimize the admission of containers with added capabilities", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
		{Title: "capabilities(7)", URL: "https://man7.org/linux/man-pages/man7/capabilities.7.html"},
	},
	Check: eachLinuxPod(checkDangerousCapability),
}

func checkDangerousCapability(p *rules.Pass, pod *pkube.PodSpec) {
	for _, c := range pod.Containers() {
		s := c.Effective.Capabilities
		if !s.Set || s.Value == nil {
			continue
		}
		var seen []string
		for i, raw := range s.Value.Add {
			name := capability.Name(string(raw))
			what := capabilityRisk(name, pod)
			if what == "" || slices.Contains(seen, name) {
				continue
			}
			seen = append(seen, name)
			reportAt(p, pod.Object, s.Path.Key("add").Index(i), "%s of %s adds capability %s: %s",
				c.Describe(), pod.Object.Describe(), name, what)
		}
	}
}

// capabilityRisk says what a dangerous capability lets the container do,
// given the pod's namespaces; "" for the capabilities this rule leaves alone.
func capabilityRisk(name string, pod *pkube.PodSpec) string {
	s := pod.Spec
	switch name {
	case "ALL":
		return "every capability, including SYS_ADMIN, SYS_MODULE and SYS_PTRACE — close to a privileged container"
	case "SYS_ADMIN":
		return "it can mount file systems and create namespaces, which most container escapes need — about as good as root on the node"
	case "SYS_MODULE":
		return "it can load kernel modules, i.e. run its own code in the node's kernel"
	case "SYS_PTRACE":
		switch {
		case s.HostPID:
			return "with hostPID it can read and write the memory of every process on the node, including the kubelet and other pods"
		case s.ShareProcessNamespace != nil && *s.ShareProcessNamespace:
			return "with shareProcessNamespace it can read and write the memory of the pod's other containers"
		}
		return "it can read and write the memory of processes it can see (every process on the node if the pod ever gets hostPID)"
	case "NET_ADMIN":
		if s.HostNetwork {
			return "with hostNetwork it can reconfigure the node's interfaces, routes and firewall rules, and so redirect or drop other pods' traffic"
		}
		return "it can reconfigure the pod's interfaces, routes and firewall rules, such as the redirection a service mesh relies on"
	case "NET_RAW":
		if s.HostNetwork {
			return "with hostNetwork it can sniff the node's traffic and forge packets on its networks"
		}
		return "it can forge packets on the pod network, for ARP or DNS spoofing of the other pods on the node"
	case "BPF":
		return "it can load eBPF programs into the kernel, whose verifier is a frequent source of kernel exploits (with PERFMON, it reads kernel memory)"
	case "DAC_READ_SEARCH":
		return "it can ignore read permissions and open files by handle, the \"shocker\" escape that reads the node's files"
	}
	return ""
}
