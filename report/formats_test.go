package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// nasty is a message with everything the formats must escape: workflow
// command delimiters, XML markup, a CDATA end, line breaks, control
// characters, a character XML cannot hold and invalid UTF-8.
const nasty = "100% sure: a,b::c <script>alert(1)</script> ]]> &amp; \"q\" 'a'\n" +
	"second line\r\nthird\ttab \x00nul \x07bel \x1b[31mesc \uFFFE end \xff"

// nastyPath is a path with a space, a colon, a comma and a percent sign.
const nastyPath = "odd dir/a:b,c%d.yaml"

// nastyResult holds one finding of each severity in nastyPath, all with
// the nasty message, and an error in it.
func nastyResult() *rules.Result {
	res := &rules.Result{
		Rules: append(slices.Clone(testRules), &rules.Rule{ID: "XX001", Title: "a, b: c % d", Severity: rules.Info}),
		Files: []rules.ScannedFile{{Path: nastyPath, Kind: parsers.KindKubernetes}},
	}
	for i, sev := range rules.Severities {
		res.Findings = append(res.Findings, rules.Finding{
			RuleID: "XX001", Severity: sev, Path: nastyPath, Message: nasty,
			Range:  parsers.Range{StartLine: i + 1, StartCol: 2, EndLine: i + 1, EndCol: 5},
			Anchor: fmt.Sprint(i),
		})
	}
	res.Errors = []rules.FileError{{Path: nastyPath, Line: 9, Message: nasty}}
	return res
}

// --- github ---

// githubCommandLine is a workflow command as the runner reads it.
type githubCommandLine struct {
	command string
	props   map[string]string
	data    string
}

// parseGitHubCommand reads one line the way the Actions runner does
// (ActionCommand.TryParseV2): "::", the command, an optional space and
// comma-separated key=value properties up to the next "::", then the
// data; values are unescaped (%0D, %0A, %3A, %2C; %25 last).
func parseGitHubCommand(t *testing.T, line string) githubCommandLine {
	t.Helper()
	rest, ok := strings.CutPrefix(line, "::")
	if !ok {
		t.Fatalf("not a workflow command: %q", line)
	}
	head, data, ok := strings.Cut(rest, "::")
	if !ok {
		t.Fatalf("no second '::' in %q", line)
	}
	cmd, propList, _ := strings.Cut(head, " ")
	c := githubCommandLine{command: cmd, props: map[string]string{}, data: unescapeGitHub(data, false)}
	if propList != "" {
		for _, kv := range strings.Split(propList, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				t.Fatalf("bad property %q in %q", kv, line)
			}
			if _, dup := c.props[k]; dup {
				t.Fatalf("property %s twice in %q", k, line)
			}
			c.props[k] = unescapeGitHub(v, true)
		}
	}
	return c
}

func unescapeGitHub(s string, property bool) string {
	s = strings.ReplaceAll(s, "%0D", "\r")
	s = strings.ReplaceAll(s, "%0A", "\n")
	if property {
		s = strings.ReplaceAll(s, "%3A", ":")
		s = strings.ReplaceAll(s, "%2C", ",")
	}
	return strings.ReplaceAll(s, "%25", "%")
}

