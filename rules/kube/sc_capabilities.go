package kube

import (
	"strings"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

var capabilitiesNotDropped = &rules.Rule{
	ID:       "KW015",
	Title:    "capabilities not dropped",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container does not drop all capabilities (` + "`capabilities.drop: [ALL]`" + `), so it keeps the
container runtime's default set — with containerd: CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL,
SETGID, SETUID, SETPCAP, NET_BIND_SERVICE, NET_RAW, SYS_CHROOT, MKNOD, AUDIT_WRITE and
SETFCAP. A process running as root in the container holds them all: DAC_OVERRIDE ignores file
permissions, SETUID/SETGID become any user, NET_RAW forges packets on the pod network (ARP and
DNS spoofing of neighbouring pods) and reaches kernel code that has given container escapes
(CVE-2020-14386). Most applications need none of them. The Pod Security Standards require
` + "`drop: [ALL]`" + ` at the Restricted level (only ` + "`NET_BIND_SERVICE`" + ` may be added back).

Where findings point: at ` + "`drop`" + ` when it is written without ` + "`ALL`" + `, at ` + "`capabilities`" + ` when it
has no ` + "`drop`" + `, at the container (its ` + "`- name:`" + ` line) otherwise. Capabilities are a container
field (the pod securityContext has none). Init and ephemeral containers are judged too.

Not flagged: a ` + "`drop`" + ` list containing ` + "`ALL`" + ` in any case (the runtimes compare it
case-insensitively; ` + "`CAP_ALL`" + ` is not the same word to them and is reported), whatever
` + "`add`" + ` then grants back (KW014 judges added capabilities); privileged containers, which get every capability whatever ` + "`drop`" + ` says (KW001 reports them);
Windows pods, which have no Linux capabilities (the API server rejects the field on them).

A container without an ` + "`image`" + ` is a fragment — a kustomize patch, or a template whose image
configuration management fills in — and what it leaves out may come from the base it is
merged into: only what it writes is judged.`,
	Remediation: `Drop everything and add back only what the process needs:

` + "```yaml" + `
securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]   # only to bind a port below 1024 as non-root
` + "```",
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Restricted: Capabilities)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Set capabilities for a Container", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container"},
		{Title: "capabilities(7)", URL: "https://man7.org/linux/man-pages/man7/capabilities.7.html"},
		{Title: "CIS Kubernetes Benchmark 5.2.8: Minimize the admission of containers with the NET_RAW capability", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
		{Title: "CIS Kubernetes Benchmark 5.2.10: Minimize the admission of containers with capabilities assigned", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachContainer(checkCapabilitiesNotDropped),
}

func checkCapabilitiesNotDropped(p *rules.Pass, c *pkube.Container) {
	if c.Pod.Windows() != "" {
		return
	}
	if priv := c.Effective.Privileged; priv.Set && priv.Value {
		return
	}
	o := c.Pod.Object
	caps := c.Effective.Capabilities
	if c.Fragment() && (!caps.Set || caps.Value == nil || len(caps.Value.Drop) == 0) {
		return
	}
	if !caps.Set || caps.Value == nil {
		reportAt(p, o, caps.Path, "%s of %s does not drop capabilities (no capabilities.drop: [ALL]): it keeps the runtime's default set, NET_RAW and DAC_OVERRIDE included",
			c.Describe(), o.Describe())
		return
	}
	drop := caps.Value.Drop
	var names []string
	for _, d := range drop {
		if strings.EqualFold(strings.TrimSpace(string(d)), "ALL") {
			return
		}
		names = append(names, string(d))
	}
	if len(drop) == 0 {
		reportAt(p, o, caps.Path, "%s of %s sets capabilities without drop: [ALL]: it keeps the runtime's default set, NET_RAW and DAC_OVERRIDE included",
			c.Describe(), o.Describe())
		return
	}
	reportAt(p, o, caps.Path.Key("drop"), "%s of %s drops only %s, not ALL: it keeps the rest of the runtime's default capabilities",
		c.Describe(), o.Describe(), listText(names))
}
