package systemd

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stridelint/stridelint/parsers"
)

func parse(s string) (*Unit, []parsers.Diagnostic) {
	return Parse(&parsers.Source{Path: "docker.service", Data: []byte(s)})
}

// tok is a compact token for tables.
type tok struct {
	Text      string
	Line, Col int
}

func toks(ts []parsers.Token) []tok {
	out := []tok{}
	for _, t := range ts {
		out = append(out, tok{t.Text, t.Line, t.Col})
	}
	return out
}

const dockerService = `[Service]
Type=notify
Environment="DOCKER_OPTS=--icc=false" HTTP_PROXY=http://p:3128
EnvironmentFile=-/etc/default/docker
ExecStart=
ExecStart=/usr/bin/dockerd -H fd:// \
    --containerd=/run/containerd/containerd.sock \
    -H tcp://0.0.0.0:2375 $DOCKER_OPTS
`

func TestDockerService(t *testing.T) {
	u, diags := parse(dockerService)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if len(u.Sections) != 1 || u.Sections[0].Name != "Service" || u.Sections[0].Line != 1 {
		t.Fatalf("sections: %+v", u.Sections)
	}
	var keys []string
	for _, e := range u.Section("Service").Entries {
		keys = append(keys, fmt.Sprintf("%s@%d:%d", e.Key, e.Line, e.Col))
		if e.Section != "Service" {
			t.Errorf("%s: section %q", e.Key, e.Section)
		}
	}
	if got := strings.Join(keys, " "); got != "Type@2:1 Environment@3:1 EnvironmentFile@4:1 ExecStart@5:1 ExecStart@6:1" {
		t.Errorf("entries: %s", got)
	}
	if e := u.Last("Service", "Type"); e == nil || e.Value != "notify" || e.ValueLine != 2 || e.ValueCol != 6 {
		t.Errorf("Type: %+v", e)
	}
	if u.Last("Service", "User") != nil || u.Last("Unit", "Type") != nil || u.Section("Unit") != nil {
		t.Error("lookups of absent keys and sections must be nil")
	}

	reset := u.Entries("Service", "ExecStart")[0]
	if reset.Value != "" || reset.ValueLine != 5 || reset.ValueCol != 11 || reset.EndLine != 5 {
		t.Errorf("empty ExecStart: %+v", reset)
	}
	if r := reset.ValueRange(); r != (parsers.Range{StartLine: 5, StartCol: 11, EndLine: 5, EndCol: 11}) {
		t.Errorf("empty value range %+v", r)
	}

	execs := u.ExecStart()
	if len(execs) != 1 {
		t.Fatalf("ExecStart() = %d entries, want the one after the reset", len(execs))
	}
	e := execs[0]
	wantValue := "/usr/bin/dockerd -H fd://  --containerd=/run/containerd/containerd.sock  -H tcp://0.0.0.0:2375 $DOCKER_OPTS"
	if e.Value != wantValue {
		t.Errorf("value\n got %q\nwant %q", e.Value, wantValue)
	}
	if e.Line != 6 || e.Col != 1 || e.ValueLine != 6 || e.ValueCol != 11 || e.EndLine != 8 {
		t.Errorf("positions: key %d:%d value %d:%d end line %d", e.Line, e.Col, e.ValueLine, e.ValueCol, e.EndLine)
	}
	if r := e.Range(); r != (parsers.Range{StartLine: 6, StartCol: 1, EndLine: 6, EndCol: 38}) {
		t.Errorf("range %+v", r)
	}
	if r := e.ValueRange(); r != (parsers.Range{StartLine: 6, StartCol: 11, EndLine: 8, EndCol: 39}) {
		t.Errorf("value range %+v", r)
	}
	words, err := e.Words()
	if err != nil {
		t.Fatal(err)
	}
	want := []tok{
		{"/usr/bin/dockerd", 6, 11},
		{"-H", 6, 28},
		{"fd://", 6, 31},
		{"--containerd=/run/containerd/containerd.sock", 7, 5},
		{"-H", 8, 5},
		{"tcp://0.0.0.0:2375", 8, 8},
		{"$DOCKER_OPTS", 8, 27},
	}
	if got := toks(words); !reflect.DeepEqual(got, want) {
		t.Errorf("words\n got %v\nwant %v", got, want)
	}
	cmd, err := e.Command()
	if err != nil || cmd.Prefixes != "" || !reflect.DeepEqual(toks(cmd.Argv), want) {
		t.Errorf("command %+v, %v", cmd, err)
	}
}

