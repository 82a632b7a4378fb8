package dockerfile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stridelint/stridelint/parsers"
)

func parse(t testing.TB, src string) (*File, []parsers.Diagnostic) {
	t.Helper()
	return Parse(&parsers.Source{Path: "Dockerfile", Data: []byte(src)})
}

func mustParse(t *testing.T, src string) *File {
	t.Helper()
	f, diags := parse(t, src)
	if f == nil {
		t.Fatalf("Parse returned nil File, diagnostics %v", diags)
	}
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics %v", diags)
	}
	return f
}

// instrAt returns the instruction starting at line.
func instrAt(t *testing.T, f *File, line int) *Instruction {
	t.Helper()
	for _, in := range f.Instructions {
		if in.StartLine == line {
			return in
		}
	}
	t.Fatalf("no instruction at line %d", line)
	return nil
}

// describe renders commands as "name@line:col" plus "[wrapper>wrapper]".
func describe(cmds []Command) []string {
	var out []string
	for _, c := range cmds {
		s := fmt.Sprintf("%s@%d:%d", c.Name, c.Line, c.Col)
		if len(c.Wrappers) > 0 {
			s += "[" + strings.Join(c.Wrappers, ">") + "]"
		}
		out = append(out, s)
	}
	return out
}

func TestStages(t *testing.T) {
	f := mustParse(t, `ARG BASE=alpine:3.19
ARG TAG
ARG REG=docker.io
FROM ${BASE} AS Builder
RUN make
FROM --platform=$BUILDPLATFORM golang:1.22 AS tools
FROM builder AS final
COPY --from=tools /go/bin/x /x
FROM $UNKNOWN
FROM ${REG}/library/nginx:${TAG}
FROM ${REG}/library/nginx:${TAG:-1.25}
`)
	if len(f.MetaArgs) != 3 {
		t.Fatalf("MetaArgs = %d, want 3", len(f.MetaArgs))
	}
	tests := []struct {
		index     int
		name      string
		baseName  string
		base      Value
		baseStage string // name of BaseStage, "-" for nil
		platform  string
		nInstr    int
	}{
		{0, "builder", "${BASE}", Value{"alpine:3.19", true}, "-", "", 1},
		{1, "tools", "golang:1.22", Value{"golang:1.22", true}, "-", "$BUILDPLATFORM", 0},
		{2, "final", "builder", Value{"builder", true}, "builder", "", 1},
		{3, "", "$UNKNOWN", Value{"$UNKNOWN", false}, "-", "", 0},
		{4, "", "${REG}/library/nginx:${TAG}", Value{"docker.io/library/nginx:${TAG}", false}, "-", "", 0},
		// TAG has no default: it may be set at build time.
		{5, "", "${REG}/library/nginx:${TAG:-1.25}", Value{"docker.io/library/nginx:${TAG:-1.25}", false}, "-", "", 0},
	}
	if len(f.Stages) != len(tests) {
		t.Fatalf("got %d stages, want %d", len(f.Stages), len(tests))
	}
	for _, tt := range tests {
		s := f.Stages[tt.index]
		bs := "-"
		if s.BaseStage != nil {
			bs = s.BaseStage.Name
		}
		if s.Index != tt.index || s.Name != tt.name || s.BaseName != tt.baseName || s.Base != tt.base || bs != tt.baseStage || s.Platform != tt.platform || len(s.Instructions) != tt.nInstr {
			t.Errorf("stage %d = {%d %q %q %+v base=%s %q %d}, want %+v", tt.index, s.Index, s.Name, s.BaseName, s.Base, bs, s.Platform, len(s.Instructions), tt)
		}
		if s.From.Stage != s || s.From.Keyword != "FROM" {
			t.Errorf("stage %d: From not linked", tt.index)
		}
	}
	if got := f.FinalStage(); got != f.Stages[5] {
		t.Errorf("FinalStage = %v", got)
	}
	for _, tt := range []struct {
		ref  string
		want int
	}{{"builder", 0}, {"BUILDER", 0}, {"1", 1}, {"5", 5}, {"6", -1}, {"nope", -1}, {"", -1}} {
		got := f.StageByName(tt.ref)
		if (tt.want < 0) != (got == nil) || (got != nil && got.Index != tt.want) {
			t.Errorf("StageByName(%q) = %v, want index %d", tt.ref, got, tt.want)
		}
	}
	in := instrAt(t, f, 8)
	if c, ok := in.Command.(*instructions.CopyCommand); !ok || c.From != "tools" || in.Stage != f.Stages[2] {
		t.Errorf("COPY at line 8: %#v", in.Command)
	}
	if _, ok := f.Stages[0].From.Parsed.(*instructions.Stage); !ok {
		t.Errorf("FROM Parsed = %T", f.Stages[0].From.Parsed)
	}
}

