package kube

import (
	"net"
	"net/url"
	"strings"

	"github.com/stridelint/stridelint/rules"
)

var etcdRef = rules.Reference{Title: "etcd docs: Transport security model", URL: "https://etcd.io/docs/v3.5/op-guide/security/"}

// etcdSourcesHelp is the common paragraph of the etcd rules.
const etcdSourcesHelp = sourcesHelp + `

Defaults are those of etcd 3.5 (the version kubeadm 1.30+ deploys). etcd also reads every flag
from an ` + "`ETCD_*`" + ` variable (` + "`ETCD_CLIENT_CERT_AUTH=true`" + `): the
variables of a static pod's container and of a unit count, below the flags. An etcd started
with ` + "`--config-file`" + ` ignores its other flags and variables; it is not judged. An etcd run by
an ordinary workload (outside ` + "`kube-system`" + `, without ` + "`hostNetwork`" + `) is an application's, which
may rely on etcd's own user and password authentication: it is not judged either.`

var etcdClientAuth = &rules.Rule{
	ID:       "KC010",
	Title:    "etcd without client certificate auth",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.K8s2},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering, rules.Spoofing},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `etcd holds the whole cluster state: every Secret, every service account token's signing
trust, every RBAC binding. It authenticates clients only by TLS client certificate, and only
with ` + "`--client-cert-auth=true`" + ` (default false). Without it — or without a serving certificate
(` + "`--cert-file`" + `/` + "`--key-file`" + `), or with ` + "`--auto-tls`" + ` (a self-signed certificate nobody can verify) —
anyone who reaches the client port (2379) reads every Secret and can write a ClusterRoleBinding
that makes them cluster-admin, bypassing the API server's authentication, authorization,
admission and audit.

A ` + "`--listen-client-urls`" + ` URL with ` + "`http://`" + ` on a non-loopback address (the default is
` + "`http://localhost:2379`" + `) is critical: no TLS, no authentication, on the network. When every
client URL is ` + "`http://`" + ` on loopback (or a unix socket) the finding is high: any process on the
node — and any pod with ` + "`hostNetwork: true`" + ` — has the same access.` + etcdSourcesHelp,
	Remediation: "Serve clients on `https://` URLs only, with `--cert-file`, `--key-file`, `--trusted-ca-file` and `--client-cert-auth=true` (kubeadm does), and give the API server `--etcd-certfile`/`--etcd-keyfile`/`--etcd-cafile`.",
	References: []rules.Reference{
		cisK8s("2.1", "Ensure that the --cert-file and --key-file arguments are set as appropriate"),
		cisK8s("2.2", "Ensure that the --client-cert-auth argument is set to true"),
		cisK8s("2.3", "Ensure that the --auto-tls argument is not set to true"),
		etcdRef,
	},
	CheckProject: eachComponent(Etcd, func(p *rules.ProjectPass, c *component) {
		if _, ok := c.get("config-file"); ok {
			return
		}
		urls, uf, uset := c.list("listen-client-urls")
		if !uset {
			urls = []string{"http://localhost:2379"}
		}
		plain, remote, secure := classifyURLs(urls)
		if len(remote) > 0 {
			reportFlag(p, c, uf, uset, "listen-client-urls", 0, "%s serves clients over plain HTTP on %s: no TLS and no authentication — anyone who reaches the port reads and writes every object, Secrets included", c.describe(), joinAnd(remote))
			return
		}
		if !secure {
			reportFlag(p, c, uf, uset, "listen-client-urls", rules.High, "%s serves clients over plain HTTP on loopback (%s): no client authentication — any process on the node, hostNetwork pods included, reads and writes every Secret", c.describe(), valueText(uf, uset, "--listen-client-urls defaults to "+joinAnd(plain)))
			return
		}
		autoTLS, af, aset := c.boolValue("auto-tls")
		if aset && autoTLS {
			reportFlag(p, c, af, aset, "auto-tls", 0, "%s serves clients with a self-signed certificate (%s): clients cannot tell etcd from an impostor", c.describe(), flagText(af))
		}
		var missing []string
		for _, name := range []string{"cert-file", "key-file"} {
			if _, ok := c.get(name); !ok {
				missing = append(missing, "--"+name)
			}
		}
		if len(missing) > 0 && !autoTLS {
			reportFlag(p, c, flag{}, false, "cert-file", 0, "%s has no %s for its client URLs: it serves clients without a verifiable certificate", c.describe(), joinAnd(missing))
		}
		if v, f, set := c.boolValue("client-cert-auth"); !set || !v {
			reportFlag(p, c, f, set, "client-cert-auth", 0, "%s does not require client certificates (%s): anyone who reaches its client port reads and writes every Secret", c.describe(), valueText(f, set, "--client-cert-auth defaults to false"))
		}
	}),
}

