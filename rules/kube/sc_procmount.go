package kube

import (
	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

var unmaskedProc = &rules.Rule{
	ID:       "KW020",
	Title:    "unmasked /proc",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container sets ` + "`securityContext.procMount: Unmasked`" + `. Container runtimes normally mask
the dangerous parts of ` + "`/proc`" + ` (` + "`/proc/kcore`, `/proc/keys`, `/proc/timer_list`, `/proc/sched_debug`" + `…)
and mount ` + "`/proc/sys`, `/proc/sysrq-trigger`, `/proc/irq` and `/proc/bus`" + ` read-only. Unmasked
removes both: the container sees what the masks hide about the kernel, and a root process in
it can write kernel settings — ` + "`/proc/sys/kernel/core_pattern`" + ` set to a pipe makes the host
kernel run a program of the attacker's choosing as root on the node at the next crash, the
classic escape, and ` + "`/proc/sysrq-trigger`" + ` reboots or crashes the node. The Pod Security
Standards forbid anything but ` + "`Default`" + ` at the Baseline level.

Recent Kubernetes versions accept ` + "`Unmasked`" + ` only in a user namespace (` + "`hostUsers: false`" + `),
where the kernel refuses most of those writes to root in the container; the hidden files are
still exposed, older clusters accept it without one, and the finding stands. Init and
ephemeral containers are judged too.

Not flagged: ` + "`procMount: Default`" + ` or no ` + "`procMount`" + `; Windows pods, which have no such mount
(the API server rejects the field on them).`,
	Remediation: `Remove ` + "`procMount: Unmasked`" + ` (or set ` + "`Default`" + `). Nested container builds that ask for
it (rootless BuildKit, Podman in a pod) are better moved to a dedicated build service or a
VM-isolated runtime class.`,
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Baseline: /proc Mount Type)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: User namespaces", URL: "https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/"},
		{Title: "proc(5)", URL: "https://man7.org/linux/man-pages/man5/proc.5.html"},
	},
	Check: eachContainer(checkUnmaskedProc),
}

func checkUnmaskedProc(p *rules.Pass, c *pkube.Container) {
	if c.Pod.Windows() != "" {
		return
	}
	if pm := c.Effective.ProcMount; pm.Set && pm.Value == corev1.UnmaskedProcMount {
		o := c.Pod.Object
		reportAt(p, o, pm.Path, "%s of %s mounts /proc unmasked: it sees what the runtime hides about the kernel and, as root without a user namespace, can write kernel settings such as core_pattern that run code on the node",
			c.Describe(), o.Describe())
	}
}