func TestEnv(t *testing.T) {
	f := mustParse(t, `ARG VERSION=1.0
ARG SECRET
FROM alpine AS base
ENV APP=/app PATH=/app/bin:$PATH
ARG VERSION
ARG SECRET
ARG MODE=dev
ENV MODE=prod
ENV GREETING="hello world" DIR=${APP}/data
USER $MODE
ARG LATE=x
FROM base
ENV DIR2=$DIR/more
RUN echo
ARG APP=ignored
`)
	base, child := f.Stages[0], f.Stages[1]
	tests := []struct {
		stage *Stage
		name  string
		want  Value
	}{
		{base, "APP", Value{"/app", true}},
		{base, "PATH", Value{"/app/bin:$PATH", false}}, // PATH of the image is unknown
		{base, "VERSION", Value{"1.0", true}},          // meta ARG re-declared
		{base, "SECRET", Value{"${SECRET}", false}},    // no default anywhere
		{base, "MODE", Value{"prod", true}},            // ENV wins over ARG
		{base, "GREETING", Value{"hello world", true}}, // quotes removed
		{base, "DIR", Value{"/app/data", true}},
		{base, "NOPE", Value{"${NOPE}", false}},
		{child, "DIR2", Value{"/app/data/more", true}}, // ENV inherited from base stage
		{child, "VERSION", Value{"${VERSION}", false}}, // ARGs are not inherited
		{child, "APP", Value{"/app", true}},            // ENV wins over a later ARG
	}
	for _, tt := range tests {
		if got := tt.stage.Env(tt.name); got != tt.want {
			t.Errorf("stage %d Env(%s) = %+v, want %+v", tt.stage.Index, tt.name, got, tt.want)
		}
	}
	user := instrAt(t, f, 10)
	resolve := []struct {
		in   *Instruction
		word string
		want Value
	}{
		{user, "$MODE", Value{"prod", true}},
		{user, "${LATE:-none}", Value{"${LATE:-none}", false}}, // LATE not declared yet
		{instrAt(t, f, 7), "$MODE", Value{"$MODE", false}},     // not declared yet
		{instrAt(t, f, 8), "$MODE-x", Value{"dev-x", true}},    // ARG MODE=dev visible before ENV
		{instrAt(t, f, 14), "${DIR2}/${GREETING}", Value{"/app/data/more/hello world", true}},
		{user, "${X:?required}", Value{"${X:?required}", false}},
		{base.From, "${VERSION}", Value{"1.0", true}}, // FROM resolves with meta ARGs
	}
	for _, tt := range resolve {
		if got := tt.in.Stage.ResolveAt(tt.in, tt.word); got != tt.want {
			t.Errorf("ResolveAt(line %d, %q) = %+v, want %+v", tt.in.StartLine, tt.word, got, tt.want)
		}
	}
}

func TestShellAt(t *testing.T) {
	f := mustParse(t, `FROM alpine AS a
RUN one
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN two | x
FROM a
RUN three
FROM alpine
RUN four
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
RUN five
`)
	tests := []struct {
		line int
		want string
	}{
		{2, "/bin/sh -c"},
		{4, "/bin/bash -o pipefail -c"},
		{6, "/bin/bash -o pipefail -c"}, // inherited from stage a
		{8, "/bin/sh -c"},
		{10, "cmd /S /C"},
	}
	for _, tt := range tests {
		in := instrAt(t, f, tt.line)
		if got := strings.Join(in.Stage.ShellAt(in), " "); got != tt.want {
			t.Errorf("line %d: ShellAt = %q, want %q", tt.line, got, tt.want)
		}
		if (in.Shell == nil) != (tt.line == 10) {
			t.Errorf("line %d: Shell = %v", tt.line, in.Shell)
		}
	}
}

