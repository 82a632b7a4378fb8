// Package envfile reads environment and shell files: .env files,
// /etc/environment, /etc/default/docker and /etc/sysconfig/docker
// (KEY=value lines), and shell scripts (*.sh, /etc/profile.d/*, files with
// a shell #! line). It yields every variable assignment with where it is
// written and, for scripts, every command the script runs.
package envfile

import (
	"bytes"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/dockerfile"
)

// Assignment is one NAME=value.
type Assignment struct {
	Name  string
	Value string
	// Known is false when the value holds an expansion the file cannot
	// resolve ($HOME, $(cmd)).
	Known bool
	// Exported is true when the variable reaches the environment of the
	// programs started afterwards: every line of a KEY=value file,
	// "export NAME=…" or "declare -x" in a script.
	Exported bool
	// Prefix is true for an assignment that only applies to the command it
	// precedes (NAME=value cmd, env NAME=value cmd).
	Prefix bool
	// Line and Col locate the name.
	Line, Col int
	// Fields is the value split on whitespace (as an unquoted $NAME is
	// split), each field where it is written.
	Fields []parsers.Token
}

// Range is the assignment's name.
func (a Assignment) Range() parsers.Range {
	return parsers.Range{StartLine: a.Line, StartCol: a.Col, EndLine: a.Line, EndCol: a.Col + utf8.RuneCountInString(a.Name)}
}

// File is a parsed environment or shell file.
type File struct {
	Path string
	// Script is true when the file was read as a shell script.
	Script bool
	// Lines are the file's lines (carriage returns and BOM removed).
	Lines       []string
	Assignments []Assignment
	// Shell is the parsed script (nil for KEY=value files or a script that
	// is not valid shell).
	Shell *dockerfile.Script
}

// Commands are the commands a script runs (nil for KEY=value files).
func (f *File) Commands() []dockerfile.Command { return f.Shell.Commands() }

// Lookup returns the last exported (or KEY=value file) assignment of name.
func (f *File) Lookup(name string) (Assignment, bool) {
	for i := len(f.Assignments) - 1; i >= 0; i-- {
		if a := f.Assignments[i]; a.Name == name && !a.Prefix {
			return a, true
		}
	}
	return Assignment{}, false
}

// maxLines bounds the work on a huge file.
const maxLines = 200000

// Parse reads src as a shell script when its name or #! line says so
// (IsScript), and as KEY=value lines otherwise.
func Parse(src *parsers.Source) (*File, []parsers.Diagnostic) {
	lines := SplitLines(src.Data)
	f := &File{Path: src.Path, Lines: lines}
	if len(lines) > maxLines {
		return f, []parsers.Diagnostic{{Line: maxLines, Message: "file too long: only the first 200000 lines are read"}}
	}
	name := src.HostPath
	if name == "" {
		name = src.Path
	}
	if IsScript(name, lines) {
		f.Script = true
		return f, f.parseScript()
	}
	f.parseLines()
	return f, nil
}

