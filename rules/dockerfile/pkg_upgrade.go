package dockerfile

import (
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var pkgUpgrade = &rules.Rule{
	ID:       "DF016",
	Title:    "package manager upgrade in image",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A ` + "`RUN`" + ` upgrades every installed package of the base image: ` + "`apt-get upgrade`" + `,
` + "`dist-upgrade`" + `, ` + "`full-upgrade`" + ` (also with ` + "`apt`" + `), ` + "`apk upgrade`" + `, ` + "`yum`" + `/` + "`dnf`" + `/` + "`microdnf update`" + ` or
` + "`upgrade`" + ` (and ` + "`distro-sync`" + `), ` + "`zypper update`" + `, ` + "`dist-upgrade`" + `/` + "`dup`" + ` and ` + "`patch`" + `. What the image contains
then depends on the day it was built rather than on the base image tag: builds are not
reproducible, a bad or compromised update lands without review, and the base image's
maintainers — who rebuild it when fixes ship — no longer define what you run.

Upgrading named packages is not reported (` + "`apt-get install --only-upgrade openssl`" + `,
` + "`apk upgrade openssl`" + `, ` + "`dnf upgrade openssl`" + `): that is a deliberate choice of what changes. Neither
is a command whose arguments stridelint cannot read (` + "`dnf upgrade $PKGS`" + `).`,
	Remediation: `Take fixes from the base image instead: pin it to a recent tag or digest and rebuild when
it is updated (Renovate or Dependabot can open the pull requests). If one package needs a
fix the base image does not have yet, upgrade that package by name and pin its version:

` + "```dockerfile" + `
FROM debian:12.5-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends --only-upgrade openssl=3.0.11-1~deb12u2 \
 && rm -rf /var/lib/apt/lists/*
` + "```",
	References: []rules.Reference{
		{Title: "Docker docs: Building best practices (rebuild images often)", URL: "https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often"},
		{Title: "apt-get(8): upgrade, dist-upgrade", URL: "https://manpages.debian.org/stable/apt/apt-get.8.en.html"},
	},
	Check: onFile(checkPkgUpgrade),
}

func checkPkgUpgrade(p *rules.Pass, f *pdockerfile.File) {
	for _, r := range pkgRuns(f, nil) {
		for i := range r.calls {
			c := &r.calls[i]
			if !pkgUpgradesAll(c) {
				continue
			}
			p.Reportf(c.at(), anchor(r.stage, r.in)+":"+c.label(),
				"%s upgrades every package of the base image: the image depends on the build day, not on the base image tag", c.label())
		}
	}
}

// pkgUpgradesAll reports whether c upgrades all installed packages.
func pkgUpgradesAll(c *pkgCall) bool {
	switch {
	case c.is(pkgApt, "upgrade", "dist-upgrade", "full-upgrade"),
		c.is(pkgApk, "upgrade"),
		c.is(pkgRPM, "update", "upgrade", "distro-sync", "upgrade-minimal", "update-minimal") && c.tool.name != "yum-config-manager",
		c.is(pkgZypper, "update", "dist-upgrade", "patch"):
	default:
		return false
	}
	if c.opaque {
		return false // $PKGS may name the packages
	}
	if c.tool.family == pkgZypper && c.sub != "update" {
		return true // dist-upgrade and patch take no package names
	}
	return len(c.operands) == 0
}
