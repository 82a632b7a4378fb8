// Package ci reads CI pipeline definitions (GitHub Actions workflows,
// GitLab CI, CircleCI, Azure Pipelines): the environment variables they set
// and the shell scripts they run, each where it is written.
package ci

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// Setting is an environment variable a pipeline sets (env:, variables:,
// environment:).
type Setting struct {
	Name  string
	Value string
	// Known is false for values the file cannot know (${{ secrets.X }},
	// $VAR).
	Known bool
	// Range is the value (the name when the value is empty).
	Range parsers.Range
	// NameRange is the name.
	NameRange parsers.Range
}

// File is a parsed pipeline.
type File struct {
	Path   string
	Docs   []*yamlpos.Doc
	Lines  []string
	Env    []Setting
	masked []string // Lines with template expressions masked, for the shell parser

	// Scripts are the shell scripts of steps and jobs (run:, script:,
	// before_script:, after_script:, command:, bash:), parsed with
	// positions in this file.
	Scripts []*dockerfile.Script
}

// envKeys are the keys under which the platforms set variables.
var envKeys = map[string]bool{"env": true, "variables": true, "environment": true}

// scriptKeys are the keys whose value is a shell script.
var scriptKeys = map[string]bool{
	"run": true, "script": true, "before_script": true, "after_script": true,
	"command": true, "bash": true, "sh": true,
}

// nonShells are the step shells whose scripts are not POSIX shell.
var nonShells = []string{"pwsh", "powershell", "python", "cmd", "node"}

// maxDepth bounds the walk over hostile nesting.
const maxDepth = 64

// Parse reads a pipeline file. YAML errors are diagnostics; the documents
// that parsed are still read.
func Parse(src *parsers.Source) (*File, []parsers.Diagnostic) {
	s := yamlpos.Parse(src.Data)
	f := &File{Path: src.Path, Docs: s.Docs, Lines: s.Lines}
	for _, d := range s.Docs {
		f.walk(d, d.Root, 0)
	}
	return f, s.Errors
}

func (f *File) walk(d *yamlpos.Doc, n *yaml.Node, depth int) {
	if n == nil || depth > maxDepth {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		shellOK := true
		if _, sh := yamlpos.MapGet(n, "shell"); sh != nil && sh.Kind == yaml.ScalarNode {
			for _, ns := range nonShells {
				if strings.HasPrefix(strings.ToLower(sh.Value), ns) {
					shellOK = false
				}
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], yamlpos.Resolve(n.Content[i+1])
			if v == nil {
				continue
			}
			switch {
			case k.Value == "with":
				// Inputs of a GitHub action (actions/github-script's
				// script: is JavaScript).
				continue
			case envKeys[k.Value]:
				f.settings(d, v)
				continue
			case scriptKeys[k.Value] && shellOK:
				f.scripts(v, 0)
			}
			f.walk(d, v, depth+1)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			f.walk(d, yamlpos.Resolve(c), depth+1)
		}
	}
}

// settings reads a map of variables (NAME: value, GitLab's NAME: {value: …})
// or Azure's list of {name: …, value: …}.
func (f *File) settings(d *yamlpos.Doc, v *yaml.Node) {
	add := func(k, val *yaml.Node) {
		if k == nil || k.Kind != yaml.ScalarNode || val == nil {
			return
		}
		if val.Kind == yaml.MappingNode {
			if _, inner := yamlpos.MapGet(val, "value"); inner != nil {
				val = inner
			}
		}
		if val.Kind != yaml.ScalarNode {
			return
		}
		s := Setting{Name: k.Value, Value: val.Value, Known: !strings.Contains(val.Value, "$"),
			Range: d.NodeRange(val), NameRange: d.NodeRange(k)}
		if val.Value == "" && val.Line == 0 {
			s.Range = s.NameRange
		}
		f.Env = append(f.Env, s)
	}
	switch v.Kind {
	case yaml.MappingNode:
		yamlpos.Pairs(v, func(k, val *yaml.Node) { add(k, yamlpos.Resolve(val)) })
	case yaml.SequenceNode:
		for _, item := range v.Content {
			item = yamlpos.Resolve(item)
			if item == nil || item.Kind != yaml.MappingNode {
				continue
			}
			_, name := yamlpos.MapGet(item, "name")
			_, val := yamlpos.MapGet(item, "value")
			add(name, val)
		}
	}
}

