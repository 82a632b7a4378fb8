package dockerfile

// Matching shell commands for the command rules (cmd_*.go): which
// instructions run build steps, where a command starts, how its options
// parse (combined short flags such as -fsSLk, --flag=value, values in the
// next word), what a chmod mode does, and which environment variables a
// RUN, ENV or ARG sets. The rules judge the parsed shell
// (pdockerfile.Command), never the raw text.

import (
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"mvdan.cc/sh/v3/syntax"

	"github.com/stridelint/stridelint/parsers"
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
)

// eachRun calls fn for every RUN of the file in file order, ONBUILD RUN
// included: it runs in every build FROM this image.
func eachRun(f *pdockerfile.File, fn func(s *pdockerfile.Stage, in *pdockerfile.Instruction)) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			if stepKeyword(in) == "RUN" {
				fn(s, in)
			}
		}
	}
}

// stepKeyword is the instruction's keyword; for ONBUILD, the keyword of the
// instruction it registers.
func stepKeyword(in *pdockerfile.Instruction) string {
	if in.Keyword == "ONBUILD" {
		if n := in.Node; n != nil && n.Next != nil && len(n.Next.Children) > 0 {
			return strings.ToUpper(n.Next.Children[0].Value)
		}
	}
	return in.Keyword
}

// execForm reports whether the instruction (or the one ONBUILD registers)
// is written in exec (JSON array) form.
func execForm(in *pdockerfile.Instruction) bool {
	n := in.Node
	if n == nil {
		return false
	}
	if in.Keyword == "ONBUILD" {
		if n.Next == nil || len(n.Next.Children) == 0 {
			return false
		}
		n = n.Next.Children[0]
	}
	return n.Attributes["json"]
}

// commandRange is where command c of in starts: its name word, on its own
// line inside a multi-line RUN.
func commandRange(in *pdockerfile.Instruction, c *pdockerfile.Command) parsers.Range {
	if c.Line == 0 {
		return in.Range()
	}
	r := parsers.Range{StartLine: c.Line, StartCol: c.Col, EndLine: c.Line}
	if raw := c.NameWord.Raw; c.Col > 0 && raw != "" && !strings.ContainsAny(raw, "\n\"") {
		r.EndCol = c.Col + utf8.RuneCountInString(raw)
	}
	return r
}

// wordRange is where word w starts.
func wordRange(in *pdockerfile.Instruction, w pdockerfile.Word) parsers.Range {
	if w.Line == 0 {
		return in.Range()
	}
	return parsers.Range{StartLine: w.Line, StartCol: w.Col, EndLine: w.Line}
}

// innerCommand is the command that the wrapper at cmds[i] (sudo, env,
// xargs, ...) runs, or nil.
func innerCommand(cmds []pdockerfile.Command, i int) *pdockerfile.Command {
	if i+1 >= len(cmds) {
		return nil
	}
	c, next := &cmds[i], &cmds[i+1]
	if next.Node != c.Node || len(next.Wrappers) != len(c.Wrappers)+1 {
		return nil
	}
	return next
}

// optSpec says which options of a command take a value, so that a value is
// never mistaken for a flag (curl -u user:-k) nor a flag for a value.
type optSpec struct {
	// short are the short options that take a value ("o" for curl -o FILE):
	// in a group (-fsSLo FILE) such a letter takes the rest of the group,
	// or the next word when it ends the group.
	short string
	// long are the long options (without "--") that take a value, in the
	// next word unless written --name=value.
	long []string
	// posix: options end at the first operand (sh, python: what follows
	// belongs to the script), instead of GNU-style options anywhere.
	posix bool
}

// option is one option given to a command.
type option struct {
	// name is the option without dashes: "k", "insecure".
	name string
	long bool
	// value is the option's value for options that take one (or are
	// written --name=value); hasValue says there is one.
	value    string
	hasValue bool
	// known is false when the value (or the option word) holds a variable
	// or substitution.
	known bool
	// valueArg is the index of the argument holding the value: the
	// option's own, or the next one.
	valueArg int
}

// cmdArgs is a command's arguments split into options and operands.
type cmdArgs struct {
	args     []pdockerfile.Word
	opts     []option
	operands []int // indexes into args
}

