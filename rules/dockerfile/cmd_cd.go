package dockerfile

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/stridelint/stridelint/parsers"
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var cdInRun = &rules.Rule{
	ID:       "DF037",
	Title:    "`cd` in RUN",
	Severity: rules.Info,
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A ` + "`RUN`" + ` step starts with ` + "`cd DIR`" + ` and does its work there (` + "`RUN cd /app && npm ci`" + `): the
directory is set for the step the way ` + "`WORKDIR`" + ` would set it, but invisibly. ` + "`WORKDIR`" + ` says where
the instructions run, carries over to the following ` + "`RUN`" + `, ` + "`COPY`" + `, ` + "`CMD`" + ` and ` + "`ENTRYPOINT`" + `, creates the
directory if needed, and is recorded in the image config. A ` + "`cd`" + ` is easy to lose when steps
are split or reordered; when it fails in a script chained with ` + "`;`" + ` instead of ` + "`&&`" + `, the rest runs
in the wrong directory (an ` + "`rm -rf *`" + ` included) — an integrity risk to the build, hence Tampering.

Quieter than hadolint, which flags every ` + "`cd`" + `: only a ` + "`cd`" + ` that opens the step (after any ` + "`set`" + `
options) and is followed by more work is flagged. Not flagged: ` + "`cd`" + ` later in a step (into a
directory the step just cloned, extracted or created: ` + "`tar xf src.tgz && cd src-1.2 && make`" + `);
a ` + "`cd`" + ` in a subshell (` + "`(cd sub && make)`" + `), loop, function or condition; ` + "`cd -`" + `; a step that later
goes back to an absolute directory (` + "`cd /tmp/build && … && cd / && rm -rf /tmp/build`" + `) or removes
the one it went to — temporary build directories that a ` + "`WORKDIR`" + ` would leave behind; a ` + "`cd`" + ` into
` + "`/tmp`" + `; and directories the file cannot know (` + "`cd \"$HOME\"`" + `).`,
	Remediation: `Set the directory with ` + "`WORKDIR`" + ` before the step:

` + "```dockerfile" + `
WORKDIR /app
RUN npm ci
` + "```",
	References: []rules.Reference{
		{Title: "Dockerfile reference: WORKDIR", URL: "https://docs.docker.com/reference/dockerfile/#workdir"},
		{Title: "Docker docs: Building best practices (WORKDIR)", URL: "https://docs.docker.com/build/building/best-practices/#workdir"},
		{Title: "hadolint DL3003", URL: "https://github.com/hadolint/hadolint/wiki/DL3003"},
	},
	Check: onFile(checkCd),
}

func checkCd(p *rules.Pass, f *pdockerfile.File) {
	eachRun(f, func(s *pdockerfile.Stage, in *pdockerfile.Instruction) {
		sc := in.Shell
		if sc == nil {
			return
		}
		var chain []*syntax.Stmt
		for _, st := range sc.File.Stmts {
			chain = append(chain, flattenAndOr(st, 0)...)
		}
		// Skip leading "set -eux".
		k := 0
		for k < len(chain) && callName(chain[k]) == "set" {
			k++
		}
		if k >= len(chain)-1 || callName(chain[k]) != "cd" {
			return
		}
		dir, ok := cdTarget(chain[k])
		if !ok || dir == "-" || dir == "~" || strings.HasPrefix(dir, "~/") || isTempDir(dir) {
			return
		}
		for _, st := range chain[k+1:] {
			switch callName(st) {
			case "cd":
				to, ok := cdTarget(st)
				if ok && strings.TrimRight(to, "/") == strings.TrimRight(dir, "/") {
					continue // the same directory again
				}
				if !ok || strings.HasPrefix(to, "/") || to == "-" || to == ".." || strings.HasPrefix(to, "~") {
					return // the step goes elsewhere: the first cd was temporary
				}
			case "rm":
				if removes(st, dir) {
					return
				}
			}
		}
		line, col := sc.Position(chain[k].Pos())
		r := parsers.Range{StartLine: line, StartCol: col, EndLine: line}
		if line == 0 {
			r = in.Range()
		}
		p.Reportf(r, anchor(s, in)+":cd "+dir,
			"RUN starts with cd %s and works there: WORKDIR %s says so visibly and carries over to later instructions", dir, dir)
	})
}

// flattenAndOr lists the statements of an && / || chain in order; other
// statements (pipelines, subshells, loops) are one element each.
func flattenAndOr(st *syntax.Stmt, depth int) []*syntax.Stmt {
	if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.AndStmt || b.Op == syntax.OrStmt) && depth < 100 && !st.Negated && !st.Background {
		return append(flattenAndOr(b.X, depth+1), flattenAndOr(b.Y, depth+1)...)
	}
	return []*syntax.Stmt{st}
}

// callName is the name of a simple command statement ("" otherwise).
func callName(st *syntax.Stmt) string {
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 || st.Background {
		return ""
	}
	name, known := wordLiteral(call.Args[0])
	if !known {
		return ""
	}
	return name
}

// cdTarget is the directory of a cd statement (its last argument), false
// when unknown or missing.
func cdTarget(st *syntax.Stmt) (string, bool) {
	call := st.Cmd.(*syntax.CallExpr)
	var dir string
	for _, w := range call.Args[1:] {
		t, known := wordLiteral(w)
		if !known {
			return "", false
		}
		if strings.HasPrefix(t, "-") && len(t) > 1 {
			continue // -P, -L
		}
		dir = t
	}
	return dir, dir != ""
}

func isTempDir(dir string) bool {
	d := strings.TrimRight(dir, "/")
	for _, t := range []string{"/tmp", "/var/tmp", "/dev/shm"} {
		if d == t || strings.HasPrefix(d, t+"/") {
			return true
		}
	}
	return false
}

// removes: an rm statement that deletes dir or a directory containing it.
func removes(st *syntax.Stmt, dir string) bool {
	call := st.Cmd.(*syntax.CallExpr)
	d := strings.TrimRight(dir, "/")
	for _, w := range call.Args[1:] {
		t, _ := wordLiteral(w)
		t = strings.TrimSuffix(strings.TrimRight(t, "/"), "/*")
		if t != "" && !strings.HasPrefix(t, "-") && (d == t || strings.HasPrefix(d, t+"/")) {
			return true
		}
	}
	return false
}