// scripts parses a script scalar, or each scalar of a (nested) list.
func (f *File) scripts(v *yaml.Node, depth int) {
	if depth > 8 {
		return
	}
	switch v.Kind {
	case yaml.SequenceNode:
		for _, c := range v.Content {
			if c = yamlpos.Resolve(c); c != nil {
				f.scripts(c, depth+1)
			}
		}
	case yaml.ScalarNode:
		if v.Tag != "" && v.Tag != "!!str" {
			return
		}
		if sc := f.script(v); sc != nil {
			f.Scripts = append(f.Scripts, sc)
		}
	}
}

// script parses one scalar as shell. A literal block (|) and a plain
// one-line scalar are parsed where they are written, so every command has
// its exact line and column; quoted and folded scalars are parsed from
// their value, on their first line.
func (f *File) script(v *yaml.Node) *dockerfile.Script {
	if strings.TrimSpace(v.Value) == "" {
		return nil
	}
	switch {
	case v.Style&yaml.LiteralStyle != 0:
		n := strings.Count(strings.TrimRight(v.Value, "\n"), "\n") + 1
		first := v.Line + 1
		if last := first + n - 1; first >= 1 && last <= len(f.Lines) && f.blockMatches(v.Value, first, last) {
			return dockerfile.ParseShell(f.shellLines(), first, last, 0)
		}
	case v.Style == 0 && !strings.Contains(v.Value, "\n") && v.Line >= 1 && v.Line <= len(f.Lines):
		line := f.Lines[v.Line-1]
		skip := byteOffset(line, v.Column-1)
		if strings.HasPrefix(line[skip:], v.Value) {
			return dockerfile.ParseShell(f.shellLines(), v.Line, v.Line, skip)
		}
	case v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && !strings.Contains(v.Value, "\n") && v.Line >= 1 && v.Line <= len(f.Lines):
		// A quoted one-liner without escapes: blank the quotes out and
		// parse it in place.
		line := f.Lines[v.Line-1]
		open := byteOffset(line, v.Column-1)
		if end := open + 1 + len(v.Value); end < len(line) && line[open+1:end] == v.Value && line[end] == line[open] {
			lines := make([]string, v.Line)
			copy(lines, f.Lines[:v.Line])
			lines[v.Line-1] = maskExpressions(line[:open] + " " + v.Value + " " + line[end+1:])
			return dockerfile.ParseShell(lines, v.Line, v.Line, open+1)
		}
	}
	line := v.Line
	if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		line++ // the block starts on the line after its indicator
	}
	return dockerfile.ParseShellText(maskExpressions(v.Value), max(line, 1))
}

// shellLines are the file's lines with the pipelines' template expressions
// masked (see maskExpressions), computed once.
func (f *File) shellLines() []string {
	if f.masked == nil {
		f.masked = f.Lines
		for i, l := range f.Lines {
			if m := maskExpressions(l); m != l {
				if &f.masked[0] == &f.Lines[0] {
					f.masked = append([]string(nil), f.Lines...)
				}
				f.masked[i] = m
			}
		}
	}
	return f.masked
}

// maskExpressions replaces each GitHub Actions / Azure template expression
// (${{ … }}) on a line by a shell parameter expansion of the same length
// ($___…): the runner substitutes the expression before the shell runs, so
// for the shell it is an unknown word, and `${{` would otherwise make the
// whole script unparsable. Lengths are kept so that positions stay exact.
func maskExpressions(line string) string {
	if !strings.Contains(line, "${{") {
		return line
	}
	b := []byte(line)
	for i := 0; i+3 <= len(b); {
		if string(b[i:i+3]) != "${{" {
			i++
			continue
		}
		j := strings.Index(string(b[i:]), "}}")
		if j < 0 {
			break
		}
		end := i + j + 2
		b[i] = '$'
		for k := i + 1; k < end; k++ {
			b[k] = '_'
		}
		i = end
	}
	return string(b)
}

// blockMatches checks that the file lines first..last hold the literal
// block's value once indentation is removed (tabs or odd indentation would
// make positions wrong; the value is then parsed on its own).
func (f *File) blockMatches(value string, first, last int) bool {
	want := strings.Split(strings.TrimRight(value, "\n"), "\n")
	for i, l := first, 0; i <= last; i, l = i+1, l+1 {
		if !strings.HasSuffix(f.Lines[i-1], want[l]) {
			return false
		}
	}
	return true
}

// byteOffset is the byte offset of code point col (0-based) of line.
func byteOffset(line string, col int) int {
	off := 0
	for i := 0; i < col && off < len(line); i++ {
		_, size := utf8.DecodeRuneInString(line[off:])
		off += size
	}
	return off
}
