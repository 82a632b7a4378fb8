package compose

import (
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

// The host-namespace rules (DC005–DC009) share one check: the setting's
// value is exactly "host" (Docker compares it so; "service:x" and
// "container:x" join another container's namespace, not the host's).

func hostNamespaceCheck(key string, value func(*pcompose.Service) string, consequence string) func(*rules.Pass) {
	return eachService(func(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
		if value(s) != "host" {
			return
		}
		report(p, s, proj.Locate(s, at(key)), "service %q sets %s: host: %s", s.Name, key, consequence)
	})
}

var hostNetwork = &rules.Rule{
	ID:       "DC005",
	Title:    "host network namespace",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.DenialOfService},
	Kind:     "compose",
	Help: `A service sets ` + "`network_mode: host`" + `. Its container shares the host's network stack: it
can reach every service the host listens on, including those bound to ` + "`127.0.0.1`" + ` for
safety (databases, the Docker API on a TCP socket, cloud metadata proxies), bind any host
port, and with NET_RAW or NET_ADMIN sniff or reconfigure the host's traffic. Network
isolation between containers and published-port rules no longer apply to it.

Not flagged: ` + "`bridge`" + `, ` + "`none`" + `, user-defined networks, and ` + "`service:<name>`" + ` /
` + "`container:<name>`" + `, which join another container's namespace.`,
	Remediation: `Remove ` + "`network_mode: host`" + ` and publish only the ports the service serves, bound to the
interface that needs them:

` + "```yaml" + `
services:
  web:
    ports:
      - "127.0.0.1:8080:80"
    networks: [frontend]
networks:
  frontend: {}
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.10: Ensure that the host's network namespace is not shared", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: network_mode", URL: "https://docs.docker.com/reference/compose-file/services/#network_mode"},
		{Title: "Docker docs: Host network driver", URL: "https://docs.docker.com/engine/network/drivers/host/"},
	},
	Check: hostNamespaceCheck("network_mode", func(s *pcompose.Service) string { return s.Config.NetworkMode },
		"it shares the host's network stack, reaches services bound to the host's localhost and bypasses network isolation"),
}

var hostPID = &rules.Rule{
	ID:       "DC006",
	Title:    "host PID namespace",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service sets ` + "`pid: host`" + `. Its container sees every process of the host, with their
command lines and (as root) their environment and open files under ` + "`/proc/<pid>`" + `; with
the right capability it can signal or trace them, and ` + "`/proc/1/root`" + ` leads to the host's
root filesystem.

Not flagged: ` + "`service:<name>`" + ` and ` + "`container:<name>`" + `, which share another container's
process namespace (a debugging sidecar), not the host's.`,
	Remediation: `Remove ` + "`pid: host`" + `. To debug another service, share that service's namespace instead:

` + "```yaml" + `
services:
  debug:
    pid: "service:app"
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.16: Ensure that the host's process namespace is not shared", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: pid", URL: "https://docs.docker.com/reference/compose-file/services/#pid"},
	},
	Check: hostNamespaceCheck("pid", func(s *pcompose.Service) string { return s.Config.Pid },
		"it sees and, with the right capability, can signal or trace every host process"),
}

var hostIPC = &rules.Rule{
	ID:       "DC007",
	Title:    "host IPC namespace",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service sets ` + "`ipc: host`" + `. Its container shares the host's System V IPC objects and
POSIX message queues: it can read and write the shared memory segments of host processes
(databases, browsers, X servers) and interfere with their semaphores.

Not flagged: ` + "`private`" + `, ` + "`shareable`" + `, and ` + "`service:<name>`" + ` / ` + "`container:<name>`" + `,
which share memory with one chosen container rather than the whole host.`,
	Remediation: `Remove ` + "`ipc: host`" + `. When two services need shared memory, share it between them only:

` + "```yaml" + `
services:
  producer:
    ipc: shareable
  consumer:
    ipc: "service:producer"
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.17: Ensure that the host's IPC namespace is not shared", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: ipc", URL: "https://docs.docker.com/reference/compose-file/services/#ipc"},
	},
	Check: hostNamespaceCheck("ipc", func(s *pcompose.Service) string { return s.Config.Ipc },
		"it can read and write the shared memory of host processes"),
}

var hostUserNS = &rules.Rule{
	ID:       "DC008",
	Title:    "host user namespace",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service sets ` + "`userns_mode: host`" + `. On a daemon that remaps users (` + "`userns-remap`" + `),
where root in a container is an unprivileged user on the host, this opts the service out:
its root is the host's root again, so a container escape or a writable host mount gives
root on the host. On a daemon without remapping the setting changes nothing today, but it
pins the service to the weaker mode.`,
	Remediation: `Remove ` + "`userns_mode: host`" + `. If the service needs host-root ownership on a mounted path,
fix the ownership of that path for the remapped user instead.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.31: Ensure that the host's user namespaces are not shared", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: userns_mode", URL: "https://docs.docker.com/reference/compose-file/services/#userns_mode"},
		{Title: "Docker docs: Isolate containers with a user namespace", URL: "https://docs.docker.com/engine/security/userns-remap/"},
	},
	Check: hostNamespaceCheck("userns_mode", func(s *pcompose.Service) string { return s.Config.UserNSMode },
		"it opts out of user-namespace remapping, so root in it is root on the host"),
}

var hostUTS = &rules.Rule{
	ID:       "DC009",
	Title:    "host UTS namespace",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service sets ` + "`uts: host`" + `. Its container shares the host's hostname and NIS domain
name; with CAP_SYS_ADMIN it can change the host's hostname, which other systems (logging,
Kerberos, cluster membership) may trust.`,
	Remediation: `Remove ` + "`uts: host`" + `. To give the container a particular name, set it:

` + "```yaml" + `
services:
  app:
    hostname: app.internal
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.21: Ensure that the host's UTS namespace is not shared", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: uts", URL: "https://docs.docker.com/reference/compose-file/services/#uts"},
	},
	Check: hostNamespaceCheck("uts", func(s *pcompose.Service) string { return s.Config.Uts },
		"it shares the host's hostname and, with SYS_ADMIN, can change it"),
}
