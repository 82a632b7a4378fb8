package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/stridelint/stridelint/parsers"
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
	fmt.Fprintf(&b, "Applies to: %s\n", appliesTo(r))
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
	switch r.Kind {
	case parsers.KindDaemon, parsers.KindHostFile:
		fmt.Fprintf(&b, "\nSuppress one finding: daemon.json holds no comments, so use the configuration file's per-path\nignores; in a systemd unit or environment file, # stridelint ignore=%s -- <reason> on the line above it\n", r.ID)
	default:
		fmt.Fprintf(&b, "\nSuppress one finding: # stridelint ignore=%s -- <reason> on the line above it\n", r.ID)
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
	fmt.Fprintf(&b, "| | |\n|---|---|\n| Severity | %s |\n| Applies to | %s |\n| STRIDE | %s |\n", r.Severity, appliesTo(r), r.STRIDENames())
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
	b.WriteString("\n## Suppressing it\n\n")
	b.WriteString(suppressingIt(r))
	_, err := io.WriteString(w, b.String())
	return err
}

// suppressingIt is the "Suppressing it" section of a rule page: the ignore
// comment for the kind of file the rule reports in, the annotation for
// Kubernetes objects, and what stays visible.
func suppressingIt(r *rules.Rule) string {
	var b strings.Builder
	id := r.ID
	b.WriteString("Fix the finding if you can. When the risk is accepted, say so where the finding is, with the\nreason after `--` (optional, but expected: it is the record of who accepted what and why).\n\n")
	yamlForms := func(lang string) {
		fmt.Fprintf(&b, "On its own line directly above the key the finding points at, an ignore comment covers that\nkey and everything under it; at the end of the key's line, it covers that key (the whole item\nfor a list item's first line):\n\n```%s\n", lang)
		fmt.Fprintf(&b, "# stridelint ignore=%s -- <why the risk is accepted here>\n<key the finding points at>: ...\n<key the finding points at>: ...  # stridelint ignore=%s -- <why>\n```\n\n", id, id)
	}
	switch r.Kind {
	case parsers.KindDockerfile:
		fmt.Fprintf(&b, "On its own line directly above the instruction the finding points at (other comment lines may\nsit between), an ignore comment covers the whole instruction, continuation lines included:\n\n```dockerfile\n# stridelint ignore=%s -- <why the risk is accepted here>\n<the instruction the finding points at>\n```\n\n", id)
		b.WriteString("A comment after an instruction is passed to the shell and covers nothing.\n\n")
	case parsers.KindCompose, parsers.KindCI:
		yamlForms("yaml")
	case parsers.KindKubernetes, parsers.KindAny:
		yamlForms("yaml")
		fmt.Fprintf(&b, "Or annotate the object: the annotation covers the object's findings, and on a pod template's\nmetadata (`spec.template.metadata`) the findings of its pod:\n\n```yaml\nmetadata:\n  annotations:\n    stridelint.io/ignore: \"%s -- <why the risk is accepted here>\"\n```\n\n", id)
	case parsers.KindSystemd, parsers.KindEnv:
		fmt.Fprintf(&b, "An ignore comment on its own line directly above the line the finding points at, or at the end\nof that line, covers it (with its continuation lines):\n\n```sh\n# stridelint ignore=%s -- <why the risk is accepted here>\n```\n\n", id)
		b.WriteString("In a systemd unit, write it on the line above: systemd reads a `#` after a setting as part\nof the setting's value.\n\n")
	case parsers.KindDaemon, parsers.KindHostFile:
		fmt.Fprintf(&b, "`daemon.json` cannot hold comments (JSON has none), nor can key and certificate files: suppress\nfindings there with the configuration file's per-path ignores. A finding that points into a\nsystemd unit, a drop-in or an environment file (a `dockerd` flag) takes an ignore comment on\nthe line above it (systemd reads a `#` after a setting as part of its value):\n\n```ini\n# stridelint ignore=%s -- <why the risk is accepted here>\n```\n\n", id)
	}
	fmt.Fprintf(&b, "`# stridelint ignore-file=%s -- <why>` anywhere in a file covers the whole file. Rules may\nbe listed (`%s,<another ID>`) or matched with globs (`%s*`, `all`).\n\n", id, id, id[:2])
	fmt.Fprintf(&b, "A suppressed finding is not hidden: it stays in the JSON report (with its `suppressed` object)\nand in SARIF (with `suppressions`, which SARIF viewers honour), text output counts it and\nlists it with `--show-suppressed`, and it never fails the scan. An unknown rule in an\nignore comment is reported (SL001). See [Suppressing findings](../../README.md#suppressing-findings).\n\n")
	fmt.Fprintf(&b, "To turn the rule off for a whole scan: `stridelint scan --disable %s`.\n", id)
	return b.String()
}

// appliesTo names the kinds of file a rule reads: its own kind and, for a
// cross-file rule, the others it reads ("Docker daemon configs, systemd
// units and environment or shell files").
func appliesTo(r *rules.Rule) string {
	var names []string
	for _, k := range append([]parsers.Kind{r.Kind}, r.Reads...) {
		if k == parsers.KindHostFile {
			names = append(names, "host files (owner and mode, with --host-root)")
			continue
		}
		if k == parsers.KindAny {
			return "every kind of file"
		}
		names = append(names, k.Title()+"s")
	}
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