func parseArgs(args []pdockerfile.Word, spec optSpec) cmdArgs {
	p := cmdArgs{args: args}
	for i := 0; i < len(args); i++ {
		w := args[i]
		t := w.Text
		if t == "--" && w.Known {
			for j := i + 1; j < len(args); j++ {
				p.operands = append(p.operands, j)
			}
			break
		}
		if len(t) < 2 || t[0] != '-' || (!w.Known && strings.HasPrefix(t, "-$")) {
			p.operands = append(p.operands, i)
			if spec.posix {
				for j := i + 1; j < len(args); j++ {
					p.operands = append(p.operands, j)
				}
				break
			}
			continue
		}
		if strings.HasPrefix(t, "--") {
			o := option{name: t[2:], long: true, known: w.Known, valueArg: i}
			if name, val, ok := strings.Cut(o.name, "="); ok {
				o.name, o.value, o.hasValue = name, val, true
			} else if contains(spec.long, o.name) && i+1 < len(args) {
				i++
				o.value, o.hasValue, o.known, o.valueArg = args[i].Text, true, args[i].Known, i
			}
			p.opts = append(p.opts, o)
			continue
		}
		letters := t[1:]
		for k := 0; k < len(letters); k++ {
			o := option{name: letters[k : k+1], known: w.Known, valueArg: i}
			if strings.IndexByte(spec.short, letters[k]) >= 0 {
				switch {
				case k+1 < len(letters):
					o.value, o.hasValue = letters[k+1:], true
				case i+1 < len(args):
					i++
					o.value, o.hasValue, o.known, o.valueArg = args[i].Text, true, args[i].Known, i
				}
				p.opts = append(p.opts, o)
				break
			}
			p.opts = append(p.opts, o)
		}
	}
	return p
}

// matches reports whether o is one of names, written with their dashes:
// "-k", "--insecure".
func (o option) matches(names ...string) bool {
	for _, n := range names {
		if o.long && strings.HasPrefix(n, "--") && n[2:] == o.name {
			return true
		}
		if !o.long && len(n) == 2 && n[0] == '-' && n[1:] == o.name {
			return true
		}
	}
	return false
}

// find returns the last of the named options given (the one that wins).
func (p cmdArgs) find(names ...string) (option, bool) {
	for i := len(p.opts) - 1; i >= 0; i-- {
		if p.opts[i].matches(names...) {
			return p.opts[i], true
		}
	}
	return option{}, false
}

// has reports whether any of the named options is given.
func (p cmdArgs) has(names ...string) bool {
	_, ok := p.find(names...)
	return ok
}

// operand returns operand i (0-based), or false.
func (p cmdArgs) operand(i int) (pdockerfile.Word, bool) {
	if i < 0 || i >= len(p.operands) {
		return pdockerfile.Word{}, false
	}
	return p.args[p.operands[i]], true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// modeChange is what a chmod-style mode (octal or symbolic) grants.
type modeChange struct {
	otherWrite     bool // write for "other": anyone in the container
	setuid, setgid bool
	sticky         bool // restricted deletion (the /tmp bit)
}

// parseMode reads an octal (777, 0777, 4755) or symbolic (a+w,o+w, u+s,
// go=rx) mode. Symbolic clauses without a who ("+w") are filtered by the
// umask, which is 022 in a build: they never grant write to others, but
// "+s" sets both setuid and setgid. Copying bits from another class
// ("o=u") is unknown and grants nothing here. ok is false when the text is
// not a mode.
func parseMode(mode string) (m modeChange, ok bool) {
	if mode == "" {
		return m, false
	}
	if isOctal(mode) {
		v, err := strconv.ParseUint(mode, 8, 32)
		if err != nil || v > 0o7777 {
			return m, false
		}
		return modeChange{
			otherWrite: v&0o002 != 0,
			setuid:     v&0o4000 != 0,
			setgid:     v&0o2000 != 0,
			sticky:     v&0o1000 != 0,
		}, true
	}
	for _, clause := range strings.Split(mode, ",") {
		i := 0
		who := ""
		for i < len(clause) && strings.IndexByte("ugoa", clause[i]) >= 0 {
			who += clause[i : i+1]
			i++
		}
		if i >= len(clause) {
			return m, false
		}
		all := who == "" || strings.Contains(who, "a")
		u := all || strings.Contains(who, "u")
		g := all || strings.Contains(who, "g")
		o := strings.Contains(who, "o") || strings.Contains(who, "a")
		for i < len(clause) {
			op := clause[i]
			if strings.IndexByte("+-=", op) < 0 {
				return m, false
			}
			i++
			j := i
			for j < len(clause) && strings.IndexByte("rwxXstugo", clause[j]) >= 0 {
				j++
			}
			perms := clause[i:j]
			i = j
			if strings.ContainsAny(perms, "ugo") {
				if len(perms) != 1 {
					return m, false
				}
				continue // copied from another class: unknown
			}
			w, s, t := strings.Contains(perms, "w"), strings.Contains(perms, "s"), strings.Contains(perms, "t")
			switch op {
			case '+':
				m.otherWrite = m.otherWrite || (o && w)
				m.setuid = m.setuid || (u && s)
				m.setgid = m.setgid || (g && s)
				m.sticky = m.sticky || ((o || who == "") && t)
			case '-':
				m.otherWrite = m.otherWrite && !(w && (o || who == ""))
				m.setuid = m.setuid && !(u && s)
				m.setgid = m.setgid && !(g && s)
				m.sticky = m.sticky && !((o || who == "") && t)
			case '=':
				if o || who == "" {
					m.otherWrite = o && w
					m.sticky = t
				}
				if u {
					m.setuid = s
				}
				if g {
					m.setgid = s
				}
			}
		}
	}
	return m, true
}

func isOctal(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '7' {
			return false
		}
	}
	return true
}

