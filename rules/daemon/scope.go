package daemon

import (
	"slices"

	"github.com/stridelint/stridelint/rules"
)

// The scopes of the daemon rules: what a scan must hold for them to judge
// anything. A repository with a compose file and a shell script has no
// Docker daemon configuration, and the threat-model report must say the
// daemon was not assessed rather than that it looked fine.

// DaemonScope is a Docker host whose daemon configuration is in the scan:
// daemon.json or a dockerd command line (see Host.Judged).
var DaemonScope = &rules.Scope{
	ID:    "docker-daemon",
	Title: "Docker daemon configuration",
	Missing: "No `daemon.json`, dockerd unit (`docker.service` and its drop-ins) or `/etc/default/docker` " +
		"with `DOCKER_OPTS` is in the scan. Add the hosts' daemon configuration to the repository, or scan a " +
		"host's filesystem with `--host-root DIR`.",
	Files: func(p *rules.ProjectPass) []rules.ScopeFile {
		var out []rules.ScopeFile
		for _, h := range hostsOf(p) {
			if h.Judged() {
				for _, path := range h.configFiles() {
					out = appendScopeFile(out, rules.ScopeFile{Path: path})
				}
			}
		}
		return out
	},
}

// HostFilesScope is the Docker configuration files of a host tree read
// with --host-root, whose owner and mode are the host's own (CIS §3).
var HostFilesScope = &rules.Scope{
	ID:    "docker-host-files",
	Title: "owner and mode of the Docker host's files",
	Missing: "Only judged on a host's own files (a checkout has no owner or mode): " +
		"scan the host's filesystem, or a snapshot that keeps them, with `--host-root DIR`.",
	Files: func(p *rules.ProjectPass) []rules.ScopeFile {
		var out []rules.ScopeFile
		for _, h := range hostsOf(p) {
			if h.HostRoot && h.JSONSrc != nil && h.JSONSrc.Info != nil {
				out = appendScopeFile(out, rules.ScopeFile{Path: h.JSONSrc.Path, CIS: []string{"3.17"}})
			}
		}
		for _, f := range p.Files {
			if f.Source.HostPath == "" || f.Source.Info == nil {
				continue
			}
			if fr, ok := fileRule(f.Source.HostPath); ok {
				out = appendScopeFile(out, rules.ScopeFile{Path: f.Source.Path, CIS: []string{fr.cis}})
			}
		}
		return out
	},
}

// HostEnvScope is the login environment of a host read with --host-root:
// where DOCKER_CONTENT_TRUST=1 must be set for every pull (CIS 4.5). A
// repository can turn content trust off in a script, but cannot show that
// the hosts that pull its images turn it on.
var HostEnvScope = &rules.Scope{
	ID:    "docker-host-env",
	Title: "content trust where images are pulled",
	Missing: "Whether `DOCKER_CONTENT_TRUST=1` is set where images are pulled is decided by the host's " +
		"environment (`/etc/environment`, `/etc/profile.d/*`, the docker unit), which a repository does not hold. " +
		"Scan the host's filesystem with `--host-root DIR`.",
	Files: func(p *rules.ProjectPass) []rules.ScopeFile {
		var out []rules.ScopeFile
		for _, h := range hostsOf(p) {
			if !h.HostRoot {
				continue
			}
			for _, e := range h.EnvFiles {
				out = appendScopeFile(out, rules.ScopeFile{Path: e.Src.Path})
			}
			for _, u := range h.Units {
				out = appendScopeFile(out, rules.ScopeFile{Path: u.Src.Path})
			}
		}
		return out
	},
}

func init() {
	for _, r := range []*rules.Rule{
		plainTCPAPI, tlsNoVerify, apiAllInterfaces,
		iccOn, userlandProxy, iptablesOff, insecureRegistries,
		usernsOff, noNewPrivsOff, seccompOff,
		liveRestoreOff, noAuthzPlugin, loggingWeak, experimentalOn, noUlimits, storageDriver,
		selinuxOff, bindAllInterfaces,
	} {
		r.Scope = DaemonScope
	}
	daemonJSONOwner.Scope = HostFilesScope
	configWritable.Scope = HostFilesScope
	contentTrustOff.Scope = HostEnvScope
}

// configFiles are the files that configure the host's daemon: daemon.json,
// the units, and the environment files dockerd's arguments come from.
func (h *Host) configFiles() []string {
	var out []string
	add := func(p string) {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if h.JSONSrc != nil {
		add(h.JSONSrc.Path)
	}
	for _, u := range h.Units {
		add(u.Src.Path)
	}
	if h.Socket != nil {
		add(h.Socket.Src.Path)
	}
	if h.Exec != nil {
		add(h.Exec.Path)
	}
	for _, a := range h.Args {
		add(a.Path)
	}
	return out
}

// appendScopeFile adds f, merging the CIS sections of a path already there.
func appendScopeFile(l []rules.ScopeFile, f rules.ScopeFile) []rules.ScopeFile {
	for i := range l {
		if l[i].Path == f.Path {
			if len(l[i].CIS) == 0 || len(f.CIS) == 0 {
				l[i].CIS = nil
				return l
			}
			for _, c := range f.CIS {
				if !slices.Contains(l[i].CIS, c) {
					l[i].CIS = append(l[i].CIS, c)
				}
			}
			return l
		}
	}
	return append(l, f)
}
