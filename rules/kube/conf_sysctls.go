package kube

import (
	"slices"
	"strings"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

// safeSysctls are the sysctls the Pod Security Standards' Baseline profile
// allows, as of Kubernetes 1.37: namespaced and isolated from other pods.
// The set grows with Kubernetes versions (ip_local_reserved_ports in 1.27,
// the TCP keepalive and fin timeout ones in 1.29, tcp_rmem and tcp_wmem in
// 1.32, tcp_slow_start_after_idle and tcp_notsent_lowat in 1.37); a pod using
// a recent one is safe, only refused by an older cluster.
var safeSysctls = []string{
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
	"net.ipv4.tcp_slow_start_after_idle",
	"net.ipv4.tcp_notsent_lowat",
}

// sysctlName normalises a sysctl name written with slashes
// (net/ipv4/conf/eth0.100/rp_filter) to the dotted form, as the kubelet
// does: the two separators swap.
func sysctlName(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.IndexAny(name, "./"); i < 0 || name[i] == '.' {
		return name
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '/':
			return '.'
		case '.':
			return '/'
		}
		return r
	}, name)
}

// namespacedSysctl reports whether a sysctl belongs to a namespace a pod
// has of its own (IPC or network), i.e. could be set per pod at all.
func namespacedSysctl(name string) bool {
	if name == "kernel.sem" {
		return true
	}
	for _, prefix := range []string{"kernel.shm", "kernel.msg", "fs.mqueue.", "net."} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

var unsafeSysctls = &rules.Rule{
	ID:       "KW021",
	Title:    "unsafe sysctls",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.DenialOfService, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A pod's ` + "`securityContext.sysctls`" + ` sets a kernel parameter outside the safe set of the Pod
Security Standards' Baseline profile. A safe sysctl is namespaced and isolated: it changes
only the pod's own network or IPC namespace and cannot hurt other pods. The others either are
not namespaced at all (` + "`vm.*`" + `, most of ` + "`kernel.*`" + ` and ` + "`fs.*`" + `: a setting for the whole node,
which no runtime can apply per pod), or are namespaced without isolation: IPC limits
(` + "`kernel.msgmax`" + `, ` + "`kernel.shmmax`" + `, ` + "`kernel.sem`" + `) let one pod take kernel memory every pod on
the node shares, and network settings such as ` + "`net.ipv4.ip_forward`" + `,
` + "`net.ipv4.conf.all.rp_filter`" + ` or ` + "`accept_redirects`" + ` turn the pod into a router or weaken
anti-spoofing protections. The kubelet refuses such pods unless the node lists them in
` + "`--allowed-unsafe-sysctls`" + ` — the manifest asks for the node to be loosened.

Each unsafe entry is reported at its list item. Names written with slashes
(` + "`net/ipv4/ip_forward`" + `) are read as the kubelet reads them.

Not flagged: the safe set as of Kubernetes 1.37 — ` + "`kernel.shm_rmid_forced`" + `,
` + "`net.ipv4.ip_local_port_range`" + `, ` + "`net.ipv4.ip_unprivileged_port_start`" + `, ` + "`net.ipv4.tcp_syncookies`" + `,
` + "`net.ipv4.ping_group_range`" + `, ` + "`net.ipv4.ip_local_reserved_ports`" + ` (1.27+),
` + "`net.ipv4.tcp_keepalive_time`" + `, ` + "`net.ipv4.tcp_fin_timeout`" + `, ` + "`net.ipv4.tcp_keepalive_intvl`" + `,
` + "`net.ipv4.tcp_keepalive_probes`" + ` (1.29+), ` + "`net.ipv4.tcp_rmem`" + `, ` + "`net.ipv4.tcp_wmem`" + ` (1.32+),
` + "`net.ipv4.tcp_slow_start_after_idle`" + ` and ` + "`net.ipv4.tcp_notsent_lowat`" + ` (1.37+); Windows pods,
which cannot set sysctls.`,
	Remediation: `Keep to the safe sysctls. A node-wide parameter (` + "`vm.max_map_count`" + ` for Elasticsearch,
for example) belongs in the node's configuration (` + "`/etc/sysctl.d/`" + `, the node image, or a
reviewed node-tuning operator), not in an application's pod. If a namespaced unsafe sysctl is
truly needed, allow just that name with ` + "`--allowed-unsafe-sysctls`" + ` on a dedicated, tainted node
pool:

` + "```yaml" + `
spec:
  securityContext:
    sysctls:
    - name: net.ipv4.ip_unprivileged_port_start   # safe: namespaced and isolated
      value: "80"
` + "```",
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Baseline: Sysctls)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Using sysctls in a Kubernetes Cluster", URL: "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"},
	},
	Check: eachLinuxPod(checkUnsafeSysctls),
}

func checkUnsafeSysctls(p *rules.Pass, pod *pkube.PodSpec) {
	sc := pod.Spec.SecurityContext
	if sc == nil {
		return
	}
	for i, s := range sc.Sysctls {
		name := sysctlName(s.Name)
		if name == "" || slices.Contains(safeSysctls, name) {
			continue
		}
		why := "it is a node-wide kernel parameter, not namespaced, so no pod can set it for itself alone and the kubelet refuses the pod"
		if namespacedSysctl(name) {
			why = "it is namespaced but not isolated from the node and its other pods, so the kubelet refuses the pod unless the node allows it with --allowed-unsafe-sysctls"
		}
		reportAt(p, pod.Object, pod.Path.Key("securityContext", "sysctls").Index(i), "%s sets sysctl %s, outside the Pod Security Standards' safe set: %s",
			pod.Object.Describe(), s.Name, why)
	}
}
