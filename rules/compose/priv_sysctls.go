package compose

import (
	"slices"
	"strings"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

// namespacedSysctl says which namespace a sysctl belongs to: "ipc", "net"
// or "uts" for the ones a container's own namespace isolates (the set
// Docker and runc accept), "" for the ones that are the host kernel's.
func namespacedSysctl(name string) string {
	switch {
	case slices.Contains([]string{"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
		"kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"}, name),
		strings.HasPrefix(name, "fs.mqueue."):
		return "ipc"
	case strings.HasPrefix(name, "net."):
		return "net"
	case name == "kernel.hostname" || name == "kernel.domainname":
		return "uts"
	}
	return ""
}

var unsafeSysctls = &rules.Rule{
	ID:       "DC031",
	Title:    "unsafe sysctls",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.DenialOfService},
	Kind:     "compose",
	Help: `A service sets a kernel parameter (` + "`sysctls`" + `) that its own namespaces do not isolate, so
it is the host kernel's: setting it changes the host for every process and container on it
(` + "`kernel.core_pattern`" + ` even runs a program as root on the host, ` + "`vm.*`" + ` tune the host's
memory). Current runtimes refuse most of these and the service then fails to start; older or
permissive ones apply them.

The namespaced set, accepted when the namespace is the container's own:

- IPC: ` + "`kernel.msgmax`" + `, ` + "`kernel.msgmnb`" + `, ` + "`kernel.msgmni`" + `, ` + "`kernel.sem`" + `, ` + "`kernel.shmall`" + `,
  ` + "`kernel.shmmax`" + `, ` + "`kernel.shmmni`" + `, ` + "`kernel.shm_rmid_forced`" + `, ` + "`fs.mqueue.*`" + ` — unsafe with
  ` + "`ipc: host`" + `;
- network: ` + "`net.*`" + ` — unsafe with ` + "`network_mode: host`" + `, where every ` + "`net.*`" + ` change
  (` + "`net.ipv4.ip_forward`" + `, ` + "`net.ipv4.conf.all.rp_filter`" + `) is the host's;
- UTS: ` + "`kernel.hostname`" + `, ` + "`kernel.domainname`" + ` — unsafe with ` + "`uts: host`" + `.

Everything else (` + "`kernel.*`" + ` outside that list, ` + "`vm.*`" + `, ` + "`fs.*`" + ` other than
` + "`fs.mqueue.*`" + `) is reported. Both syntaxes (map and ` + "`- key=value`" + ` list) are read; each
offending key is reported at its line.`,
	Remediation: `Set host-wide kernel parameters on the host (` + "`/etc/sysctl.d/`" + `), where they are reviewed
as host configuration, and keep in compose only the namespaced ones:

` + "```yaml" + `
services:
  search:
    sysctls:
      net.core.somaxconn: 1024
# vm.max_map_count=262144 goes in /etc/sysctl.d/99-elasticsearch.conf on the host
` + "```",
	References: []rules.Reference{
		{Title: "Compose file reference: sysctls", URL: "https://docs.docker.com/reference/compose-file/services/#sysctls"},
		{Title: "Docker run reference: Configure namespaced kernel parameters (sysctls) at runtime", URL: "https://docs.docker.com/reference/cli/docker/container/run/#sysctl"},
	},
	Check: eachService(checkUnsafeSysctls),
}

func checkUnsafeSysctls(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	host := map[string]string{"ipc": s.Config.Ipc, "net": s.Config.NetworkMode, "uts": s.Config.Uts}
	keys := make([]string, 0, len(s.Config.Sysctls))
	for k := range s.Config.Sysctls {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if pcompose.Unresolved(k) {
			continue
		}
		ns := namespacedSysctl(k)
		why := "it is not namespaced, so it sets the host kernel's value for everything on the host"
		if ns != "" {
			if host[ns] != "host" {
				continue
			}
			field := map[string]string{"ipc": "ipc", "net": "network_mode", "uts": "uts"}[ns]
			why = "with " + field + ": host the namespace is the host's, so it changes the host's value"
		}
		report(p, s, proj.LocateKey(s, at("sysctls"), k), "service %q sets sysctl %s: %s", s.Name, k, why)
	}
}
