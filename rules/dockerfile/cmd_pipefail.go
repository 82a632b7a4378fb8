package dockerfile

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/stridelint/stridelint/parsers"
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var pipeWithoutPipefail = &rules.Rule{
	ID:       "DF030",
	Title:    "pipe without pipefail",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A ` + "`RUN`" + ` step uses a pipe (` + "`a | b`" + `) and the shell running it has not set ` + "`-o pipefail`" + `. A
pipeline's exit status is then that of its last command only: in
` + "`curl -fsSL https://example.com/tool.tgz | tar -xz`" + ` a failed or truncated download is masked as
long as ` + "`tar`" + ` exits 0 on what it got, and the build goes on with a missing or partial tool —
or, in ` + "`VERSION=$(curl -s … | jq -r .tag)`" + `, with an empty value.

The check follows the ` + "`SHELL`" + ` in effect for the step (inherited from the stage it is built
` + "`FROM`" + `): ` + "`SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`" + ` (or ` + "`-eo pipefail`" + `, ` + "`-euo pipefail`" + `) counts,
and so does ` + "`set -o pipefail`" + ` (or ` + "`set -euo pipefail`" + `) earlier in the same script. An exec-form
` + "`RUN [\"bash\", \"-c\", \"…\"]`" + ` is judged on its own shell options. Pipes in heredoc bodies count, and
so do pipes in a command substitution whose status is the step's (a bare
` + "`VERSION=$(curl … | jq …)`" + `); ` + "`||`" + ` is not a pipe. Quieter than hadolint, where pipefail would change
nothing: not flagged are pipelines whose earlier stages cannot fail in a way that matters —
` + "`echo`" + `, ` + "`printf`" + `, ` + "`yes`" + `, ` + "`true`" + `, or a ` + "`{ echo …; echo …; }`" + ` group, feeding a command
(` + "`echo \"deb …\" | tee /etc/apt/sources.list.d/x.list`" + `) — and pipelines whose status nobody reads: in
a substitution used as an argument (` + "`export ARCH=\"$(dpkg --print-architecture | sed …)\"`" + `, whose
status ` + "`export`" + ` drops anyway), a process substitution, on the left of ` + "`|| true`" + `, or as an
` + "`if`" + `/` + "`while`" + ` condition (where pipefail would turn ` + "`producer | grep -q x`" + ` into a false
negative). Also not judged: scripts given to a nested ` + "`sh -c`" + `, and non-POSIX shells (PowerShell,
cmd). One finding per step, at its first such pipeline.

The default shell, ` + "`/bin/sh -c`" + `, cannot simply be told: on Debian and Ubuntu ` + "`/bin/sh`" + ` is dash, which
has no pipefail option (` + "`set -o pipefail`" + ` is an error there), so switch to bash. BusyBox ash
(Alpine's ` + "`/bin/sh`" + `) does support it.`,
	Remediation: `Set pipefail in the ` + "`SHELL`" + ` before the ` + "`RUN`" + ` steps that use pipes:

` + "```dockerfile" + `
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin
` + "```" + `

On Alpine without bash: ` + "`SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]`" + `. Or start the script with
` + "`set -o pipefail &&`" + ` (with a shell that supports it), or avoid the pipe: download to a file,
verify it, then extract.`,
	References: []rules.Reference{
		{Title: "Docker docs: Building best practices (using pipes)", URL: "https://docs.docker.com/build/building/best-practices/#using-pipes"},
		{Title: "Dockerfile reference: SHELL", URL: "https://docs.docker.com/reference/dockerfile/#shell"},
		{Title: "hadolint DL4006", URL: "https://github.com/hadolint/hadolint/wiki/DL4006"},
	},
	Check: onFile(checkPipefail),
}

func checkPipefail(p *rules.Pass, f *pdockerfile.File) {
	eachRun(f, func(s *pdockerfile.Stage, in *pdockerfile.Instruction) {
		sc := in.Shell
		if sc == nil {
			return
		}
		shell := s.ShellAt(in)
		if execForm(in) {
			shell = execArgv(in)
		}
		if shellSetsPipefail(shell) {
			return
		}
		pipe, stages := firstMaskingPipe(sc.File)
		if pipe == nil || setsPipefailBefore(sc.File, pipe.Pos().Offset()) {
			return
		}
		line, col := sc.Position(pipe.Pos())
		r := parsers.Range{StartLine: line, StartCol: col, EndLine: line}
		if line == 0 {
			r = in.Range()
		}
		shellText := strings.Join(shell, " ")
		if execForm(in) {
			shellText = strings.Join(shell[:min(len(shell), 2)], " ")
		}
		p.Reportf(r, anchor(s, in)+":pipe",
			"the pipeline %s runs under %q without -o pipefail: a failure of %s is masked when %s exits 0",
			strings.Join(stages, " | "), shellText, stages[0], stages[len(stages)-1])
	})
}

// execArgv is the argument vector of an exec-form instruction.
func execArgv(in *pdockerfile.Instruction) []string {
	n := in.Node
	if in.Keyword == "ONBUILD" && n != nil && n.Next != nil && len(n.Next.Children) > 0 {
		n = n.Next.Children[0]
	}
	var argv []string
	if n != nil {
		for a := n.Next; a != nil; a = a.Next {
			argv = append(argv, a.Value)
		}
	}
	return argv
}

// shellSetsPipefail reads the options before the script of a shell argv
// (["/bin/bash", "-euo", "pipefail", "-c"]): the last -o/+o pipefail wins.
func shellSetsPipefail(argv []string) bool {
	on := false
	for i := 1; i < len(argv); i++ {
		a := argv[i]
		if len(a) < 2 || (a[0] != '-' && a[0] != '+') || strings.HasPrefix(a, "--") {
			break
		}
		for _, l := range a[1:] {
			if l == 'o' && i+1 < len(argv) {
				i++
				if argv[i] == "pipefail" {
					on = a[0] == '-'
				}
			}
		}
		if strings.ContainsRune(a[1:], 'c') {
			break
		}
	}
	return on
}

// setsPipefailBefore: a set command turning pipefail on comes before
// offset in the script.
func setsPipefailBefore(f *syntax.File, offset uint) bool {
	found := false
	syntax.Walk(f, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok || found || len(call.Args) < 3 || call.Pos().Offset() >= offset {
			return !found
		}
		var argv []string
		for _, w := range call.Args {
			t, _ := wordLiteral(w)
			argv = append(argv, t)
		}
		found = argv[0] == "set" && shellSetsPipefail(argv)
		return !found
	})
	return found
}

