package dockerfile

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/stridelint/stridelint/parsers"
)

// Word is a shell word (a command name or argument).
type Word struct {
	// Text is the value with quotes and escapes removed. Parts that cannot
	// be resolved ($VAR, $(cmd), $((1+1))) are kept as written.
	Text string
	// Known is false when the word contains a parameter expansion, command
	// substitution or other part whose value is unknown.
	Known bool
	// Raw is the source text of the word.
	Raw string
	// Line and Col locate the word in the Dockerfile (Col is 1-based, in
	// code points; 0 when unknown).
	Line, Col int

	word   *syntax.Word // nil for exec-form words
	script *Script
	points []lpos // exec-form words: where each byte of Text comes from
}

// commandName is the base name of a known word ("/usr/bin/apt-get" gives
// "apt-get"), "" when the word is not known.
func (w Word) commandName() string {
	if !w.Known {
		return ""
	}
	return baseName(w.Text)
}

// Command is a simple command the shell runs.
type Command struct {
	// Name is the base name of the command ("/usr/bin/apt-get" gives
	// "apt-get"); "" when the name is not a known word ($CMD).
	Name string
	// NameWord is the word the name comes from.
	NameWord Word
	// Args are the arguments after the name.
	Args []Word
	// Line is the Dockerfile line of the command name; Col its 1-based
	// column (0 when unknown).
	Line, Col int
	// Wrappers are the commands that were unwrapped to reach this one, outer
	// first: "sudo", "env", "xargs", ... and "sh -c" for a script given to a
	// shell with -c (any POSIX shell), "sh <<" for a script fed to a shell
	// as a heredoc (or with <<<), "su -c" for su's -c, "eval" for eval's
	// arguments. The wrapper commands are reported too, as commands of
	// their own; the bash keyword "time" is only a label here.
	Wrappers []string
	// Node is the call the command was found in; for an unwrapped command it
	// is the wrapper's call. Nil for exec-form commands.
	Node *syntax.CallExpr
	// InPipeline is true when the command is a stage of a pipeline (a | b).
	InPipeline bool
	// PipeFrom is the command whose output feeds this one's stdin through
	// "|" (for "curl x | sudo sh" both sudo and sh have PipeFrom curl; when
	// the feeding stage is itself wrapped, the innermost command is used).
	// Nil otherwise.
	PipeFrom *Command
}

// Arg returns the text of argument i, or "" when out of range.
func (c *Command) Arg(i int) string {
	if i < 0 || i >= len(c.Args) {
		return ""
	}
	return c.Args[i].Text
}

// HasWrapper reports whether name is among the command's wrappers.
func (c *Command) HasWrapper(name string) bool {
	for _, w := range c.Wrappers {
		if w == name {
			return true
		}
	}
	return false
}

// Limits that keep hostile input from blowing up.
const (
	maxDepth    = 5
	maxScripts  = 500
	maxCommands = 100000
)

// extractor collects the commands of one instruction.
type extractor struct {
	file     *File
	out      []Command
	scripts  []*Script // nested scripts, in the order they were parsed
	spans    []span
	pipeFrom map[*syntax.CallExpr]*syntax.CallExpr
	inPipe   map[*syntax.CallExpr]bool
	redirs   map[*syntax.CallExpr][]*syntax.Redirect
	parsed   int
}

type span struct {
	sc         *Script
	start, end int
}

func newExtractor(f *File) *extractor {
	return &extractor{
		file:     f,
		pipeFrom: map[*syntax.CallExpr]*syntax.CallExpr{},
		inPipe:   map[*syntax.CallExpr]bool{},
		redirs:   map[*syntax.CallExpr][]*syntax.Redirect{},
	}
}

