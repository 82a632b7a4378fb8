package dockerfile

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var remoteScriptPiped = &rules.Rule{
	ID:       "DF011",
	Title:    "remote script piped to a shell",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `The build downloads a script and runs it in the same breath: ` + "`curl … | sh`" + `, ` + "`wget -qO- … | bash`" + `,
` + "`sh -c \"$(curl …)\"`" + `, ` + "`bash <(curl …)`" + `, ` + "`eval \"$(curl …)\"`" + `, ` + "`source <(wget -O- …)`" + `. Whatever the
server returns at that moment — a new release, a compromised one, an error page, a response
truncated by a network failure — runs with the build's privileges, and nothing records what
ran: the same Dockerfile gives different images on different days, and the script was never
checked against a known checksum or signature.

Recognised on the parsed shell: the source is ` + "`curl`" + `, ` + "`wget`" + ` or ` + "`fetch`" + ` writing to standard output
(` + "`wget`" + ` only with ` + "`-O -`" + `; ` + "`curl -o file`" + ` does not), possibly through ` + "`tee`" + `; the sink is an
interpreter that reads its program from that input — ` + "`sh`" + `, ` + "`bash`" + `, ` + "`zsh`" + `, ` + "`dash`" + `, ` + "`ash`" + `, ` + "`ksh`" + `,
` + "`python`" + `, ` + "`perl`" + `, ` + "`ruby`" + `, ` + "`node`" + `, ` + "`php`" + ` (also behind ` + "`sudo`" + `/` + "`env`" + `: ` + "`| sudo -E bash -`" + `, and
with ` + "`-s`" + `, ` + "`-`" + ` or ` + "`/dev/stdin`" + `) — or the download is the code a shell is given (` + "`-c \"$(curl …)\"`" + `,
` + "`python -c`" + `, ` + "`perl -e`" + `, ` + "`eval`" + `, ` + "`bash <(curl …)`" + `, ` + "`. <(curl …)`" + `, ` + "`bash <<< \"$(curl …)\"`" + `). Every
instruction that runs shell code is checked: ` + "`RUN`" + ` (exec form, heredocs and ` + "`sh -c`" + ` strings
included), and ` + "`CMD`" + `/` + "`ENTRYPOINT`" + `/` + "`HEALTHCHECK`" + `, where the script is fetched again at every start.

Not flagged: downloading to a file and running it afterwards (the file can be — and should
be — verified in between), piping a download into a non-interpreter (` + "`curl … | tar xz`" + `,
` + "`curl … | gpg --dearmor`" + `), a shell that reads its script from a file or ` + "`-c`" + ` while the download
is only its input (` + "`curl … | sh -c 'cat > f'`" + `), and the text of a string that is only printed
(` + "`echo \"curl … | sh\" > script`" + `).`,
	Remediation: `Download to a file, verify it against a checksum (or signature) you pinned, then run it:

` + "```dockerfile" + `
ARG INSTALLER_SHA256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
RUN curl -fsSLo /tmp/install.sh https://example.com/install-1.4.2.sh \
 && echo "${INSTALLER_SHA256}  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh \
 && rm /tmp/install.sh
` + "```" + `

Better still, install the tool from the distribution's signed packages, or copy it from an
official image pinned by digest (` + "`COPY --from=image@sha256:… /bin/tool /usr/local/bin/`" + `), or use
` + "`ADD --checksum=sha256:… https://…`" + `.`,
	References: []rules.Reference{
		{Title: "Docker docs: Building best practices (ADD or COPY, downloading with checksums)", URL: "https://docs.docker.com/build/building/best-practices/#add-or-copy"},
		{Title: "Dockerfile reference: ADD --checksum", URL: "https://docs.docker.com/reference/dockerfile/#add---checksum"},
		{Title: "CIS Docker Benchmark 4.3: Ensure that unnecessary packages are not installed in the container", URL: "https://www.cisecurity.org/benchmark/docker"},
	},
	Check: onFile(checkRemoteScript),
}