func TestCommands(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int // instruction start line
		want []string
	}{
		{
			name: "and or semicolon",
			src:  "FROM x\nRUN a && b || c; d\n",
			line: 2,
			want: []string{"a@2:5", "b@2:10", "c@2:15", "d@2:18"},
		},
		{
			name: "continuation lines with flags, comment and blank line",
			src: `FROM x
RUN --mount=type=cache,target=/root/.cache \
    --network=none \
    apt-get update && \
    # install things
    sudo -E apt-get install -y curl \

    && env -i X=1 /usr/bin/curl -fsSL https://x | sh -c "tar x"
`,
			line: 2,
			want: []string{"apt-get@4:5", "sudo@6:5", "apt-get@6:13[sudo]", "env@8:8", "curl@8:19[env]", "sh@8:51", "tar@8:58[sh -c]"},
		},
		{
			name: "flags only on the first line",
			src:  "FROM x\nRUN --mount=type=secret,id=npm,target=/root/.npmrc npm ci\n",
			line: 2,
			want: []string{"npm@2:52"},
		},
		{
			name: "subshells, command and process substitution, backticks",
			src:  "FROM x\nRUN (cd /src && make) | tee log; echo $(id -u) `whoami` && diff <(ls a) b\n",
			line: 2,
			want: []string{"cd@2:6", "make@2:17", "tee@2:25", "echo@2:34", "id@2:41", "whoami@2:49", "diff@2:60", "ls@2:67"},
		},
		{
			name: "if for while case function",
			src: `FROM x
RUN if [ -f a ]; then for i in 1 2; do wget $i; done; fi && \
    while false; do curl y; done; case $x in a) rm a;; esac; f() { chmod 777 /; }
`,
			line: 2,
			want: []string{"[@2:8", "wget@2:40", "false@3:11", "curl@3:21", "rm@3:49", "chmod@3:68"},
		},
		{
			name: "sh -c and bash -c over continuation lines",
			src: `FROM x
RUN bash -c 'echo a && \
      rm -rf /x' && /bin/sh -ec "apk add git \
        && git clone y"
`,
			line: 2,
			want: []string{"bash@2:5", "echo@2:14[sh -c]", "rm@3:7[sh -c]", "sh@3:21", "apk@3:34[sh -c]", "git@4:12[sh -c]"},
		},
		{
			name: "sudo options, env, nice, nohup, exec, command, xargs, timeout",
			src: `FROM x
RUN sudo -u root -E -- apt-get install x; nice -n 5 nohup make; exec gosu app:app server; \
    find . | xargs -0 -I{} rm {}; command -v curl; timeout 10 wget z; command ls
`,
			line: 2,
			want: []string{"sudo@2:5", "apt-get@2:24[sudo]", "nice@2:43", "nohup@2:53[nice]", "make@2:59[nice>nohup]",
				"exec@2:65", "gosu@2:70[exec]", "server@2:83[exec>gosu]", "find@3:5", "xargs@3:14", "rm@3:28[xargs]",
				"command@3:35", "timeout@3:52", "wget@3:63[timeout]", "command@3:71", "ls@3:79[command]"},
		},
		{
			name: "assignment prefix",
			src:  "FROM x\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y x; X=1\n",
			line: 2,
			want: []string{"apt-get@2:36"},
		},
		{
			name: "curl piped into sudo bash",
			src:  "FROM x\nRUN curl -fsSL https://get.example.com | sudo -E bash -\n",
			line: 2,
			want: []string{"curl@2:5", "sudo@2:42", "bash@2:50[sudo]"},
		},
		{
			name: "bash with process substitution and sh -c with command substitution",
			src:  "FROM x\nRUN bash <(curl -s https://x) && sh -c \"$(curl -fsSL https://y)\"\n",
			line: 2,
			want: []string{"bash@2:5", "curl@2:12", "sh@2:34", "@2:0[sh -c]", "curl@2:43"},
		},
		{
			name: "exec form shell",
			src:  "FROM x\nRUN [\"/bin/sh\", \"-c\", \"apt-get install x && sudo ls\"]\n",
			line: 2,
			want: []string{"sh@2:6", "apt-get@2:24[sh -c]", "sudo@2:45[sh -c]", "ls@2:50[sh -c>sudo]"},
		},
		{
			name: "exec form shell over lines with JSON escapes",
			src:  "FROM x\nRUN [\"bash\", \"-c\", \\\n     \"echo \\\"h\\u00e9\\\" && curl x\"]\nHEALTHCHECK CMD [\"wget\", \"-q\", \"y\"]\n",
			want: []string{"bash@2:6", "echo@3:7[sh -c]", "curl@3:27[sh -c]", "wget@4:18"},
		},
		{
			name: "exec form not a shell",
			src:  "FROM x\nRUN [\"/usr/bin/apt-get\", \"install\", \"x\"]\n",
			line: 2,
			want: []string{"apt-get@2:6"},
		},
		{
			name: "heredoc script",
			src:  "FROM x\nRUN <<EOF\nset -e\n  apt-get update\ncurl -o /x https://x\nEOF\nUSER app\n",
			line: 2,
			want: []string{"set@3:1", "apt-get@4:3", "curl@5:1"},
		},
		{
			name: "heredoc given to bash",
			src:  "FROM x\nRUN <<EOT bash\n  wget x | sh\nEOT\n",
			line: 2,
			want: []string{"bash@2:11", "wget@3:3[sh <<]", "sh@3:12[sh <<]"},
		},
		{
			name: "chomped heredoc given to sh -e",
			src:  "FROM x\nRUN <<-EOT sh -e\n\tcurl x\n\tEOT\n",
			line: 2,
			want: []string{"sh@2:12", "curl@3:2[sh <<]"},
		},
		{
			name: "heredoc given to python is data",
			src:  "FROM x\nRUN python3 <<EOF\nimport os\nos.system('curl x')\nEOF\n",
			line: 2,
			want: []string{"python3@2:5"},
		},
		{
			name: "bash heredoc inside a shell line is data",
			src:  "FROM x\nRUN cat <<EOF > /etc/x && chmod 600 /etc/x\ncurl x\nsudo y\nEOF\n",
			line: 2,
			want: []string{"cat@2:5", "chmod@2:27"},
		},
		{
			name: "shebang heredoc",
			src:  "FROM x\nRUN <<EOF\n#!/usr/bin/env bash\ncurl x\nEOF\n",
			line: 2,
			want: []string{"curl@4:1"},
		},
		{
			name: "not commands",
			src: `FROM x
# RUN sudo curl
RUN echo sudo pseudo-cmd https://example.com/curl/sudo "curl x" # sudo curl
`,
			line: 3,
			want: []string{"echo@3:5"},
		},
		{
			name: "shell-form CMD, ENTRYPOINT, HEALTHCHECK and ONBUILD",
			src: `FROM x
CMD exec nginx -g 'daemon off;'
ENTRYPOINT sudo /entrypoint.sh
HEALTHCHECK --interval=5m --timeout=3s \
  CMD curl -f http://localhost/ || exit 1
ONBUILD RUN --network=none wget y
`,
			want: []string{"exec@2:5", "nginx@2:10[exec]", "sudo@3:12", "entrypoint.sh@3:17[sudo]",
				"curl@5:7", "exit@5:36", "wget@6:28"},
		},
		{
			name: "exec-form CMD",
			src:  "FROM x\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
			line: 2,
			want: []string{"nginx@2:6"},
		},
		{
			name: "su -c and nested shells",
			src:  "FROM x\nRUN su - postgres -c \"psql -c 'select 1'\" && sh -c 'bash -c \"curl z\"'\n",
			line: 2,
			want: []string{"su@2:5", "psql@2:23[su -c]", "sh@2:46", "bash@2:53[sh -c]", "curl@2:62[sh -c>sh -c]"},
		},
		{
			name: "time keyword, eval, bash -s with a heredoc, here-string",
			src:  "FROM x\nRUN time make; eval \"curl x | sh\"; bash -s -- -y <<'E'\nwget z\nE\nRUN sh <<< 'sudo id'\n",
			want: []string{"make@2:10[time]", "eval@2:16", "curl@2:22[eval]", "sh@2:31[eval]", "bash@2:36", "wget@3:1[sh <<]",
				"sh@5:5", "sudo@5:13[sh <<]", "id@5:18[sh <<>sudo]"},
		},
		{
			name: "multi-byte characters before a command",
			src:  "FROM x\nRUN echo \"héllo wörld\" && sudo ls\n",
			line: 2,
			want: []string{"echo@2:5", "sudo@2:27", "ls@2:32[sudo]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.src)
			var cmds []Command
			if tt.line > 0 {
				cmds = instrAt(t, f, tt.line).Commands()
			} else {
				for _, in := range f.Instructions {
					cmds = append(cmds, in.Commands()...)
				}
			}
			got := describe(cmds)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("commands\n got %q\nwant %q", got, tt.want)
			}
			for _, c := range cmds {
				if c.Line < 1 || c.Line > len(f.Lines) {
					t.Errorf("command %s line %d out of range", c.Name, c.Line)
				}
				// Where the column is known, the name must be there.
				if c.Col > 0 && c.NameWord.Raw != "" {
					line := []rune(f.Line(c.Line))
					raw := []rune(c.NameWord.Raw)
					if c.Col-1+len(raw) > len(line) || string(line[c.Col-1:c.Col-1+len(raw)]) != c.NameWord.Raw {
						t.Errorf("command %s at %d:%d: line is %q", c.Name, c.Line, c.Col, f.Line(c.Line))
					}
				}
			}
		})
	}
}