func TestEnvironment(t *testing.T) {
	u, _ := parse(dockerService)
	env := u.Environment()
	want := []Assignment{
		{Name: "DOCKER_OPTS", Value: "--icc=false", Token: parsers.Token{Text: "DOCKER_OPTS=--icc=false", Line: 3, Col: 13}},
		{Name: "HTTP_PROXY", Value: "http://p:3128", Token: parsers.Token{Text: "HTTP_PROXY=http://p:3128", Line: 3, Col: 39}},
	}
	if !reflect.DeepEqual(env, want) {
		t.Errorf("environment\n got %+v\nwant %+v", env, want)
	}
	files := u.EnvironmentFiles()
	wantFiles := []EnvironmentFile{{Path: "/etc/default/docker", Optional: true, Token: parsers.Token{Text: "/etc/default/docker", Line: 4, Col: 18}}}
	if !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("environment files\n got %+v\nwant %+v", files, wantFiles)
	}

	// Resets, invalid names, words without "=", an unterminated quote (the
	// whole entry is ignored) and other sections.
	u, _ = parse(`[Service]
Environment=A=1
Environment=
Environment=B=2 notanassignment 1X=3 Y-Z=4 C= D==x
Environment=E="unterminated
EnvironmentFile=/etc/a
EnvironmentFile=
EnvironmentFile=/etc/b
EnvironmentFile=-/etc/c
[Unit]
Environment=F=5
EnvironmentFile=/etc/d
`)
	var got []string
	for _, a := range u.Environment() {
		got = append(got, fmt.Sprintf("%s=%q@%d:%d", a.Name, a.Value, a.Token.Line, a.Token.Col))
	}
	if s := strings.Join(got, " "); s != `B="2"@4:13 C=""@4:44 D="=x"@4:47` {
		t.Errorf("environment: %s", s)
	}
	got = nil
	for _, f := range u.EnvironmentFiles() {
		got = append(got, fmt.Sprintf("%s/%v@%d:%d", f.Path, f.Optional, f.Token.Line, f.Token.Col))
	}
	if s := strings.Join(got, " "); s != "/etc/b/false@8:17 /etc/c/true@9:18" {
		t.Errorf("environment files: %s", s)
	}
}