func checkRemoteScript(p *rules.Pass, f *pdockerfile.File) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			cmds := in.Commands()
			if len(cmds) == 0 {
				continue
			}
			where := "build"
			if stepKeyword(in) != "RUN" {
				where = "container at every start"
			}
			report := func(at, fetcher *pdockerfile.Command, phrase, tag string) {
				what := fetcher.Name
				if u := fetchURL(parseArgs(fetcher.Args, fetchSpecs[fetcher.Name])); u != "" {
					what += " " + u
				}
				p.Reportf(commandRange(in, at), anchor(s, in)+":"+fetcher.Name+tag,
					"%s: the downloaded code runs unverified, and whoever controls that URL or the network path controls the %s",
					strings.ReplaceAll(phrase, "DOWNLOAD", what), where)
			}
			for i := range cmds {
				c := &cmds[i]
				// curl … | sh
				if src := pipeSource(c); src != nil && fetchesToStdout(src) && readsProgramFromStdin(c) {
					report(src, src, "DOWNLOAD is piped into "+c.Name, "|"+c.Name)
					continue
				}
				// sh -c "$(curl …)", bash <(curl …), eval "$(curl …)"
				if fetcher, how := runsFetchedCode(c, cmds); fetcher != nil {
					report(c, fetcher, how, ">"+c.Name)
				}
			}
			// bash < <(curl …), bash <<< "$(curl …)"
			if in.Shell != nil {
				syntax.Walk(in.Shell.File, func(n syntax.Node) bool {
					st, ok := n.(*syntax.Stmt)
					if !ok {
						return true
					}
					call, ok := st.Cmd.(*syntax.CallExpr)
					if !ok {
						return true
					}
					for _, r := range st.Redirs {
						if (r.N != nil && r.N.Value != "0") || r.Word == nil {
							continue
						}
						var fetcher *pdockerfile.Command
						switch r.Op {
						case syntax.RdrIn:
							fetcher = fetchedIn(r.Word, cmds, syntax.CmdIn)
						case syntax.WordHdoc:
							fetcher = fetchedIn(r.Word, cmds, 0)
						}
						if fetcher == nil {
							continue
						}
						if sink := innermost(cmds, call); sink != nil && readsProgramFromStdin(sink) {
							report(sink, fetcher, "DOWNLOAD is fed to "+sink.Name+" as its script", "<"+sink.Name)
						}
					}
					return true
				})
			}
		}
	}
}

var fetchSpecs = map[string]optSpec{
	"curl":  curlSpec,
	"wget":  wgetSpec,
	"fetch": {short: "oBNSTa", long: []string{"output", "bind-address", "ca-cert", "crl", "cert", "key", "referer", "user-agent"}},
}

// pipeSource is the command whose output reaches c's stdin through a
// pipe, looking through tee and a bare cat.
func pipeSource(c *pdockerfile.Command) *pdockerfile.Command {
	src := c.PipeFrom
	for n := 0; src != nil && n < 8; n++ {
		if (src.Name == "tee" || (src.Name == "cat" && len(src.Args) == 0)) && src.PipeFrom != nil {
			src = src.PipeFrom
			continue
		}
		break
	}
	return src
}

// fetchesToStdout: a download whose body goes to standard output.
func fetchesToStdout(c *pdockerfile.Command) bool {
	spec, ok := fetchSpecs[c.Name]
	if !ok {
		return false
	}
	p := parseArgs(c.Args, spec)
	toStdout := func(o option) bool { return o.known && (o.value == "-" || o.value == "/dev/stdout") }
	switch c.Name {
	case "curl":
		if p.has("-O", "--remote-name", "--remote-name-all") {
			return false
		}
		if o, ok := p.find("-o", "--output"); ok {
			return toStdout(o)
		}
		return true
	case "wget":
		o, ok := p.find("-O", "--output-document")
		return ok && toStdout(o)
	default: // fetch writes to a file unless -o -
		o, ok := p.find("-o", "--output")
		return ok && toStdout(o)
	}
}

