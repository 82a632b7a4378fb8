// Package dockerfile reads a Dockerfile into stages and instructions with
// exact source lines, and turns the shell code in RUN, CMD, ENTRYPOINT and
// HEALTHCHECK into a parsed shell AST with the commands it runs.
//
// Parsing is done by buildkit (the parser docker itself uses), one
// instruction at a time so that a bad instruction does not hide the rest of
// the file. Shell code is parsed with mvdan.cc/sh (bash dialect) from the raw
// source lines, so every position in the shell AST maps back to a line and
// column of the Dockerfile.
package dockerfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/stridelint/stridelint/parsers"
)

// File is a parsed Dockerfile.
type File struct {
	// Path is the source's Path.
	Path string
	// Lines are the raw source lines (Lines[0] is line 1) with the
	// byte-order mark and carriage returns removed.
	Lines []string
	// Escape is the escape token: '\\' or '`' (from "# escape=`").
	Escape rune
	// MetaArgs are the ARG instructions before the first FROM.
	MetaArgs []*Instruction
	// Stages are the build stages in file order.
	Stages []*Stage
	// Instructions is every instruction in file order, including FROM,
	// meta ARGs and instructions that buildkit could not parse.
	Instructions []*Instruction

	metaEnv vars   // meta ARG values, for FROM
	ascii   []bool // ascii[i]: Lines[i] is plain ASCII (byte column = column)
}

// Stage is one build stage: a FROM instruction and what follows it up to the
// next FROM.
type Stage struct {
	// Index is the stage's position, from 0.
	Index int
	// Name is the alias from "AS name", lower-cased as buildkit does; "" if none.
	Name string
	// From is the FROM instruction.
	From *Instruction
	// BaseName is the image reference as written, e.g. "${BASE}".
	BaseName string
	// Base is BaseName resolved with the defaults of the meta ARGs.
	Base Value
	// BaseStage is the earlier stage FROM names by its alias, or nil.
	BaseStage *Stage
	// Platform is the --platform flag as written ("" if none).
	Platform string
	// Instructions are the instructions after FROM up to the next FROM.
	Instructions []*Instruction

	file *File
}

// Value is a string that may depend on build arguments or environment
// variables.
type Value struct {
	// Text is the resolved text. When Known is false, references to unknown
	// variables are left as written ("${REGISTRY}/app").
	Text string
	// Known is false when any variable in the text has no known value (no
	// default, a build argument given only at build time, an error in the
	// expansion). Unknown is not insecure: rules skip unknown values.
	Known bool
}

// Instruction is one Dockerfile instruction.
type Instruction struct {
	// Keyword is the instruction in upper case: "RUN", "USER", ...
	Keyword string
	// Node is buildkit's raw AST node.
	Node *parser.Node
	// Command is buildkit's typed instruction; nil for FROM (see Parsed) and
	// when buildkit could not parse the instruction.
	Command instructions.Command
	// Parsed is what instructions.ParseInstruction returned: a
	// *instructions.Stage for FROM, otherwise the same value as Command.
	Parsed any
	// StartLine and EndLine are the instruction's first and last line
	// (EndLine includes continuation lines and heredoc bodies).
	StartLine, EndLine int
	// Flags are the raw flags, e.g. "--mount=type=cache,target=/x".
	Flags []string
	// Args are the values of the node's argument list (node.Next...).
	Args []string
	// Stage is the stage the instruction belongs to; nil for meta ARGs and
	// instructions before the first FROM.
	Stage *Stage
	// Shell is the shell script the instruction runs: RUN (shell form, exec
	// form running a shell with -c, heredoc) and shell-form CMD, ENTRYPOINT
	// and HEALTHCHECK CMD (also under ONBUILD). Nil when the code is not a
	// POSIX shell script (Windows escape token or SHELL, a non-shell
	// program) or could not be parsed.
	Shell *Script

	file     *File
	commands []Command
}

// Range is the instruction's source range: StartLine..EndLine, starting at
// the keyword's column.
func (i *Instruction) Range() parsers.Range {
	r := parsers.Range{StartLine: i.StartLine, EndLine: i.EndLine}
	if i.file != nil {
		line := i.file.Line(i.StartLine)
		trimmed := strings.TrimLeft(line, " \t\v\f")
		r.StartCol = utf8.RuneCountInString(line[:len(line)-len(trimmed)]) + 1
	}
	return r.Normalized()
}

