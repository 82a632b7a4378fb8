package dockerfile

import (
	"regexp"
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var pkgLangUnpinned = &rules.Rule{
	ID:       "DF015",
	Title:    "language packages not pinned",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A language package manager installs packages named on the command line without a version:
` + "`pip install flask`" + `, ` + "`npm install -g typescript`" + `, ` + "`yarn add left-pad`" + `, ` + "`pnpm add zx`" + `,
` + "`gem install rails`" + `, ` + "`go install golang.org/x/tools/cmd/goimports@latest`" + `, ` + "`go get example.com/tool`" + `,
` + "`cargo install ripgrep`" + `, ` + "`pipx install black`" + `. Each build then runs whatever the registry serves that
day — the way a hijacked or typosquatted release reaches images — and builds stop being
reproducible. Each command is reported once, listing its unpinned packages.

Pinned: pip ` + "`flask==3.0.2`" + `, ` + "`flask~=3.0`" + `, an upper bound (` + "`flask<4`" + `), a direct reference
(` + "`pkg @ https://…`" + `), or any constraint file (` + "`-c constraints.txt`" + `, ` + "`PIP_CONSTRAINT`" + `); npm/yarn/pnpm
` + "`pkg@1.2.3`" + `, ` + "`@scope/pkg@^1.2`" + `, ` + "`user/repo#<commit>`" + ` (not ` + "`@latest`" + ` or another dist-tag, not ` + "`@>=1`" + `); gem
` + "`-v 7.1.3`" + ` or ` + "`rails:7.1.3`" + `; go ` + "`@v1.2.3`" + ` or a commit (not ` + "`@latest`" + `, ` + "`@master`" + `, ` + "`@main`" + `, ` + "`@v1`" + `);
cargo ` + "`--version 14.1.0`" + `, ` + "`ripgrep@14.1.0`" + `, ` + "`--git … --rev/--tag`" + ` (` + "`--locked`" + ` pins the crate's dependencies,
not the crate). A source in version control is pinned by a ref: pip ` + "`git+https://…/repo.git@v1.2.0`" + `,
npm ` + "`git+https://…/repo.git#v1.2.0`" + `; without one it installs whatever the branch holds. A version
from a variable (` + "`==${VERSION}`" + `) is a pin.

Not reported: installs from a lockfile or requirements file (` + "`pip install -r requirements.txt`" + `, ` + "`npm ci`" + `,
` + "`npm install`" + ` and ` + "`yarn install`" + ` without names), local paths and archives (` + "`.`" + `, ` + "`-e .`" + `, ` + "`./dist/*.whl`" + `),
archive URLs, ` + "`pip install --no-index`" + ` (local wheels decide), ` + "`gem install --local`" + `, and
` + "`go install pkg`" + ` without ` + "`@`" + `, which builds the version the current module's go.mod pins
(or fails outside a module).`,
	Remediation: `Name the exact version, or install from a lockfile that pins it (better: one with hashes):

` + "```dockerfile" + `
RUN pip install --no-cache-dir flask==3.0.2
RUN npm install -g typescript@5.4.5
RUN go install golang.org/x/tools/cmd/goimports@v0.20.0
RUN cargo install ripgrep --version 14.1.0 --locked
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
` + "```",
	References: []rules.Reference{
		{Title: "pip: Repeatable installs", URL: "https://pip.pypa.io/en/stable/topics/repeatable-installs/"},
		{Title: "npm docs: npm ci", URL: "https://docs.npmjs.com/cli/commands/npm-ci"},
		{Title: "Go modules reference: go install and version queries", URL: "https://go.dev/ref/mod#go-install"},
		{Title: "The Cargo Book: cargo install", URL: "https://doc.rust-lang.org/cargo/commands/cargo-install.html"},
	},
	Check: onFile(checkPkgLangUnpinned),
}

func checkPkgLangUnpinned(p *rules.Pass, f *pdockerfile.File) {
	for _, r := range pkgRuns(f, nil) {
		for i := range r.calls {
			c := &r.calls[i]
			names, example := pkgLangUnpinnedNames(r, c)
			if len(names) == 0 {
				continue
			}
			p.Reportf(c.at(), anchor(r.stage, r.in)+":"+c.label()+" "+strings.Join(names, " "),
				"%s %s without a pinned version (%s): each build may install a different release",
				c.label(), pkgList(names), example)
		}
	}
}

// pkgLangUnpinnedNames returns the packages a language install command
// names without a version, and how to pin the first.
func pkgLangUnpinnedNames(r pkgRun, c *pkgCall) (names []string, example string) {
	var pinned func(string) bool
	switch {
	case c.is(pkgPip, "install") && c.tool.name == "pip":
		if c.has("-c", "--constraint") || pkgStageDeclares(r.stage, r.in, "PIP_CONSTRAINT") || pkgInlineEnv(r.in, c.cmd, "PIP_CONSTRAINT") {
			return nil, "" // a constraint file decides the versions
		}
		if c.has("--no-index") {
			return nil, "" // only local wheels (--find-links): they decide the versions
		}
		return pkgPipUnpinned(c.operands), "name==<version>"
	case c.is(pkgPip, "install") && c.tool.name == "pipx":
		if c.has("--spec") {
			return nil, ""
		}
		return pkgPipUnpinned(c.operands), "name==<version>"
	case c.tool.name == "npm" && c.sub == "install",
		c.tool.name == "yarn" && (c.sub == "add" || c.sub == "global" && c.sub2 == "add"),
		c.tool.name == "pnpm" && (c.sub == "add" || c.sub == "install"):
		pinned = pkgNodePinned
		example = "name@<version>"
	case c.is(pkgGem, "install"):
		if c.has("-v", "--version", "-g", "--file", "-l", "--local") {
			return nil, ""
		}
		pinned = func(s string) bool { _, v, ok := strings.Cut(s, ":"); return ok && v != "" }
		example = "name:<version> or -v <version>"
	case c.is(pkgGo, "install", "get"):
		get := c.sub == "get"
		pinned = func(s string) bool { return pkgGoPinned(s, get) }
		example = "path@v<x.y.z>"
	case c.is(pkgCargo, "install"):
		if c.has("--version", "--vers", "--path") {
			return nil, ""
		}
		if g := c.opt("--git"); g != nil {
			if c.has("--rev", "--tag") || !g.known {
				return nil, ""
			}
			return []string{g.value}, "--rev <commit> or --tag <tag>"
		}
		pinned = func(s string) bool { _, v, ok := strings.Cut(s, "@"); return ok && v != "" }
		example = "name@<version> or --version <version>"
	default:
		return nil, ""
	}
	for _, w := range c.operands {
		if !w.Known {
			continue // unknown is not unpinned
		}
		s := w.Text
		if vcs, ref := pkgVCSRef(s); vcs {
			if !ref {
				names = append(names, s)
			}
			continue
		}
		if s == "" || pkgIsLocalOrURL(s) || pkgLangSource(s) || pinned(s) {
			continue
		}
		if c.tool.family == pkgGo && !pkgGoRemote(s) {
			continue
		}
		names = append(names, s)
	}
	return names, example
}

// pkgVCSRef reads a version-control source: pip's git+https://host/repo@ref,
// npm's git+https://…#ref, github:user/repo#ref. Without a ref it installs
// whatever the default branch holds today.
func pkgVCSRef(s string) (vcs, ref bool) {
	for _, p := range []string{"git+", "hg+", "svn+", "bzr+"} {
		if strings.HasPrefix(s, p) {
			vcs = true
		}
	}
	for _, p := range []string{"git:", "github:", "gitlab:", "bitbucket:", "gist:"} {
		if strings.HasPrefix(s, p) {
			vcs = true
		}
	}
	if !vcs {
		return false, false
	}
	url, frag, _ := strings.Cut(s, "#")
	if frag != "" && !strings.HasPrefix(frag, "egg=") && !strings.HasPrefix(frag, "subdirectory=") {
		return true, true // npm: #commit, #tag, #semver:^1.2
	}
	if _, rest, ok := strings.Cut(url, "://"); ok {
		if i := strings.IndexByte(rest, '/'); i >= 0 && strings.Contains(rest[i:], "@") {
			return true, true // pip: …/repo.git@v1.2.0 (not user@host)
		}
	}
	return true, false
}

// pkgLangSource: a VCS or file source rather than a registry name.
func pkgLangSource(s string) bool {
	for _, p := range []string{"git+", "git:", "hg+", "svn+", "bzr+", "file:", "link:", "workspace:", "npm:", "http:", "https:", "github:", "gitlab:", "bitbucket:", "gist:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// pkgPipUnpinned reads pip requirement specifiers.
func pkgPipUnpinned(operands []pdockerfile.Word) []string {
	var out []string
	for i := 0; i < len(operands); i++ {
		w := operands[i]
		if i+1 < len(operands) && operands[i+1].Text == "@" {
			i += 2 // name @ url: a direct reference
			continue
		}
		if !w.Known {
			continue
		}
		s := w.Text
		if vcs, ref := pkgVCSRef(s); vcs {
			if !ref {
				out = append(out, s)
			}
			continue
		}
		if s == "" || pkgIsLocalOrURL(s) || pkgLangSource(s) || pkgPipPinned(s) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// pkgPipPinned: name==1.2, name===1.2, name~=1.2, or an upper bound
// (name<2, name>=1,<2), or a direct reference (name @ https://…).
func pkgPipPinned(s string) bool {
	spec, _, _ := strings.Cut(s, ";") // environment marker
	if at := strings.Index(spec, "@"); at >= 0 && strings.Contains(spec[at:], ":") {
		return true
	}
	if i := strings.IndexByte(spec, ']'); i >= 0 {
		spec = spec[i+1:] // extras
	}
	return strings.Contains(spec, "==") || strings.Contains(spec, "~=") || strings.Contains(spec, "<")
}

// pkgNodePinned: name@1.2.3, @scope/name@^1.2, name@1.x, name@<2,
// user/repo#ref; not name@latest or another dist-tag, not name@>=1.
func pkgNodePinned(s string) bool {
	name, version := s, ""
	if i := strings.IndexByte(s[1:], '@'); i >= 0 {
		name, version = s[:i+1], s[i+2:]
	}
	if version == "" {
		// user/repo is a GitHub repository, pinned by #commit or #tag.
		if !strings.HasPrefix(name, "@") && strings.Contains(name, "/") {
			_, ref, ok := strings.Cut(name, "#")
			return ok && ref != ""
		}
		return false
	}
	if strings.Contains(version, "<") {
		return true
	}
	c := version[0]
	return c >= '0' && c <= '9' || c == '=' || c == '~' || c == '^' ||
		(c == 'v' && len(version) > 1 && version[1] >= '0' && version[1] <= '9')
}

// pkgGoFloating are Go version queries that move: the latest release of a
// major or minor prefix (v1, v1.2), branches, comparisons.
var pkgGoFloating = regexp.MustCompile(`^(latest|upgrade|patch|master|main|HEAD|trunk|develop|dev|v[0-9]+(\.[0-9]+)?|[<>].*)$`)

// pkgGoPinned: path@v1.2.3 or path@<commit>. Without "@", go install
// builds the version the current module requires, go get the latest.
func pkgGoPinned(s string, get bool) bool {
	i := strings.LastIndexByte(s, '@')
	if i < 0 {
		return !get
	}
	v := s[i+1:]
	if v == "none" {
		return true // go get path@none removes a requirement
	}
	return v != "" && !pkgGoFloating.MatchString(v)
}

// pkgGoRemote: a module path (its first element has a dot), not a
// package of the current module or the standard library.
func pkgGoRemote(s string) bool {
	first, _, _ := strings.Cut(s, "/")
	first, _, _ = strings.Cut(first, "@")
	return strings.Contains(first, ".") && !strings.HasPrefix(s, ".")
}
