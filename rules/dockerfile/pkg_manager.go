package dockerfile

import (
	"encoding/csv"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stridelint/stridelint/parsers"
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
)

// The package rules (DF010, DF014–DF020, DF039) read package-manager
// commands through this one reader: which tool a command of a RUN is, its
// subcommand, its options with their values and its operands. Every rule
// therefore agrees that "-t bookworm-backports" is a value, not a package.

// Package-manager families: tools that share a package format and syntax.
const (
	pkgApt    = "apt"    // apt-get, apt
	pkgApk    = "apk"    // apk
	pkgRPM    = "rpm"    // yum, dnf, microdnf, tdnf, rpm, yum-config-manager
	pkgZypper = "zypper" // zypper
	pkgPip    = "pip"    // pip, python -m pip, pipx
	pkgNode   = "node"   // npm, yarn, pnpm
	pkgGem    = "gem"
	pkgGo     = "go"
	pkgCargo  = "cargo"
)

// pkgTool is what the reader knows of one tool's command line.
type pkgTool struct {
	name   string // canonical name: "apt-get", "dnf", "pip", ...
	family string
	// shortValue are the short options that take a value (attached,
	// "-t bookworm" or "-oX=Y").
	shortValue string
	// longValue are the long options that take a value when it is not
	// attached with "=".
	longValue []string
	// dashLong: "-name" is one option, not a group of letters (go).
	dashLong bool
	// subs maps the subcommands the rules care about, and their aliases,
	// to a canonical name; others are kept as written. Nil: the tool has
	// no subcommand (rpm).
	subs map[string]string
}

