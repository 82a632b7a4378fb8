package compose

import (
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var writableRootFS = &rules.Rule{
	ID:       "DC016",
	Title:    "writable root filesystem",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service's root filesystem is writable (` + "`read_only`" + ` is not ` + "`true`" + `). An attacker who gets
code execution can then replace binaries and libraries of the image, drop tools, or plant
persistence that survives until the container is recreated. A read-only root filesystem
also documents exactly where the service writes: its volumes and tmpfs mounts.

One finding per service: at ` + "`read_only: false`" + ` when it is written (also through a variable's
default, ` + "`${RO:-false}`" + `), at the service otherwise. A ` + "`read_only`" + ` written with a variable
that has no default is unknown and not judged.`,
	Remediation: `Make the root filesystem read-only and give the service tmpfs or volumes for the paths it
writes:

` + "```yaml" + `
services:
  web:
    read_only: true
    tmpfs:
      - /tmp
      - /var/cache/nginx
      - /var/run
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.13: Ensure that the container's root filesystem is mounted as read only", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: read_only", URL: "https://docs.docker.com/reference/compose-file/services/#read_only"},
	},
	Check: eachService(checkWritableRootFS),
}

func checkWritableRootFS(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	if s.Config.ReadOnly || writesUnknown(s, "read_only") {
		return
	}
	if loc := proj.Locate(s, at("read_only")); loc.Exact {
		report(p, s, loc, "service %q sets read_only: false: whoever compromises it can replace its programs and plant files that stay until the container is recreated", s.Name)
		return
	}
	report(p, s, proj.ServiceLocation(s), "service %q has a writable root filesystem (no read_only: true): whoever compromises it can replace its programs and plant files that stay until the container is recreated", s.Name)
}