// script walks sc and emits its commands.
func (x *extractor) script(sc *Script, wrappers []string, depth int) {
	start := len(x.out)
	timed := map[*syntax.CallExpr]bool{}
	syntax.Walk(sc.File, func(n syntax.Node) bool {
		if len(x.out) >= maxCommands {
			return false
		}
		switch n := n.(type) {
		case *syntax.Stmt:
			if call, ok := n.Cmd.(*syntax.CallExpr); ok && len(n.Redirs) > 0 {
				x.redirs[call] = n.Redirs
			}
		case *syntax.TimeClause:
			// "time cmd" is a bash keyword, not a call: label the command.
			if n.Stmt != nil {
				if call, ok := n.Stmt.Cmd.(*syntax.CallExpr); ok {
					timed[call] = true
				}
			}
		case *syntax.BinaryCmd:
			if n.Op == syntax.Pipe || n.Op == syntax.PipeAll {
				from, to := lastCall(n.X, 0), firstCall(n.Y, 0)
				if from != nil {
					x.inPipe[from] = true
				}
				if to != nil {
					x.inPipe[to] = true
					if from != nil {
						x.pipeFrom[to] = from
					}
				}
			}
		case *syntax.CallExpr:
			if len(n.Args) == 0 {
				return true
			}
			words := make([]Word, len(n.Args))
			for i, w := range n.Args {
				words[i] = sc.word(w)
			}
			if timed[n] {
				x.emit(words, n, sc, append(append([]string(nil), wrappers...), "time"), depth)
				return true
			}
			x.emit(words, n, sc, wrappers, depth)
		}
		return true
	})
	x.spans = append(x.spans, span{sc, start, len(x.out)})
}

// lastCall is the call whose output leaves stmt (the last stage of a
// pipeline, the last statement of a block).
func lastCall(s *syntax.Stmt, depth int) *syntax.CallExpr {
	if s == nil || depth > 50 {
		return nil
	}
	switch c := s.Cmd.(type) {
	case *syntax.CallExpr:
		return c
	case *syntax.BinaryCmd:
		if c.Op == syntax.Pipe || c.Op == syntax.PipeAll {
			return lastCall(c.Y, depth+1)
		}
	case *syntax.Block:
		if len(c.Stmts) > 0 {
			return lastCall(c.Stmts[len(c.Stmts)-1], depth+1)
		}
	case *syntax.Subshell:
		if len(c.Stmts) > 0 {
			return lastCall(c.Stmts[len(c.Stmts)-1], depth+1)
		}
	case *syntax.TimeClause:
		return lastCall(c.Stmt, depth+1)
	}
	return nil
}

// firstCall is the call that reads stmt's stdin.
func firstCall(s *syntax.Stmt, depth int) *syntax.CallExpr {
	if s == nil || depth > 50 {
		return nil
	}
	switch c := s.Cmd.(type) {
	case *syntax.CallExpr:
		return c
	case *syntax.BinaryCmd:
		if c.Op == syntax.Pipe || c.Op == syntax.PipeAll {
			return firstCall(c.X, depth+1)
		}
	case *syntax.Block:
		if len(c.Stmts) > 0 {
			return firstCall(c.Stmts[0], depth+1)
		}
	case *syntax.Subshell:
		if len(c.Stmts) > 0 {
			return firstCall(c.Stmts[0], depth+1)
		}
	case *syntax.TimeClause:
		return firstCall(c.Stmt, depth+1)
	}
	return nil
}

// finish links pipelines and gives every walked script its commands.
func (x *extractor) finish() {
	// The innermost command reached from each call: the last one emitted
	// with that node.
	inner := map[*syntax.CallExpr]int{}
	for i := range x.out {
		if n := x.out[i].Node; n != nil {
			inner[n] = i
		}
	}
	for i := range x.out {
		c := &x.out[i]
		if c.Node == nil {
			continue
		}
		c.InPipeline = x.inPipe[c.Node]
		if from, ok := x.pipeFrom[c.Node]; ok {
			if j, ok := inner[from]; ok {
				c.PipeFrom = &x.out[j]
			}
		}
	}
	for _, s := range x.spans {
		s.sc.commands = x.out[s.start:s.end:s.end]
	}
}

