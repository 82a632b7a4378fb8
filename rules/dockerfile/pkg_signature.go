package dockerfile

import (
	"regexp"
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var pkgSignatureDisabled = &rules.Rule{
	ID:       "DF010",
	Title:    "package signature checks disabled",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering, rules.Spoofing},
	Kind:     "dockerfile",
	Help: `A ` + "`RUN`" + ` tells the OS package manager to install packages whose signatures it has not
verified: ` + "`apt-get --allow-unauthenticated`" + `, ` + "`--allow-insecure-repositories`" + `, ` + "`--force-yes`" + `,
` + "`-o APT::Get::AllowUnauthenticated=true`" + `, ` + "`-o Acquire::AllowInsecureRepositories=true`" + `;
` + "`apk add --allow-untrusted`" + `; ` + "`rpm --nosignature`" + ` / ` + "`--nodigest`" + `; ` + "`yum`" + `/` + "`dnf`" + `/` + "`microdnf`" + `
` + "`--nogpgcheck`" + ` or ` + "`--setopt=gpgcheck=0`" + `; ` + "`zypper --no-gpg-checks`" + ` and ` + "`zypper addrepo --no-gpgcheck`" + `;
and repository definitions written with ` + "`echo`" + `/` + "`printf`" + ` that turn verification off
(` + "`deb [trusted=yes] …`" + `, ` + "`gpgcheck=0`" + `).

Signatures are what make a package mirror, a proxy or a plain-HTTP repository unable to
substitute the packages: without them, whoever sits on the path to the repository decides
what code is built into the image — in any stage, since a build stage's output is copied
into the final one.

Not flagged: ` + "`zypper --gpg-auto-import-keys`" + ` (it trusts a repository's new signing key on
first use, but packages are still verified against it), TLS options (` + "`pip --trusted-host`" + `,
` + "`sslverify=0`" + ` are DF009), and options stridelint cannot read (a ` + "`$APT_OPTS`" + ` variable).`,
	Remediation: `Remove the option and make the repository verifiable instead: install its signing key
and reference it explicitly.

` + "```dockerfile" + `
RUN curl -fsSL https://repo.example.com/key.asc -o /etc/apt/keyrings/example.asc \
 && echo "deb [signed-by=/etc/apt/keyrings/example.asc] https://repo.example.com stable main" \
      > /etc/apt/sources.list.d/example.list \
 && apt-get update && apt-get install -y --no-install-recommends example \
 && rm -rf /var/lib/apt/lists/*
` + "```" + `

For a local package, verify its checksum (` + "`echo \"<sha256>  pkg.rpm\" | sha256sum -c`" + `) or import the
vendor's key (` + "`rpm --import`" + `) rather than disabling the check.`,
	References: []rules.Reference{
		{Title: "apt-get(8): --allow-unauthenticated, --allow-insecure-repositories", URL: "https://manpages.debian.org/stable/apt/apt-get.8.en.html"},
		{Title: "sources.list(5): trusted option", URL: "https://manpages.debian.org/stable/apt/sources.list.5.en.html"},
		{Title: "dnf configuration reference: gpgcheck", URL: "https://dnf.readthedocs.io/en/latest/conf_ref.html"},
		{Title: "Alpine apk(8): --allow-untrusted", URL: "https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper"},
		{Title: "zypper(8): --no-gpg-checks", URL: "https://en.opensuse.org/SDB:Zypper_manual"},
	},
	Check: onFile(checkPkgSignatureDisabled),
}

var (
	// An APT source line option that accepts unsigned repositories.
	pkgAptTrusted = regexp.MustCompile(`\[[^\]]*\b(trusted|allow-insecure)=yes\b[^\]]*\]`)
	// A yum/dnf/zypper repository file line turning gpgcheck off (lines
	// may be joined by printf's \n).
	pkgRepoGPGOff = regexp.MustCompile(`(?im)(^|\s|\\n)gpgcheck\s*=\s*(0|false|no|off)\b`)
)

func checkPkgSignatureDisabled(p *rules.Pass, f *pdockerfile.File) {
	for _, r := range pkgRuns(f, nil) {
		for i := range r.calls {
			c := &r.calls[i]
			for _, what := range pkgSignatureOptions(c) {
				p.Reportf(c.at(), anchor(r.stage, r.in)+":"+c.label()+" "+what,
					"%s %s: packages are installed without signature verification, so a mirror, proxy or attacker on the path can substitute them",
					c.label(), what)
			}
		}
		cmds := r.in.Commands()
		for i := range cmds {
			c := &cmds[i]
			if c.Name != "echo" && c.Name != "printf" {
				continue
			}
			for _, a := range c.Args {
				var kind, setting string
				switch {
				case pkgAptTrusted.MatchString(a.Text):
					kind, setting = "an APT source", pkgAptTrusted.FindString(a.Text)
				case pkgRepoGPGOff.MatchString(a.Text):
					kind, setting = "a repository definition", strings.TrimSpace(pkgRepoGPGOff.FindString(a.Text))
				default:
					continue
				}
				p.Reportf(pkgCommandRange(c), anchor(r.stage, r.in)+":"+c.Name+" "+setting,
					"%s writes %s with %s: its packages are installed without signature verification", c.Name, kind, setting)
				break
			}
		}
	}
}

// pkgSignatureOptions lists the options of c that turn signature checks
// off, as they are written.
func pkgSignatureOptions(c *pkgCall) []string {
	var out []string
	flag := func(names ...string) {
		for _, o := range c.opts {
			for _, n := range names {
				if o.name == n && o.known && (o.value == "" || !pkgConfigFalse(o.value)) {
					out = append(out, n)
				}
			}
		}
	}
	switch c.tool.family {
	case pkgApt:
		flag("--allow-unauthenticated", "--allow-insecure-repositories", "--allow-downgrade-to-insecure-repositories", "--force-yes")
		for _, item := range []string{"APT::Get::AllowUnauthenticated", "Acquire::AllowInsecureRepositories", "Acquire::AllowDowngradeToInsecureRepositories"} {
			if v, ok := c.aptConfig(item); ok && pkgConfigTrue(v) {
				out = append(out, "-o "+item+"="+v)
			}
		}
	case pkgApk:
		flag("--allow-untrusted")
	case pkgRPM:
		if c.tool.name == "rpm" {
			flag("--nosignature", "--nodigest")
			break
		}
		flag("--nogpgcheck", "--no-gpgchecks")
		assigns, values := c.setopt("gpgcheck")
		for i, v := range values {
			if pkgConfigFalse(v) {
				out = append(out, "--setopt="+assigns[i])
			}
		}
	case pkgZypper:
		flag("--no-gpg-checks")
		if c.sub == "addrepo" {
			flag("--no-gpgcheck", "-G")
		}
	}
	return out
}