func TestGitHubEscaping(t *testing.T) {
	for in, want := range map[string][2]string{
		"plain":           {"plain", "plain"},
		"50%":             {"50%25", "50%25"},
		"a:b,c":           {"a:b,c", "a%3Ab%2Cc"},
		"l1\nl2\r\nl3\r":  {"l1%0Al2%0D%0Al3%0D", "l1%0Al2%0D%0Al3%0D"},
		"%0A literal":     {"%250A literal", "%250A literal"},
		"<script>]]>":     {"<script>]]>", "<script>]]>"},
		"bel\x07 esc\x1b": {"bel\x07 esc\x1b", "bel\x07 esc\x1b"},
	} {
		if got := escapeGitHubData(in); got != want[0] {
			t.Errorf("escapeGitHubData(%q) = %q, want %q", in, got, want[0])
		}
		if got := escapeGitHubProperty(in); got != want[1] {
			t.Errorf("escapeGitHubProperty(%q) = %q, want %q", in, got, want[1])
		}
	}

	res := nastyResult()
	out := string(write(t, "github", res, Options{}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// One line per finding and error, then the summary: no message
	// breaks a command over two lines.
	if len(lines) != len(res.Findings)+len(res.Errors)+1 {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(res.Findings)+len(res.Errors)+1, out)
	}
	wantCmd := []string{"error", "error", "warning", "notice", "notice", "error"}
	for i, line := range lines[:len(lines)-1] {
		c := parseGitHubCommand(t, line)
		if c.command != wantCmd[i] {
			t.Errorf("line %d: command %q, want %q", i, c.command, wantCmd[i])
		}
		if c.data != nasty {
			t.Errorf("line %d: message read back as %q, want %q", i, c.data, nasty)
		}
		if c.props["file"] != nastyPath {
			t.Errorf("line %d: file read back as %q", i, c.props["file"])
		}
		if i < len(res.Findings) && c.props["title"] != "XX001 a, b: c % d" {
			t.Errorf("line %d: title read back as %q", i, c.props["title"])
		}
	}
	if !strings.HasPrefix(lines[len(lines)-1], "stridelint: 5 findings in 1 of 1 file") {
		t.Errorf("summary %q", lines[len(lines)-1])
	}
}

func TestGitHubPositions(t *testing.T) {
	for _, tt := range []struct {
		r    parsers.Range
		want string
	}{
		{parsers.Range{StartLine: 3, StartCol: 5, EndLine: 3, EndCol: 9}, "line=3,endLine=3,col=5,endColumn=8"},
		{parsers.Range{StartLine: 3, StartCol: 5}, "line=3,endLine=3,col=5"},
		{parsers.Range{StartLine: 3}, "line=3,endLine=3"},
		// The runner drops columns from a range over several lines.
		{parsers.Range{StartLine: 3, StartCol: 5, EndLine: 4, EndCol: 2}, "line=3,endLine=4"},
		{parsers.Range{}, "line=1,endLine=1"},
	} {
		res := &rules.Result{Findings: []rules.Finding{{RuleID: "R1", Severity: rules.Low, Path: "f", Message: "m", Range: tt.r}}}
		out := string(write(t, "github", res, Options{}))
		want := "::notice file=f," + tt.want + ",title=R1::m\n"
		if !strings.HasPrefix(out, want) {
			t.Errorf("%+v: got %q, want %q", tt.r, out, want)
		}
	}
}

func TestGitHubLimitHint(t *testing.T) {
	res := &rules.Result{Files: []rules.ScannedFile{{Path: "f"}}}
	for i := range 11 {
		res.Findings = append(res.Findings, rules.Finding{RuleID: "R1", Severity: rules.High, Path: "f", Message: "m", Range: parsers.Range{StartLine: i + 1}})
	}
	out := string(write(t, "github", res, Options{}))
	if !strings.Contains(out, "GitHub shows at most 10 annotations of each kind per step") || !strings.Contains(out, "(11 errors)") {
		t.Errorf("no hint about GitHub's limit:\n%s", out)
	}
	res.Findings = res.Findings[:10]
	if out := string(write(t, "github", res, Options{})); strings.Contains(out, "at most") {
		t.Errorf("hint with 10 errors:\n%s", out)
	}
}

// --- XML formats ---

// wellFormed reads every token of an XML document.
func wellFormed(t *testing.T, out []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(out))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, out)
		}
	}
}

// The decoded JUnit document.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			File      string `xml:"file,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"error"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func decodeJUnit(t *testing.T, out []byte) junitDoc {
	t.Helper()
	wellFormed(t, out)
	var doc junitDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 1 || doc.Suites[0].Name != "stridelint" {
		t.Fatalf("want one testsuite stridelint: %+v", doc)
	}
	s := doc.Suites[0]
	failures, errs := 0, 0
	names := map[string]bool{}
	for _, c := range s.Cases {
		if c.Failure != nil {
			failures++
		}
		if c.Error != nil {
			errs++
		}
		if names[c.Classname+" "+c.Name] {
			t.Errorf("testcase %s %s twice (GitLab keeps only the first)", c.Classname, c.Name)
		}
		names[c.Classname+" "+c.Name] = true
	}
	if s.Tests != len(s.Cases) || s.Failures != failures || s.Errors != errs ||
		doc.Tests != s.Tests || doc.Failures != s.Failures || doc.Errors != s.Errors {
		t.Errorf("counts: suites %d/%d/%d, suite %d/%d/%d, testcases %d/%d/%d",
			doc.Tests, doc.Failures, doc.Errors, s.Tests, s.Failures, s.Errors, len(s.Cases), failures, errs)
	}
	return doc
}

