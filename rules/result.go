package rules

import (
	"cmp"

	"github.com/stridelint/stridelint/parsers"
)

// FileError is a file (or part of one) stridelint could not analyse: a
// parse error, or an internal failure while checking it.
type FileError struct {
	Path    string
	Line    int
	Col     int
	Message string
	// Internal marks a failure of stridelint itself (a rule that panicked)
	// rather than of the input.
	Internal bool
}

// CompareErrors orders errors by file and line.
func CompareErrors(a, b FileError) int {
	return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col), cmp.Compare(a.Message, b.Message))
}

// ScannedFile is a file the scan analysed.
type ScannedFile struct {
	Path string
	Kind parsers.Kind
}

// Result is everything a scan produced, in deterministic order: what the
// report writers render and the CLI turns into an exit code.
type Result struct {
	// Rules are the rules that ran, by ID.
	Rules    []*Rule
	Files    []ScannedFile
	Findings []Finding
	Errors   []FileError
}

// RuleByID finds one of the rules that ran.
func (r *Result) RuleByID(id string) *Rule {
	for _, rule := range r.Rules {
		if rule.ID == id {
			return rule
		}
	}
	return nil
}

// CountAtLeast is the number of findings at or above severity s that are
// not suppressed: the ones that decide the exit code.
func (r *Result) CountAtLeast(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity >= s && !f.Suppressed() {
			n++
		}
	}
	return n
}