var (
	pkgAptTool = &pkgTool{family: pkgApt, shortValue: "octaP",
		longValue: []string{"option", "config-file", "target-release", "default-release", "host-architecture", "build-profiles"},
		subs:      pkgSubs("install", "reinstall", "remove", "purge", "autoremove", "autopurge", "update", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download", "satisfy", "clean", "autoclean", "dist-clean")}
	pkgApkTool = &pkgTool{family: pkgApk, shortValue: "Xpt",
		longValue: []string{"repository", "repositories-file", "root", "virtual", "arch", "cache-dir", "cache-max-age", "keys-dir", "timeout", "wait", "progress-fd", "from"},
		subs:      pkgSubs("add", "del", "update", "upgrade", "fix", "cache")}
	pkgYumLong = []string{"config", "debuglevel", "errorlevel", "installroot", "enablerepo", "disablerepo", "repo", "repoid",
		"exclude", "excludepkgs", "includepkgs", "setopt", "releasever", "forcearch", "downloaddir", "destdir", "randomwait",
		"color", "rpmverbosity", "disableplugin", "enableplugin", "repofrompath", "advisory", "advisories", "bz", "bzs",
		"cve", "cves", "sec-severity", "secseverity", "comment", "disableexcludes", "setvar", "use-host-config"}
	pkgYumSubs = func() map[string]string {
		m := pkgSubs("install", "reinstall", "localinstall", "groupinstall", "group", "module", "remove", "erase",
			"autoremove", "update", "upgrade", "downgrade", "distro-sync", "upgrade-minimal", "update-minimal",
			"makecache", "clean", "swap", "config-manager")
		m["in"] = "install"
		m["up"] = "upgrade"
		m["rm"] = "remove"
		m["dsync"] = "distro-sync"
		m["mc"] = "makecache"
		m["localupdate"] = "localinstall"
		return m
	}()
	pkgZypperTool = &pkgTool{name: "zypper", family: pkgZypper, shortValue: "cRDCrtp",
		longValue: []string{"config", "root", "reposd-dir", "cache-dir", "raw-cache-dir", "solv-cache-dir", "pkg-cache-dir",
			"userdata", "repo", "type", "from", "download", "name", "priority", "installroot"},
		subs: func() map[string]string {
			m := pkgSubs("install", "remove", "update", "dist-upgrade", "patch", "refresh", "clean", "addrepo",
				"source-install", "install-new-recommends")
			m["in"] = "install"
			m["rm"] = "remove"
			m["up"] = "update"
			m["dup"] = "dist-upgrade"
			m["ref"] = "refresh"
			m["cc"] = "clean"
			m["ar"] = "addrepo"
			m["si"] = "source-install"
			m["inr"] = "install-new-recommends"
			return m
		}()}
	pkgPipTool = &pkgTool{name: "pip", family: pkgPip, shortValue: "rceiftC",
		longValue: []string{"requirement", "constraint", "editable", "index-url", "extra-index-url", "find-links",
			"trusted-host", "target", "prefix", "root", "src", "upgrade-strategy", "platform", "python-version",
			"implementation", "abi", "only-binary", "no-binary", "progress-bar", "log", "log-file", "proxy", "retries",
			"timeout", "exists-action", "cert", "client-cert", "cache-dir", "global-option", "install-option",
			"config-settings", "python", "report", "root-user-action", "keyring-provider", "use-feature",
			"use-deprecated", "group", "build-option", "index"},
		subs: pkgSubs("install", "uninstall", "download", "cache")}
	pkgPipxTool = &pkgTool{name: "pipx", family: pkgPip,
		longValue: []string{"pip-args", "python", "suffix", "index-url", "spec", "editable"},
		subs:      pkgSubs("install", "inject", "upgrade", "run")}
	pkgNpmTool = &pkgTool{name: "npm", family: pkgNode, shortValue: "wC",
		longValue: []string{"prefix", "registry", "cache", "userconfig", "globalconfig", "omit", "include",
			"install-strategy", "tag", "workspace", "loglevel", "before", "location", "save-prefix", "otp", "only"},
		subs: func() map[string]string {
			m := pkgSubs("install", "ci", "cache", "update")
			for _, a := range []string{"i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall", "add"} {
				m[a] = "install"
			}
			for _, a := range []string{"clean-install", "ic", "install-clean", "isntall-clean"} {
				m[a] = "ci"
			}
			return m
		}()}
	pkgYarnTool = &pkgTool{name: "yarn", family: pkgNode,
		longValue: []string{"cwd", "modules-folder", "cache-folder", "registry", "network-timeout", "mutex",
			"global-folder", "link-folder", "use-yarnrc"},
		subs: pkgSubs("add", "install", "global", "cache")}
	pkgPnpmTool = &pkgTool{name: "pnpm", family: pkgNode, shortValue: "CF",
		longValue: []string{"dir", "filter", "store-dir", "reporter", "registry", "loglevel", "workspace"},
		subs: func() map[string]string {
			m := pkgSubs("add", "install")
			m["i"] = "install"
			return m
		}()}
	pkgGemTool = &pkgTool{name: "gem", family: pkgGem, shortValue: "vinsPpgB",
		longValue: []string{"version", "install-dir", "bindir", "source", "trust-policy", "http-proxy", "file",
			"bulk-threshold", "platform", "document", "build-root", "target-rbconfig", "without", "with"},
		subs: func() map[string]string {
			m := pkgSubs("install", "update")
			m["i"] = "install"
			return m
		}()}
	pkgGoTool = &pkgTool{name: "go", family: pkgGo, dashLong: true,
		longValue: []string{"C", "o", "p", "ldflags", "gcflags", "asmflags", "tags", "mod", "modfile", "overlay",
			"pkgdir", "toolexec", "buildmode", "compiler", "gccgoflags", "installsuffix", "pgo", "covermode",
			"coverpkg", "exec", "buildvcs", "debug-actiongraph", "debug-runtime-trace", "debug-trace"},
		subs: pkgSubs("install", "get")}
	pkgCargoTool = &pkgTool{name: "cargo", family: pkgCargo, shortValue: "jFZ",
		longValue: []string{"version", "vers", "git", "branch", "tag", "rev", "path", "root", "index", "registry",
			"jobs", "target", "target-dir", "features", "profile", "bin", "example", "config", "color"},
		subs: pkgSubs("install")}
	pkgRpmTool = &pkgTool{name: "rpm", family: pkgRPM, shortValue: "rDE",
		longValue: []string{"root", "dbpath", "define", "eval", "rcfile", "macros", "excludepath", "relocate", "prefix", "pipe"}}
)

func pkgSubs(names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = n
	}
	return m
}

func pkgYumLike(name string) *pkgTool {
	return &pkgTool{name: name, family: pkgRPM, shortValue: "cdexR", longValue: pkgYumLong, subs: pkgYumSubs}
}

var pkgTools = map[string]*pkgTool{
	"apt-get":            pkgNamed(pkgAptTool, "apt-get"),
	"xx-apt-get":         pkgNamed(pkgAptTool, "apt-get"), // tonistiigi/xx cross-compilation wrapper
	"apt":                pkgNamed(pkgAptTool, "apt"),
	"apk":                pkgNamed(pkgApkTool, "apk"),
	"xx-apk":             pkgNamed(pkgApkTool, "apk"),
	"yum":                pkgYumLike("yum"),
	"dnf":                pkgYumLike("dnf"),
	"dnf5":               pkgYumLike("dnf"),
	"microdnf":           pkgYumLike("microdnf"),
	"tdnf":               pkgYumLike("tdnf"),
	"yum-config-manager": pkgYumLike("yum-config-manager"),
	"zypper":             pkgZypperTool,
	"rpm":                pkgRpmTool,
	"pipx":               pkgPipxTool,
	"npm":                pkgNpmTool,
	"yarn":               pkgYarnTool,
	"pnpm":               pkgPnpmTool,
	"gem":                pkgGemTool,
	"go":                 pkgGoTool,
	"cargo":              pkgCargoTool,
}

func pkgNamed(t *pkgTool, name string) *pkgTool {
	c := *t
	c.name = name
	return &c
}

var (
	pkgPipName    = regexp.MustCompile(`^pip[0-9]*(\.[0-9]+)?$`)
	pkgPythonName = regexp.MustCompile(`^python[0-9]*(\.[0-9]+)?$`)
)

// pkgOpt is one option of a package-manager command.
type pkgOpt struct {
	// name is the option as written, without an attached value: "-y",
	// "--no-install-recommends", "-o", "--setopt". Grouped short options
	// are split: "-qy" gives "-q" and "-y".
	name string
	// value is the option's value (attached or the next word), "" for
	// options that take none.
	value string
	// known is false when the option's word or its value is not known.
	known bool
	// beforeSub: the option comes before the subcommand (zypper's global
	// options must).
	beforeSub bool
}

// pkgCall is a package-manager command of a RUN, read.
type pkgCall struct {
	cmd  *pdockerfile.Command
	tool *pkgTool
	// sub is the subcommand, canonical when the tool's table knows it
	// ("in" gives "install"); "" when there is none or it is not known.
	sub string
	// sub2 is the word after sub for two-level commands ("dnf group
	// install", "yarn global add", "pip cache purge"); "" otherwise.
	sub2     string
	opts     []pkgOpt
	operands []pdockerfile.Word // the words after the subcommand that are not options
	// opaque: a word is an unknown expansion ($OPTS, $(cat list)) that may
	// hold options as well as operands.
	opaque bool
}

// pkgReadCommand reads c as a package-manager command; ok is false when c
// is not one.
func pkgReadCommand(c *pdockerfile.Command) (pkgCall, bool) {
	tool, args := pkgToolOf(c)
	if tool == nil {
		return pkgCall{}, false
	}
	call := pkgCall{cmd: c, tool: tool}
	call.read(args)
	return call, true
}

// pkgToolOf finds the tool a command runs and the arguments it reads
// ("python3 -m pip install x" gives pip and "install x").
func pkgToolOf(c *pdockerfile.Command) (*pkgTool, []pdockerfile.Word) {
	if t, ok := pkgTools[c.Name]; ok {
		return t, c.Args
	}
	if pkgPipName.MatchString(c.Name) {
		return pkgPipTool, c.Args
	}
	if pkgPythonName.MatchString(c.Name) {
		// python [-u -I -X opt ...] -m pip ARGS
		for i := 0; i < len(c.Args); i++ {
			w := c.Args[i]
			if !w.Known {
				return nil, nil
			}
			switch t := w.Text; {
			case t == "-m" && i+1 < len(c.Args) && c.Args[i+1].Known && c.Args[i+1].Text == "pip":
				return pkgPipTool, c.Args[i+2:]
			case t == "-mpip":
				return pkgPipTool, c.Args[i+1:]
			case t == "-X" || t == "-W":
				i++
			case strings.HasPrefix(t, "-") && t != "-" && t != "-c" && t != "-m":
			default:
				return nil, nil
			}
		}
	}
	return nil, nil
}

// read splits args into options and operands, GNU style: options may come
// anywhere until "--".
func (p *pkgCall) read(args []pdockerfile.Word) {
	t := p.tool
	takesValue := func(long string) bool {
		for _, l := range t.longValue {
			if l == long {
				return true
			}
		}
		return false
	}
	var words []pdockerfile.Word
	subSeen := t.subs == nil
	for i := 0; i < len(args); i++ {
		w := args[i]
		s := w.Text
		if !w.Known && (strings.HasPrefix(s, "$") || strings.HasPrefix(s, "`")) {
			p.opaque = true
		}
		if s == "--" {
			words = append(words, args[i+1:]...)
			break
		}
		if len(s) < 2 || s[0] != '-' {
			if !subSeen && t.name == "cargo" && strings.HasPrefix(s, "+") {
				continue // cargo +nightly install
			}
			words = append(words, w)
			subSeen = true
			continue
		}
		// next returns the following word as a value.
		next := func() (string, bool) {
			if i+1 < len(args) {
				i++
				return args[i].Text, args[i].Known
			}
			return "", true
		}
		if strings.HasPrefix(s, "--") || t.dashLong {
			name, val, hasVal := strings.Cut(s, "=")
			o := pkgOpt{name: name, value: val, known: w.Known, beforeSub: !subSeen}
			if !hasVal && takesValue(strings.TrimLeft(name, "-")) {
				v, k := next()
				o.value, o.known = v, o.known && k
			}
			p.opts = append(p.opts, o)
			continue
		}
		letters := s[1:]
		for k := 0; k < len(letters); k++ {
			o := pkgOpt{name: "-" + letters[k:k+1], known: w.Known, beforeSub: !subSeen}
			rest := letters[k+1:]
			switch {
			case strings.IndexByte(t.shortValue, letters[k]) >= 0:
				o.value = strings.TrimPrefix(rest, "=")
				if rest == "" {
					v, kn := next()
					o.value, o.known = v, o.known && kn
				}
				k = len(letters)
			case strings.HasPrefix(rest, "="):
				o.value = rest[1:] // apt-get -q=2
				k = len(letters)
			}
			p.opts = append(p.opts, o)
		}
	}
	if t.subs == nil {
		p.operands = words
		return
	}
	if len(words) == 0 {
		return
	}
	if !words[0].Known {
		p.sub = ""
		p.operands = words[1:]
		p.opaque = true
		return
	}
	p.sub = words[0].Text
	if c, ok := t.subs[p.sub]; ok {
		p.sub = c
	}
	p.operands = words[1:]
	switch {
	case t.family == pkgRPM && (p.sub == "group" || p.sub == "module"),
		t.name == "yarn" && p.sub == "global",
		t.name == "pip" && p.sub == "cache",
		t.name == "npm" && p.sub == "cache",
		t.name == "yarn" && p.sub == "cache",
		t.name == "apk" && p.sub == "cache":
		if len(p.operands) > 0 && p.operands[0].Known {
			p.sub2 = p.operands[0].Text
			p.operands = p.operands[1:]
		}
	}
}

// has reports whether one of the options is given (written as known).
func (p *pkgCall) has(names ...string) bool {
	return p.opt(names...) != nil
}

// opt returns the last option given among names, or nil.
func (p *pkgCall) opt(names ...string) *pkgOpt {
	for i := len(p.opts) - 1; i >= 0; i-- {
		for _, n := range names {
			if p.opts[i].name == n {
				return &p.opts[i]
			}
		}
	}
	return nil
}

// values returns the values of every option among names.
func (p *pkgCall) values(names ...string) []pkgOpt {
	var out []pkgOpt
	for _, o := range p.opts {
		for _, n := range names {
			if o.name == n {
				out = append(out, o)
			}
		}
	}
	return out
}

// is reports whether the call is the tool family's subcommand sub (one of).
func (p *pkgCall) is(family string, subs ...string) bool {
	if p.tool.family != family {
		return false
	}
	for _, s := range subs {
		if p.sub == s {
			return true
		}
	}
	return false
}

// label is how messages name the command: "apt-get install".
func (p *pkgCall) label() string {
	s := p.tool.name
	if p.tool.name == "pip" && p.cmd.Name != "pip" {
		s = p.cmd.Name
		if pkgPythonName.MatchString(s) {
			s += " -m pip"
		}
	}
	if p.sub != "" {
		s += " " + p.sub
	}
	if p.sub2 != "" {
		s += " " + p.sub2
	}
	return s
}

// at is the command's position, for findings.
func (p *pkgCall) at() parsers.Range {
	return pkgCommandRange(p.cmd)
}

func pkgCommandRange(c *pdockerfile.Command) parsers.Range {
	return parsers.Range{StartLine: c.Line, StartCol: c.Col, EndLine: c.Line}
}

// pkgConfigTrue reads an apt/yum/zypper boolean option value.
func pkgConfigTrue(v string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`)) {
	case "1", "true", "yes", "on", "enable", "enabled":
		return true
	}
	return false
}

func pkgConfigFalse(v string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`)) {
	case "0", "false", "no", "off", "disable", "disabled":
		return true
	}
	return false
}

