package daemon

import (
	pdaemon "github.com/stridelint/stridelint/parsers/daemon"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var plainTCPAPI = &rules.Rule{
	ID:       "DD001",
	Title:    "daemon API on TCP without TLS client verification",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "daemon",
	Help: `The Docker daemon listens on a TCP address (` + "`hosts`" + ` in daemon.json) with neither
` + "`tls`" + ` nor ` + "`tlsverify`" + `: the API is plain HTTP with no authentication at all. Anyone who
can reach the port — on the network, or any local user and container for a loopback
address — can run ` + "`docker run --privileged -v /:/host`" + ` and own the host. Port 2375 is
scanned for on the internet within minutes of being exposed.

An address without a scheme (` + "`0.0.0.0:2375`" + `) is TCP, as dockerd reads it. A daemon
with ` + "`tls: true`" + ` but no ` + "`tlsverify`" + ` encrypts traffic but still accepts any client:
that is reported by DD002.`,
	Remediation: `Listen on the local Unix socket only (remove the ` + "`tcp://`" + ` entry), and reach a remote
daemon over SSH (` + "`DOCKER_HOST=ssh://user@host`" + `). If TCP is required, set
` + "`\"tlsverify\": true`" + ` with ` + "`tlscacert`" + `, ` + "`tlscert`" + ` and ` + "`tlskey`" + `, issue client certificates from
that CA only to the people and systems that may administer the host, and use port 2376.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 2.7: Ensure TLS authentication for Docker daemon is configured", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: Protect the Docker daemon socket", URL: "https://docs.docker.com/engine/security/protect-access/"},
		{Title: "Docker docs: daemon configuration file", URL: "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file"},
	},
	Check: onConfig(checkPlainTCPAPI),
}

func checkPlainTCPAPI(p *rules.Pass, f *pdaemon.File) {
	c := f.Config
	if isTrue(c.TLS) || isTrue(c.TLSVerify) {
		return
	}
	for i, h := range c.Hosts {
		e := pdaemon.ParseEndpoint(h)
		if !e.TCP() {
			continue
		}
		where := "on the network"
		if e.Loopback() {
			where = "to every local user and to containers sharing the host network"
		}
		path := yamlpos.P("hosts", i)
		r, _ := f.Range(path)
		p.Reportf(r, "daemon.json:"+path.String(),
			"the Docker API listens on %s without TLS (no tls/tlsverify): it is open %s with no authentication, and full access to the API is root on the host", h, where)
	}
}

func isTrue(b *bool) bool { return b != nil && *b }
