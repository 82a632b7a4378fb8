package rules

import (
	"cmp"
	"fmt"

	"github.com/stridelint/stridelint/parsers"
)

// Finding is one problem a rule found, at the place it is written.
type Finding struct {
	RuleID   string
	Severity Severity
	Message  string
	// Path is the file the finding is in (Source.Path form).
	Path  string
	Range parsers.Range
	// Related are other places that explain the finding: the role a
	// binding grants, the Dockerfile a compose service builds.
	Related []Related
	// Anchor names what the finding is about independently of line
	// numbers (a YAML key path inside a named object, a Dockerfile stage
	// and instruction). Fingerprints are computed from it, so that they
	// survive edits elsewhere in the file.
	Anchor string
	// Fingerprint is set by the engine.
	Fingerprint string
	// SecretLine is true when the finding's line holds a secret value (set
	// from Rule.SecretLines): the fingerprint does not hash the line text.
	SecretLine bool `json:"-"`
	// CIS are the CIS Docker Benchmark sections the finding fails, when
	// they are narrower than the rule's (a rule covering several files of
	// §3). Empty means the rule's own (Rule.CIS).
	CIS []string
	// Suppression is set by the engine when the user suppressed the
	// finding (an ignore comment, an annotation, the config file). A
	// suppressed finding stays in the result, is shown as such, and never
	// counts for the exit code.
	Suppression *Suppression
	// BaselineState is set by the engine when the scan is compared with a
	// baseline: BaselineNew or BaselineUnchanged (a finding already in the
	// baseline, which does not count for the exit code).
	BaselineState string
}

// Baseline states of a finding (SARIF baselineState).
const (
	BaselineNew       = "new"
	BaselineUnchanged = "unchanged"
	BaselineAbsent    = "absent"
)

// Counts reports whether the finding counts towards the exit code and the
// text report: it is neither suppressed nor already in the baseline.
func (f *Finding) Counts() bool {
	return f.Suppression == nil && f.BaselineState != BaselineUnchanged
}

// SuppressionKind is where a suppression is kept, in SARIF's terms.
type SuppressionKind string

// The kinds of suppression.
const (
	// InSource is a suppression written in the scanned file itself: an
	// ignore comment or a stridelint.io/ignore annotation.
	InSource SuppressionKind = "inSource"
	// External is a suppression kept outside the scanned file: the
	// config file's per-path ignores.
	External SuppressionKind = "external"
)

// Suppression says that, and why, the user chose not to count a finding.
type Suppression struct {
	Kind SuppressionKind
	// Justification is the reason the user wrote ("-- reason"); empty when
	// none was given.
	Justification string
	// Path and Range are where the suppression is written: the comment,
	// the annotation's value, the config file's entry.
	Path  string
	Range parsers.Range
}

// Suppressed reports whether the user suppressed the finding.
func (f *Finding) Suppressed() bool { return f.Suppression != nil }

// Related is a secondary location of a finding.
type Related struct {
	Path    string
	Range   parsers.Range
	Message string
}

// Compare orders findings by file, position, rule and message: the one
// order every output uses, whatever order the workers finished in.
func Compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Range.StartLine, b.Range.StartLine),
		cmp.Compare(a.Range.StartCol, b.Range.StartCol),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Anchor, b.Anchor),
	)
}

// Pass is what a per-file check receives: the file, its parsed document and
// a way to report.
type Pass struct {
	Rule   *Rule
	Source *parsers.Source
	// Doc is the parsed document; its type depends on Rule.Kind (packs
	// wrap their checks so that rules receive it typed).
	Doc any
	// Diagnostics are what the parser reported for the file (problems
	// with the input); rules with ParseErrors turn them into findings.
	Diagnostics []parsers.Diagnostic
	// Settings are never nil.
	Settings *Settings
	report   func(Finding)
}

// NewPass is used by the engine (and tests) to run a rule over a document.
func NewPass(r *Rule, src *parsers.Source, doc any, settings *Settings, report func(Finding)) *Pass {
	if settings == nil {
		settings = &Settings{}
	}
	return &Pass{Rule: r, Source: src, Doc: doc, Settings: settings, report: report}
}

// Report records a finding in the pass's file. RuleID, Path and a zero
// Severity are filled from the pass.
func (p *Pass) Report(f Finding) {
	if f.Path == "" {
		f.Path = p.Source.Path
	}
	p.report(complete(f, p.Rule))
}

// complete fills what a rule need not say: its ID, its default severity,
// the path of related locations in the same file, a normalized range.
func complete(f Finding, r *Rule) Finding {
	f.RuleID = r.ID
	if f.Severity == 0 {
		f.Severity = r.Severity
	}
	for i := range f.Related {
		if f.Related[i].Path == "" {
			f.Related[i].Path = f.Path
		}
	}
	f.Range = f.Range.Normalized()
	f.SecretLine = f.SecretLine || r.SecretLines
	if len(f.CIS) == 0 {
		f.CIS = r.CIS()
	}
	return f
}

// Reportf reports at r with a formatted message.
func (p *Pass) Reportf(r parsers.Range, anchor, format string, args ...any) {
	p.Report(Finding{Range: r, Anchor: anchor, Message: fmt.Sprintf(format, args...)})
}

// File is one parsed file, as the cross-file phase sees it.
type File struct {
	Source *parsers.Source
	Doc    any
}

// ProjectPass is what a cross-file check receives: every parsed file of
// the scan (of every kind), in path order.
type ProjectPass struct {
	Rule  *Rule
	Files []File
	// Settings are never nil.
	Settings *Settings
	report   func(Finding)
	memo     map[string]any
}

// NewProjectPass is used by the engine to run a cross-file rule. memo is
// shared by the project passes of one scan (nil: not shared).
func NewProjectPass(r *Rule, files []File, settings *Settings, memo map[string]any, report func(Finding)) *ProjectPass {
	if settings == nil {
		settings = &Settings{}
	}
	if memo == nil {
		memo = map[string]any{}
	}
	return &ProjectPass{Rule: r, Files: files, Settings: settings, report: report, memo: memo}
}

// Memo returns the value build computes from the scan's files, computed
// once per scan and shared by every rule that asks under the same key (a
// model of the project several rules judge, such as the Docker hosts).
func (p *ProjectPass) Memo(key string, build func() any) any {
	if v, ok := p.memo[key]; ok {
		return v
	}
	v := build()
	p.memo[key] = v
	return v
}

// Report records a finding; Path must be set.
func (p *ProjectPass) Report(f Finding) {
	p.report(complete(f, p.Rule))
}