func TestWords(t *testing.T) {
	for _, c := range []struct {
		name  string
		line  string // written after "[Service]\n", so on line 2
		want  []tok
		error string
	}{
		{"plain", "K=a b\tc", []tok{{"a", 2, 3}, {"b", 2, 5}, {"c", 2, 7}}, ""},
		{"surrounding space", "K =   spaced   ", []tok{{"spaced", 2, 7}}, ""},
		{"quotes", `K="a b" 'c d'`, []tok{{"a b", 2, 3}, {"c d", 2, 9}}, ""},
		{"quotes inside a word", `K=a"b c"d'e'`, []tok{{"ab cde", 2, 3}}, ""},
		{"other quote inside quotes", `K="it's" 'say "hi"'`, []tok{{"it's", 2, 3}, {`say "hi"`, 2, 10}}, ""},
		{"empty quoted word", `K="" x`, []tok{{"", 2, 3}, {"x", 2, 6}}, ""},
		{"escaped space", `K=a\ b c`, []tok{{"a b", 2, 3}, {"c", 2, 8}}, ""},
		{"C escapes", `K=\a\b\f\n\r\t\v\\\"\'\s\;`, []tok{{"\a\b\f\n\r\t\v\\\"' ;", 2, 3}}, ""},
		{"numeric escapes", `K=\x41\101\u00e9\U0001F600`, []tok{{"AAé😀", 2, 3}}, ""},
		{"escapes in quotes", `K="\x41\t\"" '\s'`, []tok{{"A\t\"", 2, 3}, {" ", 2, 14}}, ""},
		{"malformed escapes keep the character", `K=\xZZ \777 \u12 \U00110000`, []tok{{"xZZ", 2, 3}, {"777", 2, 8}, {"u12", 2, 13}, {"U00110000", 2, 18}}, ""},
		{"word starting with an escape", `K=x \sy`, []tok{{"x", 2, 3}, {" y", 2, 5}}, ""},
		{"unicode before a token", `K=é "ü" x`, []tok{{"é", 2, 3}, {"ü", 2, 5}, {"x", 2, 9}}, ""},
		{"wide unicode", "K=日本語 x", []tok{{"日本語", 2, 3}, {"x", 2, 7}}, ""},
		{"invalid UTF-8 counts a column per byte", "K=\xff\xfe x", []tok{{"\xff\xfe", 2, 3}, {"x", 2, 6}}, ""},
		{"quote across a continuation", "K=\"a \\\n  b\" c", []tok{{"a  b", 2, 3}, {"c", 3, 6}}, ""},
		{"unterminated double quote", `K=a "b c`, []tok{{"a", 2, 3}}, "K=: unterminated quote (opened at line 2, column 5)"},
		{"unterminated single quote", `K=a b'c`, []tok{{"a", 2, 3}}, "K=: unterminated quote (opened at line 2, column 6)"},
		{"empty", "K=", []tok{}, ""},
		{"only spaces", "K=   ", []tok{}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, diags := parse("[Service]\n" + c.line + "\n")
			if len(diags) != 0 {
				t.Fatalf("diagnostics %v", diags)
			}
			e := u.Last("Service", "K")
			if e == nil {
				t.Fatal("no entry K")
			}
			words, err := e.Words()
			if got := toks(words); !reflect.DeepEqual(got, c.want) {
				t.Errorf("words\n got %v\nwant %v", got, c.want)
			}
			switch {
			case c.error == "" && err != nil:
				t.Errorf("error %v", err)
			case c.error != "" && (err == nil || err.Error() != c.error):
				t.Errorf("error %v, want %q", err, c.error)
			}
		})
	}
}