// aptConfig returns the value apt-get's "-o Name=value" options give to
// the configuration item name (case-insensitive), and whether one does.
func (p *pkgCall) aptConfig(name string) (string, bool) {
	val, found := "", false
	for _, o := range p.values("-o", "--option") {
		if !o.known {
			continue
		}
		k, v, ok := strings.Cut(o.value, "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), name) {
			val, found = v, true
		}
	}
	return val, found
}

// setopt returns the "key=value" assignments yum/dnf's --setopt makes to
// key, in any repository ("gpgcheck", "*.gpgcheck", "epel.gpgcheck"), and
// their values.
func (p *pkgCall) setopt(key string) (assigns, values []string) {
	for _, o := range p.values("--setopt") {
		if !o.known {
			continue
		}
		k, v, ok := strings.Cut(o.value, "=")
		if !ok {
			continue
		}
		if k == key || strings.HasSuffix(k, "."+key) {
			assigns = append(assigns, o.value)
			values = append(values, v)
		}
	}
	return assigns, values
}

// pkgRun is one RUN instruction with the package-manager commands it runs.
type pkgRun struct {
	stage *pdockerfile.Stage
	in    *pdockerfile.Instruction
	calls []pkgCall
}

// pkgRuns returns the RUN instructions (ONBUILD RUN too) of the given
// stages, in file order; all stages when stages is nil.
func pkgRuns(f *pdockerfile.File, only map[*pdockerfile.Stage]bool) []pkgRun {
	var out []pkgRun
	for _, s := range f.Stages {
		if only != nil && !only[s] {
			continue
		}
		for _, in := range s.Instructions {
			if !pkgIsRun(in) {
				continue
			}
			r := pkgRun{stage: s, in: in}
			cmds := in.Commands()
			for i := range cmds {
				if call, ok := pkgReadCommand(&cmds[i]); ok {
					r.calls = append(r.calls, call)
				}
			}
			out = append(out, r)
		}
	}
	return out
}

