package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stridelint/stridelint/rules"
)

// The junit format is JUnit XML for the test report views of GitLab
// (artifacts:reports:junit) and Jenkins (the junit step). A scan is one
// testsuite "stridelint"; its testcases are
//
//   - one failing testcase per rule and file with findings, named
//     "RULE path", class "stridelint.RULE"; its failure lists every finding
//     of that rule in that file with its line;
//   - one erroring testcase per file that could not be analysed, named by
//     the path, class "stridelint.errors";
//   - one passing testcase per scanned file with no finding and no error,
//     named by the path, class "stridelint.clean", so that the report shows
//     what was checked and a file that is fixed turns from failed to passed.
//
// A testcase per rule × file that passed would list every rule that ran
// against every file (thousands of lines for a small repository) and
// say nothing more. GitLab shows the class as the suite name; Jenkins
// shows "stridelint" as the package and the rule as the class.

// JUnit XML documents. Attribute order is field order.
type (
	junitTestsuites struct {
		XMLName  xml.Name         `xml:"testsuites"`
		Name     string           `xml:"name,attr"`
		Tests    int              `xml:"tests,attr"`
		Failures int              `xml:"failures,attr"`
		Errors   int              `xml:"errors,attr"`
		Time     string           `xml:"time,attr"`
		Suites   []junitTestsuite `xml:"testsuite"`
	}
	junitTestsuite struct {
		Name     string          `xml:"name,attr"`
		Tests    int             `xml:"tests,attr"`
		Failures int             `xml:"failures,attr"`
		Errors   int             `xml:"errors,attr"`
		Skipped  int             `xml:"skipped,attr"`
		Time     string          `xml:"time,attr"`
		Cases    []junitTestcase `xml:"testcase"`
	}
	junitTestcase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		File      string        `xml:"file,attr,omitempty"`
		Time      string        `xml:"time,attr"`
		Failure   *junitProblem `xml:"failure,omitempty"`
		Error     *junitProblem `xml:"error,omitempty"`
	}
	// junitProblem is a <failure> or an <error>: a one-line message, a
	// type, and the details as text.
	junitProblem struct {
		Message string
		Type    string
		Text    string
	}
)

// MarshalXML writes the details as character data with real line breaks
// (encoding/xml writes a `,chardata` field's newlines as &#xA;), so that
// the report reads well in a log and in Jenkins' "stack trace" box.
func (p *junitProblem) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Attr = []xml.Attr{
		{Name: xml.Name{Local: "message"}, Value: p.Message},
		{Name: xml.Name{Local: "type"}, Value: p.Type},
	}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if err := e.EncodeToken(xml.CharData(p.Text)); err != nil {
		return err
	}
	return e.EncodeToken(start.End())
}

// junitTime is every duration in the report: a scan is not a timed test,
// and a timestamp would make the output differ from run to run.
const junitTime = "0"

func writeJUnit(w io.Writer, res *rules.Result, opts Options) error {
	suite := junitTestsuite{Name: toolName, Time: junitTime}
	byID := ruleMap(res)

	// Failing testcases: one per (rule, path), in rule then path order.
	type key struct{ rule, path string }
	groups := map[key][]rules.Finding{}
	var keys []key
	for _, f := range sortedByPosition(res.Findings) {
		k := key{f.RuleID, f.Path}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], f)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.rule, b.rule), cmp.Compare(a.path, b.path)) })
	for _, k := range keys {
		suite.Cases = append(suite.Cases, junitRuleCase(k.rule, k.path, groups[k], byID[k.rule]))
		suite.Failures++
	}

	// Erroring testcases: one per file that could not be analysed.
	errsByPath := map[string][]rules.FileError{}
	var errPaths []string
	for _, e := range res.Errors {
		if _, ok := errsByPath[e.Path]; !ok {
			errPaths = append(errPaths, e.Path)
		}
		errsByPath[e.Path] = append(errsByPath[e.Path], e)
	}
	slices.Sort(errPaths)
	for _, p := range errPaths {
		suite.Cases = append(suite.Cases, junitErrorCase(p, errsByPath[p]))
		suite.Errors++
	}

	// Passing testcases: every scanned file with nothing to report.
	withFindings := map[string]bool{}
	for _, f := range res.Findings {
		withFindings[f.Path] = true
	}
	var clean []string
	for _, f := range res.Files {
		if !withFindings[f.Path] && errsByPath[f.Path] == nil {
			clean = append(clean, f.Path)
		}
	}
	slices.Sort(clean)
	clean = slices.Compact(clean)
	for _, p := range clean {
		suite.Cases = append(suite.Cases, junitTestcase{
			Name: xmlSafe(p), Classname: toolName + ".clean", File: xmlSafe(p), Time: junitTime,
		})
	}

	suite.Tests = len(suite.Cases)
	doc := junitTestsuites{
		Name: toolName, Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors,
		Time: junitTime, Suites: []junitTestsuite{suite},
	}
	return writeXML(w, doc)
}

