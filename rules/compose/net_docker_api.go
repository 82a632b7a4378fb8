package compose

import (
	"strconv"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var dockerAPIPortPublished = &rules.Rule{
	ID:       "DC018",
	Title:    "Docker API port published",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service publishes the Docker Engine API port: 2375 (plain HTTP, no authentication at
all) or 2376 (TLS). Such a container runs a Docker daemon (` + "`docker:dind`" + `) or forwards one
(a socket proxy, ` + "`socat`" + ` in front of ` + "`/var/run/docker.sock`" + `). Whoever reaches the API
can start a privileged container with the host's root filesystem mounted: it is root on
the host, or on the daemon's host for a proxy. Internet-wide scans find open 2375 ports
within minutes and cryptominers are deployed through them routinely.

Reported, once per ports entry:

- a container port 2375 or 2376 published in any form (` + "`\"2375:2375\"`" + `, ` + "`\"12375:2375\"`" + `,
  ` + "`\"2375\"`" + `, a range that contains it, long syntax ` + "`target: 2376`" + `);
- a host port 2375 or 2376 in front of another container port (` + "`\"2375:8080\"`" + `): the port
  announces the Docker API, which is what a proxy listening on 8080 serves.

It is reported on every interface, loopback included: on ` + "`127.0.0.1`" + ` every local user and
process gets root-equivalent access to the daemon, without being in the ` + "`docker`" + ` group.
A host port range that merely contains 2375 (` + "`\"2000-3000:80\"`" + `), a host port written as a
variable without a value in the scan, and ` + "`expose:`" + ` (not published) are not reported.`,
	Remediation: `Do not publish the Docker API. Clients in the same compose project reach a
Docker-in-Docker or socket-proxy service by name on the project network
(` + "`DOCKER_HOST=tcp://docker:2376`" + `), with TLS, without any ` + "`ports:`" + `:

` + "```yaml" + `
services:
  docker:
    image: docker:27-dind
    privileged: true
    environment:
      DOCKER_TLS_CERTDIR: /certs
    volumes:
      - certs:/certs/client
  ci:
    image: docker:27-cli
    environment:
      DOCKER_HOST: tcp://docker:2376
      DOCKER_TLS_VERIFY: "1"
      DOCKER_CERT_PATH: /certs/client
    volumes:
      - certs:/certs/client:ro
volumes:
  certs: {}
` + "```" + `

If a remote host must reach the daemon, use SSH (` + "`DOCKER_HOST=ssh://user@host`" + `) or 2376
with mutual TLS, bound to a private address.`,
	References: []rules.Reference{
		{Title: "Docker docs: Protect the Docker daemon socket", URL: "https://docs.docker.com/engine/security/protect-access/"},
		{Title: "CIS Docker Benchmark 2.7: Ensure TLS authentication for Docker daemon is configured", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: ports", URL: "https://docs.docker.com/reference/compose-file/services/#ports"},
	},
	Check: eachPortEntry(checkDockerAPIPort),
}

// dockerAPIPorts are the Docker Engine API's registered ports.
var dockerAPIPorts = map[int]string{
	2375: "the Docker API's plain-text port, without authentication",
	2376: "the Docker API's TLS port",
}

func checkDockerAPIPort(p *rules.Pass, s *pcompose.Service, e *portEntry) {
	for _, b := range e.Bindings {
		if what, ok := dockerAPIPorts[int(b.Target)]; ok {
			report(p, s, e.Loc, "service %q publishes container port %d, %s, as %s on %s: whoever reaches it controls the daemon and the host",
				s.Name, b.Target, what, e.hostPorts(), e.interfaces())
			return
		}
	}
	if e.PublishedUnknown || len(e.Bindings) != 1 {
		return
	}
	b := e.Bindings[0]
	host, err := strconv.Atoi(b.Published)
	if err != nil {
		return
	}
	if what, ok := dockerAPIPorts[host]; ok {
		report(p, s, e.Loc, "service %q publishes container port %d as host port %d, %s, on %s: if it serves the Docker API, as socket proxies do, whoever reaches it controls the host",
			s.Name, b.Target, host, what, e.interfaces())
	}
}