// emit reports the command in words and whatever it runs (sudo cmd,
// sh -c "script", ...).
func (x *extractor) emit(words []Word, node *syntax.CallExpr, sc *Script, wrappers []string, depth int) {
	for guard := 0; len(words) > 0 && guard < 64 && len(x.out) < maxCommands; guard++ {
		name := words[0]
		args := words[1:]
		cmd := Command{
			Name:     name.commandName(),
			NameWord: name,
			Args:     args,
			Line:     name.Line,
			Col:      name.Col,
			Wrappers: append([]string(nil), wrappers...),
			Node:     node,
		}
		x.out = append(x.out, cmd)
		if cmd.Name == "" {
			return
		}
		u := unwrap(cmd.Name, args)
		switch {
		case u.script != nil:
			x.nested(*u.script, u.label, wrappers, depth)
			return
		case u.stdinShell:
			// A shell reading its script from stdin: bash <<EOF, bash <<< "...".
			if sc != nil && node != nil && name.script == sc {
				for _, r := range x.redirs[node] {
					if r.N != nil && r.N.Value != "0" {
						continue
					}
					switch r.Op {
					case syntax.Hdoc, syntax.DashHdoc:
						x.heredoc(sc, r, wrappers, depth)
					case syntax.WordHdoc:
						x.nested(sc.word(r.Word), "sh <<", wrappers, depth)
					}
				}
			}
			return
		case u.rest == nil:
			return
		}
		wrappers = append(wrappers, u.label)
		words = u.rest
	}
}

// nested parses the value of w as a script run by a wrapper.
func (x *extractor) nested(w Word, label string, wrappers []string, depth int) {
	if depth >= maxDepth || x.parsed >= maxScripts {
		return
	}
	x.parsed++
	var child *Script
	if w.word != nil && w.script != nil {
		text, offs := scriptText(w.word, w.script)
		if file := parseShell(text); file != nil {
			child = &Script{File: file, Source: text, Line0: -1,
				pos: &posMap{parent: w.script.pos, offs: offs, fallback: int(w.word.Pos().Offset())}}
		}
	} else if w.Known {
		if file := parseShell(w.Text); file != nil {
			pm := &posMap{fixedLine: max(w.Line, 1)}
			if len(w.points) == len(w.Text) && len(w.points) > 0 {
				pm.points, pm.file = w.points, x.file
			}
			child = &Script{File: file, Source: w.Text, Line0: -1, pos: pm}
		}
	}
	if child == nil {
		return
	}
	x.scripts = append(x.scripts, child)
	x.script(child, append(append([]string(nil), wrappers...), label), depth+1)
}