// harmlessSources cannot fail in a way a pipefail would catch.
var harmlessSources = map[string]bool{"echo": true, "printf": true, "yes": true, "true": true, ":": true}

// harmlessStage: a stage that cannot fail in a way that matters: echo,
// printf, yes, or a { …; } / ( … ) group of only those.
func harmlessStage(st *syntax.Stmt) bool {
	var stmts []*syntax.Stmt
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		return harmlessSources[stmtName(st)]
	case *syntax.Block:
		stmts = c.Stmts
	case *syntax.Subshell:
		stmts = c.Stmts
	default:
		return false
	}
	for _, x := range stmts {
		if _, ok := x.Cmd.(*syntax.CallExpr); !ok || !harmlessSources[stmtName(x)] {
			return false
		}
	}
	return len(stmts) > 0
}

// firstMaskingPipe finds the first pipeline whose exit status can hide a
// failure that pipefail would report, and names its stages ("curl",
// "tar"). Pipelines whose status nobody reads are skipped, as pipefail
// changes nothing there: inside a command substitution that is an
// argument (echo "$(a | b)", export X="$(a | b)": only a bare X=$(a | b)
// passes the status on) or a process substitution, on the left of || (the
// failure is ignored on purpose), and in if/while/until conditions (where
// pipefail would turn "producer | grep -q" into a false negative).
func firstMaskingPipe(f *syntax.File) (*syntax.BinaryCmd, []string) {
	// Command substitutions whose status becomes the statement's: the
	// values of a bare assignment.
	statusSubst := map[syntax.Node]bool{}
	syntax.Walk(f, func(n syntax.Node) bool {
		if call, ok := n.(*syntax.CallExpr); ok && len(call.Args) == 0 {
			for _, a := range call.Assigns {
				if a.Value != nil {
					for _, p := range a.Value.Parts {
						markSubst(p, statusSubst)
					}
				}
			}
		}
		return true
	})
	var found *syntax.BinaryCmd
	var names []string
	inner := map[*syntax.BinaryCmd]bool{}
	var stack []syntax.Node
	syntax.Walk(f, func(n syntax.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if found != nil {
			return false
		}
		stack = append(stack, n)
		b, ok := n.(*syntax.BinaryCmd)
		if !ok || inner[b] || (b.Op != syntax.Pipe && b.Op != syntax.PipeAll) {
			return true
		}
		stages := pipelineStages(b, inner, 0)
		if statusIgnored(stack, statusSubst) {
			return true
		}
		masking := false
		var ns []string
		for i, st := range stages {
			ns = append(ns, stmtName(st))
			if i < len(stages)-1 && !harmlessStage(st) {
				masking = true
			}
		}
		if masking {
			found, names = b, ns
		}
		return true
	})
	return found, names
}