// The XML formats hold what XML can: the message comes back as written,
// less the characters XML 1.0 cannot hold; markup stays text.
func TestXMLEscaping(t *testing.T) {
	wantMsg := "100% sure: a,b::c <script>alert(1)</script> ]]> &amp; \"q\" 'a'\n" +
		"second line\r\nthird\ttab nul bel [31mesc  end \uFFFD"
	if got := xmlSafe(nasty); got != wantMsg {
		t.Fatalf("xmlSafe = %q, want %q", got, wantMsg)
	}
	res := nastyResult()
	for _, format := range []string{"junit", "checkstyle"} {
		out := write(t, format, res, Options{})
		for _, raw := range []string{"<script>", "]]>", "\x00", "\x07", "\x1b", "\uFFFE"} {
			if bytes.Contains(out, []byte(raw)) {
				t.Errorf("%s: output holds %q unescaped", format, raw)
			}
		}
		if !bytes.Contains(out, []byte("&lt;script&gt;")) {
			t.Errorf("%s: <script> not escaped as text", format)
		}
	}

	// Attributes keep line breaks and tabs (as character references);
	// the parser's end-of-line handling turns \r\n in text into \n.
	doc := decodeJUnit(t, write(t, "junit", res, Options{}))
	cases := doc.Suites[0].Cases
	if len(cases) != 2 || cases[0].Failure == nil || cases[1].Error == nil {
		t.Fatalf("testcases: %+v", cases)
	}
	if cases[0].Name != "XX001 "+nastyPath || cases[0].File != nastyPath || cases[0].Classname != "stridelint.XX001" {
		t.Errorf("failing testcase %q %q %q", cases[0].Name, cases[0].Classname, cases[0].File)
	}
	if cases[0].Failure.Type != "critical" {
		t.Errorf("failure type %q, want the worst severity", cases[0].Failure.Type)
	}
	if got := strings.Count(cases[0].Failure.Text, "<script>alert(1)</script> ]]>"); got != 5 {
		t.Errorf("failure text lists the message %d times, want 5:\n%s", got, cases[0].Failure.Text)
	}
	if want := xmlSafe(firstLineOf(nasty)); cases[1].Error.Message != want {
		t.Errorf("error message %q, want %q", cases[1].Error.Message, want)
	}

	var cs struct {
		Version string `xml:"version,attr"`
		Files   []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Line     int    `xml:"line,attr"`
				Column   int    `xml:"column,attr"`
				Severity string `xml:"severity,attr"`
				Message  string `xml:"message,attr"`
				Source   string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	out := write(t, "checkstyle", res, Options{})
	wellFormed(t, out)
	if err := xml.Unmarshal(out, &cs); err != nil {
		t.Fatal(err)
	}
	if cs.Version != "4.3" || len(cs.Files) != 1 || cs.Files[0].Name != nastyPath || len(cs.Files[0].Errors) != 6 {
		t.Fatalf("checkstyle: %+v", cs)
	}
	wantSev := []string{"error", "error", "warning", "info", "info", "error"}
	for i, e := range cs.Files[0].Errors {
		if i < 5 && (e.Message != wantMsg || e.Source != "stridelint.XX001" || e.Line != i+1 || e.Column != 2) {
			t.Errorf("error %d: %+v", i, e)
		}
		if e.Severity != wantSev[i] {
			t.Errorf("error %d: severity %q, want %q", i, e.Severity, wantSev[i])
		}
	}
	if last := cs.Files[0].Errors[5]; last.Line != 9 || last.Source != "stridelint" || last.Message != wantMsg {
		t.Errorf("file error: %+v", last)
	}
}

func TestXMLDecodes(t *testing.T) {
	for _, format := range []string{"junit", "checkstyle"} {
		for name, res := range map[string]*rules.Result{"full": testResult(), "clean": clean(), "empty": {}, "nasty": nastyResult()} {
			out := write(t, format, res, Options{})
			if !bytes.HasPrefix(out, []byte(xml.Header)) || !bytes.HasSuffix(out, []byte(">\n")) {
				t.Errorf("%s %s: no XML declaration or final newline", format, name)
			}
			wellFormed(t, out)
			if format == "junit" {
				decodeJUnit(t, out)
			}
		}
	}
	doc := decodeJUnit(t, write(t, "junit", testResult(), Options{}))
	var got []string
	for _, c := range doc.Suites[0].Cases {
		state := "pass"
		switch {
		case c.Failure != nil:
			state = "fail " + c.Failure.Type
		case c.Error != nil:
			state = "error " + c.Error.Type
		}
		got = append(got, c.Classname+" | "+c.Name+" | "+state)
	}
	want := []string{
		"stridelint.DC002 | DC002 deploy/my app/docker-compose.yml | fail critical",
		"stridelint.DF001 | DF001 app/Dockerfile | fail high",
		"stridelint.KW003 | KW003 k8s/deploy.yaml | fail medium",
		"stridelint.errors | k8s/broken.yaml | error parse",
		"stridelint.errors | k8s/crash.yaml | error internal",
		"stridelint.clean | daemon.json | pass",
	}
	if !slices.Equal(got, want) {
		t.Errorf("testcases:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// --- gitlab ---

type gitlabDoc []struct {
	Description string `json:"description"`
	CheckName   string `json:"check_name"`
	Fingerprint string `json:"fingerprint"`
	Severity    string `json:"severity"`
	Location    *struct {
		Path  string `json:"path"`
		Lines *struct {
			Begin int `json:"begin"`
			End   int `json:"end"`
		} `json:"lines"`
	} `json:"location"`
}

// checkGitLab decodes a Code Quality report and checks what GitLab
// requires of every issue.
func checkGitLab(t *testing.T, out []byte) gitlabDoc {
	t.Helper()
	var doc gitlabDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc == nil {
		t.Fatal("report is null, want an array")
	}
	fps := map[string]bool{}
	for i, is := range doc {
		if is.Description == "" || is.CheckName == "" || is.Fingerprint == "" || is.Location == nil ||
			is.Location.Path == "" || is.Location.Lines == nil || is.Location.Lines.Begin < 1 ||
			is.Location.Lines.End < is.Location.Lines.Begin {
			t.Errorf("issue %d incomplete: %+v", i, is)
		}
		if !slices.Contains([]string{"info", "minor", "major", "critical", "blocker"}, is.Severity) {
			t.Errorf("issue %d: severity %q", i, is.Severity)
		}
		if fps[is.Fingerprint] {
			t.Errorf("issue %d: fingerprint %s twice (GitLab keeps only the first)", i, is.Fingerprint)
		}
		fps[is.Fingerprint] = true
	}
	return doc
}

func TestGitLab(t *testing.T) {
	res := nastyResult()
	doc := checkGitLab(t, write(t, "gitlab", res, Options{}))
	if len(doc) != 6 {
		t.Fatalf("%d issues, want 6", len(doc))
	}
	wantSev := []string{"blocker", "critical", "major", "minor", "info", "critical"}
	for i, is := range doc {
		if is.Severity != wantSev[i] {
			t.Errorf("issue %d: severity %q, want %q", i, is.Severity, wantSev[i])
		}
		if i < 5 && (is.Description != "XX001: "+strings.TrimSpace(strings.ToValidUTF8(nasty, "\uFFFD")) || is.CheckName != "XX001") {
			t.Errorf("issue %d: %q %q", i, is.CheckName, is.Description)
		}
		if is.Location.Path != nastyPath {
			t.Errorf("issue %d: path %q", i, is.Location.Path)
		}
	}
	// The engine's fingerprints are used as they are.
	full := checkGitLab(t, write(t, "gitlab", testResult(), Options{}))
	for i, f := range testResult().Findings {
		if f.Fingerprint != "" && full[i].Fingerprint != f.Fingerprint {
			t.Errorf("issue %d: fingerprint %s, want the finding's %s", i, full[i].Fingerprint, f.Fingerprint)
		}
	}
	// Two findings with the same fingerprint (a result not made by the
	// engine) still get distinct ones.
	dup := testResult()
	dup.Findings[1].Fingerprint = dup.Findings[0].Fingerprint
	checkGitLab(t, write(t, "gitlab", dup, Options{}))
	if out := write(t, "gitlab", &rules.Result{}, Options{}); string(out) != "[]\n" {
		t.Errorf("empty report %q, want []", out)
	}
}

// TestExamplesGoldenParse reads the new formats' goldens of the example
// repository (cmd/stridelint's golden test keeps them current) as a CI
// server would.
func TestExamplesGoldenParse(t *testing.T) {
	read := func(name string) []byte {
		t.Helper()
		out, err := os.ReadFile(filepath.Join("..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	doc := decodeJUnit(t, read("examples.junit.xml"))
	if doc.Failures == 0 || doc.Tests <= doc.Failures {
		t.Errorf("examples JUnit: %d tests, %d failures; want failures and passing files", doc.Tests, doc.Failures)
	}
	cs := read("examples.checkstyle.xml")
	wellFormed(t, cs)
	if err := xml.Unmarshal(cs, new(struct {
		XMLName xml.Name `xml:"checkstyle"`
	})); err != nil {
		t.Error(err)
	}
	if gl := checkGitLab(t, read("examples.gitlab.json")); len(gl) == 0 {
		t.Error("examples Code Quality report is empty")
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(read("examples.github.txt")), "\n"), "\n") {
		if strings.HasPrefix(line, "::") {
			c := parseGitHubCommand(t, line)
			if c.props["file"] == "" || c.props["line"] == "" || c.props["title"] == "" {
				t.Errorf("annotation without file, line or title: %q", line)
			}
		} else if !strings.HasPrefix(line, "stridelint: ") {
			t.Errorf("line is neither a command nor the summary: %q", line)
		}
	}
}

func TestGitHubQuiet(t *testing.T) {
	out := string(write(t, "github", testResult(), Options{Quiet: true}))
	if strings.Contains(out, "stridelint: 4 findings") || strings.Count(out, "\n") != 6 {
		t.Errorf("quiet github output has a summary:\n%s", out)
	}
}

// TestREADMEListsFormats keeps the README's --format row and its Output
// formats section in step with Formats, the list the CLI checks and its
// help prints.
func TestREADMEListsFormats(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := "`-f, --format " + strings.Join(Formats, `\|`) + "`"
	if !bytes.Contains(readme, []byte(row)) {
		t.Errorf("README's flag table lacks %s", row)
	}
	for _, f := range Formats {
		if !bytes.Contains(readme, []byte("\n- **"+f+"**: ")) {
			t.Errorf("README's Output formats section does not describe %s", f)
		}
	}
}

// BenchmarkWrite renders a result the size of a large repository's
// (10,000 findings in 1,000 files) in every format.
func BenchmarkWrite(b *testing.B) {
	res := &rules.Result{Rules: testRules}
	for i := range 1000 {
		path := fmt.Sprintf("dir%d/k8s/deploy-%d.yaml", i%37, i)
		res.Files = append(res.Files, rules.ScannedFile{Path: path, Kind: parsers.KindKubernetes})
		for j := range 10 {
			r := testRules[j%len(testRules)]
			res.Findings = append(res.Findings, rules.Finding{
				RuleID: r.ID, Severity: r.Severity, Path: path, Message: fmt.Sprintf("container \"c%d\" has a problem: <x> & 100%%", j),
				Range: parsers.Range{StartLine: j*3 + 1, StartCol: 3, EndLine: j*3 + 1, EndCol: 20}, Fingerprint: fmt.Sprintf("%016x", i*10+j),
			})
		}
	}
	slices.SortFunc(res.Findings, rules.Compare)
	for _, format := range Formats {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if err := Write(io.Discard, format, res, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
