package kube

import (
	"fmt"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/capability"
)

var privilegeEscalation = &rules.Rule{
	ID:       "KW002",
	Title:    "privilege escalation allowed",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container's ` + "`allowPrivilegeEscalation`" + ` is not ` + "`false`" + `. The field decides whether the
container's processes get Linux's ` + "`no_new_privs`" + ` flag; without it a process gains privileges
when it executes a setuid or setgid binary (` + "`su`, `sudo`, `mount`, `passwd`" + ` in many base images)
or a file with capabilities. An attacker who has code execution as the container's non-root
user runs such a binary — or exploits a bug in one — to become root in the container, which
is one kernel or runtime bug away from the node. Kubernetes allows escalation unless the field
says ` + "`false`" + `: unset is allowed. The Pod Security Standards require ` + "`false`" + ` at the Restricted level.

Escalation is always possible for a privileged container and one that adds ` + "`CAP_SYS_ADMIN`" + `,
whatever the field says: the API server rejects ` + "`allowPrivilegeEscalation: false`" + ` together with
` + "`privileged: true`" + ` or ` + "`capabilities.add: [CAP_SYS_ADMIN]`" + `. The message says so when that is the
case, and such a contradictory ` + "`false`" + ` is reported at ` + "`privileged`" + ` or the capability entry.

Where findings point: at ` + "`allowPrivilegeEscalation: true`" + ` when it is written, at the container
(its ` + "`- name:`" + ` line) when the field is absent. The field exists only on containers (the pod
securityContext has none), so every container needs its own ` + "`false`" + `. Init containers are
judged like the others (they run before the application, with the same volumes and service
account), and so are ephemeral (debug) containers.

Not flagged: ` + "`allowPrivilegeEscalation: false`" + ` — also next to ` + "`SYS_ADMIN`" + ` written without the
` + "`CAP_`" + ` prefix or ` + "`ALL`" + `, which the API server accepts and which then do run with ` + "`no_new_privs`" + `
(KW014 reports those capabilities); Windows pods (` + "`spec.os.name: windows`" + `, a
` + "`kubernetes.io/os: windows`" + ` node selector or required node affinity, or ` + "`windowsOptions`" + ` set),
which have no such flag and on which the API server rejects the field.

A container without an ` + "`image`" + ` is a fragment — a kustomize patch, or a template whose image
configuration management fills in — and what it leaves out may come from the base it is
merged into: only what it writes is judged.`,
	Remediation: `Set ` + "`allowPrivilegeEscalation: false`" + ` on every container (init and ephemeral containers
included), and remove ` + "`privileged: true`" + ` and ` + "`CAP_SYS_ADMIN`" + ` where they are the reason it cannot be:

` + "```yaml" + `
containers:
- name: app
  securityContext:
    allowPrivilegeEscalation: false
    capabilities:
      drop: [ALL]
` + "```" + `

An application that legitimately calls a setuid helper (rare in containers) should instead
run with the one capability the helper would have given it.`,
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Restricted: Privilege Escalation)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Configure a Security Context", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"},
		{Title: "Linux kernel docs: No New Privileges Flag", URL: "https://docs.kernel.org/userspace-api/no_new_privs.html"},
		{Title: "CIS Kubernetes Benchmark 5.2.6: Minimize the admission of containers with allowPrivilegeEscalation", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachContainer(checkPrivilegeEscalation),
}

// escalationCause is what makes escalation possible whatever
// allowPrivilegeEscalation says: privileged: true, or an added SYS_ADMIN
// (or ALL, which includes it).
type escalationCause struct {
	what string
	path yamlpos.Path
	// rejected: the API server refuses allowPrivilegeEscalation: false
	// with this cause (privileged: true, or exactly "CAP_SYS_ADMIN").
	rejected bool
}

func escalationCauseOf(c *pkube.Container) *escalationCause {
	e := c.Effective
	if e.Privileged.Set && e.Privileged.Value {
		return &escalationCause{what: "it is privileged", path: e.Privileged.Path, rejected: true}
	}
	if caps := e.Capabilities; caps.Set && caps.Value != nil {
		for i, cp := range caps.Value.Add {
			switch capability.Name(string(cp)) {
			case "SYS_ADMIN":
				return &escalationCause{what: "it adds " + string(cp), path: caps.Path.Key("add").Index(i), rejected: cp == "CAP_SYS_ADMIN"}
			case "ALL":
				return &escalationCause{what: "it adds ALL capabilities (SYS_ADMIN included)", path: caps.Path.Key("add").Index(i)}
			}
		}
	}
	return nil
}

func checkPrivilegeEscalation(p *rules.Pass, c *pkube.Container) {
	if c.Pod.Windows() != "" {
		return
	}
	o := c.Pod.Object
	who := fmt.Sprintf("%s of %s", c.Describe(), o.Describe())
	ape := c.Effective.AllowPrivilegeEscalation
	cause := escalationCauseOf(c)
	const gain = "its processes can gain privileges through setuid binaries and file capabilities"
	switch {
	case ape.Set && !ape.Value:
		if cause != nil && cause.rejected {
			reportAt(p, o, cause.path, "%s sets allowPrivilegeEscalation: false, but %s: the API server rejects that pair, and escalation cannot be switched off while %s",
				who, cause.what, cause.what)
		}
	case ape.Set:
		if cause != nil {
			reportAt(p, o, ape.Path, "%s sets allowPrivilegeEscalation: true (and it could not be false: %s): %s", who, cause.what, gain)
			return
		}
		reportAt(p, o, ape.Path, "%s sets allowPrivilegeEscalation: true: %s", who, gain)
	default:
		if cause != nil {
			reportAt(p, o, ape.Path, "%s allows privilege escalation: %s, so allowPrivilegeEscalation is always true for it and %s", who, cause.what, gain)
			return
		}
		if c.Fragment() {
			return
		}
		reportAt(p, o, ape.Path, "%s does not set allowPrivilegeEscalation: false, so it defaults to true and %s", who, gain)
	}
}