// heredoc parses the body of a heredoc fed to a shell as a script.
func (x *extractor) heredoc(sc *Script, r *syntax.Redirect, wrappers []string, depth int) {
	if r.Hdoc == nil || depth >= maxDepth || x.parsed >= maxScripts {
		return
	}
	// mvdan's End for a heredoc body reaches past the terminator; use the
	// literal's length instead.
	start := int(r.Hdoc.Pos().Offset())
	if start < 0 || start > len(sc.Source) {
		return
	}
	x.parsed++
	var child *Script
	if lit, ok := singleLit(r.Hdoc); ok && (quotedDelim(r.Word) || !strings.Contains(lit.Value, `\`)) {
		// The body is what the shell reads, byte for byte.
		text := lit.Value
		if file := parseShell(text); file != nil {
			child = &Script{File: file, Source: text, Line0: -1,
				pos: &posMap{parent: sc.pos, shift: int(lit.Pos().Offset())}}
		}
	} else {
		text, offs := heredocText(r.Hdoc, sc.Source, !quotedDelim(r.Word))
		if file := parseShell(text); file != nil {
			child = &Script{File: file, Source: text, Line0: -1,
				pos: &posMap{parent: sc.pos, offs: offs, fallback: start}}
		}
	}
	if child == nil {
		return
	}
	if sc.Line0 >= 0 && child.pos.offs == nil && sc.pos != nil && sc.pos.parent == nil && sc.pos.points == nil && sc.pos.fixedLine == 0 {
		// Body lines are Dockerfile lines: expose that like a top-level script.
		line, _ := sc.pos.at(start)
		child.Line0 = line - 1
	}
	x.scripts = append(x.scripts, child)
	x.script(child, append(append([]string(nil), wrappers...), "sh <<"), depth+1)
}

func quotedDelim(w *syntax.Word) bool {
	if w == nil {
		return false
	}
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.SglQuoted, *syntax.DblQuoted:
			return true
		case *syntax.Lit:
			if strings.Contains(p.Value, `\`) {
				return true
			}
		}
	}
	return false
}

func singleLit(w *syntax.Word) (*syntax.Lit, bool) {
	if len(w.Parts) != 1 {
		return nil, false
	}
	lit, ok := w.Parts[0].(*syntax.Lit)
	return lit, ok
}

// unwrapped says what a command runs.
type unwrapped struct {
	rest       []Word // the command it runs, with its arguments
	label      string // wrapper label for rest or script
	script     *Word  // a script it runs (sh -c SCRIPT)
	stdinShell bool   // a shell reading its script from stdin
}

// Option tables: short options that take a value, long options that take a
// value when it is not attached with "=".
type optSpec struct {
	shortArg string
	longArg  []string
	// assigns: NAME=value words may follow the options (sudo, env).
	assigns bool
}

var wrapperOpts = map[string]optSpec{
	"sudo":      {shortArg: "CDghprRtTUu", longArg: []string{"close-from", "chdir", "group", "host", "prompt", "chroot", "role", "type", "command-timeout", "other-user", "user"}, assigns: true},
	"doas":      {shortArg: "uC"},
	"env":       {shortArg: "uCS", longArg: []string{"unset", "chdir", "split-string", "block-signal", "default-signal", "ignore-signal"}, assigns: true},
	"nice":      {shortArg: "n", longArg: []string{"adjustment"}},
	"ionice":    {shortArg: "cnpPu", longArg: []string{"class", "classdata", "pid", "pgid", "uid"}},
	"nohup":     {},
	"time":      {shortArg: "fo", longArg: []string{"format", "output"}},
	"exec":      {shortArg: "a"},
	"command":   {},
	"builtin":   {},
	"setsid":    {},
	"eatmydata": {},
	"chronic":   {},
	"stdbuf":    {shortArg: "ioe", longArg: []string{"input", "output", "error"}},
	"xargs":     {shortArg: "adEILnPs", longArg: []string{"arg-file", "delimiter", "max-lines", "max-args", "max-procs", "max-chars", "process-slot-var"}},
	"timeout":   {shortArg: "sk", longArg: []string{"signal", "kill-after"}},
	"gosu":      {},
	"su-exec":   {},
	"chroot":    {longArg: []string{"userspec", "groups"}},
	"busybox":   {},
}

// positionalBefore is how many positional arguments come before the command
// (timeout DURATION cmd, gosu USER cmd, chroot NEWROOT cmd).
var positionalBefore = map[string]int{"timeout": 1, "gosu": 1, "su-exec": 1, "chroot": 1}

func unwrap(name string, args []Word) unwrapped {
	if posixShells[name] {
		return unwrapShell(args)
	}
	if name == "su" || name == "runuser" {
		return unwrapSu(name, args)
	}
	if name == "eval" {
		return unwrapEval(args)
	}
	spec, ok := wrapperOpts[name]
	if !ok {
		return unwrapped{}
	}
	i := 0
	// Options.
	for i < len(args) {
		t := args[i].Text
		if !args[i].Known {
			return unwrapped{}
		}
		if t == "--" {
			i++
			break
		}
		if name == "nice" && len(t) > 1 && t[0] == '-' && isDigits(t[1:]) {
			i++
			continue
		}
		if name == "env" && t == "-" {
			i++
			continue
		}
		if len(t) < 2 || t[0] != '-' {
			break
		}
		if name == "command" && (strings.ContainsAny(t[1:], "vV")) {
			return unwrapped{} // command -v only looks the name up
		}
		if strings.HasPrefix(t, "--") {
			long := t[2:]
			if _, _, hasVal := strings.Cut(long, "="); !hasVal {
				for _, l := range spec.longArg {
					if l == long {
						i++
						break
					}
				}
			}
			i++
			continue
		}
		// A group of short options; one that takes a value takes the rest
		// of the group or the next word.
		letters := t[1:]
		for k := 0; k < len(letters); k++ {
			if strings.IndexByte(spec.shortArg, letters[k]) >= 0 {
				if name == "env" && letters[k] == 'S' {
					val := letters[k+1:]
					at := args[i]
					if val == "" && i+1 < len(args) {
						i++
						val, at = args[i].Text, args[i]
					}
					var split []Word
					for _, f := range strings.Fields(val) {
						split = append(split, Word{Text: f, Known: args[i].Known, Raw: f, Line: at.Line, Col: 0})
					}
					return unwrapped{rest: append(split, args[i+1:]...), label: name}
				}
				if k == len(letters)-1 {
					i++
				}
				break
			}
		}
		i++
	}
	if spec.assigns {
		for i < len(args) && isAssignment(args[i].Text) {
			i++
		}
	}
	for n := positionalBefore[name]; n > 0 && i < len(args); n-- {
		i++
	}
	if i >= len(args) {
		return unwrapped{}
	}
	return unwrapped{rest: args[i:], label: name}
}

// unwrapShell reads the options of sh/bash/...: with -c the first operand
// is the script; without operands the shell reads stdin.
func unwrapShell(args []Word) unwrapped {
	cflag, sflag := false, false
	i := 0
	for i < len(args) {
		a := args[i]
		if !a.Known {
			break
		}
		t := a.Text
		if t == "--" || t == "-" {
			i++
			break
		}
		if len(t) < 2 || (t[0] != '-' && t[0] != '+') {
			break
		}
		if strings.HasPrefix(t, "--") {
			switch t {
			case "--rcfile", "--init-file":
				i++
			}
			i++
			continue
		}
		letters := t[1:]
		if t[0] == '-' && strings.IndexByte(letters, 'c') >= 0 {
			cflag = true
		}
		if t[0] == '-' && strings.IndexByte(letters, 's') >= 0 {
			sflag = true
		}
		// -o option / -O shopt_option take the next word.
		i += 1 + strings.Count(letters, "o") + strings.Count(letters, "O")
	}
	if cflag {
		if i < len(args) {
			return unwrapped{script: &args[i], label: "sh -c"}
		}
		return unwrapped{}
	}
	if i >= len(args) || sflag {
		return unwrapped{stdinShell: true}
	}
	return unwrapped{}
}

// unwrapSu handles su [options] [-] [user] -c 'script' and runuser, which
// also takes -u user -- command.
func unwrapSu(name string, args []Word) unwrapped {
	for i := 0; i < len(args); i++ {
		t := args[i].Text
		if !args[i].Known {
			continue
		}
		switch {
		case t == "-c" || t == "--command" || t == "--session-command":
			if i+1 < len(args) {
				return unwrapped{script: &args[i+1], label: "su -c"}
			}
			return unwrapped{}
		case strings.HasPrefix(t, "--command="):
			w := args[i]
			w.Text = strings.TrimPrefix(t, "--command=")
			w.word = nil
			return unwrapped{script: &w, label: "su -c"}
		case t == "--" && name == "runuser":
			if i+1 < len(args) {
				return unwrapped{rest: args[i+1:], label: name}
			}
			return unwrapped{}
		}
	}
	return unwrapped{}
}

// unwrapEval: eval runs its arguments, joined by spaces, as a script.
func unwrapEval(args []Word) unwrapped {
	if len(args) == 1 {
		return unwrapped{script: &args[0], label: "eval"}
	}
	if len(args) == 0 {
		return unwrapped{}
	}
	w := Word{Known: true, Line: args[0].Line}
	var parts []string
	for _, a := range args {
		if !a.Known {
			w.Known = false
		}
		parts = append(parts, a.Text)
	}
	w.Text = strings.Join(parts, " ")
	w.Raw = w.Text
	return unwrapped{script: &w, label: "eval"}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isAssignment reports whether s looks like NAME=value.
func isAssignment(s string) bool {
	name, _, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return false
	}
	for i, c := range name {
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}

// word converts an AST word of the script.
func (s *Script) word(w *syntax.Word) Word {
	b := litBuilder{src: s.Source, known: true, joinCont: s.contLines}
	for _, p := range w.Parts {
		b.part(p, false, false)
	}
	out := Word{Text: string(b.buf), Known: b.known, word: w, script: s}
	start, end := int(w.Pos().Offset()), int(w.End().Offset())
	if start >= 0 && end <= len(s.Source) && start <= end {
		out.Raw = s.Source[start:end]
	}
	out.Line, out.Col = s.Position(w.Pos())
	return out
}

// litBuilder computes the value of a word and, for each byte of it, the
// source offset it came from (-1 when unknown).
type litBuilder struct {
	src   string
	buf   []byte
	offs  []int32
	known bool
	// joinCont: the source is Dockerfile lines joined by continuations,
	// which buildkit removes even inside single quotes.
	joinCont bool
}

func (b *litBuilder) add(c byte, off int) {
	b.buf = append(b.buf, c)
	b.offs = append(b.offs, int32(off))
}

func (b *litBuilder) addString(s string, off int) {
	for i := 0; i < len(s); i++ {
		o := -1
		if off >= 0 {
			o = off + i
		}
		b.add(s[i], o)
	}
}

func (b *litBuilder) raw(n syntax.Node) {
	start, end := int(n.Pos().Offset()), int(n.End().Offset())
	if start >= 0 && end <= len(b.src) && start <= end {
		b.addString(b.src[start:end], start)
	}
}

// part adds a word part. In script mode (building the text of a nested
// script) a command substitution becomes "$__SUBST": its commands run in
// the outer shell and are reported there, not again in the nested one.
func (b *litBuilder) part(p syntax.WordPart, inDq, scriptMode bool) {
	switch p := p.(type) {
	case *syntax.Lit:
		b.lit(p.Value, int(p.Pos().Offset()), inDq)
	case *syntax.SglQuoted:
		if p.Dollar {
			b.addString(ansiC(p.Value), -1)
			return
		}
		v, off := p.Value, int(p.Left.Offset())+1
		for i := 0; i < len(v); i++ {
			if b.joinCont && v[i] == '\\' && i+1 < len(v) && v[i+1] == '\n' {
				i++
				continue
			}
			b.add(v[i], off+i)
		}
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			b.part(q, true, scriptMode)
		}
	case *syntax.CmdSubst, *syntax.ProcSubst:
		b.known = false
		if scriptMode {
			b.addString("$__SUBST", -1)
			return
		}
		b.raw(p)
	default:
		b.known = false
		b.raw(p)
	}
}

// lit adds a literal, resolving backslash escapes (the set depends on
// whether it is inside double quotes).
func (b *litBuilder) lit(v string, off int, inDq bool) {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 >= len(v) {
			b.add(c, off+i)
			continue
		}
		next := v[i+1]
		if inDq && strings.IndexByte("$`\"\\\n", next) < 0 {
			b.add(c, off+i)
			continue
		}
		i++
		if next == '\n' {
			continue
		}
		b.add(next, off+i)
	}
}