func TestPipeline(t *testing.T) {
	f := mustParse(t, "FROM x\nRUN curl -fsSL https://x | sudo -E bash - && wget -qO- y | tar xz | tee z; sudo curl a | sh; ls\n")
	cmds := instrAt(t, f, 2).Commands()
	want := map[string]string{ // name@col -> PipeFrom name ("" = none)
		"curl@5": "", "sudo@28": "curl", "bash@36": "curl", "wget@46": "", "tar@60": "wget", "tee@69": "tar",
		"sudo@76": "", "curl@81": "", "sh@90": "curl", "ls@94": "",
	}
	if len(cmds) != len(want) {
		t.Fatalf("got %q", describe(cmds))
	}
	for _, c := range cmds {
		key := fmt.Sprintf("%s@%d", c.Name, c.Col)
		from, ok := want[key]
		if !ok {
			t.Errorf("unexpected command %s", key)
			continue
		}
		got := ""
		if c.PipeFrom != nil {
			got = c.PipeFrom.Name
		}
		if got != from {
			t.Errorf("%s: PipeFrom = %q, want %q", key, got, from)
		}
		if c.InPipeline != (c.Name != "ls") {
			t.Errorf("%s: InPipeline = %v", key, c.InPipeline)
		}
	}
	// For "sudo curl a | sh" the feeding command is the unwrapped curl.
	if sh := cmds[8]; sh.PipeFrom == nil || sh.PipeFrom.Col != 81 {
		t.Errorf("sh PipeFrom = %+v", sh.PipeFrom)
	}
}