// modeCommand is a command that sets permission bits: chmod MODE FILE...,
// mkdir -m MODE DIR..., install -m MODE SRC... DEST.
type modeCommand struct {
	name      string // chmod, mkdir, install
	mode      string
	recursive bool
	// dirs: the targets are directories (mkdir, install -d).
	dirs    bool
	targets []pdockerfile.Word
}

// modeCommands returns the modes that command c sets: its own (chmod,
// mkdir -m, install -m) and those of the commands find runs with -exec or
// -execdir ("find /app -type d -exec chmod 777 {} +").
func modeCommands(c *pdockerfile.Command) []modeCommand {
	var out []modeCommand
	if mc, ok := readModeCommand(c); ok {
		out = append(out, mc)
	}
	if c.Name != "find" {
		return out
	}
	for i := 0; i < len(c.Args); i++ {
		if t := c.Args[i].Text; (t != "-exec" && t != "-execdir") || i+1 >= len(c.Args) {
			continue
		}
		j := i + 2
		for j < len(c.Args) && c.Args[j].Text != ";" && c.Args[j].Text != "+" {
			j++
		}
		name := c.Args[i+1]
		sub := pdockerfile.Command{Name: path.Base(name.Text), NameWord: name, Args: c.Args[i+2 : j], Line: name.Line, Col: name.Col}
		if mc, ok := readModeCommand(&sub); ok {
			out = append(out, mc)
		}
		i = j
	}
	return out
}

// readModeCommand returns the mode a chmod, mkdir or install command sets;
// false when it sets none, or when the mode is not known.
func readModeCommand(c *pdockerfile.Command) (modeCommand, bool) {
	switch c.Name {
	case "chmod":
		p := parseArgs(c.Args, optSpec{long: []string{"reference"}})
		if p.has("--reference") {
			return modeCommand{}, false
		}
		mc := modeCommand{name: c.Name, recursive: p.has("-R", "--recursive")}
		// xargs chmod MODE: the files come from its input.
		if len(p.operands) == 0 || (len(p.operands) < 2 && !c.HasWrapper("xargs")) {
			return modeCommand{}, false
		}
		w := p.args[p.operands[0]]
		mc.mode = w.Text
		for _, i := range p.operands[1:] {
			mc.targets = append(mc.targets, p.args[i])
		}
		return mc, w.Known
	case "mkdir", "install":
		spec := optSpec{short: "m", long: []string{"mode"}}
		if c.Name == "install" {
			spec = optSpec{short: "mgoSt", long: []string{"mode", "group", "owner", "suffix", "target-directory", "strip-program", "context"}}
		}
		p := parseArgs(c.Args, spec)
		o, ok := p.find("-m", "--mode")
		if !ok || !o.hasValue || !o.known {
			return modeCommand{}, false
		}
		mc := modeCommand{name: c.Name, mode: o.value, dirs: c.Name == "mkdir" || p.has("-d", "--directory")}
		for _, i := range p.operands {
			mc.targets = append(mc.targets, p.args[i])
		}
		return mc, true
	}
	return modeCommand{}, false
}

// envAssign is an environment variable a RUN sets for the commands it
// runs: export NAME=value, declare -x NAME=value, NAME=value cmd,
// env NAME=value cmd, sudo NAME=value cmd. A plain NAME=value on its own is
// a shell variable that commands do not see, and is not one.
type envAssign struct {
	name  string
	value string
	known bool
	rng   parsers.Range
}