// interpreter describes how a program reads the code it runs.
type interpreter struct {
	spec optSpec
	// code are the options whose value is a program (python -c, perl -e);
	// for shells, -c makes the first operand the program instead.
	code []string
	// file are options whose value is a program file (php -f).
	file []string
	// noProgram are options after which the program is not read from
	// stdin nor a file (python -m module).
	noProgram []string
	shell     bool
}

var shellInterp = interpreter{spec: optSpec{short: "oO", long: []string{"rcfile", "init-file"}, posix: true}, shell: true}

var interpreters = map[string]interpreter{
	"sh": shellInterp, "bash": shellInterp, "zsh": shellInterp, "dash": shellInterp, "ash": shellInterp,
	"ksh": shellInterp, "mksh": shellInterp, "yash": shellInterp,
	"python": {spec: optSpec{short: "cmWX", posix: true}, code: []string{"-c"}, noProgram: []string{"-m"}},
	"perl":   {spec: optSpec{short: "eEIMmx", posix: true}, code: []string{"-e", "-E"}},
	"ruby":   {spec: optSpec{short: "eIrCEF", posix: true}, code: []string{"-e"}},
	"node":   {spec: optSpec{short: "epr", long: []string{"eval", "print", "require", "input-type", "import", "loader"}, posix: true}, code: []string{"-e", "--eval", "-p", "--print"}},
	"php":    {spec: optSpec{short: "rfdcz", posix: true}, code: []string{"-r"}, file: []string{"-f"}},
}

func interpreterFor(name string) (interpreter, bool) {
	if it, ok := interpreters[name]; ok {
		return it, true
	}
	switch {
	case name == "nodejs":
		return interpreters["node"], true
	case strings.HasPrefix(name, "python") && strings.Trim(name[6:], "0123456789.") == "":
		return interpreters["python"], true
	case strings.HasPrefix(name, "perl") && strings.Trim(name[4:], "0123456789.") == "",
		strings.HasPrefix(name, "php") && strings.Trim(name[3:], "0123456789.") == "":
		return interpreters[strings.TrimRight(name, "0123456789.")], true
	}
	return interpreter{}, false
}

// program says where an interpreter command takes its program from: a
// code argument (index into c.Args), a file argument, or stdin.
type program struct {
	codeArg, fileArg int // -1 when none
	stdin            bool
}

func programOf(c *pdockerfile.Command) (program, bool) {
	none := program{codeArg: -1, fileArg: -1}
	if c.Name == "eval" {
		if len(c.Args) == 0 {
			return none, false
		}
		return program{codeArg: 0, fileArg: -1}, true
	}
	if c.Name == "source" || c.Name == "." {
		if len(c.Args) == 0 {
			return none, false
		}
		pr := program{codeArg: -1, fileArg: 0}
		pr.stdin = isStdinPath(c.Args[0])
		return pr, true
	}
	it, ok := interpreterFor(c.Name)
	if !ok {
		return none, false
	}
	p := parseArgs(c.Args, it.spec)
	if it.shell {
		if p.has("-c") {
			if len(p.operands) == 0 {
				return none, false
			}
			return program{codeArg: p.operands[0], fileArg: -1}, true
		}
		if p.has("-s") || len(p.operands) == 0 {
			return program{codeArg: -1, fileArg: -1, stdin: true}, true
		}
	} else {
		if o, ok := p.find(it.code...); ok {
			if !o.hasValue {
				return none, false
			}
			return program{codeArg: o.valueArg, fileArg: -1}, true
		}
		if o, ok := p.find(it.file...); ok && o.hasValue {
			return program{codeArg: -1, fileArg: o.valueArg, stdin: isStdinPath(p.args[o.valueArg])}, true
		}
		if p.has(it.noProgram...) {
			return none, false
		}
		if len(p.operands) == 0 {
			return program{codeArg: -1, fileArg: -1, stdin: true}, true
		}
	}
	first := p.operands[0]
	return program{codeArg: -1, fileArg: first, stdin: isStdinPath(p.args[first])}, true
}