func TestWords(t *testing.T) {
	f := mustParse(t, `FROM x
RUN cmd plain "dq \"x\" \$y" 'sq $z' a\ b $VAR "pre-${VAR}" $(date) \curl --opt=$'a\tb' ~/x 'multi \
line'
`)
	cmds := instrAt(t, f, 2).Commands()
	if len(cmds) != 2 { // cmd and date
		t.Fatalf("commands %q", describe(cmds))
	}
	tests := []struct {
		text  string
		known bool
		raw   string
	}{
		{"plain", true, "plain"},
		{`dq "x" $y`, true, `"dq \"x\" \$y"`},
		{"sq $z", true, "'sq $z'"},
		{"a b", true, `a\ b`},
		{"$VAR", false, "$VAR"},
		{"pre-${VAR}", false, `"pre-${VAR}"`},
		{"$(date)", false, "$(date)"},
		{"curl", true, `\curl`},
		{"--opt=a\tb", true, `--opt=$'a\tb'`},
		{"~/x", true, "~/x"},
		{"multi line", true, "'multi \\\nline'"},
	}
	args := cmds[0].Args
	if len(args) != len(tests) {
		t.Fatalf("got %d args: %+v", len(args), args)
	}
	for i, tt := range tests {
		a := args[i]
		if a.Text != tt.text || a.Known != tt.known || a.Raw != tt.raw {
			t.Errorf("arg %d = {%q %v %q}, want {%q %v %q}", i, a.Text, a.Known, a.Raw, tt.text, tt.known, tt.raw)
		}
	}
	if a := args[0]; a.Line != 2 || a.Col != 9 {
		t.Errorf("arg 0 at %d:%d", a.Line, a.Col)
	}
	if a := args[10]; a.Line != 2 || a.Col != 93 {
		t.Errorf("arg 10 at %d:%d", a.Line, a.Col)
	}
	if cmds[0].Arg(0) != "plain" || cmds[0].Arg(99) != "" {
		t.Errorf("Arg helper")
	}
}