// Commands returns the commands the instruction runs (see Script.Commands).
// For an exec-form instruction that is not a shell it is the single command
// of its argument vector (plus what wrappers like sudo run). Nil when the
// instruction runs nothing we can read. The slice is shared: do not modify it.
func (i *Instruction) Commands() []Command {
	return i.commands
}

// Line returns source line n (1-based), or "" when out of range.
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.Lines) {
		return ""
	}
	return f.Lines[n-1]
}

// FinalStage returns the last stage, or nil if there is none.
func (f *File) FinalStage() *Stage {
	if len(f.Stages) == 0 {
		return nil
	}
	return f.Stages[len(f.Stages)-1]
}

// StageByName finds a stage the way COPY --from does: by alias
// (case-insensitive) or by decimal index. Nil if there is none.
func (f *File) StageByName(nameOrIndex string) *Stage {
	if nameOrIndex == "" {
		return nil
	}
	if n, ok := decimal(nameOrIndex); ok {
		if n < len(f.Stages) {
			return f.Stages[n]
		}
		return nil
	}
	for _, s := range f.Stages {
		if s.Name != "" && strings.EqualFold(s.Name, nameOrIndex) {
			return s
		}
	}
	return nil
}

// forBuildkit returns the data buildkit parses. buildkit lexes heredoc
// markers with text/scanner, which prints "invalid UTF-8 encoding" to stderr;
// when a line could trigger that, invalid bytes are replaced by '?' one for
// one (lines and byte offsets are unchanged; File.Lines keeps the raw text).
func forBuildkit(data []byte) []byte {
	if utf8.Valid(data) || !bytes.Contains(data, []byte("<<")) {
		return data
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			out = append(out, '?')
		} else {
			out = append(out, data[i:i+n]...)
		}
		i += n
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func decimal(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Parse reads a Dockerfile. It returns nil only when the file has no
// instruction or buildkit rejects it as a whole (with a diagnostic giving the
// line buildkit reports). Instructions buildkit cannot read are reported as
// diagnostics and kept with a nil Command.
func Parse(src *parsers.Source) (f *File, diags []parsers.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			f = nil
			diags = append(diags, parsers.Diagnostic{Message: fmt.Sprintf("internal error reading Dockerfile: %v", r)})
		}
	}()
	if src == nil {
		return nil, []parsers.Diagnostic{{Message: "no source"}}
	}
	if i := bytes.IndexByte(src.Data, 0); i >= 0 {
		line := bytes.Count(src.Data[:i], []byte("\n")) + 1
		return nil, []parsers.Diagnostic{{Line: line, Message: "binary content (NUL byte): not a Dockerfile"}}
	}
	lines := splitLines(src.Data)
	res, err := parser.Parse(bytes.NewReader(forBuildkit(src.Data)))
	if err != nil {
		diags = append(diags, parseErrorDiagnostic(err, lines))
		if res == nil || res.AST == nil || len(res.AST.Children) == 0 {
			return nil, diags
		}
	}
	if res == nil || res.AST == nil || len(res.AST.Children) == 0 {
		return nil, append(diags, parsers.Diagnostic{Message: "file with no instructions"})
	}

	f = &File{Path: src.Path, Lines: lines, Escape: res.EscapeToken}
	if f.Escape == 0 {
		f.Escape = parser.DefaultEscapeToken
	}
	f.metaEnv = vars{}
	var stage *Stage
	for _, node := range res.AST.Children {
		in := &Instruction{
			Keyword:   strings.ToUpper(node.Value),
			Node:      node,
			StartLine: node.StartLine,
			EndLine:   node.EndLine,
			Flags:     node.Flags,
			Args:      nodeArgs(node),
			file:      f,
		}
		parsed, perr := parseInstruction(node)
		if perr != nil {
			diags = append(diags, parsers.Diagnostic{Line: node.StartLine, Message: errorMessage(perr)})
		} else {
			in.Parsed = parsed
			if c, ok := parsed.(instructions.Command); ok {
				in.Command = c
			}
		}
		f.Instructions = append(f.Instructions, in)

		switch {
		case in.Keyword == "FROM":
			stage = f.newStage(in)
		case stage == nil && in.Keyword == "ARG":
			f.MetaArgs = append(f.MetaArgs, in)
			f.addMetaArg(in)
		case stage == nil:
			if perr == nil {
				diags = append(diags, parsers.Diagnostic{Line: node.StartLine, Message: "no build stage in current context"})
			}
		default:
			in.Stage = stage
			stage.Instructions = append(stage.Instructions, in)
		}
	}
	f.ascii = make([]bool, len(lines))
	for i, l := range lines {
		f.ascii[i] = isASCII(l)
	}
	// The SHELL in effect, tracked in one pass (Stage.ShellAt is the same
	// answer for one instruction).
	shells := map[*Stage][]string{}
	for _, in := range f.Instructions {
		st := in.Stage
		if st != nil && in == st.From {
			shells[st] = st.defaultShell()
			if b := st.BaseStage; b != nil {
				if sh, ok := shells[b]; ok {
					shells[st] = sh
				}
			}
			continue
		}
		if sh, ok := in.Command.(*instructions.ShellCommand); ok && st != nil && len(sh.Shell) > 0 {
			shells[st] = sh.Shell
		}
		shell := DefaultShell
		if sh, ok := shells[st]; ok && st != nil {
			shell = sh
		}
		f.attachShell(in, shell)
	}
	return f, diags
}

