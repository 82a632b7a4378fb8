package compose

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/capability"
)

// capName normalises a capability as Docker does: case-insensitive, with
// matchCap accepts the cap_add entry naming capability name, however it is
// spelled.
func matchCap(name string) func(*yaml.Node) bool {
	return func(item *yaml.Node) bool {
		return item.Kind == yaml.ScalarNode && capability.Name(item.Value) == name
	}
}

// dangerousCaps are the capabilities that break container isolation, with
// what each gives.
var dangerousCaps = map[string]string{
	"ALL":             "every capability, as good as privileged",
	"SYS_ADMIN":       "mount, namespaces and many kernel interfaces, the classic container escape",
	"SYS_PTRACE":      "tracing and injecting code into other processes",
	"SYS_MODULE":      "loading kernel modules, which is full control of the host",
	"NET_ADMIN":       "reconfiguring interfaces, routes and firewall rules",
	"DAC_READ_SEARCH": "reading any file by handle, which has escaped containers (shocker)",
	"BPF":             "loading eBPF programs into the kernel",
	"SYS_RAWIO":       "raw I/O on devices and memory",
}

var dangerousCapability = &rules.Rule{
	ID:       "DC010",
	Title:    "dangerous capability added",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service's ` + "`cap_add`" + ` grants a capability that breaks container isolation: ` + "`ALL`" + `,
` + "`SYS_ADMIN`" + ` (mounts and namespaces — the usual escape), ` + "`SYS_PTRACE`" + ` (inject into other
processes), ` + "`SYS_MODULE`" + ` (load kernel modules), ` + "`NET_ADMIN`" + ` (reconfigure interfaces and
firewall; with host networking, the host's), ` + "`DAC_READ_SEARCH`" + ` (open any file by handle — the
"shocker" escape), ` + "`BPF`" + ` (load eBPF programs) and ` + "`SYS_RAWIO`" + ` (raw device and memory I/O).

Each dangerous entry is reported at its line. Names are matched as Docker matches them:
case-insensitive, with or without ` + "`CAP_`" + ` (` + "`cap_sys_admin`" + ` is ` + "`SYS_ADMIN`" + `).

Not flagged: narrower capabilities a service commonly needs (` + "`NET_BIND_SERVICE`" + `,
` + "`CHOWN`" + `, ` + "`SETUID`" + `, ` + "`NET_RAW`" + `, ` + "`IPC_LOCK`" + `), and unresolved variables.`,
	Remediation: `Drop all capabilities and add back only narrow ones. If a tool asks for SYS_ADMIN to do
one thing (mount a FUSE file system, for example), look for a way that does not need it —
a device and a specific seccomp profile, or doing it on the host:

` + "```yaml" + `
services:
  app:
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.4: Ensure that Linux kernel capabilities are restricted within containers", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: cap_add", URL: "https://docs.docker.com/reference/compose-file/services/#cap_add"},
		{Title: "capabilities(7)", URL: "https://man7.org/linux/man-pages/man7/capabilities.7.html"},
	},
	Check: eachService(checkDangerousCapability),
}

func checkDangerousCapability(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	var seen []string
	for _, c := range s.Config.CapAdd {
		name := capability.Name(c)
		what, ok := dangerousCaps[name]
		if !ok || slices.Contains(seen, name) {
			continue
		}
		seen = append(seen, name)
		loc := locateEntry(proj, s, "cap_add", matchCap(name), matchInterpolated(name))
		report(p, s, loc, "service %q adds capability %s: %s", s.Name, name, what)
	}
}

var capabilitiesNotDropped = &rules.Rule{
	ID:       "DC011",
	Title:    "capabilities not dropped",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service does not drop all capabilities (` + "`cap_drop: [ALL]`" + `), so it runs with Docker's
default set: CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP,
NET_BIND_SERVICE, NET_RAW, SYS_CHROOT, MKNOD, AUDIT_WRITE and SETFCAP. Most services need
none of them once they run as a non-root user; kept, they widen what an attacker can do
after a compromise (NET_RAW allows spoofed packets on the container network, DAC_OVERRIDE
ignores file permissions) and what a kernel bug can be reached with.

One finding per service: at ` + "`cap_drop`" + ` when it is written without ` + "`ALL`" + `, at the
service otherwise.

Not flagged: ` + "`cap_drop`" + ` containing ` + "`ALL`" + ` (any case), whatever ` + "`cap_add`" + ` adds back
(DC010 judges those); privileged services, for which Docker ignores ` + "`cap_drop`" + ` (DC001
reports them); a ` + "`cap_drop`" + ` written with a variable that has no default, which is unknown.`,
	Remediation: `Drop everything and add back what the service needs:

` + "```yaml" + `
services:
  web:
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]   # only if it binds a port below 1024
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.4: Ensure that Linux kernel capabilities are restricted within containers", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: cap_drop", URL: "https://docs.docker.com/reference/compose-file/services/#cap_drop"},
	},
	Check: eachService(checkCapabilitiesNotDropped),
}

func checkCapabilitiesNotDropped(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	if s.Config.Privileged || writesUnknown(s, "cap_drop") {
		return
	}
	for _, c := range s.Config.CapDrop {
		if capability.Name(c) == "ALL" || pcompose.Unresolved(c) {
			return
		}
	}
	if len(s.Config.CapDrop) > 0 {
		report(p, s, proj.Locate(s, at("cap_drop")), "service %q drops only %s, not ALL: it keeps the rest of Docker's default capabilities",
			s.Name, strings.Join(s.Config.CapDrop, ", "))
		return
	}
	report(p, s, proj.ServiceLocation(s), "service %q does not drop capabilities (no cap_drop: [ALL]): it keeps Docker's default set, including NET_RAW and DAC_OVERRIDE", s.Name)
}