func pkgIsRun(in *pdockerfile.Instruction) bool {
	if in.Keyword == "RUN" {
		return true
	}
	return in.Keyword == "ONBUILD" && in.Node != nil && in.Node.Next != nil &&
		len(in.Node.Next.Children) > 0 && strings.EqualFold(in.Node.Next.Children[0].Value, "RUN")
}

// pkgShippedStages are the stages whose filesystem is the image: the final
// stage and the stages it is built FROM. Other stages only hand over what
// COPY --from takes.
func pkgShippedStages(final *pdockerfile.Stage) map[*pdockerfile.Stage]bool {
	out := map[*pdockerfile.Stage]bool{}
	for s := final; s != nil && !out[s]; s = s.BaseStage {
		out[s] = true
	}
	return out
}

// pkgMountTargets are the directories a RUN mounts as cache or tmpfs: what
// is written there does not stay in the layer. The raw --mount flags are
// read here (buildkit parses their fields only when it expands them, which
// would change the shared instruction).
func pkgMountTargets(in *pdockerfile.Instruction) []string {
	if in.Keyword != "RUN" {
		return nil
	}
	var targets []string
	for _, fl := range in.Flags {
		spec, ok := strings.CutPrefix(fl, "--mount=")
		if !ok {
			continue
		}
		fields, err := csv.NewReader(strings.NewReader(spec)).Read()
		if err != nil {
			continue
		}
		typ, target := "bind", ""
		for _, field := range fields {
			k, v, _ := strings.Cut(field, "=")
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "type":
				typ = strings.ToLower(v)
			case "target", "dst", "destination":
				target = v
			}
		}
		if (typ == "cache" || typ == "tmpfs") && target != "" {
			targets = append(targets, path.Clean(target))
		}
	}
	return targets
}

