// Package report renders a scan's result for people and machines: aligned
// text for terminals (or flat path:line:col lines for editors), a stable
// JSON document of our own (docs/json-format.md), SARIF 2.1.0 for code
// scanning, GitHub Actions workflow commands (annotations), JUnit XML,
// Checkstyle XML and GitLab Code Quality JSON for CI systems. Every writer is byte-for-byte deterministic given the same
// result: no timestamps, no map iterated unsorted, no machine paths beyond
// those the result holds.
//
// The package reads only the result and rule metadata; it never imports
// the engine.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// Options tune the writers.
type Options struct {
	// ToolVersion is the version written into JSON and SARIF ("dev" when
	// empty).
	ToolVersion string
	// Color turns on ANSI colours in text output. The caller decides
	// (standard output is a terminal and --no-color was not given).
	Color bool
	// Quiet prints only findings and errors in text and github output: no
	// summary and no empty-state text.
	Quiet bool
	// Flat writes text output as one `path:line:col: SEVERITY RULE message`
	// line per finding, without grouping, for editors' problem matchers.
	Flat bool
	// ShowSuppressed lists suppressed findings in text output (with their
	// justification); otherwise text output only counts them. JSON and
	// SARIF always carry them, marked as suppressed.
	ShowSuppressed bool
}

// Formats lists the formats Write accepts: the one list the CLI's help,
// its --format check and the README follow.
var Formats = []string{"text", "json", "sarif", "github", "junit", "checkstyle", "gitlab"}

// Write renders res in format (one of Formats) to w.
func Write(w io.Writer, format string, res *rules.Result, opts Options) error {
	if res == nil {
		res = &rules.Result{}
	}
	if opts.ToolVersion == "" {
		opts.ToolVersion = "dev"
	}
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "text":
		return writeText(w, res, opts)
	case "json":
		return writeJSON(w, res, opts)
	case "sarif":
		return writeSARIF(w, res, opts)
	case "github":
		// Annotations are for what the gate counts: neither suppressed
		// findings nor those of the baseline.
		return writeGitHub(w, only(res, (*rules.Finding).Counts), opts)
	case "junit":
		return writeJUnit(w, only(res, unsuppressed), opts)
	case "checkstyle":
		return writeCheckstyle(w, only(res, unsuppressed), opts)
	case "gitlab":
		// GitLab compares with its own baseline (the target branch):
		// every finding that is not suppressed.
		return writeGitLab(w, only(res, unsuppressed), opts)
	}
	return fmt.Errorf("unknown output format %q (want %s)", format, strings.Join(Formats, ", "))
}

// only is res with the findings keep accepts: the formats without a way to
// mark a finding suppressed or known leave those out.
func only(res *rules.Result, keep func(*rules.Finding) bool) *rules.Result {
	out := *res
	out.Findings = nil
	for i := range res.Findings {
		if keep(&res.Findings[i]) {
			out.Findings = append(out.Findings, res.Findings[i])
		}
	}
	return &out
}

func unsuppressed(f *rules.Finding) bool { return f.Suppression == nil }

// toolName is the tool's name in every report.
const toolName = "stridelint"

// span returns r normalised for output: StartLine at least 1, EndLine set,
// and no end column before the start column on a one-line range.
func span(r parsers.Range) parsers.Range {
	r = r.Normalized()
	if r.StartCol < 0 {
		r.StartCol = 0
	}
	if r.EndCol < 0 {
		r.EndCol = 0
	}
	if r.EndLine == r.StartLine && r.EndCol != 0 && r.EndCol <= r.StartCol {
		r.EndCol = 0
	}
	return r
}

// counts are the summary numbers every format shows.
type counts struct {
	bySeverity map[rules.Severity]int
	byStride   map[rules.Category]int
	byKind     map[parsers.Kind]int
	// filesWithFindings is the number of distinct paths with findings.
	filesWithFindings int
	// badFiles is the number of distinct paths with input errors;
	// otherErrors counts input errors not tied to a file; internal is the
	// number of internal errors.
	badFiles, otherErrors, internal int
	// findings is the number of findings that count (not suppressed), the
	// ones every other count is about; suppressed the number the user
	// suppressed.
	findings, suppressed int
}

func count(res *rules.Result) counts {
	c := counts{
		bySeverity: map[rules.Severity]int{},
		byStride:   map[rules.Category]int{},
		byKind:     map[parsers.Kind]int{},
	}
	byID := ruleMap(res)
	paths := map[string]bool{}
	for _, f := range res.Findings {
		if f.Suppressed() {
			c.suppressed++
			continue
		}
		c.findings++
		r := byID[f.RuleID]
		c.bySeverity[validSeverity(f.Severity, r)]++
		if r != nil {
			for _, cat := range r.STRIDE {
				c.byStride[cat]++
			}
		}
		paths[f.Path] = true
	}
	c.filesWithFindings = len(paths)
	for _, f := range res.Files {
		c.byKind[f.Kind]++
	}
	bad := map[string]bool{}
	for _, e := range res.Errors {
		switch {
		case e.Internal:
			c.internal++
		case e.Path == "":
			c.otherErrors++
		default:
			bad[e.Path] = true
		}
	}
	c.badFiles = len(bad)
	return c
}

// plural is "1 file" or "3 files".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ruleMap indexes the rules that ran by ID.
func ruleMap(res *rules.Result) map[string]*rules.Rule {
	m := make(map[string]*rules.Rule, len(res.Rules))
	for _, r := range res.Rules {
		if r == nil {
			continue
		}
		if _, dup := m[r.ID]; !dup {
			m[r.ID] = r
		}
	}
	return m
}
