// Package rules is the vocabulary every rule pack shares: a rule's metadata
// and check, the findings it reports, severities, and the user's threat
// model. Packs (rules/dockerfile, rules/compose, rules/daemon, rules/kube)
// define rules; rules/all gathers them into the one registry that the CLI,
// SARIF rule objects, documentation and reports are generated from.
package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/stridelint/stridelint/parsers"
)

// Repository is where users find the project; rule help links point into it.
const Repository = "https://github.com/stridelint/stridelint"

// Reference is a link a rule's help points to.
type Reference struct {
	Title string
	URL   string
}

// Rule is one check with its documentation: metadata next to logic, as in
// golang.org/x/tools/go/analysis. A rule never prints or exits; it reports
// findings through its pass.
type Rule struct {
	// ID is stable forever: users write it in ignore comments and configs.
	ID    string
	Title string
	// Severity is the default severity of the rule's findings.
	Severity Severity
	// Threats are the threats of the user's model the rule is evidence of.
	Threats []ThreatID
	// STRIDE are the categories a finding of this rule falls under.
	STRIDE []Category
	// Kind is the kind of file the rule reads; parsers.KindAny for a rule
	// that reads every file (its Check then runs on every scanned file,
	// parsed or not, and receives the document of the file's own kind).
	Kind parsers.Kind
	// Help says what the rule flags and why it matters (Markdown).
	Help string
	// Remediation says how to fix it (Markdown).
	Remediation string
	References  []Reference
	// DefaultOff rules run only when enabled (--enable or config).
	DefaultOff bool
	// ParseErrors marks a rule that reports the parser's diagnostics for
	// its kind (Pass.Diagnostics) as findings. It runs even when the file
	// did not parse at all (Pass.Doc is nil), and while it is enabled those
	// diagnostics are findings instead of scan errors.
	ParseErrors bool

	// Check runs over one parsed file of Kind.
	Check func(*Pass)
	// CheckProject runs in the second, cross-file phase over every parsed
	// file of the scan. A rule has Check, CheckProject or both.
	CheckProject func(*ProjectPass)
	// SecretLines marks a rule whose findings sit on lines that hold a
	// secret value: their fingerprints are computed without the line's
	// text, so that no hash of a secret leaves the scan.
	SecretLines bool
	// Reads are the other kinds a CheckProject reads: the check runs when a
	// file of Kind or of one of these was parsed (a daemon rule judges
	// dockerd flags in systemd units even without a daemon.json).
	Reads []parsers.Kind
	// Scope, when set, is the part of a scan the rule judges, narrower
	// than every file of Kind and Reads (see Scope). Nil: every file of
	// Kind (and, for a cross-file rule, of Reads).
	Scope *Scope
}

var cisRef = regexp.MustCompile(`^CIS Docker Benchmark ([0-9]+(?:\.[0-9]+)+)`)

// CIS lists the CIS Docker Benchmark sections the rule's references name
// ("CIS Docker Benchmark 2.16: …" gives "2.16").
func (r *Rule) CIS() []string {
	var out []string
	for _, ref := range r.References {
		if m := cisRef.FindStringSubmatch(ref.Title); m != nil && !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// HelpURI is the rule's documentation page.
func (r *Rule) HelpURI() string {
	return Repository + "/blob/main/docs/rules/" + r.ID + ".md"
}

// STRIDENames is "Spoofing, Elevation of privilege" for people.
func (r *Rule) STRIDENames() string {
	names := make([]string, len(r.STRIDE))
	for i, c := range r.STRIDE {
		names[i] = c.Name()
	}
	return strings.Join(names, ", ")
}

// STRIDELetters is "SE".
func (r *Rule) STRIDELetters() string {
	var b strings.Builder
	for _, c := range r.STRIDE {
		b.WriteString(string(c))
	}
	return b.String()
}

// ThreatList is "DOCKER-2, K8S-1", or "—" when the rule maps to no threat.
func (r *Rule) ThreatList() string {
	if len(r.Threats) == 0 {
		return "—"
	}
	s := make([]string, len(r.Threats))
	for i, t := range r.Threats {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

var idPattern = regexp.MustCompile(`^[A-Z]{2}[0-9]{3}$`)

// validate checks that a rule's metadata is complete, so that every
// generated artefact (SARIF, docs, explain) has something to say.
func (r *Rule) validate() error {
	var problems []string
	if !idPattern.MatchString(r.ID) {
		problems = append(problems, "ID must look like DF001")
	}
	if r.Title == "" {
		problems = append(problems, "no title")
	}
	if r.Severity < Info || r.Severity > Critical {
		problems = append(problems, "no severity")
	}
	for _, t := range r.Threats {
		if _, ok := ThreatByID(t); !ok {
			problems = append(problems, fmt.Sprintf("unknown threat %s", t))
		}
	}
	if len(r.STRIDE) == 0 {
		problems = append(problems, "no STRIDE category")
	}
	for _, c := range r.STRIDE {
		if !slices.Contains(STRIDE, c) {
			problems = append(problems, fmt.Sprintf("unknown STRIDE category %q", c))
		}
	}
	if !slices.Contains(parsers.Kinds, r.Kind) && r.Kind != parsers.KindAny {
		problems = append(problems, fmt.Sprintf("unknown kind %q", r.Kind))
	}
	if strings.TrimSpace(r.Help) == "" || strings.TrimSpace(r.Remediation) == "" {
		problems = append(problems, "help and remediation are required")
	}
	if r.Scope != nil && (r.Scope.ID == "" || r.Scope.Title == "" || r.Scope.Files == nil) {
		problems = append(problems, "scope needs an ID, a title and Files")
	}
	if r.Check == nil && r.CheckProject == nil {
		problems = append(problems, "Check or CheckProject must be set")
	}
	if len(problems) > 0 {
		return fmt.Errorf("rule %q: %s", r.ID, strings.Join(problems, "; "))
	}
	return nil
}
