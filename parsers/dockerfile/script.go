package dockerfile

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"mvdan.cc/sh/v3/syntax"
)

// Script is a parsed shell script: the code of a RUN, CMD, ENTRYPOINT or
// HEALTHCHECK, or a script nested in one (sh -c "...").
type Script struct {
	// File is the bash AST (mvdan.cc/sh/v3/syntax, LangBash).
	File *syntax.File
	// Source is the text that was parsed. For a script taken from the
	// instruction's own lines it is those lines with the keyword and the
	// buildkit flags blanked out and comment lines inside the continuation
	// replaced by a lone "\", so positions match the Dockerfile.
	Source string
	// Line0 is added to an AST line number to get the Dockerfile line when
	// the script's lines are Dockerfile lines (p.Line()+Line0): the script
	// of a shell-form instruction or heredoc. It is -1 for scripts that
	// are not (exec form, sh -c strings). Position works in every case.
	Line0 int

	pos      *posMap
	commands []Command
	// contLines: Source is Dockerfile lines joined by continuations.
	contLines bool
}

// Position maps a position in the script's AST to the Dockerfile: line and
// 1-based column (in Unicode code points). The column is 0 when it is not
// known (exec form, parts of sh -c strings that contain escapes).
func (s *Script) Position(p syntax.Pos) (line, col int) {
	if s == nil || s.pos == nil || !p.IsValid() {
		return 0, 0
	}
	return s.pos.at(int(p.Offset()))
}

// Commands returns every simple command of the script (see Command),
// including those in nested scripts (sh -c, bash <<EOF). The slice is
// shared: do not modify it.
func (s *Script) Commands() []Command {
	if s == nil {
		return nil
	}
	return s.commands
}

// posMap maps a byte offset of a script's Source to a Dockerfile position.
type posMap struct {
	// Scripts taken from Dockerfile lines: Source line n is file line
	// n+line0, byte columns are those of the file line.
	file       *File
	line0      int
	lineStarts []int

	// Scripts nested in a word of a parent script: offset o of the nested
	// source is offset offs[o] (or o+shift when offs is nil) of the parent;
	// -1 (or past the end) means unknown, mapped to the fallback offset's
	// line with column 0.
	parent   *posMap
	offs     []int32
	shift    int
	fallback int

	// Exec-form strings: byte o of the source comes from points[o] (a
	// Dockerfile line and byte column).
	points []lpos

	// Otherwise everything is on fixedLine, column unknown.
	fixedLine int
}

func (m *posMap) at(off int) (line, col int) {
	for depth := 0; m != nil && depth < 64; depth++ {
		switch {
		case m.points != nil:
			if off >= 0 && off < len(m.points) {
				p := m.points[off]
				return p.line, m.file.column(p.line, p.col)
			}
			if len(m.points) > 0 {
				return m.points[len(m.points)-1].line, 0
			}
			return m.fixedLine, 0
		case m.fixedLine > 0:
			return m.fixedLine, 0
		case m.parent != nil:
			var po int
			switch {
			case m.offs == nil:
				po = off + m.shift
			case off >= 0 && off < len(m.offs) && m.offs[off] >= 0:
				po = int(m.offs[off])
			default:
				l, _ := m.parent.at(m.fallback)
				return l, 0
			}
			off = po
			m = m.parent
			continue
		default:
			if len(m.lineStarts) == 0 {
				return m.line0 + 1, 0
			}
			i := sort.Search(len(m.lineStarts), func(i int) bool { return m.lineStarts[i] > off }) - 1
			if i < 0 {
				i = 0
			}
			line = i + 1 + m.line0
			return line, m.file.column(line, off-m.lineStarts[i])
		}
	}
	return 0, 0
}

