package dockerfile

import (
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var pkgAptCLI = &rules.Rule{
	ID:       "DF039",
	Title:    "`apt` instead of `apt-get`",
	Severity: rules.Info,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "dockerfile",
	Help: `A ` + "`RUN`" + ` calls ` + "`apt`" + `, APT's command line for people. Its output, prompts and behaviour may change
between releases — it says so itself: "WARNING: apt does not have a stable CLI interface. Use
with caution in scripts." — so a base image update can break the build. ` + "`apt-get`" + ` and
` + "`apt-cache`" + ` are the stable interfaces for scripts.

Only ` + "`apt`" + ` run as a command is reported (through ` + "`sh -c`" + `, ` + "`sudo`" + ` and the like too); the word
in an ` + "`echo`" + `, a path or a comment is not.`,
	Remediation: `Use ` + "`apt-get`" + ` (install, update, upgrade, remove) or ` + "`apt-cache`" + ` (search, show, policy):

` + "```dockerfile" + `
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
` + "```",
	References: []rules.Reference{
		{Title: "apt(8): script usage and differences from other APT tools", URL: "https://manpages.debian.org/stable/apt/apt.8.en.html"},
	},
	Check: onFile(checkPkgAptCLI),
}

func checkPkgAptCLI(p *rules.Pass, f *pdockerfile.File) {
	for _, r := range pkgRuns(f, nil) {
		for i := range r.calls {
			c := &r.calls[i]
			if c.tool.name != "apt" {
				continue
			}
			p.Reportf(c.at(), anchor(r.stage, r.in)+":"+c.label(),
				"%s: apt's command line is not stable for scripts and may change under the build; use apt-get", c.label())
		}
	}
}
