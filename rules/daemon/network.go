package daemon

import (
	"net"
	"strings"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

var iccOn = &rules.Rule{
	ID:       "DD004",
	Title:    "inter-container communication on",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.Tampering, rules.InformationDisclosure},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `With ` + "`icc`" + ` (inter-container communication) left at its default, ` + "`true`" + `, every container on
the default bridge network can reach every port of every other one. A compromised container
can then probe and attack its neighbours (databases, admin ports) without any of them
publishing a port. The setting only governs the default ` + "`docker0`" + ` bridge; user-defined
networks isolate by network membership.`,
	Remediation: `Set ` + "`\"icc\": false`" + ` in daemon.json (or ` + "`--icc=false`" + `), and let containers that must talk
share a user-defined network (or use ` + "`--link`" + ` on the default bridge).`,
	References: []rules.Reference{
		cis("2.2", "Ensure network traffic is restricted between containers on the default bridge"),
		{Title: "Docker docs: Bridge network driver", URL: "https://docs.docker.com/engine/network/drivers/bridge/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		setting(p, h, "icc", !isFalse(h.Config.ICC),
			"inter-container communication is on: containers on the default bridge can reach each other's ports",
			"inter-container communication is on by default: containers on the default bridge can reach each other's ports",
			"false", "--icc=false")
	}),
}

var userlandProxy = &rules.Rule{
	ID:       "DD005",
	Title:    "userland proxy on",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.Tampering, rules.DenialOfService},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `The userland proxy (` + "`docker-proxy`" + `) is on unless ` + "`userland-proxy`" + ` is false: dockerd starts
a proxy process for every published port, which widens the attack surface, costs a process
per port, and hides the client's source address from the container. Where hairpin NAT is
available (every current kernel) iptables forwarding does the job. This is the seed's failed
docker-bench check 2.16.`,
	Remediation: `Set ` + "`\"userland-proxy\": false`" + ` in daemon.json (or ` + "`--userland-proxy=false`" + `) and restart
dockerd.`,
	References: []rules.Reference{
		cis("2.16", "Ensure Userland Proxy is Disabled"),
		dockerdRef,
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		setting(p, h, "userland-proxy", !isFalse(h.Config.UserlandProxy),
			"the userland proxy is on: a docker-proxy process serves every published port",
			"the userland proxy is on by default: a docker-proxy process serves every published port (CIS 2.16)",
			"false", "--userland-proxy=false")
	}),
}

var iptablesOff = &rules.Rule{
	ID:       "DD006",
	Title:    "iptables management off",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.Tampering, rules.InformationDisclosure},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `With ` + "`iptables: false`" + ` dockerd no longer writes the firewall rules that isolate networks
and implement ` + "`icc: false`" + ` and published-port bindings: containers of different networks
can reach each other and ` + "`-p 127.0.0.1:…`" + ` no longer means what it says, unless the host's
own firewall redoes all of it by hand.`,
	Remediation: `Remove ` + "`\"iptables\": false`" + ` (and ` + "`--iptables=false`" + `): let dockerd manage its chains, and put
host policy in the ` + "`DOCKER-USER`" + ` chain.`,
	References: []rules.Reference{
		cis("2.4", "Ensure Docker is allowed to make changes to iptables"),
		{Title: "Docker docs: Packet filtering and firewalls", URL: "https://docs.docker.com/engine/network/packet-filtering-firewalls/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		if isFalse(h.Config.IPTables) {
			w, _ := h.Where("iptables")
			report(p, w, "iptables", 0, "dockerd does not manage iptables (%s): network isolation and port bindings are no longer enforced", w.Text)
		}
	}),
}

var insecureRegistries = &rules.Rule{
	ID:       "DD007",
	Title:    "insecure registries",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Spoofing, rules.Tampering},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `An entry of ` + "`insecure-registries`" + ` (` + "`--insecure-registry`" + `) lets the daemon pull from that
registry over plain HTTP or with an unverified certificate; a ` + "`registry-mirrors`" + ` entry over
` + "`http://`" + ` does the same for every Docker Hub pull. Anyone on the path can then serve a
tampered image, which the host runs. A registry on loopback (` + "`localhost:5000`" + `,
` + "`127.0.0.1`" + `) is reported at low severity: its traffic does not leave the host.`,
	Remediation: `Serve the registry over HTTPS with a certificate the daemon trusts (put a private CA in
` + "`/etc/docker/certs.d/<registry>/ca.crt`" + `) and remove it from ` + "`insecure-registries`" + `; use
` + "`https://`" + ` mirrors.`,
	References: []rules.Reference{
		cis("2.5", "Ensure insecure registries are not used"),
		{Title: "Docker docs: Test an insecure registry", URL: "https://docs.docker.com/registry/insecure/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		items := h.Items("insecure-registries")
		for i, reg := range h.Config.InsecureRegistries {
			at := h.Anchor()
			if i < len(items) {
				at = items[i]
			}
			sev := rules.Severity(0)
			if loopbackRegistry(reg) {
				sev = rules.Low
			}
			report(p, at, "insecure-registries:"+reg, sev, "registry %s is insecure: images are pulled from it without TLS verification and can be swapped in transit", reg)
		}
		mirrors := h.Items("registry-mirrors")
		for i, m := range h.Config.RegistryMirrors {
			if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(m)), "http://") {
				continue
			}
			at := h.Anchor()
			if i < len(mirrors) {
				at = mirrors[i]
			}
			report(p, at, "registry-mirrors:"+m, 0, "registry mirror %s is plain HTTP: every Docker Hub pull goes through it unencrypted and unverified", m)
		}
	}),
}

// loopbackRegistry reports whether a registry (host[:port] or CIDR) is on
// the local host.
func loopbackRegistry(reg string) bool {
	host := strings.TrimSpace(reg)
	host = strings.TrimPrefix(strings.TrimPrefix(host, "http://"), "https://")
	if _, n, err := net.ParseCIDR(host); err == nil {
		return n.IP.IsLoopback()
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

var bindAllInterfaces = &rules.Rule{
	ID:       "DD018",
	Title:    "default bind IP all interfaces",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.InformationDisclosure},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `` + "`ip`" + ` is the address a published port binds to when the port mapping names none
(` + "`-p 8080:80`" + `, compose ` + "`\"8080:80\"`" + `). Unset (or ` + "`0.0.0.0`" + `), every such port is open on every
interface of the host, and Docker's iptables rules sit before most host firewalls' rules —
a database published "for local debugging" is on the internet.`,
	Remediation: `Set ` + "`\"ip\": \"127.0.0.1\"`" + ` (or the internal interface's address) in daemon.json (or
` + "`--ip=127.0.0.1`" + `), and publish deliberately public ports with an explicit address
(` + "`-p 0.0.0.0:443:443`" + `).`,
	References: []rules.Reference{
		cis("5.14", "Ensure that incoming container traffic is bound to a specific host interface"),
		{Title: "Docker docs: Port publishing and mapping", URL: "https://docs.docker.com/engine/network/port-publishing/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		ip := strings.TrimSpace(h.Config.IP)
		all := ip == "" || ip == "0.0.0.0" || ip == "::" || ip == "[::]"
		setting(p, h, "ip", all,
			"published ports bind to every interface by default",
			"published ports bind to every interface by default (ip unset)",
			`"127.0.0.1"`, "--ip=127.0.0.1")
	}),
}
