package compose

import (
	"slices"
	"strings"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var sharedPropagation = &rules.Rule{
	ID:       "DC027",
	Title:    "shared mount propagation",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker4},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A bind mount uses ` + "`shared`" + ` or ` + "`rshared`" + ` propagation. Mounts then propagate both
ways: whatever the container mounts under that path appears on the host too (and in every
other container sharing it). A container able to mount — one with SYS_ADMIN, or privileged —
can cover host directories with its own content, or expose host file systems to itself.

Both syntaxes are read: the short form's mode (` + "`/mnt:/mnt:rshared`" + `, ` + "`ro,shared`" + `) and the
long form's ` + "`bind.propagation`" + `.

Not flagged: ` + "`private`" + `, ` + "`rprivate`" + ` (the default), ` + "`slave`" + ` and ` + "`rslave`" + `, which let host
mounts into the container but never the other way.`,
	Remediation: `Remove the propagation option, or use ` + "`rslave`" + ` when the container must see mounts the
host makes later (a storage or backup agent):

` + "```yaml" + `
services:
  agent:
    volumes:
      - type: bind
        source: /mnt/data
        target: /mnt/data
        bind:
          propagation: rslave
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.20: Ensure mount propagation mode is not set to shared", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: volumes (long syntax, bind.propagation)", URL: "https://docs.docker.com/reference/compose-file/services/#volumes"},
		{Title: "Docker docs: Bind propagation", URL: "https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation"},
	},
	Check: eachService(checkSharedPropagation),
}

func checkSharedPropagation(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	for _, v := range s.Config.Volumes {
		if v.Type != "bind" {
			continue
		}
		loc := proj.LocateItem(s, at("volumes"), pcompose.MatchVolume(v))
		prop := ""
		if v.Bind != nil {
			prop = strings.ToLower(v.Bind.Propagation)
		}
		// compose-go reads the propagation from the short syntax's mode;
		// the written mode is checked too in case a version does not.
		if prop == "" {
			modes := volumeModes(loc)
			if slices.Contains(modes, "rshared") {
				prop = "rshared"
			} else if slices.Contains(modes, "shared") {
				prop = "shared"
			}
		}
		if prop != "shared" && prop != "rshared" {
			continue
		}
		report(p, s, within(loc, "bind", "propagation"), "service %q mounts %s at %s with %s propagation: mounts made in the container appear on the host",
			s.Name, writtenSource(loc, v), v.Target, prop)
	}
}
