package daemon

import (
	"strings"

	"github.com/stridelint/stridelint/parsers"
	pdaemon "github.com/stridelint/stridelint/parsers/daemon"
	"github.com/stridelint/stridelint/rules"
)

// endpoint is an address the daemon API listens on, where it is written.
type endpoint struct {
	pdaemon.Endpoint
	at where
}

// endpoints are the daemon's listen addresses: hosts / -H, and the TCP
// ListenStream= of the socket unit when dockerd takes its sockets from
// systemd (-H fd://).
func (h *Host) endpoints() []endpoint {
	var out []endpoint
	items := h.Items("hosts")
	fd := false
	for i, raw := range h.Config.Hosts {
		e := pdaemon.ParseEndpoint(raw)
		if e.Scheme == "fd" {
			fd = true
		}
		at := h.Anchor()
		if i < len(items) {
			at = items[i]
		}
		out = append(out, endpoint{e, at})
	}
	if fd && h.Socket != nil {
		for _, en := range h.Socket.Unit.Entries("Socket", "ListenStream") {
			v := strings.TrimSpace(en.Value)
			if v == "" || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "@") {
				continue
			}
			if isDigits(v) {
				v = ":" + v // a port alone listens on every address
			}
			out = append(out, endpoint{pdaemon.ParseEndpoint("tcp://" + v),
				where{Path: h.Socket.Src.Path, Range: en.Range(), Text: "ListenStream=" + en.Value + " of the socket unit"}})
		}
	}
	return out
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

var plainTCPAPI = &rules.Rule{
	ID:       "DD001",
	Title:    "daemon API on TCP without TLS client verification",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `The Docker daemon listens on a TCP address with neither ` + "`tls`" + ` nor ` + "`tlsverify`" + `: the
API is plain HTTP with no authentication at all. Anyone who can reach the port — on the
network, or any local user and container for a loopback address — can run
` + "`docker run --privileged -v /:/host`" + ` and own the host. Port 2375 is scanned for on the
internet within minutes of being exposed.

The listen addresses are read from ` + "`hosts`" + ` in daemon.json, from ` + "`-H`/`--host`" + ` on the dockerd
command line of the systemd unit (drop-ins and ` + "`$DOCKER_OPTS`" + ` from its environment files
included), and from a TCP ` + "`ListenStream=`" + ` of docker.socket when dockerd is started with
` + "`-H fd://`" + `. An address without a scheme (` + "`0.0.0.0:2375`" + `) is TCP, as dockerd reads it. A
daemon with ` + "`tls`" + ` but no ` + "`tlsverify`" + ` is reported by DD002.`,
	Remediation: `Listen on the local Unix socket only (remove the ` + "`tcp://`" + ` entry), and reach a remote
daemon over SSH (` + "`DOCKER_HOST=ssh://user@host`" + `). If TCP is required, set
` + "`\"tlsverify\": true`" + ` with ` + "`tlscacert`" + `, ` + "`tlscert`" + ` and ` + "`tlskey`" + `, issue client certificates from
that CA only to the people and systems that may administer the host, and use port 2376.`,
	References: []rules.Reference{
		cis("2.7", "Ensure TLS authentication for Docker daemon is configured"),
		protectAccess, dockerdRef,
	},
	CheckProject: onHosts(checkPlainTCPAPI),
}

func checkPlainTCPAPI(p *rules.ProjectPass, h *Host) {
	if isTrue(h.Config.TLS) || isTrue(h.Config.TLSVerify) {
		return
	}
	for _, e := range h.endpoints() {
		if !e.TCP() {
			continue
		}
		where := "on the network"
		if e.Loopback() {
			where = "to every local user and to containers sharing the host network"
		}
		report(p, e.at, "hosts:"+e.Raw, 0,
			"the Docker API listens on %s without TLS (no tls/tlsverify): it is open %s with no authentication, and full access to the API is root on the host", e.Raw, where)
	}
}

var tlsNoVerify = &rules.Rule{
	ID:       "DD002",
	Title:    "daemon API with TLS but no client auth",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `The daemon serves its API over TCP with ` + "`tls: true`" + ` (or ` + "`--tls`" + `) but without
` + "`tlsverify`" + `: the traffic is encrypted, yet the daemon accepts every client, certificate or
not. Encryption without client authentication protects against eavesdropping only; anyone
who reaches the port still has root on the host through the API.`,
	Remediation: `Set ` + "`\"tlsverify\": true`" + ` (or ` + "`--tlsverify`" + `) with ` + "`tlscacert`" + ` naming the CA that signs client
certificates, and give client certificates only to those who may administer the host.`,
	References: []rules.Reference{
		cis("2.7", "Ensure TLS authentication for Docker daemon is configured"),
		protectAccess,
	},
	CheckProject: onHosts(checkTLSNoVerify),
}

func checkTLSNoVerify(p *rules.ProjectPass, h *Host) {
	if !isTrue(h.Config.TLS) || isTrue(h.Config.TLSVerify) {
		return
	}
	for _, e := range h.endpoints() {
		if !e.TCP() {
			continue
		}
		at, ok := h.Where("tls")
		if !ok {
			at = e.at
		}
		report(p, at, "tls", 0, "the Docker API on %s uses TLS without tlsverify: any client is accepted, with or without a certificate", e.Raw)
		return
	}
}

var apiAllInterfaces = &rules.Rule{
	ID:       "DD003",
	Title:    "daemon API bound to all interfaces",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.Spoofing, rules.InformationDisclosure},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `The daemon's TCP API listens on every interface (` + "`tcp://0.0.0.0`" + `, ` + "`tcp://:2376`" + `,
` + "`tcp://[::]`" + `, a bare port in docker.socket's ` + "`ListenStream=`" + `). Even with TLS client
verification the API is then reachable from every network the host is on, so a stolen
client certificate or a TLS flaw is exploitable from anywhere rather than from a management
network only.`,
	Remediation: `Bind the API to the management interface's address (` + "`tcp://10.0.0.5:2376`" + `) or to
loopback behind an SSH tunnel, and firewall the port.`,
	References: []rules.Reference{protectAccess, dockerdRef},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		for _, e := range h.endpoints() {
			if e.TCP() && e.AllInterfaces() {
				report(p, e.at, "hosts:"+e.Raw, 0, "the Docker API listens on every interface (%s): bind it to a management address", e.Raw)
			}
		}
	}),
}