func TestScriptPositions(t *testing.T) {
	f := mustParse(t, "FROM x\n\nRUN --mount=type=cache,target=/c \\\n  # note\n  apk add \\\n    curl\n")
	in := instrAt(t, f, 3)
	sc := in.Shell
	if sc == nil {
		t.Fatal("Shell is nil")
	}
	if sc.Line0 != 2 {
		t.Errorf("Line0 = %d", sc.Line0)
	}
	cmds := sc.Commands()
	if len(cmds) != 1 || cmds[0].Name != "apk" {
		t.Fatalf("commands %q", describe(cmds))
	}
	call := cmds[0].Node
	last := call.Args[len(call.Args)-1]
	if int(last.Pos().Line())+sc.Line0 != 6 {
		t.Errorf("AST line %d + Line0 != 6", last.Pos().Line())
	}
	if l, c := sc.Position(last.Pos()); l != 6 || c != 5 {
		t.Errorf("Position = %d:%d, want 6:5", l, c)
	}
	if r := in.Range(); r != (parsers.Range{StartLine: 3, StartCol: 1, EndLine: 6}) {
		t.Errorf("Range = %+v", r)
	}
	// Lines of the source match the file line count.
	if n := strings.Count(sc.Source, "\n"); n != 4 {
		t.Errorf("source has %d lines:\n%s", n, sc.Source)
	}
	// A heredoc script's lines are the body's lines.
	hd := mustParse(t, "FROM x\nRUN <<EOF\n\necho a\nEOF\n")
	if sc := instrAt(t, hd, 2).Shell; sc == nil || sc.Line0 != 2 || int(sc.Commands()[0].Node.Pos().Line())+sc.Line0 != 4 {
		t.Errorf("heredoc script %v", sc)
	}
	// Nested scripts map through their word.
	nested := mustParse(t, "FROM x\nRUN sh -c 'a && \\\n  b'\n")
	cmds = instrAt(t, nested, 2).Commands()
	if len(cmds) != 3 || cmds[2].Name != "b" {
		t.Fatalf("nested %q", describe(cmds))
	}
	if cmds[2].Line != 3 || cmds[2].Col != 3 || cmds[2].Node == nil {
		t.Errorf("nested b at %d:%d", cmds[2].Line, cmds[2].Col)
	}
	indented := mustParse(t, "FROM x\n   run   echo hi\n")
	if r := instrAt(t, indented, 2).Range(); r.StartCol != 4 {
		t.Errorf("indented Range = %+v", r)
	}
	if in := instrAt(t, indented, 2); in.Keyword != "RUN" || describe(in.Commands())[0] != "echo@2:10" {
		t.Errorf("lower-case run: %s %q", in.Keyword, describe(in.Commands()))
	}
}

func TestNoShell(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
	}{
		{"escape backtick", "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN powershell -Command `\n    iwr x\n", 3},
		{"powershell SHELL", "FROM x\nSHELL [\"powershell\", \"-Command\"]\nRUN iwr https://x -OutFile y\n", 3},
		{"windows base image", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN mkdir C:\\tmp\n", 2},
		{"windows platform via base stage", "FROM --platform=windows/amd64 x AS w\nFROM w\nRUN dir\n", 3},
		{"cmd SHELL", "FROM x\nSHELL [\"cmd\", \"/S\", \"/C\"]\nRUN dir\n", 3},
		{"pwsh SHELL inherited", "FROM x AS a\nSHELL [\"pwsh\", \"-c\"]\nFROM a\nRUN Get-Item x\n", 4},
		{"python shebang heredoc", "FROM x\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\nEOF\n", 2},
		{"shell syntax error", "FROM x\nRUN if then fi (\n", 2},
		{"exec form not a shell", "FROM x\nRUN [\"make\", \"all\"]\n", 2},
		{"USER", "FROM x\nUSER root\n", 2},
		{"HEALTHCHECK NONE", "FROM x\nHEALTHCHECK NONE\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, diags := parse(t, tt.src)
			if f == nil || len(diags) > 0 {
				t.Fatalf("f=%v diags=%v", f, diags)
			}
			in := instrAt(t, f, tt.line)
			if in.Shell != nil {
				t.Errorf("Shell = %v, want nil", in.Shell)
			}
			if tt.name != "exec form not a shell" && in.Commands() != nil {
				t.Errorf("Commands = %q, want nil", describe(in.Commands()))
			}
		})
	}
}

func TestCRLFAndBOM(t *testing.T) {
	f := mustParse(t, "\ufeffFROM alpine\r\nRUN apk add \\\r\n    curl && \\\r\n  sudo ls\r\n")
	if f.Lines[0] != "FROM alpine" || f.Lines[2] != "    curl && \\" || len(f.Lines) != 4 {
		t.Errorf("Lines = %q", f.Lines)
	}
	got := describe(instrAt(t, f, 2).Commands())
	want := []string{"apk@2:5", "sudo@4:3", "ls@4:8[sudo]"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("commands %q, want %q", got, want)
	}
	if args := instrAt(t, f, 2).Commands()[0].Args; len(args) != 2 || args[1].Text != "curl" {
		t.Errorf("args %+v", args)
	}
}