func runEnvAssignments(in *pdockerfile.Instruction) []envAssign {
	var out []envAssign
	top := map[*syntax.CallExpr]bool{}
	if sc := in.Shell; sc != nil {
		add := func(a *syntax.Assign) {
			if a == nil || a.Name == nil || a.Naked || a.Array != nil || a.Index != nil {
				return
			}
			e := envAssign{name: a.Name.Value, known: true}
			if a.Value != nil {
				e.value, e.known = wordLiteral(a.Value)
			}
			line, col := sc.Position(a.Pos())
			e.rng = parsers.Range{StartLine: line, StartCol: col, EndLine: line}
			if line == 0 {
				e.rng = in.Range()
			}
			out = append(out, e)
		}
		syntax.Walk(sc.File, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.DeclClause:
				if exportsVars(n) {
					for _, a := range n.Args {
						add(a)
					}
				}
			case *syntax.CallExpr:
				top[n] = true
				if len(n.Args) > 0 {
					for _, a := range n.Assigns {
						add(a)
					}
				}
			}
			return true
		})
	}
	cmds := in.Commands()
	seen := map[*syntax.CallExpr]bool{}
	for i := range cmds {
		c := &cmds[i]
		if n := c.Node; n != nil && !top[n] && !seen[n] {
			// A call in a nested script (sh -c '...'): its positions are
			// not Dockerfile positions; use the command's.
			seen[n] = true
			for _, a := range n.Assigns {
				if a.Name == nil || a.Naked || a.Array != nil || a.Index != nil {
					continue
				}
				e := envAssign{name: a.Name.Value, known: true, rng: commandRange(in, c)}
				if a.Value != nil {
					e.value, e.known = wordLiteral(a.Value)
				}
				out = append(out, e)
			}
		}
		if c.Name != "env" && c.Name != "sudo" {
			continue
		}
		// The NAME=value words before the command env or sudo runs.
		inner := innerCommand(cmds, i)
		for _, w := range c.Args {
			if inner != nil && w.Line == inner.NameWord.Line && w.Col == inner.NameWord.Col && w.Raw == inner.NameWord.Raw {
				break
			}
			name, val, ok := strings.Cut(w.Text, "=")
			if !ok || !isEnvName(name) || strings.HasPrefix(w.Text, "-") {
				continue
			}
			out = append(out, envAssign{name: name, value: val, known: w.Known, rng: wordRange(in, w)})
		}
	}
	return out
}

// exportsVars: export, or declare/typeset with -x.
func exportsVars(d *syntax.DeclClause) bool {
	switch d.Variant.Value {
	case "export":
		return true
	case "declare", "typeset":
		for _, a := range d.Args {
			if a.Naked && a.Name == nil && a.Value != nil {
				if v, ok := wordLiteral(a.Value); ok && strings.HasPrefix(v, "-") && strings.Contains(v, "x") {
					return true
				}
			}
		}
	}
	return false
}

func isEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}

// wordLiteral is the value of a shell word made of literal text and
// quotes; known is false when it holds an expansion or substitution.
func wordLiteral(w *syntax.Word) (string, bool) {
	var b strings.Builder
	known := true
	var part func(p syntax.WordPart, inDq bool)
	part = func(p syntax.WordPart, inDq bool) {
		switch p := p.(type) {
		case *syntax.Lit:
			v := p.Value
			for i := 0; i < len(v); i++ {
				if v[i] == '\\' && i+1 < len(v) && (!inDq || strings.IndexByte("$`\"\\\n", v[i+1]) >= 0) {
					i++
					if v[i] == '\n' {
						continue
					}
				}
				b.WriteByte(v[i])
			}
		case *syntax.SglQuoted:
			b.WriteString(p.Value)
			if p.Dollar {
				known = known && !strings.Contains(p.Value, `\`)
			}
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				part(q, true)
			}
		default:
			known = false
		}
	}
	for _, p := range w.Parts {
		part(p, false)
	}
	return b.String(), known
}

// envSetting is a variable that an ENV sets, or an ARG gives a value to, in
// a stage: what the RUN steps (and, for ENV, the container) see.
type envSetting struct {
	stage *pdockerfile.Stage
	in    *pdockerfile.Instruction
	name  string
	// value is resolved with the variables visible at the instruction.
	value pdockerfile.Value
	arg   bool
}

// eachEnvSetting calls fn for every ENV variable and every ARG with a value
// (its default, or the default of the global ARG it re-declares). An ARG
// without any default is set only by --build-arg: unknown, and skipped.
func eachEnvSetting(f *pdockerfile.File, fn func(envSetting)) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			switch c := in.Command.(type) {
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					fn(envSetting{stage: s, in: in, name: kv.Key, value: s.ResolveAt(in, kv.Value)})
				}
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					var v pdockerfile.Value
					if kv.Value != nil {
						v = s.ResolveAt(in, *kv.Value)
					} else if v = f.ResolveGlobal("${" + kv.Key + "}"); !v.Known {
						continue
					}
					fn(envSetting{stage: s, in: in, name: kv.Key, value: v, arg: true})
				}
			}
		}
	}
}

// keyword is "ENV" or "ARG".
func (e envSetting) keyword() string {
	if e.arg {
		return "ARG"
	}
	return "ENV"
}

// redactURL shortens a URL for a message: scheme, host and path, without
// credentials, query or fragment (they may hold tokens).
func redactURL(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if scheme, rest, ok := strings.Cut(u, "://"); ok {
		host, path, _ := strings.Cut(rest, "/")
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			host = host[at+1:]
		}
		u = scheme + "://" + host
		if path != "" {
			u += "/" + path
		}
	}
	if utf8.RuneCountInString(u) > 80 {
		r := []rune(u)
		u = string(r[:80]) + "…"
	}
	return u
}
