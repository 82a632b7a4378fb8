package compose

import (
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var privilegedHostPort = &rules.Rule{
	ID:       "DC020",
	Title:    "privileged host port",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.Spoofing, rules.InformationDisclosure},
	Kind:     "compose",
	Help: `A service is published on a host port below 1024. Those ports are privileged: on the host
only root may listen on them, which is why clients trust that whatever answers on 22,
25, 53 or 443 is a system service. Docker's daemon runs as root and binds them on the
container's behalf, so a container — and whoever controls it — takes over a port the host
reserves for its own services, possibly one a host service was meant to use.

Reported, once per ports entry, on any interface: ` + "`\"80:80\"`" + `, ` + "`\"127.0.0.1:443:8443\"`" + `,
` + "`\"[::1]:53:53/udp\"`" + `, ` + "`\"80-90:80-90\"`" + `, ` + "`\"${HTTP_PORT:-80}:8080\"`" + ` (the default applies),
long syntax ` + "`published: 80`" + `, and a host port range that starts below 1024. What counts is
the **host** port: ` + "`\"8080:80\"`" + ` publishes port 80 of the container on 8080 and is fine. A
container port alone (` + "`\"80\"`" + `, a random host port above 32768), a host port written as a
variable without a default, and ` + "`expose:`" + ` are not reported.

This is a low-severity hygiene rule: a reverse proxy on 80/443 is a legitimate reason,
and then the finding documents it; suppress it on that line.`,
	Remediation: `Publish an unprivileged host port and let a reverse proxy (or a load balancer) own
80 and 443:

` + "```yaml" + `
services:
  web:
    ports:
      - "127.0.0.1:8080:80"
` + "```" + `

If the service is the reverse proxy and must own 80/443, keep the mapping and suppress
the finding with a comment saying so.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.8: Ensure that privileged ports are not mapped within containers", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: ports", URL: "https://docs.docker.com/reference/compose-file/services/#ports"},
	},
	Check: eachPortEntry(checkPrivilegedHostPort),
}

func checkPrivilegedHostPort(p *rules.Pass, s *pcompose.Service, e *portEntry) {
	if e.PublishedUnknown {
		return
	}
	for _, b := range e.Bindings {
		if lo, _, ok := hostPortRange(b.Published); ok && lo > 0 && lo < 1024 {
			report(p, s, e.Loc, "service %q publishes container %s as %s on %s: ports below 1024 are privileged, reserved on the host for root-run system services",
				s.Name, e.targets(), e.hostPorts(), e.interfaces())
			return
		}
	}
}
