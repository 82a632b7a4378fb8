package kube

import (
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

var privilegedContainer = &rules.Rule{
	ID:       "KW001",
	Title:    "privileged container",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container sets ` + "`securityContext.privileged: true`" + `. A privileged container runs with
every Linux capability, no seccomp or AppArmor confinement and access to all host devices:
root in it is root on the node (mount the host disk, load kernel modules, reach every
other pod's data on the node). The Pod Security Standards forbid it at the Baseline level.

Every pod-bearing kind is checked (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
ReplicationController, Job, CronJob, PodTemplate), including init and ephemeral containers.`,
	Remediation: `Remove ` + "`privileged: true`" + `. Grant only the capabilities the workload needs
(` + "`capabilities.add`" + ` of a specific capability, after ` + "`drop: [ALL]`" + `), or use a device plugin
for hardware access. Node agents that truly need host access should run in a dedicated,
locked-down namespace whose Pod Security admission level is the only place privilege is allowed.`,
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Baseline: Privileged Containers)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Configure a Security Context", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"},
		{Title: "CIS Kubernetes Benchmark 5.2.2: Minimize the admission of privileged containers", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachContainer(checkPrivileged),
}

func checkPrivileged(p *rules.Pass, c *pkube.Container) {
	if s := c.Effective.Privileged; s.Set && s.Value {
		reportAt(p, c.Pod.Object, s.Path, "%s of %s runs privileged: every capability, no confinement and all host devices — root in it is root on the node",
			c.Describe(), c.Pod.Object.Describe())
	}
}