// pkgRemovedPaths are the paths the RUN deletes with rm or find -delete,
// cleaned, with a trailing "/*" meaning the directory's content.
func pkgRemovedPaths(in *pdockerfile.Instruction) []string {
	var out []string
	cmds := in.Commands()
	for i := range cmds {
		c := &cmds[i]
		switch c.Name {
		case "rm":
			for _, a := range c.Args {
				if !strings.HasPrefix(a.Text, "-") {
					out = append(out, pkgCleanGlob(a.Text))
				}
			}
		case "find":
			deletes := false
			for _, a := range c.Args {
				if a.Text == "-delete" || a.Text == "rm" {
					deletes = true
				}
			}
			if deletes {
				for _, a := range c.Args {
					if strings.HasPrefix(a.Text, "-") {
						break
					}
					out = append(out, pkgCleanGlob(a.Text))
				}
			}
		}
	}
	return out
}

func pkgCleanGlob(p string) string {
	p = strings.TrimSuffix(p, "*")
	if p == "" {
		return p
	}
	return path.Clean(p)
}

// pkgCovers reports whether removing or mounting one of paths takes dir
// (and what is under it) out of the layer: the same directory or a parent.
func pkgCovers(paths []string, dir string) bool {
	for _, p := range paths {
		if p == "" || p == "/" || p == "." {
			continue
		}
		if p == dir || strings.HasPrefix(dir, p+"/") {
			return true
		}
	}
	return false
}