// column converts a byte column (0-based) of a line to a 1-based column in
// code points; 0 when out of range.
func (f *File) column(line, b int) int {
	if f == nil || line < 1 || line > len(f.Lines) {
		return 0
	}
	text := f.Lines[line-1]
	if b < 0 || b > len(text) {
		return 0
	}
	if line <= len(f.ascii) && f.ascii[line-1] {
		return b + 1
	}
	return utf8.RuneCountInString(text[:b]) + 1
}

func lineStarts(src string) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// parseShell parses src as bash. Any error (or panic) gives nil.
func parseShell(src string) (f *syntax.File) {
	defer func() {
		if recover() != nil {
			f = nil
		}
	}()
	p := syntax.NewParser(syntax.Variant(syntax.LangBash), syntax.KeepComments(true))
	f, err := p.Parse(strings.NewReader(src), "")
	if err != nil {
		return nil
	}
	return f
}

// newLineScript parses src whose line n is Dockerfile line n+line0.
func (f *File) newLineScript(src string, line0 int) *Script {
	file := parseShell(src)
	if file == nil {
		return nil
	}
	return &Script{File: file, Source: src, Line0: line0,
		pos: &posMap{file: f, line0: line0, lineStarts: lineStarts(src)}}
}

// The continuation regexp buildkit uses for the default escape token.
var continuation = regexp.MustCompile(`([^\\])\\[ \t]*$|^\\[ \t]*$`)

func isCommentLine(s string) bool {
	t := strings.TrimLeft(s, " \t\v\f\r\n")
	return strings.HasPrefix(t, "#")
}

func isBlankLine(s string) bool {
	return strings.TrimSpace(s) == ""
}

// lpos is a byte of the joined instruction text: its line and byte column.
type lpos struct{ line, col int }