func isStdinPath(w pdockerfile.Word) bool {
	return w.Known && (w.Text == "-" || w.Text == "/dev/stdin" || w.Text == "/proc/self/fd/0" || w.Text == "/dev/fd/0")
}

// readsProgramFromStdin: c is an interpreter that runs what arrives on its
// standard input.
func readsProgramFromStdin(c *pdockerfile.Command) bool {
	pr, ok := programOf(c)
	return ok && pr.stdin
}

// runsFetchedCode finds a download whose output c runs as code, and says
// how (DOWNLOAD stands for the download in the phrase): the code
// argument holds a command substitution of it (sh -c "$(curl …)"), the
// program file is a process substitution of it (bash <(curl …)), or the
// command name itself is one ($(curl …), as an exec-form sh -c string
// gives it).
func runsFetchedCode(c *pdockerfile.Command, cmds []pdockerfile.Command) (*pdockerfile.Command, string) {
	words := syntaxWords(c)
	if words == nil {
		return nil, ""
	}
	if c.Name == "" {
		if f := fetchedIn(words[0], cmds, 0); f != nil {
			return f, "the output of DOWNLOAD is run as a command"
		}
		return nil, ""
	}
	pr, ok := programOf(c)
	if !ok {
		return nil, ""
	}
	args := words[1:]
	if pr.codeArg >= 0 {
		last := pr.codeArg + 1
		if c.Name == "eval" {
			last = len(args)
		}
		for _, w := range args[pr.codeArg:last] {
			if f := fetchedIn(w, cmds, 0); f != nil {
				return f, c.Name + " runs the output of DOWNLOAD as code"
			}
		}
	}
	if pr.fileArg >= 0 {
		if f := fetchedIn(args[pr.fileArg], cmds, syntax.CmdIn); f != nil {
			return f, c.Name + " runs the output of DOWNLOAD as a script"
		}
	}
	return nil, ""
}

// syntaxWords returns the shell words of c's name and arguments: the last
// words of its call (a wrapper's call holds the wrapper's words first).
// Nil for exec-form commands, which have no shell words.
func syntaxWords(c *pdockerfile.Command) []*syntax.Word {
	if c.Node == nil {
		return nil
	}
	n := len(c.Node.Args)
	if n < len(c.Args)+1 {
		return nil
	}
	return c.Node.Args[n-len(c.Args)-1:]
}

// fetchedIn finds a download to stdout inside a command substitution
// (procOp 0) or a process substitution <(…) (procOp syntax.CmdIn) of w.
func fetchedIn(w *syntax.Word, cmds []pdockerfile.Command, procOp syntax.ProcOperator) *pdockerfile.Command {
	calls := map[*syntax.CallExpr]bool{}
	syntax.Walk(w, func(n syntax.Node) bool {
		var stmts []*syntax.Stmt
		switch n := n.(type) {
		case *syntax.CmdSubst:
			if procOp == 0 {
				stmts = n.Stmts
			}
		case *syntax.ProcSubst:
			if procOp != 0 && n.Op == procOp {
				stmts = n.Stmts
			}
		default:
			return true
		}
		for _, st := range stmts {
			syntax.Walk(st, func(m syntax.Node) bool {
				if call, ok := m.(*syntax.CallExpr); ok {
					calls[call] = true
				}
				return true
			})
		}
		return false
	})
	if len(calls) == 0 {
		return nil
	}
	for i := range cmds {
		if c := &cmds[i]; c.Node != nil && calls[c.Node] && fetchesToStdout(c) {
			return c
		}
	}
	return nil
}

// innermost is the command a call finally runs (after sudo, env, …).
func innermost(cmds []pdockerfile.Command, call *syntax.CallExpr) *pdockerfile.Command {
	var last *pdockerfile.Command
	for i := range cmds {
		if cmds[i].Node == call {
			last = &cmds[i]
		}
	}
	return last
}