// scriptText is the text of a word used as a script (sh -c WORD) and the
// map from its bytes to source offsets.
func scriptText(w *syntax.Word, sc *Script) (string, []int32) {
	b := litBuilder{src: sc.Source, known: true, joinCont: sc.contLines}
	for _, p := range w.Parts {
		b.part(p, false, true)
	}
	return string(b.buf), b.offs
}

// heredocText is the text a heredoc body gives the shell reading it: in an
// unquoted heredoc, escapes of $, ` and \ resolved; command substitutions
// replaced (see litBuilder.part); parameter expansions kept as written.
func heredocText(w *syntax.Word, src string, unquoted bool) (string, []int32) {
	b := litBuilder{src: src, known: true}
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			v, off := p.Value, int(p.Pos().Offset())
			for i := 0; i < len(v); i++ {
				if unquoted && v[i] == '\\' && i+1 < len(v) && strings.IndexByte("$`\\\n", v[i+1]) >= 0 {
					i++
					if v[i] == '\n' {
						continue
					}
				}
				b.add(v[i], off+i)
			}
		default:
			b.part(p, true, true)
		}
	}
	return string(b.buf), b.offs
}

// ansiC decodes the body of $'...'.
func ansiC(s string) string {
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			out.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'n':
			out.WriteByte('\n')
		case 't':
			out.WriteByte('\t')
		case 'r':
			out.WriteByte('\r')
		case 'a':
			out.WriteByte('\a')
		case 'b':
			out.WriteByte('\b')
		case 'e', 'E':
			out.WriteByte(0x1b)
		case 'f':
			out.WriteByte('\f')
		case 'v':
			out.WriteByte('\v')
		case 'x':
			j := i + 1
			for j < len(s) && j < i+3 && isHex(s[j]) {
				j++
			}
			if n, err := strconv.ParseUint(s[i+1:j], 16, 8); err == nil {
				out.WriteByte(byte(n))
				i = j - 1
			} else {
				out.WriteString(`\x`)
			}
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(s[i:j], 8, 16)
			out.WriteByte(byte(n))
			i = j - 1
		case '\\', '\'', '"', '?':
			out.WriteByte(e)
		default:
			out.WriteByte('\\')
			out.WriteByte(e)
		}
	}
	return out.String()
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// Word converts a word of the script's AST (for readers of the AST that
// need a word's value and position, such as assignment scanners).
func (s *Script) Word(w *syntax.Word) Word { return s.word(w) }