// pkgStageDeclares reports whether an ENV or ARG before in, in the stage or
// the stages it is built FROM, declares name (any value, known or not: an
// ARG without default is set at build time, and unknown is not insecure).
func pkgStageDeclares(s *pdockerfile.Stage, in *pdockerfile.Instruction, name string) bool {
	for cur, stop := s, in; cur != nil; cur, stop = cur.BaseStage, nil {
		for _, x := range cur.Instructions {
			if x == stop {
				break
			}
			switch c := x.Command.(type) {
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					if kv.Key == name {
						return true
					}
				}
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					if kv.Key == name {
						return true
					}
				}
			}
		}
		if cur.BaseStage != nil && cur.BaseStage.Index >= cur.Index {
			break
		}
	}
	return false
}

// pkgInlineEnv reports whether the command is run with name set in its
// environment by the shell: "NAME=x cmd", "env NAME=x cmd", or an earlier
// "export NAME=x" in the same RUN.
func pkgInlineEnv(in *pdockerfile.Instruction, c *pdockerfile.Command, name string) bool {
	if c.Node != nil {
		for _, a := range c.Node.Assigns {
			if a.Name != nil && a.Name.Value == name {
				return true
			}
		}
		for _, w := range c.Node.Args {
			if lit := w.Lit(); strings.HasPrefix(lit, name+"=") {
				return true
			}
		}
	}
	cmds := in.Commands()
	for i := range cmds {
		x := &cmds[i]
		if x.Line > c.Line || (x.Line == c.Line && x.Col >= c.Col) {
			break
		}
		if x.Name == "export" {
			for _, a := range x.Args {
				if strings.HasPrefix(a.Text, name+"=") {
					return true
				}
			}
		}
	}
	return false
}

// pkgWrittenConfig returns the text that echo and printf commands of RUN
// instructions up to in (in the stage and the stages it is built FROM)
// write — where Dockerfiles put apt.conf.d and yum.conf settings — and
// whether a COPY or ADD before in writes into one of dirs, whose content
// stridelint cannot read.
func pkgWrittenConfig(s *pdockerfile.Stage, in *pdockerfile.Instruction, dirs ...string) (text string, copied bool) {
	var b strings.Builder
	for cur, stop := s, in; cur != nil; cur, stop = cur.BaseStage, nil {
		for _, x := range cur.Instructions {
			if dest, ok := pkgCopyDest(x); ok && x != stop {
				for _, d := range dirs {
					if dest == d || strings.HasPrefix(dest, d+"/") {
						copied = true
					}
				}
			}
			if pkgIsRun(x) {
				for _, c := range x.Commands() {
					if c.Name != "echo" && c.Name != "printf" {
						continue
					}
					for _, a := range c.Args {
						b.WriteString(a.Text)
						b.WriteByte('\n')
					}
				}
			}
			if x == stop {
				break
			}
		}
		if cur.BaseStage != nil && cur.BaseStage.Index >= cur.Index {
			break
		}
	}
	return b.String(), copied
}

// pkgCopyDest is the destination of a COPY or ADD, cleaned.
func pkgCopyDest(in *pdockerfile.Instruction) (string, bool) {
	var dest string
	switch c := in.Command.(type) {
	case *instructions.CopyCommand:
		dest = c.DestPath
	case *instructions.AddCommand:
		dest = c.DestPath
	default:
		return "", false
	}
	if !strings.HasPrefix(dest, "/") {
		return "", false
	}
	return path.Clean(dest), true
}

// pkgList joins names for a message, shortening long lists.
func pkgList(names []string) string {
	const max = 6
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:max], ", ") + " and " + strconv.Itoa(len(names)-max) + " more"
}
