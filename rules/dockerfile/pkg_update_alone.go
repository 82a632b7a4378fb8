package dockerfile

import (
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var pkgUpdateAlone = &rules.Rule{
	ID:       "DF017",
	Title:    "package index update alone",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A ` + "`RUN`" + ` refreshes the APT package index (` + "`apt-get update`" + ` or ` + "`apt update`" + `) and installs
nothing with it. Docker caches that layer: when a later ` + "`RUN apt-get install …`" + ` changes, it is
rebuilt on top of the old index, and installs package versions from the day the update
layer was first built — missing security fixes, or failing on versions the mirror has
since removed.

Not reported when the same ` + "`RUN`" + ` also uses the index (` + "`install`" + `, ` + "`upgrade`" + `, ` + "`build-dep`" + `,
` + "`source`" + `, ` + "`download`" + `), including through ` + "`sh -c`" + `, ` + "`xargs`" + ` or ` + "`sudo`" + `, nor when it runs a script or
command stridelint cannot see into (` + "`./install-deps.sh`" + `, ` + "`$INSTALL`" + `), which may install. ` + "`apk update`" + `
is not reported: ` + "`apk add`" + ` refreshes a stale index by itself.`,
	Remediation: `Update and install in one ` + "`RUN`" + `, and clean up in the same layer:

` + "```dockerfile" + `
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
 && rm -rf /var/lib/apt/lists/*
` + "```",
	References: []rules.Reference{
		{Title: "Docker docs: Building best practices (apt-get update with install)", URL: "https://docs.docker.com/build/building/best-practices/#apt-get"},
		{Title: "Docker docs: Build cache invalidation", URL: "https://docs.docker.com/build/cache/invalidation/"},
	},
	Check: onFile(checkPkgUpdateAlone),
}

func checkPkgUpdateAlone(p *rules.Pass, f *pdockerfile.File) {
	for _, r := range pkgRuns(f, nil) {
		var update *pkgCall
		for i := range r.calls {
			if c := &r.calls[i]; c.is(pkgApt, "update") {
				update = c
				break
			}
		}
		if update == nil || pkgUsesAptIndex(r) {
			continue
		}
		p.Reportf(update.at(), anchor(r.stage, r.in)+":"+update.label(),
			"%s runs in a RUN that installs nothing: later installs reuse this cached layer's index, which goes stale", update.label())
	}
}

// pkgUsesAptIndex reports whether the RUN uses the APT index it refreshed,
// or may: it runs a script or command that cannot be seen into.
func pkgUsesAptIndex(r pkgRun) bool {
	for i := range r.calls {
		if r.calls[i].is(pkgApt, "install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download", "satisfy") {
			return true
		}
	}
	cmds := r.in.Commands()
	for i := range cmds {
		if pkgOpaqueCommand(&cmds[i]) {
			return true
		}
	}
	return false
}

// pkgOpaqueCommand: a command whose effect stridelint cannot see — an
// unknown name ($INSTALL), a script file (./setup.sh, /tmp/deps.sh), a
// shell running a file, or another front end of apt (aptitude,
// install_packages).
func pkgOpaqueCommand(c *pdockerfile.Command) bool {
	if c.Name == "" {
		return true
	}
	switch c.Name {
	case "aptitude", "install_packages":
		return true
	}
	name := c.NameWord.Text
	if strings.HasPrefix(name, "./") || strings.HasPrefix(name, "../") || strings.HasSuffix(name, ".sh") || strings.HasSuffix(name, ".bash") {
		return true
	}
	if strings.HasPrefix(name, "/") && !pkgSystemBinary(name) {
		return true
	}
	switch c.Name {
	case "sh", "bash", "dash", "ash", "zsh", "ksh", "source", ".":
		for _, a := range c.Args {
			if a.Text == "-c" || strings.HasPrefix(a.Text, "-") && strings.Contains(a.Text, "c") {
				return false // sh -c: its script's commands are read
			}
			if !strings.HasPrefix(a.Text, "-") {
				return true // sh ./script
			}
		}
	}
	return false
}

// pkgSystemBinary: a path in a system bin directory names a known program.
func pkgSystemBinary(p string) bool {
	for _, d := range []string{"/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/"} {
		if strings.HasPrefix(p, d) && !strings.Contains(p[len(d):], "/") {
			return true
		}
	}
	return false
}