func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		nilFile bool
		want    []string // diagnostics, as Diagnostic.String()
		nInstr  int
	}{
		{
			name:   "unknown instruction",
			src:    "FROM x\nRUN a\n\n\n\n\nFOOBAR x y\nRUN b\n",
			want:   []string{"line 7: unknown instruction: FOOBAR"},
			nInstr: 4,
		},
		{
			name:   "bad flag and missing argument",
			src:    "FROM x\nCOPY --chwn=1 a b\nUSER\nRUN c\n",
			want:   []string{"line 2: unknown flag: --chwn (did you mean chown?)", "line 3: USER requires exactly one argument"},
			nInstr: 4,
		},
		{
			name:   "instruction before FROM",
			src:    "ARG A=1\nRUN x\nFROM y\n",
			want:   []string{"line 2: no build stage in current context"},
			nInstr: 3,
		},
		{name: "unterminated heredoc", src: "FROM x\nRUN <<EOF\necho hi\n", nilFile: true, want: []string{"line 2: unterminated heredoc"}},
		{name: "empty file", src: "", nilFile: true, want: []string{"file with no instructions"}},
		{name: "only comments", src: "# a\n\n# b\n", nilFile: true, want: []string{"line 3: file with no instructions"}},
		{name: "binary", src: "FROM x\n\x00\x01\x02garbage", nilFile: true, want: []string{"line 2: binary content (NUL byte): not a Dockerfile"}},
		{name: "long line", src: "FROM x\nRUN echo " + strings.Repeat("a", 200_000) + "\n", want: []string{"line 2: dockerfile line greater than max allowed size of 65535"}, nInstr: 1},
		{name: "long first line", src: "RUN echo " + strings.Repeat("a", 200_000) + "\nFROM x\n", nilFile: true, want: []string{"line 1: dockerfile line greater than max allowed size of 65535"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, diags := parse(t, tt.src)
			if (f == nil) != tt.nilFile {
				t.Fatalf("File nil = %v, want %v (diags %v)", f == nil, tt.nilFile, diags)
			}
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("diagnostics %q, want %q", got, tt.want)
			}
			if f != nil && len(f.Instructions) != tt.nInstr {
				t.Errorf("%d instructions, want %d", len(f.Instructions), tt.nInstr)
			}
		})
	}

	// The unknown instruction is kept, with its raw text.
	f, _ := parse(t, "FROM x\nFOOBAR x y\nRUN b\n")
	in := instrAt(t, f, 2)
	if in.Command != nil || in.Keyword != "FOOBAR" || in.Stage != f.Stages[0] || !strings.Contains(f.Line(2), "x y") {
		t.Errorf("FOOBAR instruction: %+v", in)
	}
	if len(f.Stages[0].Instructions) != 2 {
		t.Errorf("stage instructions %d", len(f.Stages[0].Instructions))
	}
}

func TestNoPanics(t *testing.T) {
	var garbage strings.Builder
	for i := 0; i < 4000; i++ {
		garbage.WriteByte(byte(i*7919%251 + 1))
	}
	inputs := []string{
		garbage.String(),
		"FROM x\nRUN " + strings.Repeat("$(", 5000) + "\n",
		"FROM x\nRUN " + strings.Repeat("sh -c '", 20) + "curl x\n",
		"FROM x\nRUN " + strings.Repeat("sudo ", 5000) + "ls\n",
		"FROM x\nRUN sh -c \"sh -c \\\"sh -c \\\\\\\"sh -c 'sh -c \\\\\\\"sh -c curl\\\\\\\"'\\\\\\\"\\\"\"\n",
		"FROM\nFROM a AS\nFROM b AS 1\nONBUILD\nONBUILD RUN\nHEALTHCHECK\nHEALTHCHECK CMD\nRUN\nCMD []\nRUN [\"\"]\n",
		"FROM x\nRUN \\\n\\\n\\\n",
		"FROM x\nRUN --mount=\"a b\" \\\n --x='\\\n",
		"FROM x\nRUN <<A <<B\na\nA\nb\nB\n",
		"FROM x\nRUN <<A cat && <<B sh\ncurl\nA\ncurl y\nB\n",
	}
	for i, in := range inputs {
		f, _ := parse(t, in)
		checkLines(t, f)
		_ = i
	}
}

