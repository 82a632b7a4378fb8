package dockerfile

import (
	"regexp"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var pkgRecommends = &rules.Rule{
	ID:       "DF020",
	Title:    "recommended packages installed",
	Severity: rules.Info,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "dockerfile",
	Help: `` + "`apt-get install`" + ` (or ` + "`apt install`" + `) runs without ` + "`--no-install-recommends`" + `, so APT also installs
every package the requested ones merely recommend — often documentation, X11 libraries,
compilers, or a mail server. The image grows, often by hundreds of megabytes, and each extra
package is attack surface and a source of vulnerability-scanner findings for code the
application never uses.

Also counted as turned off: ` + "`-o APT::Install-Recommends=false`" + ` (or ` + "`0`" + `), ` + "`APT::Install-Recommends`" + `
written to APT's configuration by an earlier ` + "`RUN`" + `, and a file copied into
` + "`/etc/apt/apt.conf.d`" + ` (stridelint cannot read it). Only the image's own stages are judged — the final
stage (or ` + "`--target`" + `) and the stages it is built ` + "`FROM`" + `: a build stage's extra packages do not
ship. A command with an unreadable word (` + "`$APT_OPTS`" + `) is not judged.`,
	Remediation: `Add ` + "`--no-install-recommends`" + ` and name the recommended packages you do need:

` + "```dockerfile" + `
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
` + "```",
	References: []rules.Reference{
		{Title: "Docker docs: Building best practices (apt-get)", URL: "https://docs.docker.com/build/building/best-practices/#apt-get"},
		{Title: "apt.conf(5): APT::Install-Recommends", URL: "https://manpages.debian.org/stable/apt/apt.conf.5.en.html"},
	},
	Check: onFile(checkPkgRecommends),
}

var pkgNoRecommendsConf = regexp.MustCompile(`(?i)APT::Install-Recommends\s*"?\s*(false|0|no|off)`)

func checkPkgRecommends(p *rules.Pass, f *pdockerfile.File) {
	final := finalStage(p, f)
	if final == nil {
		return
	}
	for _, r := range pkgRuns(f, pkgShippedStages(final)) {
		for i := range r.calls {
			c := &r.calls[i]
			if !c.is(pkgApt, "install") || c.opaque || c.has("--no-install-recommends") {
				continue
			}
			if len(c.operands) == 0 && !c.cmd.HasWrapper("xargs") {
				continue // apt-get install -f: no package named here
			}
			if o := c.opt("--install-recommends"); o != nil && pkgConfigFalse(o.value) {
				continue
			}
			if v, ok := c.aptConfig("APT::Install-Recommends"); ok && pkgConfigFalse(v) {
				continue
			}
			if conf, copied := pkgWrittenConfig(r.stage, r.in, "/etc/apt/apt.conf.d", "/etc/apt/apt.conf"); copied || pkgNoRecommendsConf.MatchString(conf) {
				continue
			}
			p.Reportf(c.at(), anchor(r.stage, r.in)+":"+c.label(),
				"%s without --no-install-recommends also installs the packages these recommend: a larger image and more attack surface", c.label())
		}
	}
}
