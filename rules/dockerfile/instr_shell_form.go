package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"mvdan.cc/sh/v3/syntax"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var shellFormEntrypoint = &rules.Rule{
	ID:       "DF029",
	Title:    "shell-form CMD/ENTRYPOINT",
	Severity: rules.Low,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "dockerfile",
	Help: `The command the container starts with is written in shell form (` + "`CMD node server.js`" + `
rather than ` + "`CMD [\"node\", \"server.js\"]`" + `), so docker runs it as ` + "`/bin/sh -c \"…\"`" + ` and the
shell is PID 1. The shell does not pass ` + "`SIGTERM`" + ` on to the application: ` + "`docker stop`" + ` and
Kubernetes wait out the grace period and then ` + "`SIGKILL`" + ` it, with no clean shutdown —
connections cut, transactions and buffers lost — and every stop takes ten seconds or more.

Only the instruction that takes effect in the final stage is judged: a shell-form
` + "`ENTRYPOINT`" + ` always (it also makes ` + "`CMD`" + ` and ` + "`docker run`" + ` arguments ignored); a shell-form
` + "`CMD`" + ` when no exec-form ` + "`ENTRYPOINT`" + ` is set in the Dockerfile — with one, the ` + "`CMD`" + ` is only
arguments to that program, which is PID 1. Not reported: a shell command whose last step
is ` + "`exec`" + ` (` + "`CMD exec java -jar app.jar`" + `, ` + "`ENTRYPOINT ./migrate && exec ./server`" + `), which
replaces the shell with the application; Windows images, whose shell and signals work
differently; instructions overridden later (DF025) and build stages.`,
	Remediation: `Use the exec (JSON) form:

` + "```dockerfile" + `
ENTRYPOINT ["/usr/local/bin/app"]
CMD ["--port", "8080"]
` + "```" + `

If you need the shell for variable expansion, end with ` + "`exec`" + ` so that the application
replaces it: ` + "`CMD [\"sh\", \"-c\", \"exec app --port \\\"$PORT\\\"\"]`" + `. To reap zombie processes as
well, run under an init such as ` + "`tini`" + ` or ` + "`docker run --init`" + `.`,
	References: []rules.Reference{
		{Title: "Dockerfile reference: Shell and exec form", URL: "https://docs.docker.com/reference/dockerfile/#shell-and-exec-form"},
		{Title: "Dockerfile reference: ENTRYPOINT (exec form and signals)", URL: "https://docs.docker.com/reference/dockerfile/#entrypoint"},
		{Title: "hadolint DL3025", URL: "https://github.com/hadolint/hadolint/wiki/DL3025"},
	},
	Check: onFile(checkShellFormEntrypoint),
}

func checkShellFormEntrypoint(p *rules.Pass, f *pdockerfile.File) {
	final := finalStage(p, f)
	if final == nil || final.Windows() {
		return
	}
	if ep, s := lastInStageChain(final, "ENTRYPOINT"); ep != nil {
		if c, ok := ep.Command.(*instructions.EntrypointCommand); ok && c.PrependShell && !execsLast(ep) {
			p.Reportf(ep.Range(), anchor(s, ep)+":shell-form",
				"ENTRYPOINT in shell form runs as %s \"…\": the shell is PID 1 and does not pass SIGTERM on to the application (and CMD is ignored)",
				shellName(s, ep))
		}
		return
	}
	cmd, s := lastInStageChain(final, "CMD")
	if cmd == nil {
		return
	}
	if c, ok := cmd.Command.(*instructions.CmdCommand); ok && c.PrependShell && !execsLast(cmd) {
		p.Reportf(cmd.Range(), anchor(s, cmd)+":shell-form",
			"CMD in shell form runs as %s \"…\": the shell is PID 1 and does not pass SIGTERM on to the application", shellName(s, cmd))
	}
}

// shellName is the shell a shell-form instruction runs under: "/bin/sh -c".
func shellName(s *pdockerfile.Stage, in *pdockerfile.Instruction) string {
	return strings.Join(s.ShellAt(in), " ")
}

// execsLast reports whether a shell-form command ends by exec'ing the
// application, so that the shell is replaced: "exec app",
// "prepare && exec app", "set -e; prepare; exec app".
func execsLast(in *pdockerfile.Instruction) bool {
	if in.Shell == nil || in.Shell.File == nil || len(in.Shell.File.Stmts) == 0 {
		return false
	}
	stmts := in.Shell.File.Stmts
	return stmtExecs(stmts[len(stmts)-1])
}

func stmtExecs(st *syntax.Stmt) bool {
	if st == nil || st.Background {
		return false
	}
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		return len(c.Args) > 1 && c.Args[0].Lit() == "exec"
	case *syntax.BinaryCmd:
		return c.Op == syntax.AndStmt && stmtExecs(c.Y)
	}
	return false
}