// SplitLines splits data into lines without their end (\n or \r\n) and
// without a leading byte-order mark.
func SplitLines(data []byte) []string {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

var scriptNames = map[string]bool{
	"profile": true, ".profile": true, "bashrc": true, ".bashrc": true, "bash.bashrc": true,
	".bash_profile": true, ".zshrc": true, "zshrc": true, ".zprofile": true, "rc.local": true,
}

// IsScript reports whether a file of that name and first line is a shell
// script rather than KEY=value lines.
func IsScript(name string, lines []string) bool {
	base := path.Base(name)
	switch path.Ext(base) {
	case ".sh", ".bash", ".zsh", ".ksh":
		return true
	}
	if scriptNames[base] || path.Base(path.Dir(name)) == "profile.d" {
		return true
	}
	return len(lines) > 0 && strings.HasPrefix(lines[0], "#!")
}

// validName is a variable name as .env, systemd and pam_env accept it.
var validName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// parseLines reads KEY=value lines as systemd's EnvironmentFile=,
// pam_env's /etc/environment and Compose's .env do: optional "export ",
// values bare, "double" or 'single' quoted, # comments.
func (f *File) parseLines() {
	for i := 0; i < len(f.Lines); i++ {
		line := f.Lines[i]
		j := skipBlank(line, 0)
		if j >= len(line) || line[j] == '#' || line[j] == ';' {
			continue
		}
		if strings.HasPrefix(line[j:], "export ") || strings.HasPrefix(line[j:], "export\t") {
			j = skipBlank(line, j+len("export"))
		}
		eq := strings.IndexByte(line[j:], '=')
		if eq < 0 {
			continue
		}
		name := strings.TrimRight(line[j:j+eq], " \t")
		if !validName.MatchString(name) {
			continue
		}
		a := Assignment{Name: name, Known: true, Exported: true, Line: i + 1, Col: column(line, j)}
		var vals []byte
		var pts []point
		k := skipBlank(line, j+eq+1)
		switch {
		case k < len(line) && (line[k] == '"' || line[k] == '\''):
			q := line[k]
			k++
			for {
				if k >= len(line) {
					// A quoted value may go on over several lines.
					if i+1 >= len(f.Lines) {
						break
					}
					vals, pts = append(vals, '\n'), append(pts, point{i + 1, len(line)})
					i++
					line, k = f.Lines[i], 0
					continue
				}
				c := line[k]
				if c == q {
					break
				}
				if q == '"' && c == '\\' && k+1 < len(line) && strings.IndexByte(`"\$`+"`", line[k+1]) >= 0 {
					k++
					c = line[k]
				}
				vals, pts = append(vals, c), append(pts, point{i + 1, k})
				k++
			}
		default:
			for {
				end := len(line)
				if h := strings.Index(line[k:], " #"); h >= 0 {
					end = k + h
				}
				seg := strings.TrimRight(line[k:end], " \t")
				cont := strings.HasSuffix(seg, `\`) && end == len(line) && i+1 < len(f.Lines)
				if cont {
					seg = seg[:len(seg)-1]
				}
				for n := 0; n < len(seg); n++ {
					vals, pts = append(vals, seg[n]), append(pts, point{i + 1, k + n})
				}
				if !cont {
					break
				}
				vals, pts = append(vals, ' '), append(pts, point{i + 1, k + len(seg)})
				i++
				line, k = f.Lines[i], 0
			}
			a.Known = !bytes.ContainsAny(vals, "$`")
		}
		a.Value = string(vals)
		a.Fields = f.fields(vals, pts)
		f.Assignments = append(f.Assignments, a)
	}
}

// point is where a byte of a value is written: line and byte column.
type point struct{ line, col int }

func (f *File) fields(vals []byte, pts []point) []parsers.Token {
	var out []parsers.Token
	for i := 0; i < len(vals); {
		for i < len(vals) && isSpace(vals[i]) {
			i++
		}
		start := i
		for i < len(vals) && !isSpace(vals[i]) {
			i++
		}
		if start == i {
			break
		}
		p := pts[start]
		out = append(out, parsers.Token{Text: string(vals[start:i]), Line: p.line, Col: column(f.Lines[p.line-1], p.col)})
	}
	return out
}

// parseScript parses the file as shell and collects its assignments.
func (f *File) parseScript() []parsers.Diagnostic {
	if len(f.Lines) == 0 {
		return nil
	}
	f.Shell = dockerfile.ParseShell(f.Lines, 1, len(f.Lines), 0)
	if f.Shell == nil {
		return []parsers.Diagnostic{shellError(f.Lines)}
	}
	f.Assignments = Assignments(f.Shell)
	return nil
}

// Assignments lists the variable assignments of a parsed script, nested
// scripts (sh -c "…") included, in the order they are written.
func Assignments(sc *dockerfile.Script) []Assignment {
	var out []Assignment
	add := func(s *dockerfile.Script, as *syntax.Assign, exported, prefix bool) {
		if as == nil || as.Name == nil || as.Naked || as.Array != nil || as.Index != nil {
			return
		}
		a := Assignment{Name: as.Name.Value, Known: true, Exported: exported, Prefix: prefix}
		a.Line, a.Col = s.Position(as.Name.Pos())
		if as.Value != nil {
			w := s.Word(as.Value)
			a.Value, a.Known, a.Fields = w.Text, w.Known, w.Fields()
		}
		out = append(out, a)
	}
	scripts := []*dockerfile.Script{sc}
	seen := map[*dockerfile.Script]bool{sc: true}
	for _, c := range sc.Commands() {
		// Scripts nested in sh -c are reached through their commands.
		if s := c.NameWord.Script(); s != nil && !seen[s] {
			seen[s] = true
			scripts = append(scripts, s)
		}
	}
	for _, s := range scripts {
		syntax.Walk(s.File, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.CallExpr:
				for _, as := range n.Assigns {
					add(s, as, len(n.Args) > 0, len(n.Args) > 0)
				}
			case *syntax.DeclClause:
				exported := n.Variant != nil && n.Variant.Value == "export"
				for _, as := range n.Args {
					if as.Naked && as.Name == nil && as.Value != nil {
						if v := as.Value.Lit(); strings.HasPrefix(v, "-") && strings.Contains(v, "x") {
							exported = true
						}
					}
				}
				for _, as := range n.Args {
					add(s, as, exported, false)
				}
				return false
			}
			return true
		})
	}
	// env NAME=value cmd
	for _, c := range sc.Commands() {
		if c.Name != "env" {
			continue
		}
		for _, w := range c.Args {
			if strings.HasPrefix(w.Text, "-") {
				continue
			}
			name, value, ok := strings.Cut(w.Text, "=")
			if !ok || !validName.MatchString(name) {
				break
			}
			out = append(out, Assignment{Name: name, Value: value, Known: w.Known, Exported: true, Prefix: true,
				Line: w.Line, Col: w.Col, Fields: []parsers.Token{{Text: value, Line: w.Line, Col: w.Col + len(name) + 1}}})
		}
	}
	return out
}

// shellError is the diagnostic for a script mvdan/sh cannot parse.
func shellError(lines []string) parsers.Diagnostic {
	p := syntax.NewParser(syntax.Variant(syntax.LangBash))
	_, err := p.Parse(strings.NewReader(strings.Join(lines, "\n")+"\n"), "")
	d := parsers.Diagnostic{Line: 1, Message: "not a shell script stridelint can read"}
	if pe, ok := err.(syntax.ParseError); ok {
		d.Line, d.Col, d.Message = int(pe.Pos.Line()), int(pe.Pos.Col()), "shell syntax error: "+pe.Text
	} else if err != nil {
		d.Message = "shell syntax error: " + err.Error()
	}
	return d
}

func skipBlank(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' }

// column converts a byte offset of line to a 1-based column in code points.
func column(line string, b int) int {
	if b > len(line) {
		b = len(line)
	}
	return utf8.RuneCountInString(line[:b]) + 1
}
