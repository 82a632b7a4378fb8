package dockerfile

import (
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var pkgOSUnpinned = &rules.Rule{
	ID:       "DF014",
	Title:    "OS packages not version-pinned",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `An OS package manager installs packages by name only — ` + "`apt-get install curl`" + `,
` + "`apk add curl`" + `, ` + "`yum install nginx`" + `, ` + "`dnf`" + `/` + "`microdnf`" + `/` + "`zypper install …`" + ` — so each build takes
whatever version the repository serves that day. Two builds of the same Dockerfile then
differ, a regression or a compromised update arrives unreviewed, and the image cannot be
rebuilt as it was tested.

Each install command is reported once, listing its unpinned packages. Pinned forms are
understood: apt ` + "`curl=7.88.1-10+deb12u5`" + ` and ` + "`curl=7.88.*`" + `; apk ` + "`curl=8.5.0-r0`" + `, ` + "`curl~8.5`" + `,
` + "`curl>=8`" + `; rpm ` + "`nginx-1.20.1`" + `, ` + "`nginx-1:1.20.1-1.el9`" + ` (a name whose last dash-separated part
starts with a digit: ` + "`python3-devel`" + ` and ` + "`java-17-openjdk`" + ` are names, ` + "`nginx-1.20.1`" + ` is not); zypper
` + "`nginx=1.20`" + `, ` + "`'nginx>=1.20'`" + `. A version from a variable (` + "`curl=${CURL_VERSION}`" + `) is a pin.

Not reported: option values (` + "`-t bookworm-backports`" + `, ` + "`-o Dpkg::Options::=…`" + `,
` + "`--enablerepo epel`" + `, ` + "`apk add --virtual .build-deps`" + `), local files and URLs (` + "`./pkg.deb`" + `,
` + "`/tmp/x.rpm`" + `, ` + "`https://…/x.rpm`" + `), package groups and patterns (` + "`@development`" + `,
` + "`zypper -t pattern`" + `), and words stridelint cannot read (` + "`$PACKAGES`" + `): unknown is not unpinned.`,
	Remediation: `Pin each package to the version you tested, and update the pins deliberately (a bot
such as Renovate can keep them current):

` + "```dockerfile" + `
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
 && rm -rf /var/lib/apt/lists/*
RUN apk add --no-cache curl=8.5.0-r0
RUN dnf install -y nginx-1.20.1 && dnf clean all
` + "```" + `

Find the current version with ` + "`apt-cache policy curl`" + `, ` + "`apk policy curl`" + ` or ` + "`dnf list nginx`" + `.
Pinning to a prefix (` + "`curl=7.88.*`" + `, ` + "`curl~8.5`" + `) keeps security fixes flowing within a release.`,
	References: []rules.Reference{
		{Title: "Docker docs: Building best practices (apt-get, version pinning)", URL: "https://docs.docker.com/build/building/best-practices/#apt-get"},
		{Title: "apt-get(8): install pkg=version", URL: "https://manpages.debian.org/stable/apt/apt-get.8.en.html"},
		{Title: "Alpine apk(8): world constraints", URL: "https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper"},
		{Title: "dnf command reference: package specifications (NEVRA)", URL: "https://dnf.readthedocs.io/en/latest/command_ref.html#specifying-packages-label"},
	},
	Check: onFile(checkPkgOSUnpinned),
}

func checkPkgOSUnpinned(p *rules.Pass, f *pdockerfile.File) {
	for _, r := range pkgRuns(f, nil) {
		for i := range r.calls {
			c := &r.calls[i]
			names := pkgOSUnpinnedNames(c)
			if len(names) == 0 {
				continue
			}
			p.Reportf(c.at(), anchor(r.stage, r.in)+":"+c.label()+" "+strings.Join(names, " "),
				"%s %s without a version (%s): each build may get a different, untested version",
				c.label(), pkgList(names), pkgPinExample(c.tool.family, names[0]))
		}
	}
}

func pkgPinExample(family, name string) string {
	if family == pkgRPM {
		return "pin as " + name + "-<version>"
	}
	return "pin as " + name + "=<version>"
}

// pkgOSUnpinnedNames returns the packages an OS install command names
// without a version; nil when c is not one.
func pkgOSUnpinnedNames(c *pkgCall) []string {
	switch {
	case c.is(pkgApt, "install", "reinstall"),
		c.is(pkgApk, "add"),
		c.is(pkgRPM, "install", "reinstall") && c.tool.name != "rpm" && c.tool.name != "yum-config-manager",
		c.is(pkgZypper, "install"):
	default:
		return nil
	}
	if c.tool.family == pkgZypper {
		if t := c.opt("-t", "--type"); t != nil && t.value != "package" {
			return nil // patterns, patches, products have no version to pin
		}
	}
	var out []string
	for _, w := range c.operands {
		if !w.Known {
			continue // $PKGS, curl=${VERSION}: unknown is not unpinned
		}
		name := w.Text
		if name == "" || pkgIsLocalOrURL(name) || pkgOSPinned(c.tool.family, name) {
			continue
		}
		switch c.tool.family {
		case pkgApt:
			if strings.HasSuffix(name, "-") {
				continue // apt-get install foo- removes foo
			}
		case pkgRPM:
			if strings.HasPrefix(name, "@") {
				continue // a group or module
			}
		case pkgZypper:
			if k, _, ok := strings.Cut(name, ":"); ok && k != "package" {
				continue // pattern:x, patch:x, product:x
			}
		}
		out = append(out, name)
	}
	return out
}

// pkgIsLocalOrURL: a package file or URL, not a repository name.
func pkgIsLocalOrURL(s string) bool {
	if strings.Contains(s, "://") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "./") ||
		strings.HasPrefix(s, "../") || strings.HasPrefix(s, "~/") || s == "." {
		return true
	}
	for _, ext := range []string{".deb", ".rpm", ".apk", ".whl", ".tar.gz", ".tgz", ".zip", ".gem", ".tar.bz2"} {
		if strings.HasSuffix(s, ext) {
			return true
		}
	}
	return false
}

// pkgOSPinned reports whether an OS package argument carries a version.
func pkgOSPinned(family, s string) bool {
	switch family {
	case pkgApt:
		// name=version (also name:arch=version); name/release picks a
		// release, not a version.
		return strings.Contains(s, "=")
	case pkgApk:
		return strings.ContainsAny(s, "=~<>")
	case pkgZypper:
		return strings.ContainsAny(s, "=<>") || pkgRPMVersioned(s)
	case pkgRPM:
		return strings.ContainsAny(s, "=<>") || pkgRPMVersioned(s)
	}
	return false
}

// pkgRPMVersioned reads name-version[-release][.arch] and name-epoch:version:
// in an RPM name, the version is the last dash-separated part (or the one
// before the release), and versions start with a digit; names like
// python3-devel, java-17-openjdk or gcc-c++ do not end with one.
func pkgRPMVersioned(s string) bool {
	i := strings.LastIndexByte(s, '-')
	if i <= 0 || i == len(s)-1 {
		return false
	}
	last := s[i+1:]
	if strings.Contains(last, ":") {
		return true // epoch
	}
	return last[0] >= '0' && last[0] <= '9'
}
