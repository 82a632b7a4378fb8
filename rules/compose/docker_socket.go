package compose

import (
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/hostpath"
)

var dockerSocketMounted = &rules.Rule{
	ID:       "DC002",
	Title:    "Docker daemon socket mounted",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service mounts the socket of a container runtime — ` + "`/var/run/docker.sock`" + `,
containerd, CRI-O or Podman — or a whole runtime directory such as ` + "`/var/run`" + ` that
contains it. Whoever can talk to that socket can start a privileged container with the
host's root filesystem mounted: a compromise of this service is a compromise of the host.
Mounting the socket read-only does not help — ` + "`:ro`" + ` protects the socket file, not the API
behind it.

Both volume syntaxes are understood (short ` + "`src:dst:ro`" + ` and long ` + "`type: bind`" + `), as is
the Windows named pipe ` + "`\\\\.\\pipe\\docker_engine`" + `.`,
	Remediation: `Remove the mount. If the service really needs the Docker API (a CI runner, a
reverse proxy reading container labels), put a filtering proxy in front of the socket that
allows only the calls it needs (read-only container listing, for example), or use a
rootless daemon dedicated to it.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.32: Ensure that the Docker socket is not mounted inside any containers", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: Protect the Docker daemon socket", URL: "https://docs.docker.com/engine/security/protect-access/"},
		{Title: "OWASP Docker Security Cheat Sheet, rule #1", URL: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
	},
	Check: eachService(checkDockerSocket),
}

func checkDockerSocket(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	for _, v := range s.Config.Volumes {
		if v.Type != "bind" && v.Type != "npipe" {
			continue
		}
		rt, ok := hostpath.RuntimeSocket(v.Source)
		if !ok {
			continue
		}
		loc := proj.LocateItem(s, at("volumes"), pcompose.MatchVolume(v))
		what := "the " + rt + " daemon socket " + v.Source
		if rt == hostpath.RuntimeDir {
			what = v.Source + ", which contains the container runtime sockets"
		}
		ro := ""
		if v.ReadOnly {
			ro = " (read-only does not help: it protects the file, not the API)"
		}
		report(p, s, loc, "service %q mounts %s%s: whoever controls this container controls the daemon and the host", s.Name, what, ro)
	}
}