var etcdPeerTLS = &rules.Rule{
	ID:       "KC011",
	Title:    "etcd peer TLS weak",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s2},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering, rules.Spoofing},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `etcd members replicate every write to each other over the peer port (2380). Without
` + "`--peer-client-cert-auth=true`" + ` (default false) any host that reaches the port can join or
impersonate a member and receive the whole data set; without ` + "`--peer-cert-file`" + `/` + "`--peer-key-file`" + `,
with ` + "`--peer-auto-tls`" + ` (self-signed) or with ` + "`http://`" + ` peer URLs, replication travels unencrypted or
unverified.

A single-member etcd (no ` + "`--initial-cluster`" + ` member other than itself) has no peer traffic yet:
its findings are low — the weakness matters the day a member is added. Peer URLs that are all
on loopback cannot be reached by another member and are not reported.` + etcdSourcesHelp,
	Remediation: "Use `https://` peer URLs with `--peer-cert-file`, `--peer-key-file`, `--peer-trusted-ca-file` and `--peer-client-cert-auth=true` (kubeadm does); never `--peer-auto-tls` in production.",
	References: []rules.Reference{
		cisK8s("2.4", "Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate"),
		cisK8s("2.5", "Ensure that the --peer-client-cert-auth argument is set to true"),
		cisK8s("2.6", "Ensure that the --peer-auto-tls argument is not set to true"),
		etcdRef,
	},
	CheckProject: eachComponent(Etcd, func(p *rules.ProjectPass, c *component) {
		if _, ok := c.get("config-file"); ok {
			return
		}
		urls, uf, uset := c.list("listen-peer-urls")
		if !uset {
			if c.Partial != "" {
				return
			}
			urls = []string{"http://localhost:2380"}
		}
		_, remote, secure := classifyURLs(urls)
		if len(remote) == 0 && !hasRemote(urls) {
			return // loopback only: no other member can reach it
		}
		sev, note := rules.Severity(0), ""
		// kubeadm writes --initial-cluster itself, with the members it
		// knows when the node joins: unknown here.
		kubeadm := c.Obj != nil && strings.HasPrefix(c.Obj.APIVersion, "kubeadm.k8s.io/")
		if members, _, set := c.list("initial-cluster"); (!set && c.Partial == "" && !kubeadm) || (set && distinctMembers(members) <= 1) {
			sev, note = rules.Low, " (a single-member etcd: no peer traffic yet, but a member added later replicates everything this way)"
		}
		if len(remote) > 0 {
			reportFlag(p, c, uf, uset, "listen-peer-urls", sev, "%s replicates to peers over plain HTTP on %s: every write, Secrets included, crosses the network unencrypted and unauthenticated%s", c.describe(), joinAnd(remote), note)
			return
		}
		if !secure {
			return
		}
		autoTLS, af, aset := c.boolValue("peer-auto-tls")
		if aset && autoTLS {
			reportFlag(p, c, af, aset, "peer-auto-tls", sev, "%s uses self-signed peer certificates (%s): members cannot verify each other%s", c.describe(), flagText(af), note)
		}
		var missing []string
		for _, name := range []string{"peer-cert-file", "peer-key-file"} {
			if _, ok := c.get(name); !ok {
				missing = append(missing, "--"+name)
			}
		}
		if len(missing) > 0 && !autoTLS {
			reportFlag(p, c, flag{}, false, "peer-cert-file", sev, "%s has no %s: its peer listener has no verifiable certificate%s", c.describe(), joinAnd(missing), note)
		}
		if v, f, set := c.boolValue("peer-client-cert-auth"); !set || !v {
			reportFlag(p, c, f, set, "peer-client-cert-auth", sev, "%s does not require peer certificates (%s): any host that reaches the peer port can pose as a member and receive every write%s", c.describe(), valueText(f, set, "--peer-client-cert-auth defaults to false"), note)
		}
	}),
}

// classifyURLs sorts etcd listen URLs: plain (http, unix) ones, the plain
// ones that are not on loopback, and whether any uses TLS (https, unixs).
func classifyURLs(urls []string) (plain, remote []string, secure bool) {
	for _, s := range urls {
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil {
			continue
		}
		switch strings.ToLower(u.Scheme) {
		case "https", "unixs":
			secure = true
		case "http":
			plain = append(plain, s)
			if !loopbackHost(u.Hostname()) {
				remote = append(remote, s)
			}
		case "unix":
			plain = append(plain, s)
		}
	}
	return plain, remote, secure
}

// hasRemote reports whether a listen URL (of any scheme) is reachable from
// other hosts.
func hasRemote(urls []string) bool {
	for _, s := range urls {
		u, err := url.Parse(strings.TrimSpace(s))
		if err == nil && (u.Scheme == "http" || u.Scheme == "https") && !loopbackHost(u.Hostname()) {
			return true
		}
	}
	return false
}

// loopbackHost reports whether an address is only reachable from the host
// itself (localhost, 127.0.0.0/8, ::1). Unknown names are not.
func loopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// distinctMembers counts the member names of an --initial-cluster list
// (name=url items; a member with several peer URLs is listed once per URL).
func distinctMembers(items []string) int {
	names := map[string]bool{}
	for _, it := range items {
		name, _, _ := strings.Cut(it, "=")
		names[name] = true
	}
	return len(names)
}