// joined rebuilds the instruction text as buildkit joins it (continuation
// characters removed, comment and blank lines inside the continuation
// dropped, lines concatenated) and remembers where each byte came from. It
// also returns the last line of the instruction proper (before heredoc
// bodies).
func (f *File) joined(start, limit int) (text []byte, pos []lpos, last int) {
	last = start
	for l := start; l <= limit && l <= len(f.Lines); l++ {
		raw := f.Line(l)
		if l > start && (isCommentLine(raw) || isBlankLine(raw)) {
			last = l
			continue
		}
		last = l
		cut, cont := len(raw), false
		if m := continuation.FindStringSubmatchIndex(raw); m != nil {
			cont = true
			if m[2] >= 0 {
				cut = m[3]
			} else {
				cut = 0
			}
		}
		for i := 0; i < cut; i++ {
			text = append(text, raw[i])
			pos = append(pos, lpos{l, i})
		}
		if !cont {
			break
		}
	}
	return text, pos, last
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func skipSpaces(t []byte, i int) int {
	for i < len(t) && isSpaceByte(t[i]) {
		i++
	}
	return i
}

func skipWord(t []byte, i int) int {
	for i < len(t) && !isSpaceByte(t[i]) {
		i++
	}
	return i
}

// skipFlags skips buildkit flags (--mount=..., quoted or escaped parts
// allowed) the way buildkit's extractBuilderFlags does, and returns the index
// where the arguments start.
func skipFlags(t []byte, i int) int {
	for {
		i = skipSpaces(t, i)
		if i+1 >= len(t) || t[i] != '-' || t[i+1] != '-' {
			return i
		}
		start := i
		var quote byte
		for i < len(t) {
			c := t[i]
			if quote == 0 && isSpaceByte(c) {
				break
			}
			switch {
			case c == '\\':
				i += 2
				continue
			case quote == 0 && (c == '\'' || c == '"'):
				quote = c
			case quote != 0 && c == quote:
				quote = 0
			}
			i++
		}
		if i > len(t) {
			i = len(t)
		}
		if string(t[start:i]) == "--" {
			return skipSpaces(t, i)
		}
	}
}

// argsStart finds where the shell code of a shell-form instruction starts:
// after the keyword and its flags, after the inner keyword and flags for
// ONBUILD, after the CMD word of HEALTHCHECK.
func argsStart(t []byte, node *parser.Node) int {
	i := skipFlags(t, skipWord(t, skipSpaces(t, 0)))
	kw := strings.ToUpper(node.Value)
	if kw == "ONBUILD" {
		i = skipFlags(t, skipWord(t, skipSpaces(t, i)))
		if node.Next != nil && len(node.Next.Children) > 0 {
			kw = strings.ToUpper(node.Next.Children[0].Value)
		}
	}
	if kw == "HEALTHCHECK" {
		i = skipSpaces(t, skipWord(t, skipSpaces(t, i)))
	}
	return i
}

// lineSource builds the shell source for Dockerfile lines start..end: lines
// before (argLine, argCol) blank, the prefix of argLine blanked with spaces,
// and, up to instrEnd, comment and blank lines replaced by "\" and spaces
// after a continuation backslash removed (bash would read "\ " as an escaped
// space). Lines after instrEnd (heredoc bodies) are kept as they are.
func (f *File) lineSource(start, instrEnd, end, argLine, argCol int) string {
	var b strings.Builder
	for l := start; l <= end; l++ {
		raw := f.Line(l)
		switch {
		case l < argLine:
		case l > instrEnd:
			b.WriteString(raw)
		case l == argLine:
			t := trimContinuation(raw)
			argCol = min(argCol, len(t))
			b.WriteString(strings.Repeat(" ", argCol))
			b.WriteString(t[argCol:])
		case isCommentLine(raw) || isBlankLine(raw):
			b.WriteString(`\`)
		default:
			b.WriteString(trimContinuation(raw))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func trimContinuation(raw string) string {
	if continuation.MatchString(raw) {
		return strings.TrimRight(raw, " \t")
	}
	return raw
}

// posixShells are the shells whose scripts we parse.
var posixShells = map[string]bool{
	"sh": true, "bash": true, "ash": true, "dash": true, "zsh": true,
	"ksh": true, "mksh": true, "yash": true, "rbash": true,
}

func baseName(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 && i < len(s)-1 {
		return s[i+1:]
	} else if i == len(s)-1 && i > 0 {
		return baseName(strings.TrimRight(s, "/"))
	}
	return s
}

// isPOSIXShell reports whether argv (a SHELL instruction or the start of an
// exec form) runs a POSIX shell.
func isPOSIXShell(argv []string) bool {
	if len(argv) == 0 {
		return false
	}
	name := strings.ToLower(baseName(strings.ReplaceAll(argv[0], `\`, "/")))
	if name == "busybox" && len(argv) > 1 {
		name = baseName(argv[1])
	}
	return posixShells[name]
}

// attachShell sets in.Shell and in.commands.
func (f *File) attachShell(in *Instruction, shellArgv []string) {
	defer func() {
		if r := recover(); r != nil {
			in.Shell, in.commands = nil, nil
		}
	}()
	if f.Escape != '\\' {
		return // Windows-style Dockerfile
	}
	node := in.Node
	sub := node
	kw := in.Keyword
	if kw == "ONBUILD" {
		if node.Next == nil || len(node.Next.Children) == 0 {
			return
		}
		sub = node.Next.Children[0]
		kw = strings.ToUpper(sub.Value)
	}
	args := sub.Next
	switch kw {
	case "RUN", "CMD", "ENTRYPOINT":
	case "HEALTHCHECK":
		if args == nil || !strings.EqualFold(args.Value, "CMD") {
			return
		}
		args = args.Next
	default:
		return
	}
	if args == nil {
		return
	}
	x := newExtractor(f)
	if sub.Attributes["json"] {
		var words []Word
		for a := args; a != nil; a = a.Next {
			words = append(words, Word{Text: a.Value, Known: true, Raw: a.Value, Line: in.StartLine})
		}
		f.locateJSON(in, words)
		x.emit(words, nil, nil, nil, 0)
		x.finish()
		in.commands = x.out
		if len(x.scripts) > 0 && len(words) > 0 && posixShells[words[0].commandName()] {
			in.Shell = x.scripts[0]
		}
		return
	}

	if !isPOSIXShell(shellArgv) {
		return
	}

	sc := f.shellFormScript(in, sub, args.Value)
	if sc == nil {
		return
	}
	in.Shell = sc
	x.script(sc, nil, 0)
	x.finish()
	in.commands = x.out
}

// shellFormScript parses the shell code of a shell-form instruction.
func (f *File) shellFormScript(in *Instruction, sub *parser.Node, cmdline string) *Script {
	heredocs := in.Node.Heredocs
	// Heredoc bodies sit at the end of the instruction, each followed by
	// its terminator line; count back from EndLine.
	bodyStart := make([]int, len(heredocs))
	end := in.EndLine
	for k := len(heredocs) - 1; k >= 0; k-- {
		n := strings.Count(heredocs[k].Content, "\n")
		bodyStart[k] = end - n
		end = bodyStart[k] - 1
	}
	instrLimit := end
	if instrLimit < in.StartLine {
		return nil
	}

	if len(heredocs) > 0 && strings.ToUpper(sub.Value) == "RUN" {
		if h := parser.MustParseHeredoc(cmdline); h != nil {
			// "RUN <<EOF": buildkit runs the first body as the script.
			first := bodyStart[0]
			n := strings.Count(heredocs[0].Content, "\n")
			if first < 1 || first+n-1 > len(f.Lines) {
				return nil
			}
			body := strings.Join(f.Lines[first-1:first-1+n], "\n") + "\n"
			if strings.HasPrefix(body, "#!") && !shebangIsShell(body) {
				return nil
			}
			return f.newLineScript(body, first-1)
		}
	}

	text, pos, instrEnd := f.joined(in.StartLine, instrLimit)
	i := argsStart(text, in.Node)
	if i >= len(text) {
		return nil
	}
	argLine, argCol := pos[i].line, pos[i].col
	endLine := instrEnd
	if len(heredocs) > 0 {
		endLine = in.EndLine
	}
	src := f.lineSource(in.StartLine, instrEnd, endLine, argLine, argCol)
	sc := f.newLineScript(src, in.StartLine-1)
	if sc != nil {
		sc.contLines = true
	}
	return sc
}

// shebangIsShell reports whether a "#!" line names a POSIX shell (directly
// or through env).
func shebangIsShell(body string) bool {
	line, _, _ := strings.Cut(body[2:], "\n")
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return false
	}
	if baseName(fields[0]) == "env" {
		fields = fields[1:]
		for len(fields) > 0 && strings.HasPrefix(fields[0], "-") {
			fields = fields[1:]
		}
		if len(fields) == 0 {
			return false
		}
	}
	return posixShells[baseName(fields[0])]
}

func (s *Script) String() string {
	if s == nil {
		return "<nil script>"
	}
	return fmt.Sprintf("script(line0=%d, %d commands)", s.Line0, len(s.commands))
}

// jsonString is a string of an exec-form JSON array as found in the source.
type jsonString struct {
	value  string
	raw    string
	start  lpos   // the opening quote
	points []lpos // where each byte of value comes from
}

// locateJSON gives exec-form words their positions by reading the JSON
// array in the joined instruction text. Words stay on StartLine with column
// 0 when the text does not match what buildkit parsed.
func (f *File) locateJSON(in *Instruction, words []Word) {
	text, pos, _ := f.joined(in.StartLine, in.EndLine)
	i := argsStart(text, in.Node)
	strs := scanJSONStrings(text, pos, i)
	if len(strs) != len(words) {
		return
	}
	for k := range strs {
		if strs[k].value != words[k].Text {
			return
		}
	}
	for k, s := range strs {
		words[k].Line = s.start.line
		words[k].Col = f.column(s.start.line, s.start.col)
		words[k].Raw = s.raw
		words[k].points = s.points
	}
}

// scanJSONStrings reads a JSON array of strings starting at t[i]; nil when
// it is not one.
func scanJSONStrings(t []byte, pos []lpos, i int) []jsonString {
	i = skipSpaces(t, i)
	if i >= len(t) || t[i] != '[' {
		return nil
	}
	i++
	var out []jsonString
	for {
		i = skipSpaces(t, i)
		if i < len(t) && t[i] == ']' && len(out) == 0 {
			return out
		}
		if i >= len(t) || t[i] != '"' {
			return nil
		}
		js := jsonString{start: pos[i]}
		open := i
		var val []byte
		i++
		for {
			if i >= len(t) {
				return nil
			}
			c := t[i]
			if c == '"' {
				break
			}
			if c != '\\' {
				val = append(val, c)
				js.points = append(js.points, pos[i])
				i++
				continue
			}
			if i+1 >= len(t) {
				return nil
			}
			esc := pos[i]
			var dec []byte
			switch e := t[i+1]; e {
			case '"', '\\', '/':
				dec = []byte{e}
			case 'b':
				dec = []byte{'\b'}
			case 'f':
				dec = []byte{'\f'}
			case 'n':
				dec = []byte{'\n'}
			case 'r':
				dec = []byte{'\r'}
			case 't':
				dec = []byte{'\t'}
			case 'u':
				if i+6 > len(t) {
					return nil
				}
				n, err := strconv.ParseUint(string(t[i+2:i+6]), 16, 32)
				if err != nil {
					return nil
				}
				dec = utf8.AppendRune(nil, rune(n))
				i += 4
			default:
				return nil
			}
			i += 2
			for _, b := range dec {
				val = append(val, b)
				js.points = append(js.points, esc)
			}
		}
		js.value = string(val)
		js.raw = string(t[open : i+1])
		out = append(out, js)
		i = skipSpaces(t, i+1)
		if i >= len(t) {
			return nil
		}
		switch t[i] {
		case ',':
			i++
		case ']':
			return out
		default:
			return nil
		}
	}
}

// ParseShell parses lines first..last (1-based, inclusive) of a text file as
// a POSIX shell script, with the same command extraction as RUN (wrappers,
// sh -c, heredocs, pipelines). skip bytes at the start of the first line are
// not code (the "run: " before an inline CI script) and are blanked out.
// Positions are those of the file: it is how shell scripts and the scripts
// of CI pipelines are read. Nil when the text is not valid shell.
func ParseShell(lines []string, first, last, skip int) (sc *Script) {
	defer func() {
		if recover() != nil {
			sc = nil
		}
	}()
	if first < 1 || last > len(lines) || first > last {
		return nil
	}
	f := &File{Lines: lines, Escape: '\\'}
	var b strings.Builder
	for l := first; l <= last; l++ {
		raw := lines[l-1]
		if l == first {
			skip = max(0, min(skip, len(raw)))
			b.WriteString(strings.Repeat(" ", skip))
			raw = raw[skip:]
		}
		b.WriteString(raw)
		b.WriteByte('\n')
	}
	sc = f.newLineScript(b.String(), first-1)
	if sc == nil {
		return nil
	}
	x := newExtractor(f)
	x.script(sc, nil, 0)
	x.finish()
	return sc
}

// ParseShellText parses a script whose text is not laid out as in the file
// (a quoted YAML scalar): every position is on line, column unknown.
func ParseShellText(text string, line int) (sc *Script) {
	defer func() {
		if recover() != nil {
			sc = nil
		}
	}()
	file := parseShell(text)
	if file == nil {
		return nil
	}
	sc = &Script{File: file, Source: text, Line0: -1, pos: &posMap{fixedLine: max(line, 1)}}
	x := newExtractor(&File{Escape: '\\'})
	x.script(sc, nil, 0)
	x.finish()
	return sc
}
