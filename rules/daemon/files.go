package daemon

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

var daemonJSONOwner = &rules.Rule{
	ID:       "DD019",
	Title:    "daemon.json not owned by root:root",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `daemon.json decides how the daemon — a root process — runs: its listen addresses, TLS
files, registries, default runtime and plugins. When the file is owned by another user or
group, that user (or any member of the group, given group write) can make the daemon serve
its API on TCP or run a binary of their choosing as root at the next restart.

Only judged with ` + "`--host-root`" + `, where the files are the host's own with their real owner:
a repository checkout says nothing about the owner the file will have on a host. This is
the seed's failed docker-bench check 3.17.`,
	Remediation: "`chown root:root /etc/docker/daemon.json` (and `chmod 644` it, see DD020).",
	References: []rules.Reference{
		cis("3.17", "Ensure that the daemon.json file ownership is set to root:root"),
	},
	CheckProject: func(p *rules.ProjectPass) {
		for _, h := range hostsOf(p) {
			if !h.HostRoot || h.JSONSrc == nil {
				continue
			}
			uid, gid, ok := owner(h.JSONSrc.Info)
			if !ok || uid == 0 && gid == 0 {
				continue
			}
			p.Report(rules.Finding{Path: h.JSONSrc.Path, Range: parsers.Range{StartLine: 1}, Anchor: "owner",
				Message: fmt.Sprintf("%s is owned by uid %d, gid %d, not root:root: that user or group can reconfigure a root daemon", h.JSONSrc.HostPath, uid, gid)})
		}
	},
}

// hostFileRule is one CIS §3 file permission item.
type hostFileRule struct {
	cis  string
	what string
	max  fs.FileMode // the most permissive mode allowed
}

// fileRule says which §3 item covers a host path (ok false: none).
func fileRule(hostPath string) (hostFileRule, bool) {
	base := path.Base(hostPath)
	switch {
	case hostPath == "/etc/docker/daemon.json":
		return hostFileRule{"3.18", "daemon.json", 0o644}, true
	case hostPath == "/etc/default/docker":
		return hostFileRule{"3.20", "/etc/default/docker", 0o644}, true
	case hostPath == "/etc/sysconfig/docker":
		return hostFileRule{"3.22", "/etc/sysconfig/docker", 0o644}, true
	case strings.HasSuffix(hostPath, "/docker.service") || strings.Contains(hostPath, "/docker.service.d/"):
		return hostFileRule{"3.2", "the docker.service unit", 0o644}, true
	case strings.HasSuffix(hostPath, "/docker.socket") || strings.Contains(hostPath, "/docker.socket.d/"):
		return hostFileRule{"3.4", "the docker.socket unit", 0o644}, true
	case strings.HasPrefix(hostPath, "/etc/docker/"):
		switch {
		case strings.HasSuffix(base, "key.pem") || strings.HasSuffix(base, ".key"):
			return hostFileRule{"3.14", "the TLS key " + base, 0o400}, true
		case strings.HasPrefix(base, "ca") && (strings.HasSuffix(base, ".pem") || strings.HasSuffix(base, ".crt")):
			return hostFileRule{"3.10", "the TLS CA certificate " + base, 0o444}, true
		case strings.HasSuffix(base, ".pem") || strings.HasSuffix(base, ".crt") || strings.HasSuffix(base, ".cert"):
			return hostFileRule{"3.12", "the TLS certificate " + base, 0o444}, true
		}
	}
	return hostFileRule{}, false
}

var configWritable = &rules.Rule{
	ID:       "DD020",
	Title:    "config file writable by others",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `A file that configures the Docker daemon — daemon.json, the docker.service and
docker.socket units and their drop-ins, /etc/default/docker, /etc/sysconfig/docker — that
its group or every user can write lets them change how a root process starts: open the API
on TCP, point it at their own binaries. A TLS private key under /etc/docker readable by
anyone but its owner (mode other than 0400) lets them impersonate the daemon or its
clients; certificates must not be writable by group or others.

Only judged with ` + "`--host-root`" + ` (the modes of a repository checkout are not the host's).
Each finding names its CIS Docker Benchmark §3 item.`,
	Remediation: "`chmod 644` the configuration files and units (`go-w`), `chmod 400` TLS keys, `chmod 444` certificates; keep them owned by root:root.",
	References: []rules.Reference{
		cis("3.2", "Ensure that docker.service file permissions are appropriately set"),
		cis("3.4", "Ensure that docker.socket file permissions are appropriately set"),
		cis("3.10", "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively"),
		cis("3.12", "Ensure that Docker server certificate file permissions are set to 444 or more restrictively"),
		cis("3.14", "Ensure that Docker server certificate key file permissions are set to 400"),
		cis("3.18", "Ensure that daemon.json file permissions are set to 644 or more restrictive"),
		cis("3.20", "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively"),
		cis("3.22", "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively"),
	},
	CheckProject: func(p *rules.ProjectPass) {
		for _, f := range p.Files {
			src := f.Source
			if src.HostPath == "" || src.Info == nil {
				continue
			}
			fr, ok := fileRule(src.HostPath)
			if !ok {
				continue
			}
			mode := src.Info.Mode().Perm()
			var problem string
			switch {
			case fr.max == 0o400 && mode&^0o400 != 0:
				problem = "is not 0400: only its owner may read a private key"
			case mode&0o022 != 0:
				who := "every user"
				if mode&0o002 == 0 {
					who = "its group"
				}
				problem = "is writable by " + who
			default:
				continue
			}
			p.Report(rules.Finding{Path: src.Path, Range: parsers.Range{StartLine: 1}, Anchor: "mode", CIS: []string{fr.cis},
				Message: fmt.Sprintf("%s (%s, mode %04o) %s (CIS %s: %04o or stricter)", fr.what, src.HostPath, mode, problem, fr.cis, fr.max)})
		}
	},
}
