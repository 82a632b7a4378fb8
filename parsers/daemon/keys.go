package daemon

import "strings"

// knownKeys are the top-level keys dockerd accepts in daemon.json (Linux
// and Windows, current and recent releases; keys that older releases
// accepted stay known so that an older host's file is not called invalid).
var knownKeys = stringSet(`allow-direct-routing allow-nondistributable-artifacts api-cors-header
authorization-plugins bip bip6 bridge builder cdi-spec-dirs cgroup-parent cluster-advertise
cluster-store cluster-store-opts containerd containerd-namespace containerd-plugins-namespace
cpu-rt-period cpu-rt-runtime data-root debug default-address-pools default-cgroupns-mode
default-gateway default-gateway-v6 default-ipc-mode default-network-opts default-runtime
default-shm-size default-ulimits disable-legacy-registry dns dns-opts dns-search exec-opts
exec-root experimental features firewall-backend fixed-cidr fixed-cidr-v6 graph group
host-gateway-ip host-gateway-ips hosts http-proxy https-proxy no-proxy icc init init-path
insecure-registries ip ip-forward ip-forward-no-drop ip-masq ip6tables iptables ipv6 labels
live-restore log-driver log-format log-level log-opts max-concurrent-downloads
max-concurrent-uploads max-download-attempts metrics-addr min-api-version mtu
no-new-privileges node-generic-resources oom-score-adjust pidfile proxies raw-logs
registry-mirrors rootless runtimes seccomp-profile selinux-enabled shutdown-timeout
storage-driver storage-opts swarm-default-advertise-addr tls tlscacert tlscert tlskey
tlsverify userland-proxy userland-proxy-path userns-remap network-diagnostic-port
network-control-plane-mtu swarm-raft-heartbeat-tick swarm-raft-election-tick cri-containerd
containerd-plugin-namespace default-init resolv-conf deprecated-key-path`)

func stringSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

// KnownKey reports whether dockerd accepts a daemon.json key.
func KnownKey(k string) bool { return knownKeys[k] }

// closestKey suggests the known key a misspelt one probably meant.
func closestKey(k string) string {
	best, bestD := "", 4
	for known := range knownKeys {
		if d := distance(strings.ToLower(k), known); d < bestD || (d == bestD && known < best) {
			best, bestD = known, d
		}
	}
	return best
}

// distance is the Levenshtein distance between two short strings.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