// Fields splits the word's value on whitespace, as an unquoted expansion
// of it would be split ($DOCKER_OPTS), each field with where its first
// character is written. Fields of parts whose source is unknown get the
// word's own position.
func (w Word) Fields() []parsers.Token {
	var offs []int32
	if w.word != nil && w.script != nil {
		b := litBuilder{src: w.script.Source, known: true, joinCont: w.script.contLines}
		for _, p := range w.word.Parts {
			b.part(p, false, false)
		}
		if string(b.buf) == w.Text {
			offs = b.offs
		}
	}
	var out []parsers.Token
	for i := 0; i < len(w.Text); {
		for i < len(w.Text) && isSpaceByte(w.Text[i]) {
			i++
		}
		start := i
		for i < len(w.Text) && !isSpaceByte(w.Text[i]) {
			i++
		}
		if start == i {
			break
		}
		tok := parsers.Token{Text: w.Text[start:i], Line: w.Line, Col: w.Col}
		if offs != nil && offs[start] >= 0 && w.script.pos != nil {
			if l, c := w.script.pos.at(int(offs[start])); l > 0 {
				tok.Line, tok.Col = l, c
			}
		}
		out = append(out, tok)
	}
	return out
}

// Script is the script the word is written in (nil for exec-form words).
func (w Word) Script() *Script { return w.script }