// parseInstruction guards buildkit's typed parser against panics.
func parseInstruction(node *parser.Node) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("cannot parse instruction: %v", r)
		}
	}()
	return instructions.ParseInstruction(node)
}

func (f *File) newStage(in *Instruction) *Stage {
	st := &Stage{Index: len(f.Stages), From: in, file: f}
	if s, ok := in.Parsed.(*instructions.Stage); ok {
		st.Name, st.BaseName, st.Platform = s.Name, s.BaseName, s.Platform
	} else {
		// buildkit rejected the FROM; keep what the raw words say so the
		// instructions that follow still have a stage.
		if len(in.Args) > 0 {
			st.BaseName = in.Args[0]
		}
		if len(in.Args) == 3 && strings.EqualFold(in.Args[1], "as") {
			st.Name = strings.ToLower(in.Args[2])
		}
		for _, fl := range in.Flags {
			if v, ok := strings.CutPrefix(fl, "--platform="); ok {
				st.Platform = v
			}
		}
	}
	st.Base = f.ResolveGlobal(st.BaseName)
	ref := st.BaseName
	if st.Base.Known {
		ref = st.Base.Text
	}
	for i := len(f.Stages) - 1; i >= 0; i-- {
		if prev := f.Stages[i]; prev.Name != "" && strings.EqualFold(prev.Name, ref) {
			st.BaseStage = prev
			break
		}
	}
	in.Stage = st
	f.Stages = append(f.Stages, st)
	return st
}

func nodeArgs(node *parser.Node) []string {
	var args []string
	for a := node.Next; a != nil; a = a.Next {
		args = append(args, a.Value)
		if len(args) > 1<<16 {
			break
		}
	}
	return args
}

// splitLines splits the source the way buildkit counts lines: on "\n", with
// a final newline not starting a new line.
func splitLines(data []byte) []string {
	s := string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if s == "" {
		return nil
	}
	s = strings.TrimSuffix(s, "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	return lines
}

// parseErrorDiagnostic turns an error from parser.Parse into a diagnostic at
// the line buildkit reports. buildkit reads lines with a bufio.Scanner, so a
// line longer than its buffer ends the file early; say so at that line
// instead of the misleading error that follows from it.
func parseErrorDiagnostic(err error, lines []string) parsers.Diagnostic {
	d := parsers.Diagnostic{Message: errorMessage(err)}
	var le *parser.LocationError
	if errors.As(err, &le) {
		for _, loc := range le.Locations {
			if len(loc) > 0 {
				d.Line = loc[0].Start.Line
				break
			}
		}
	}
	for i, l := range lines {
		if len(l)+2 > bufio.MaxScanTokenSize {
			if d.Line == 0 || d.Line >= i || strings.Contains(d.Message, "max allowed size") {
				return parsers.Diagnostic{
					Line:    i + 1,
					Message: fmt.Sprintf("dockerfile line greater than max allowed size of %d", bufio.MaxScanTokenSize-1),
				}
			}
			break
		}
	}
	return d
}

// errorMessage is err's text made printable: valid UTF-8, at most
// maxMessage code points (an unknown "instruction" can be a whole line).
func errorMessage(err error) string {
	msg := strings.ToValidUTF8(err.Error(), "\uFFFD")
	if msg == "" {
		return "invalid instruction"
	}
	if utf8.RuneCountInString(msg) > maxMessage {
		r := []rune(msg)
		msg = string(r[:maxMessage]) + "…"
	}
	return msg
}

const maxMessage = 200
