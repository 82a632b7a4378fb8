package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/stridelint/stridelint/rules"
)

// The rule catalogue in every form people read it: the `rules` command
// (text and JSON), `explain`, the README table and docs/rules/*.md. All of
// them are generated from the registry, never written by hand.

// RuleList writes the rules as an aligned table.
func RuleList(w io.Writer, rs []*rules.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tTHREAT\tSTRIDE\tKIND\tTITLE")
	for _, r := range rs {
		title := r.Title
		if r.DefaultOff {
			title += " (off by default)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.ThreatList(), r.STRIDELetters(), r.Kind, title)
	}
	return tw.Flush()
}

// ruleJSON is the stable JSON form of a rule (`stridelint rules --format json`).
type ruleJSON struct {
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	Severity    string          `json:"severity"`
	Threats     []string        `json:"threats"`
	STRIDE      []string        `json:"stride"`
	Kind        string          `json:"kind"`
	DefaultOff  bool            `json:"defaultOff,omitempty"`
	Help        string          `json:"help"`
	Remediation string          `json:"remediation"`
	References  []referenceJSON `json:"references"`
	HelpURI     string          `json:"helpUri"`
}

type referenceJSON struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// RuleListJSON writes the rules as a JSON array.
func RuleListJSON(w io.Writer, rs []*rules.Rule) error {
	out := make([]ruleJSON, 0, len(rs))
	for _, r := range rs {
		j := ruleJSON{ID: r.ID, Title: r.Title, Severity: r.Severity.String(), Kind: string(r.Kind),
			DefaultOff: r.DefaultOff, Help: r.Help, Remediation: r.Remediation, HelpURI: r.HelpURI(),
			Threats: []string{}, STRIDE: []string{}, References: []referenceJSON{}}
		for _, t := range r.Threats {
			j.Threats = append(j.Threats, string(t))
		}
		for _, c := range r.STRIDE {
			j.STRIDE = append(j.STRIDE, string(c))
		}
		for _, ref := range r.References {
			j.References = append(j.References, referenceJSON(ref))
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Explain writes a rule's documentation for the terminal.
func Explain(w io.Writer, r *rules.Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "Severity:  %s\n", r.Severity)
	fmt.Fprintf(&b, "Applies to: %s\n", r.Kind.Title()+"s")
	fmt.Fprintf(&b, "STRIDE:    %s\n", r.STRIDENames())
	for _, id := range r.Threats {
		t, _ := rules.ThreatByID(id)
		fmt.Fprintf(&b, "Threat:    %s %s (%s threat model)\n", t.ID, t.Title, t.Group)
	}
	if r.DefaultOff {
		fmt.Fprintf(&b, "Off by default: enable with --enable %s\n", r.ID)
	}
	fmt.Fprintf(&b, "\n%s\n\nRemediation:\n%s\n", strings.TrimSpace(r.Help), indent(strings.TrimSpace(r.Remediation)))
	if len(r.References) > 0 {
		b.WriteString("\nReferences:\n")
		for _, ref := range r.References {
			fmt.Fprintf(&b, "  - %s\n    %s\n", ref.Title, ref.URL)
		}
	}
	fmt.Fprintf(&b, "\nDocumentation: %s\n", r.HelpURI())
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// RuleTableMarkdown writes the rule catalogue as a Markdown table with links
// to the rule pages (for the README).
func RuleTableMarkdown(w io.Writer, rs []*rules.Rule, pageDir string) error {
	var b strings.Builder
	b.WriteString("| ID | Title | Severity | Threat | STRIDE |\n|---|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| [%s](%s/%s.md) | %s | %s | %s | %s |\n", r.ID, pageDir, r.ID, r.Title, r.Severity, r.ThreatList(), r.STRIDELetters())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// RulePageMarkdown writes a rule's documentation page.
func RulePageMarkdown(w io.Writer, r *rules.Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", r.ID, r.Title)
	b.WriteString("<!-- Generated from the rule registry by `go test ./rules/all -update`; do not edit. -->\n\n")
	fmt.Fprintf(&b, "| | |\n|---|---|\n| Severity | %s |\n| Applies to | %ss |\n| STRIDE | %s |\n", r.Severity, r.Kind.Title(), r.STRIDENames())
	for _, id := range r.Threats {
		t, _ := rules.ThreatByID(id)
		fmt.Fprintf(&b, "| Threat | %s — %s |\n", t.ID, t.Title)
	}
	if r.DefaultOff {
		fmt.Fprintf(&b, "| Default | off (enable with `--enable %s`) |\n", r.ID)
	}
	fmt.Fprintf(&b, "\n## What it flags\n\n%s\n\n## How to fix it\n\n%s\n", strings.TrimSpace(r.Help), strings.TrimSpace(r.Remediation))
	if len(r.References) > 0 {
		b.WriteString("\n## References\n\n")
		for _, ref := range r.References {
			fmt.Fprintf(&b, "- [%s](%s)\n", ref.Title, ref.URL)
		}
	}
	fmt.Fprintf(&b, "\n## Suppressing it\n\nDisable the rule for a scan with `stridelint scan --disable %s`.\n", r.ID)
	_, err := io.WriteString(w, b.String())
	return err
}