// markSubst marks the command substitutions of a word part.
func markSubst(p syntax.WordPart, m map[syntax.Node]bool) {
	switch p := p.(type) {
	case *syntax.CmdSubst:
		m[p] = true
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			markSubst(q, m)
		}
	}
}

// statusIgnored: the pipeline on top of stack is one whose exit status
// nobody reads (see firstMaskingPipe).
func statusIgnored(stack []syntax.Node, statusSubst map[syntax.Node]bool) bool {
	pipe := len(stack) - 1
	// The statement holding the pipeline, and what holds that statement.
	if pipe >= 2 {
		if st, ok := stack[pipe-1].(*syntax.Stmt); ok {
			switch parent := stack[pipe-2].(type) {
			case *syntax.BinaryCmd:
				if parent.Op == syntax.OrStmt && parent.X == st {
					return true
				}
			case *syntax.IfClause:
				for _, c := range parent.Cond {
					if c == st {
						return true
					}
				}
			case *syntax.WhileClause:
				for _, c := range parent.Cond {
					if c == st {
						return true
					}
				}
			}
		}
	}
	for i := pipe - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *syntax.CmdSubst:
			return !statusSubst[stack[i]]
		case *syntax.ProcSubst:
			return true
		}
	}
	return false
}

// pipelineStages flattens a | b | c, marking the nested pipe nodes.
func pipelineStages(b *syntax.BinaryCmd, inner map[*syntax.BinaryCmd]bool, depth int) []*syntax.Stmt {
	var out []*syntax.Stmt
	for _, st := range []*syntax.Stmt{b.X, b.Y} {
		if x, ok := st.Cmd.(*syntax.BinaryCmd); ok && (x.Op == syntax.Pipe || x.Op == syntax.PipeAll) && depth < 50 {
			inner[x] = true
			out = append(out, pipelineStages(x, inner, depth+1)...)
			continue
		}
		out = append(out, st)
	}
	return out
}

// stmtName names a pipeline stage: the command it runs (after sudo or
// env), or "(…)" for compound commands.
func stmtName(st *syntax.Stmt) string {
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 {
		return "(…)"
	}
	for i := 0; i < len(call.Args); i++ {
		t, known := wordLiteral(call.Args[i])
		if !known {
			return "$…"
		}
		name := t
		if j := strings.LastIndexByte(name, '/'); j >= 0 {
			name = name[j+1:]
		}
		if name == "sudo" || name == "env" || name == "command" || name == "exec" {
			// Skip the wrapper and its options.
			for i+1 < len(call.Args) {
				next, _ := wordLiteral(call.Args[i+1])
				if !strings.HasPrefix(next, "-") && !strings.Contains(next, "=") {
					break
				}
				i++
			}
			continue
		}
		return name
	}
	return "(…)"
}
