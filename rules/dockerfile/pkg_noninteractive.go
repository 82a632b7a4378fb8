package dockerfile

import (
	"regexp"
	"strconv"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var pkgInteractive = &rules.Rule{
	ID:       "DF018",
	Title:    "non-interactive flag missing",
	Severity: rules.Low,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "dockerfile",
	Help: `A package manager that asks for confirmation runs without its "yes" option:
` + "`apt-get`" + `/` + "`apt`" + ` install, remove, purge, autoremove, upgrade, build-dep without ` + "`-y`" + ` (` + "`--yes`" + `,
` + "`--assume-yes`" + `); ` + "`yum`" + `/` + "`dnf`" + `/` + "`tdnf`" + ` transactions without ` + "`-y`" + ` (` + "`--assumeyes`" + `); ` + "`zypper`" + `
install, remove, update, dist-upgrade, patch without the global ` + "`-n`" + ` (` + "`--non-interactive`" + `) or
the command's ` + "`-y`" + ` (` + "`--no-confirm`" + `). A build has no terminal: at the prompt the command reads
end-of-file, aborts, and the build fails — or, with a package set that happens not to
prompt today, fails later when the set changes.

Also counted as non-interactive: apt's quiet level 2 (` + "`-qq`" + `, ` + "`-q=2`" + `), which implies ` + "`-y`" + `;
` + "`-o APT::Get::Assume-Yes=true`" + ` and ` + "`--setopt=assumeyes=1`" + `; a simulation (` + "`-s`" + `); ` + "`yes |`" + ` piped in;
` + "`APT::Get::Assume-Yes`" + ` or ` + "`assumeyes=1`" + ` written by an earlier ` + "`RUN`" + `, and a configuration file copied
into ` + "`/etc/apt/apt.conf.d`" + `, ` + "`/etc/yum.conf`" + ` or ` + "`/etc/dnf`" + ` (stridelint cannot read it). Note that
` + "`zypper install -n`" + ` is not ` + "`zypper -n install`" + `: after the command, ` + "`-n`" + ` means ` + "`--name`" + `.
` + "`DEBIAN_FRONTEND=noninteractive`" + ` silences debconf questions, not apt's prompt, so it does not
count. ` + "`apk`" + ` and ` + "`microdnf`" + ` never prompt. A command with an unreadable word (` + "`$APT_OPTS`" + `) is
not judged.`,
	Remediation: `Pass the assume-yes option to every command that changes packages:

` + "```dockerfile" + `
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
RUN dnf install -y nginx-1.20.1 && dnf clean all
RUN zypper -n install curl && zypper clean -a
` + "```",
	References: []rules.Reference{
		{Title: "apt-get(8): -y, --assume-yes; -q", URL: "https://manpages.debian.org/stable/apt/apt-get.8.en.html"},
		{Title: "dnf command reference: -y, --assumeyes", URL: "https://dnf.readthedocs.io/en/latest/command_ref.html"},
		{Title: "zypper(8): --non-interactive", URL: "https://en.opensuse.org/SDB:Zypper_manual"},
	},
	Check: onFile(checkPkgInteractive),
}

var (
	pkgAptAssumeYesConf = regexp.MustCompile(`(?i)APT::Get::Assume-Yes\s*"?\s*(true|1|yes)`)
	pkgYumAssumeYesConf = regexp.MustCompile(`(?im)(^|\s)assumeyes\s*=\s*(1|true|yes)\b`)
)

func checkPkgInteractive(p *rules.Pass, f *pdockerfile.File) {
	for _, r := range pkgRuns(f, nil) {
		for i := range r.calls {
			c := &r.calls[i]
			flag := pkgPromptsWithout(c)
			if flag == "" || c.opaque || pkgAnswered(c) {
				continue
			}
			switch c.tool.family {
			case pkgApt:
				if conf, copied := pkgWrittenConfig(r.stage, r.in, "/etc/apt/apt.conf.d", "/etc/apt/apt.conf"); copied || pkgAptAssumeYesConf.MatchString(conf) {
					continue
				}
			case pkgRPM:
				if conf, copied := pkgWrittenConfig(r.stage, r.in, "/etc/yum.conf", "/etc/dnf", "/etc/tdnf"); copied || pkgYumAssumeYesConf.MatchString(conf) {
					continue
				}
			}
			p.Reportf(c.at(), anchor(r.stage, r.in)+":"+c.label(),
				"%s without %s: it stops at its confirmation prompt, reads end-of-file and the build fails", c.label(), flag)
		}
	}
}

// pkgPromptsWithout returns the option c needs not to prompt ("-y"), or ""
// when it has it or does not prompt.
func pkgPromptsWithout(c *pkgCall) string {
	switch {
	case c.is(pkgApt, "install", "reinstall", "remove", "purge", "autoremove", "autopurge", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "satisfy"):
		if o := c.opt("-y", "--yes", "--assume-yes"); o != nil && (o.value == "" || !pkgConfigFalse(o.value)) {
			return ""
		}
		if v, ok := c.aptConfig("APT::Get::Assume-Yes"); ok && pkgConfigTrue(v) {
			return ""
		}
		if c.has("-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act") || pkgAptQuiet(c) >= 2 {
			return ""
		}
		return "-y"
	case c.tool.family == pkgRPM && c.tool.name != "microdnf" && c.tool.name != "rpm" && c.tool.name != "yum-config-manager":
		switch c.sub {
		case "install", "reinstall", "localinstall", "groupinstall", "remove", "erase", "autoremove", "update", "upgrade",
			"downgrade", "distro-sync", "upgrade-minimal", "update-minimal", "swap":
		case "group", "module":
			switch c.sub2 {
			case "install", "remove", "upgrade", "update", "enable", "disable", "reset", "switch-to":
			default:
				return ""
			}
		default:
			return ""
		}
		if c.has("-y", "--assumeyes") {
			return ""
		}
		if _, values := c.setopt("assumeyes"); len(values) > 0 && pkgConfigTrue(values[len(values)-1]) {
			return ""
		}
		return "-y"
	case c.is(pkgZypper, "install", "remove", "update", "dist-upgrade", "patch", "source-install", "install-new-recommends"):
		if c.has("-y", "--no-confirm", "--non-interactive") {
			return ""
		}
		for _, o := range c.opts {
			if o.name == "-n" && o.beforeSub {
				return ""
			}
		}
		return "-n (zypper -n " + c.sub + ")"
	}
	return ""
}

// pkgAptQuiet is apt's quiet level: one per -q, or -q=N, --quiet=N,
// -o quiet=N.
func pkgAptQuiet(c *pkgCall) int {
	level := 0
	for _, o := range c.opts {
		switch o.name {
		case "-q", "--quiet":
			if n, err := strconv.Atoi(o.value); err == nil {
				level = n
			} else {
				level++
			}
		}
	}
	if v, ok := c.aptConfig("quiet"); ok {
		if n, err := strconv.Atoi(v); err == nil {
			level = n
		}
	}
	return level
}

// pkgAnswered: the command's prompt is answered by a pipe (yes | apt-get …).
func pkgAnswered(c *pkgCall) bool {
	from := c.cmd.PipeFrom
	return from != nil && (from.Name == "yes" || from.Name == "echo" || from.Name == "printf")
}