func TestLines(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    string
		value string
		words []tok
		end   int // EndLine of the entry
	}{
		{"CRLF and BOM", "\ufeff[Service]\r\nExecStart=/bin/a \\\r\n  -x\r\n", "/bin/a  -x", []tok{{"/bin/a", 2, 11}, {"-x", 3, 3}}, 3},
		{"comments inside a continuation",
			"[Service]\nExecStart=/bin/a \\\n# comment \\\n  ; other\n  -x \\\n  -y\n", "/bin/a  -x  -y",
			[]tok{{"/bin/a", 2, 11}, {"-x", 5, 3}, {"-y", 6, 3}}, 6},
		{"empty line ends a continuation", "[Service]\nExecStart=/bin/a \\\n\n", "/bin/a", []tok{{"/bin/a", 2, 11}}, 2},
		{"continuation at end of file", "[Service]\nExecStart=/bin/a \\", "/bin/a", []tok{{"/bin/a", 2, 11}}, 2},
		{"continued text looks like a header", "[Service]\nExecStart=/bin/a \\\n[Unit]\n", "/bin/a  [Unit]", []tok{{"/bin/a", 2, 11}, {"[Unit]", 3, 1}}, 3},
		{"escaped backslash does not continue", "[Service]\nExecStart=/bin/a \\\\\n", `/bin/a \\`, []tok{{"/bin/a", 2, 11}, {`\`, 2, 18}}, 2},
		{"space after the backslash", "[Service]\nExecStart=/bin/a \\  \n b\n", "/bin/a  b", []tok{{"/bin/a", 2, 11}, {"b", 3, 2}}, 3},
		{"value starts on the next line", "[Service]\nExecStart= \\\n  /bin/a\n", "/bin/a", []tok{{"/bin/a", 3, 3}}, 3},
		{"key with spaces", "[Service]\n  ExecStart = /bin/x\n", "/bin/x", []tok{{"/bin/x", 2, 15}}, 2},
		{"tabs", "[Service]\n\tExecStart\t=\t/bin/x\n", "/bin/x", []tok{{"/bin/x", 2, 14}}, 2},
		{"unicode in a continued line", "[Service]\nExecStart=/bin/é \\\n  ü x\n", "/bin/é  ü x", []tok{{"/bin/é", 2, 11}, {"ü", 3, 3}, {"x", 3, 5}}, 3},
		{"equals in value", "[Service]\nExecStart=/bin/x --a=b\n", "/bin/x --a=b", []tok{{"/bin/x", 2, 11}, {"--a=b", 2, 18}}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, diags := parse(c.in)
			if len(diags) != 0 {
				t.Fatalf("diagnostics %v", diags)
			}
			e := u.Last("Service", "ExecStart")
			if e == nil {
				t.Fatalf("no ExecStart in %+v", u.Sections)
			}
			if e.Value != c.value {
				t.Errorf("value %q, want %q", e.Value, c.value)
			}
			if e.EndLine != c.end {
				t.Errorf("end line %d, want %d", e.EndLine, c.end)
			}
			words, err := e.Words()
			if err != nil {
				t.Fatal(err)
			}
			if got := toks(words); !reflect.DeepEqual(got, c.words) {
				t.Errorf("words\n got %v\nwant %v", got, c.words)
			}
		})
	}
}

func TestKeyWithSpaces(t *testing.T) {
	u, _ := parse("[Service]\n  ExecStart = /bin/x\n")
	e := u.Last("Service", "ExecStart")
	if e == nil || e.Key != "ExecStart" || e.Line != 2 || e.Col != 3 || e.ValueCol != 15 {
		t.Fatalf("entry %+v", e)
	}
	if r := e.Range(); r != (parsers.Range{StartLine: 2, StartCol: 3, EndLine: 2, EndCol: 21}) {
		t.Errorf("range %+v", r)
	}
	if r := e.ValueRange(); r != (parsers.Range{StartLine: 2, StartCol: 15, EndLine: 2, EndCol: 21}) {
		t.Errorf("value range %+v", r)
	}
}

func TestDiagnostics(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		want []string // "line:col message-substring"
	}{
		{"garbage", "garbage\n[Service]\n  foo bar\nA=b\n", []string{`1:1 line is not "Key=Value"`, `3:1 line is not "Key=Value"`}},
		{"outside a section", "A=b\n  C=d\n[Unit]\nE=f\n", []string{"1:1 assignment outside of a section", "2:3 assignment outside of a section"}},
		{"unclosed header", "[Service\nA=b\n", []string{`1:1 invalid section header "[Service"`, "2:1 assignment outside of a section"}},
		{"text after a header", "[Unit]\n[Service] x\nA=b\n", []string{`2:1 invalid section header "[Service] x"`}},
		{"missing key", "[Service]\n  = x\n", []string{`2:3 missing key name before "="`}},
		{"comments and blanks only", "# c\n; c\n\n   \n\t# c\n", nil},
		{"empty", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, diags := parse(c.in)
			if len(diags) != len(c.want) {
				t.Fatalf("diagnostics %v, want %v", diags, c.want)
			}
			for i, d := range diags {
				pos, msg, _ := strings.Cut(c.want[i], " ")
				if fmt.Sprintf("%d:%d", d.Line, d.Col) != pos || !strings.Contains(d.Message, msg) {
					t.Errorf("diagnostic %d: %d:%d %q, want %s", i, d.Line, d.Col, d.Message, c.want[i])
				}
			}
		})
	}

	u, _ := parse("A=b\n[Unit]\nE=f\n")
	if len(u.Sections) != 2 || u.Sections[0].Name != "" || len(u.Sections[0].Entries) != 1 || u.Sections[0].Entries[0].Key != "A" {
		t.Errorf("an assignment outside of a section is kept in section \"\": %+v", u.Sections)
	}
	if e := u.Last("", "A"); e == nil || e.Section != "" || e.Value != "b" {
		t.Errorf("Last(\"\", A) = %+v", e)
	}
	// The rest of the file is read after a bad line.
	u, _ = parse("[Service]\nnot an entry\nExecStart=/bin/x\n")
	if len(u.ExecStart()) != 1 {
		t.Error("entries after a bad line are lost")
	}
}

func TestRepeatedSections(t *testing.T) {
	u, _ := parse("[Service]\nExecStart=/bin/a\n[Unit]\nDescription=x\n[Service]\nExecStart=\nExecStart=/bin/b\nExecStart=-/bin/c\n")
	if s := u.Section("Service"); s == nil || s.Line != 1 || len(s.Entries) != 1 {
		t.Errorf("Section returns the first: %+v", s)
	}
	if n := len(u.Entries("Service", "ExecStart")); n != 4 {
		t.Errorf("Entries across sections: %d", n)
	}
	var got []string
	for _, e := range u.ExecStart() {
		got = append(got, e.Value)
	}
	if strings.Join(got, ",") != "/bin/b,-/bin/c" {
		t.Errorf("ExecStart() = %v", got)
	}
	if e := u.Last("Service", "ExecStart"); e == nil || e.Line != 8 {
		t.Errorf("Last = %+v", e)
	}
	// Names are case-sensitive, as in systemd.
	if u.Section("service") != nil || len(u.Entries("Service", "execstart")) != 0 {
		t.Error("lookups must be case-sensitive")
	}
}

func TestCommand(t *testing.T) {
	for _, c := range []struct {
		value    string // ExecStart= value, starting at column 11
		prefixes string
		argv     []string
		col0     int
	}{
		{"/usr/bin/dockerd -H fd://", "", []string{"/usr/bin/dockerd", "-H", "fd://"}, 11},
		{"-/usr/bin/x a", "-", []string{"/usr/bin/x", "a"}, 12},
		{"@/usr/bin/dockerd dockerd -H x", "@", []string{"/usr/bin/dockerd", "-H", "x"}, 12},
		{"@-/usr/bin/dockerd", "@-", []string{"/usr/bin/dockerd"}, 13},
		{"!!/bin/x", "!!", []string{"/bin/x"}, 13},
		{"+-:/bin/x", "+-:", []string{"/bin/x"}, 14},
		{"--/bin/x", "-", []string{"-/bin/x"}, 12},
		{"+!/bin/x", "+", []string{"!/bin/x"}, 12},
		{"!!!/bin/x", "!!", []string{"!/bin/x"}, 13},
		{`"-/bin/x y" z`, "-", []string{"/bin/x y", "z"}, 11},
		{"-", "-", []string{""}, 12},
	} {
		u, _ := parse("[Service]\nExecStart=" + c.value + "\n")
		cmd, err := u.Last("Service", "ExecStart").Command()
		if err != nil {
			t.Errorf("%q: %v", c.value, err)
			continue
		}
		var argv []string
		for _, a := range cmd.Argv {
			argv = append(argv, a.Text)
		}
		if cmd.Prefixes != c.prefixes || !reflect.DeepEqual(argv, c.argv) || cmd.Argv[0].Col != c.col0 || cmd.Argv[0].Line != 2 {
			t.Errorf("%q: prefixes %q argv %q at %d:%d, want %q %q at 2:%d", c.value, cmd.Prefixes, argv, cmd.Argv[0].Line, cmd.Argv[0].Col, c.prefixes, c.argv, c.col0)
		}
	}

	u, _ := parse("[Service]\nExecStart=\nExecStartPre=/bin/a 'b\n")
	if cmd, err := u.Last("Service", "ExecStart").Command(); err != nil || cmd.Prefixes != "" || cmd.Argv != nil {
		t.Errorf("empty command: %+v %v", cmd, err)
	}
	cmd, err := u.Last("Service", "ExecStartPre").Command()
	if err == nil || !strings.Contains(err.Error(), "unterminated quote") || len(cmd.Argv) != 1 || cmd.Argv[0].Text != "/bin/a" {
		t.Errorf("unterminated quote: %+v %v", cmd, err)
	}
}

func TestExpand(t *testing.T) {
	env := map[string]string{
		"DOCKER_OPTS": "--icc=false --tls",
		"X":           "a b",
		"EMPTY":       "",
		"SPACES":      "  \t ",
	}
	lookup := func(name string) (string, bool) { v, ok := env[name]; return v, ok }
	type etok struct {
		Text      string
		Line, Col int
		From      string
	}
	for _, c := range []struct {
		name string
		in   []string
		want []etok
	}{
		{"whole word splits", []string{"/usr/bin/dockerd", "-H", "$DOCKER_OPTS", "x"},
			[]etok{{"/usr/bin/dockerd", 1, 1, ""}, {"-H", 1, 2, ""}, {"--icc=false", 1, 3, "DOCKER_OPTS"}, {"--tls", 1, 3, "DOCKER_OPTS"}, {"x", 1, 4, ""}}},
		{"braces in a word do not split", []string{"--opt=${X}/y"}, []etok{{"--opt=a b/y", 1, 1, "X"}}},
		{"braces as a whole word", []string{"${X}"}, []etok{{"a b", 1, 1, "X"}}},
		{"two variables in a word", []string{"${EMPTY}${X}"}, []etok{{"a b", 1, 1, "EMPTY"}}},
		{"dollar dollar", []string{"$$HOME", "a$$b", "$$"}, []etok{{"$HOME", 1, 1, ""}, {"a$b", 1, 2, ""}, {"$", 1, 3, ""}}},
		{"unknown whole word", []string{"a", "$UNKNOWN", "b"}, []etok{{"a", 1, 1, ""}, {"b", 1, 3, ""}}},
		{"empty and blank values", []string{"$EMPTY", "$SPACES"}, []etok{}},
		{"unknown in braces", []string{"${UNKNOWN}", "x${UNKNOWN}y"}, []etok{{"", 1, 1, "UNKNOWN"}, {"xy", 1, 2, "UNKNOWN"}}},
		{"braceless inside a word is literal", []string{"a$X", "--o=$X"}, []etok{{"a$X", 1, 1, ""}, {"--o=$X", 1, 2, ""}}},
		{"not a variable", []string{"$", "$1x", "${X", "$-", "a$"}, []etok{{"$", 1, 1, ""}, {"$1x", 1, 2, ""}, {"${X", 1, 3, ""}, {"$-", 1, 4, ""}, {"a$", 1, 5, ""}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var argv []parsers.Token
			for i, s := range c.in {
				argv = append(argv, parsers.Token{Text: s, Line: 1, Col: i + 1})
			}
			got := []etok{}
			for _, e := range Expand(argv, lookup) {
				got = append(got, etok{e.Text, e.Line, e.Col, e.From})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("\n got %v\nwant %v", got, c.want)
			}
		})
	}
	if got := Expand([]parsers.Token{{Text: "$A"}, {Text: "${A}"}}, nil); len(got) != 1 || got[0].Text != "" {
		t.Errorf("nil lookup: %+v", got)
	}
}

// TestExpandDockerService is the whole path a rule takes: ExecStart, its
// environment, its expanded arguments with positions.
func TestExpandDockerService(t *testing.T) {
	u, _ := parse(strings.Replace(dockerService, "--icc=false", "--icc=false --tls", 1))
	vars := map[string]string{}
	for _, a := range u.Environment() {
		vars[a.Name] = a.Value
	}
	cmd, err := u.ExecStart()[0].Command()
	if err != nil {
		t.Fatal(err)
	}
	exp := Expand(cmd.Argv, func(n string) (string, bool) { v, ok := vars[n]; return v, ok })
	var got []string
	for _, e := range exp {
		got = append(got, fmt.Sprintf("%s@%d:%d%s", e.Text, e.Line, e.Col, map[bool]string{true: "<" + e.From}[e.From != ""]))
	}
	want := "/usr/bin/dockerd@6:11 -H@6:28 fd://@6:31 --containerd=/run/containerd/containerd.sock@7:5 -H@8:5 tcp://0.0.0.0:2375@8:8 --icc=false@8:27<DOCKER_OPTS --tls@8:27<DOCKER_OPTS"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("\n got %s\nwant %s", s, want)
	}
}

func TestHandMadeEntry(t *testing.T) {
	// An Entry built by hand (or whose Value was changed) still splits,
	// positioned from ValueLine:ValueCol.
	e := &Entry{Key: "ExecStart", Value: "/bin/x  -y", ValueLine: 4, ValueCol: 3}
	words, err := e.Words()
	if err != nil || !reflect.DeepEqual(toks(words), []tok{{"/bin/x", 4, 3}, {"-y", 4, 11}}) {
		t.Errorf("words %v %v", toks(words), err)
	}
	u, _ := parse("[Service]\nExecStart=/bin/a \\\n  --long-flag\n")
	e = u.ExecStart()[0]
	e.Value = "/bin/a  --long-flag --and-more-text-than-before"
	if _, err := e.Words(); err != nil {
		t.Error(err)
	}
	_ = e.ValueRange()
}

// TestLarge checks that time is linear: a 10 MB unit with a long continued
// ExecStart and many entries.
func TestLarge(t *testing.T) {
	var b strings.Builder
	b.WriteString("[Service]\nExecStart=/usr/bin/dockerd \\\n")
	const flags = 200000
	for i := 0; i < flags; i++ {
		fmt.Fprintf(&b, "    --label=k%d=\"v é %d\" \\\n", i, i)
	}
	b.WriteString("    -H tcp://0.0.0.0:2375\n")
	for b.Len() < 10<<20 {
		b.WriteString("Environment=A=1 B=\"2 3\" C=4\n# a comment\n")
	}
	if testing.Short() {
		t.Skip("10 MB input")
	}
	src := &parsers.Source{Path: "big.service", Data: []byte(b.String())}
	start := time.Now()
	u, diags := Parse(src)
	took := time.Since(start)
	cmd, err := u.ExecStart()[0].Command()
	env := u.Environment()
	t.Logf("%d bytes, %d lines: parsed in %v, command and environment in %v", b.Len(), strings.Count(b.String(), "\n")+1, took, time.Since(start)-took)
	if len(diags) != 0 || err != nil {
		t.Fatal(diags, err)
	}
	if len(cmd.Argv) != flags+3 {
		t.Fatalf("%d arguments", len(cmd.Argv))
	}
	if last := cmd.Argv[len(cmd.Argv)-1]; last.Text != "tcp://0.0.0.0:2375" || last.Line != flags+3 || last.Col != 8 {
		t.Errorf("last argument %+v", last)
	}
	if a := cmd.Argv[flags]; a.Text != fmt.Sprintf("--label=k%d=v é %d", flags-1, flags-1) || a.Line != flags+2 || a.Col != 5 {
		t.Errorf("last label %+v", a)
	}
	if len(env) == 0 {
		t.Error("no environment")
	}
	// About 0.2 s here; a quadratic parser would take minutes. The bound
	// leaves room for the race detector and slow machines.
	if took > 5*time.Second {
		t.Errorf("parsing took %v: not linear", took)
	}
}
