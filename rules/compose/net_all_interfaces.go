package compose

import (
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var portOnAllInterfaces = &rules.Rule{
	ID:       "DC017",
	Title:    "port published on all interfaces",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.InformationDisclosure},
	Kind:     "compose",
	Help: `A ` + "`ports`" + ` entry publishes a container port on every interface of the host. Without a
host address Docker binds ` + "`0.0.0.0`" + ` and ` + "`::`" + `: the service is reachable from every network
the host is on — the office LAN, the café Wi-Fi of a laptop, the Internet on a cloud VM —
and Docker inserts its own iptables rules ahead of the host firewall (ufw, firewalld), so
a firewall that "denies everything" usually does not protect a published port.

Reported, once per entry, at the entry:

- ` + "`\"8080:80\"`" + `, ` + "`\"8000-8010:8000-8010\"`" + `, ` + "`\"${PORT:-8080}:80\"`" + ` — no host address;
- ` + "`\"0.0.0.0:8080:80\"`" + `, ` + "`\"[::]:8080:80\"`" + `, long syntax with ` + "`host_ip: 0.0.0.0`" + ` or without ` + "`host_ip`" + `;
- ` + "`\"80\"`" + ` (a container port alone): Docker publishes it on a random host port, on
  every interface all the same.

Not reported: entries bound to an address (` + "`\"127.0.0.1:8080:80\"`" + `, ` + "`\"[::1]:80:80\"`" + `,
` + "`host_ip: 10.0.0.5`" + `), a host address written as a variable the scan has no value for
(` + "`host_ip: ${BIND_IP}`" + ` — unknown, not insecure), and ` + "`expose:`" + `, which publishes nothing
(the port is only documented for other containers on the same network).

A port that DC018 (Docker API) or DC019 (admin or data port) reports is reported here too:
those rules say what the port is, this one where it listens; each can be tuned on its own.`,
	Remediation: `Bind the port to the interface that needs it — usually the loopback, behind a reverse
proxy on the host, or a private address:

` + "```yaml" + `
services:
  web:
    ports:
      - "127.0.0.1:8080:80"
      - target: 443
        published: 8443
        host_ip: 10.0.0.5
` + "```" + `

Ports that only other containers need should not be published at all: containers on the
same network reach each other by service name (` + "`http://api:8080`" + `). To make
loopback the default for every port of the host, set ` + "`\"ip\": \"127.0.0.1\"`" + ` in
` + "`daemon.json`" + `.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.14: Ensure that incoming container traffic is bound to a specific host interface", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: ports", URL: "https://docs.docker.com/reference/compose-file/services/#ports"},
		{Title: "Docker docs: Packet filtering and firewalls (published ports bypass ufw/firewalld)", URL: "https://docs.docker.com/engine/network/packet-filtering-firewalls/"},
	},
	Check: eachPortEntry(checkPortOnAllInterfaces),
}

func checkPortOnAllInterfaces(p *rules.Pass, s *pcompose.Service, e *portEntry) {
	if len(e.publicBindings()) == 0 {
		return
	}
	report(p, s, e.Loc, "service %q publishes container %s as %s on %s: it is reachable from every network the host is on, past the host firewall",
		s.Name, e.targets(), e.hostPorts(), e.interfaces())
}