// junitRuleCase is the failing testcase of one rule in one file.
func junitRuleCase(ruleID, path string, fs []rules.Finding, r *rules.Rule) junitTestcase {
	worst := rules.Severity(0)
	lines := make([]string, 0, len(fs))
	var body strings.Builder
	title := ruleID
	if r != nil && strings.TrimSpace(r.Title) != "" {
		title += " " + strings.TrimSpace(r.Title)
	}
	body.WriteString(title + "\n")
	for _, f := range fs {
		sev := validSeverity(f.Severity, r)
		worst = max(worst, sev)
		s := span(f.Range)
		lines = append(lines, strconv.Itoa(s.StartLine))
		fmt.Fprintf(&body, "%s: %s %s %s\n", where(f.Path, s.StartLine, s.StartCol),
			strings.ToUpper(sev.String()), f.RuleID, oneLine(f.Message, "\n    "))
	}
	if r != nil {
		fmt.Fprintf(&body, "See %s\n", r.HelpURI())
	}
	at := "line "
	if len(lines) > 1 {
		at = "lines "
	}
	return junitTestcase{
		Name:      xmlSafe(ruleID + " " + path),
		Classname: xmlSafe(toolName + "." + ruleID),
		File:      xmlSafe(path),
		Time:      junitTime,
		Failure: &junitProblem{
			Message: xmlSafe(title + ": " + plural(len(fs), "finding", "findings") + " at " + at + strings.Join(lines, ", ")),
			Type:    worst.String(),
			Text:    xmlSafe(body.String()),
		},
	}
}

// junitErrorCase is the erroring testcase of a file stridelint could not
// analyse (path "" holds the errors tied to no file).
func junitErrorCase(path string, errs []rules.FileError) junitTestcase {
	typ := "parse"
	var body strings.Builder
	for _, e := range errs {
		msg := oneLine(strings.TrimSpace(e.Message), "\n    ")
		if e.Internal {
			typ = "internal"
			msg = "internal error: " + msg
		}
		if place := where(e.Path, e.Line, e.Col); place != "" {
			msg = place + ": " + msg
		}
		body.WriteString(msg + "\n")
	}
	name := path
	if name == "" {
		name = "(no file)"
	}
	tc := junitTestcase{
		Name:      xmlSafe(name),
		Classname: toolName + ".errors",
		File:      xmlSafe(path),
		Time:      junitTime,
		Error: &junitProblem{
			Message: xmlSafe(firstLineOf(strings.TrimSpace(errs[0].Message))),
			Type:    typ,
			Text:    xmlSafe(body.String()),
		},
	}
	if len(errs) > 1 {
		tc.Error.Message = xmlSafe(fmt.Sprintf("%s (and %d more)", tc.Error.Message, len(errs)-1))
	}
	return tc
}

// writeXML writes doc as an indented XML document with a declaration,
// ending with a newline.
func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// xmlSafe makes s fit in an XML 1.0 document: invalid UTF-8 becomes
// U+FFFD and characters XML cannot hold at all (control characters other
// than tab, line feed and carriage return; U+FFFE, U+FFFF; surrogates)
// are dropped. Scanned files can put any byte into a message; a report
// that does not parse would hide every finding.
func xmlSafe(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsFunc(s, func(r rune) bool { return !isXMLChar(r) }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isXMLChar(r) {
			return r
		}
		return -1
	}, s)
}

// isXMLChar is the Char production of XML 1.0.
func isXMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// firstLineOf is the first line of s.
func firstLineOf(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}