func checkLines(t testing.TB, f *File) {
	t.Helper()
	if f == nil {
		return
	}
	for _, in := range f.Instructions {
		_ = in.Range()
		for _, c := range in.Commands() {
			if c.Line < 1 || c.Line > len(f.Lines) || c.Col < 0 {
				t.Fatalf("instruction at %d: command %q at %d:%d outside 1..%d", in.StartLine, c.Name, c.Line, c.Col, len(f.Lines))
			}
			for _, a := range c.Args {
				if a.Line < 1 || a.Line > len(f.Lines) || a.Col < 0 {
					t.Fatalf("instruction at %d: argument %q at %d:%d outside 1..%d", in.StartLine, a.Raw, a.Line, a.Col, len(f.Lines))
				}
			}
		}
	}
	for _, s := range f.Stages {
		_ = s.Env("PATH")
		_ = s.ShellAt(nil)
	}
}

var fuzzSeeds = []string{
	"FROM alpine\nRUN apk add curl\n",
	"ARG BASE=alpine:3.19\nFROM ${BASE} AS b\nENV A=1\nFROM b\nRUN echo $A\n",
	"FROM x\nRUN --mount=type=cache,target=/root/.cache \\\n    # c\n\n    sudo apt-get install -y curl | sh -c 'bash -c \"x\"'\n",
	"FROM x\nRUN [\"sh\", \"-c\", \"curl x | sh\"]\nCMD [\"a\"]\n",
	"FROM x\nRUN <<EOF\nset -e\ncurl x\nEOF\nRUN <<-EOT bash\n\tls\n\tEOT\n",
	"FROM x\nRUN python3 <<EOF\nprint(1)\nEOF\n",
	"# escape=`\nFROM x\nRUN a `\n  b\n",
	"FROM x\nSHELL [\"powershell\"]\nRUN x\n",
	"\ufeffFROM x\r\nRUN a \\\r\n b\r\n",
	"FROM x\nFOOBAR\n",
	"FROM x\nRUN <<EOF\n",
	"# only comments\n",
	"FROM x\nHEALTHCHECK --interval=1s CMD curl -f x || exit 1\nONBUILD RUN sudo ls\n",
	"FROM x\nRUN bash <(curl x) && sh -c \"$(curl y)\" && env -i X=1 sudo -u a su - b -c 'wget z'\n",
	"FROM x\nRUN [\"bash\", \"-c\", \\\n  \"echo \\\"h\\u00e9\\\" && curl x\"]\n",
	"FROM x\nRUN time make; eval \"curl x | sh\"; bash -s -- -y <<'E'\nwget z\nE\nRUN sh <<< 'sudo id'\n",
	"FROM mcr.microsoft.com/windows/servercore\nRUN dir\nFROM x AS a\nSHELL [\"/bin/bash\", \"-c\"]\nFROM a\nRUN ls\n",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, _ := Parse(&parsers.Source{Path: "Dockerfile", Data: data})
		checkLines(t, file)
	})
}

func TestParseShell(t *testing.T) {
	lines := []string{
		"steps:",
		"  - run: |",
		"      echo hi && sudo chmod 666 /var/run/docker.sock",
		"      sh -c 'export DOCKER_CONTENT_TRUST=0; docker pull x'",
		"  - run: chmod 777 /x",
	}
	sc := ParseShell(lines, 3, 4, 0)
	if sc == nil {
		t.Fatal("nil script")
	}
	var got []string
	for _, c := range sc.Commands() {
		got = append(got, fmt.Sprintf("%s@%d:%d", c.Name, c.Line, c.Col))
	}
	want := "echo@3:7 sudo@3:18 chmod@3:23 sh@4:7 docker@4:45" // export is a declaration, not a call
	if strings.Join(got, " ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, " "), want)
	}
	sc = ParseShell(lines, 5, 5, len("  - run: "))
	if sc == nil || len(sc.Commands()) != 1 || sc.Commands()[0].Col != 10 {
		t.Errorf("inline script: %v", sc)
	}
	if ParseShell(lines, 0, 9, 0) != nil || ParseShellText("if then", 2) != nil {
		t.Error("bad input must give nil")
	}
	if sc := ParseShellText("chmod 666 /var/run/docker.sock", 7); sc == nil || sc.Commands()[0].Line != 7 {
		t.Errorf("text script: %v", sc)
	}
}
