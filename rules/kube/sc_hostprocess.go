package kube

import (
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

var windowsHostProcess = &rules.Rule{
	ID:       "KW022",
	Title:    "Windows host process",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container's effective ` + "`windowsOptions.hostProcess`" + ` is ` + "`true`" + `. A Windows HostProcess
container is not isolated at all: it runs as a process on the node, in the host's network
namespace, with the node's filesystem, named pipes and devices, and as whatever user it asks
for — ` + "`NT AUTHORITY\\SYSTEM`" + ` included. It is the Windows equivalent of a privileged container
on the host network: code in it owns the node and every pod on it. The Pod Security Standards
forbid it at the Baseline level.

Judged on the effective value: the container's ` + "`securityContext.windowsOptions.hostProcess`" + `,
else the pod's ` + "`securityContext.windowsOptions.hostProcess`" + ` (the kubelet merges windowsOptions
field by field, so a container that sets only ` + "`runAsUserName`" + ` still inherits it). A pod-level
value is reported at the pod's key, once per container that inherits it. Init and ephemeral
containers are judged too.

Not flagged: ` + "`hostProcess: false`" + ` or unset.`,
	Remediation: `Run the workload as a normal (process- or Hyper-V-isolated) Windows container. Node
agents that must be host processes (CNI, CSI and log agents) belong in a dedicated namespace
whose Pod Security admission level is the only place this is allowed, with the least
privileged ` + "`runAsUserName`" + ` (` + "`NT AUTHORITY\\Local service`" + ` rather than SYSTEM).`,
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Baseline: HostProcess)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Create a Windows HostProcess Pod", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/"},
		{Title: "CIS Kubernetes Benchmark 5.2.11: Minimize the admission of Windows HostProcess Containers", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachContainer(checkWindowsHostProcess),
}

func checkWindowsHostProcess(p *rules.Pass, c *pkube.Container) {
	if value, path, set := hostProcess(c); set && value {
		o := c.Pod.Object
		reportAt(p, o, path, "%s of %s is a Windows HostProcess container: it runs on the node itself, unisolated, with the host's filesystem and network",
			c.Describe(), o.Describe())
	}
}
