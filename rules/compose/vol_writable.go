package compose

import (
	"go.yaml.in/yaml/v3"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/hostpath"
)

var writableHostPath = &rules.Rule{
	ID:       "DC004",
	Title:    "host path mounted read-write",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker4},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "compose",
	Help: `A service bind-mounts a host path without making it read-only. Whatever runs in the
container — including an attacker who compromises it — can change, delete or plant files on
the host there: configuration the host or other services read, scripts they run, data they
trust.

Both syntaxes are read: the short ` + "`./conf:/etc/app`" + ` (read-write unless the mode says
` + "`ro`" + `) and the long ` + "`type: bind`" + ` (read-write unless ` + "`read_only: true`" + `). Relative
paths (` + "`./src:/app`" + `) are host paths too: a development setup that mounts the source tree
read-write is reported, at low severity, because a container that can rewrite the source
can also rewrite ` + "`.git/hooks`" + ` or the build scripts you run next.

Not flagged: named volumes and anonymous volumes (Docker-managed storage, not the host's
files), ` + "`tmpfs`" + `, a source that is a bare unresolved variable (` + "`${DATA_DIR}`" + `, which may
name a volume), and runtime sockets (DC002 — read-only does not help there). Sensitive
system paths are also DC003's, whatever their mode.`,
	Remediation: `Add ` + "`:ro`" + ` (short syntax) or ` + "`read_only: true`" + ` (long syntax) to every host path
the service only reads, and give it a named volume for what it writes:

` + "```yaml" + `
services:
  web:
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
      - type: bind
        source: ./static
        target: /usr/share/nginx/html
        read_only: true
      - cache:/var/cache/nginx
volumes:
  cache: {}
` + "```",
	References: []rules.Reference{
		{Title: "Compose file reference: volumes", URL: "https://docs.docker.com/reference/compose-file/services/#volumes"},
		{Title: "Docker docs: Bind mounts (read-only bind mounts)", URL: "https://docs.docker.com/engine/storage/bind-mounts/"},
	},
	Check: eachService(checkWritableHostPath),
}

func checkWritableHostPath(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	for _, v := range s.Config.Volumes {
		if v.ReadOnly || !isHostPathMount(v) {
			continue
		}
		if _, socket := hostpath.RuntimeSocket(v.Source); socket {
			continue // DC002
		}
		loc := proj.LocateItem(s, at("volumes"), pcompose.MatchVolume(v))
		src := writtenSource(loc, v)
		hint := "add :ro if it only reads them"
		if n := itemNode(loc); n != nil && n.Kind == yaml.MappingNode {
			hint = "set read_only: true if it only reads them"
		}
		report(p, s, within(loc, "read_only"), "service %q mounts host path %s read-write at %s: the container can change these host files; %s",
			s.Name, src, v.Target, hint)
	}
}
