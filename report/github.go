package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// The github format: one GitHub Actions workflow command per finding,
//
//	::error file=app/Dockerfile,line=12,endLine=12,col=1,endColumn=20,title=DF001 final stage runs as root::message
//
// which the runner turns into an annotation on the file and line, shown in
// the pull request's diff without code scanning. Findings come most severe
// first, then files that could not be analysed. Paths are written as the
// result holds them: relative to the directory stridelint ran in, which
// must be the repository root for the runner to find the files.

// githubLimit is the number of annotations of each kind (error, warning,
// notice) GitHub shows for one step; it shows at most 50 per job. The rest
// stay in the log.
const githubLimit = 10

// githubTitleMax is the longest title GitHub accepts for an annotation.
const githubTitleMax = 255

// githubCommand is the workflow command for a severity: critical and high
// fail the check (error), medium warns, low and info are notices.
func githubCommand(s rules.Severity) string {
	switch {
	case s >= rules.High:
		return "error"
	case s == rules.Medium:
		return "warning"
	}
	return "notice"
}

// githubProperty is one key=value of a workflow command.
type githubProperty struct{ key, value string }

func writeGitHub(w io.Writer, res *rules.Result, opts Options) error {
	bw := bufio.NewWriter(w)
	byID := ruleMap(res)
	perCommand := map[string]int{}
	// Most severe first: GitHub shows only the first annotations of each
	// kind, and critical must not be crowded out by high.
	fs := sortedByPosition(res.Findings)
	slices.SortStableFunc(fs, func(a, b rules.Finding) int {
		return cmp.Compare(validSeverity(b.Severity, byID[b.RuleID]), validSeverity(a.Severity, byID[a.RuleID]))
	})
	for _, f := range fs {
		r := byID[f.RuleID]
		sev := validSeverity(f.Severity, r)
		cmd := githubCommand(sev)
		perCommand[cmd]++
		title := f.RuleID
		if r != nil && strings.TrimSpace(r.Title) != "" {
			title += " " + strings.TrimSpace(r.Title)
		}
		props := githubLocation(f.Path, span(f.Range))
		props = append(props, githubProperty{"title", truncateRunes(title, githubTitleMax)})
		msg := strings.TrimSpace(f.Message)
		if msg == "" {
			msg = title
		}
		writeGitHubCommand(bw, cmd, props, msg)
	}
	// Files that could not be analysed are errors on the file (and line)
	// the parser stopped at: they are what a reviewer must look at first.
	for _, e := range res.Errors {
		cmd := "error"
		perCommand[cmd]++
		var props []githubProperty
		if e.Path != "" {
			props = append(props, githubProperty{"file", e.Path})
			if e.Line > 0 {
				props = append(props, githubProperty{"line", strconv.Itoa(e.Line)})
				if e.Col > 0 {
					props = append(props, githubProperty{"col", strconv.Itoa(e.Col)})
				}
			}
		}
		title := toolName + ": file not analysed"
		if e.Internal {
			title = toolName + ": internal error"
		}
		props = append(props, githubProperty{"title", title})
		writeGitHubCommand(bw, cmd, props, strings.TrimSpace(e.Message))
	}
	if !opts.Quiet {
		bw.WriteString(githubSummary(res, perCommand))
	}
	return bw.Flush()
}

// githubLocation is the file and position properties of a finding. The
// runner drops columns from an annotation that spans lines, so they are
// written only for a one-line range; endColumn is inclusive there (ours is
// exclusive).
func githubLocation(path string, r parsers.Range) []githubProperty {
	props := []githubProperty{
		{"file", path},
		{"line", strconv.Itoa(r.StartLine)},
		{"endLine", strconv.Itoa(r.EndLine)},
	}
	if r.EndLine == r.StartLine && r.StartCol > 0 {
		props = append(props, githubProperty{"col", strconv.Itoa(r.StartCol)})
		if r.EndCol > r.StartCol {
			props = append(props, githubProperty{"endColumn", strconv.Itoa(r.EndCol - 1)})
		}
	}
	return props
}

// writeGitHubCommand writes `::cmd key=value,...::message` on one line.
func writeGitHubCommand(w *bufio.Writer, cmd string, props []githubProperty, msg string) {
	w.WriteString("::")
	w.WriteString(cmd)
	for i, p := range props {
		if i == 0 {
			w.WriteByte(' ')
		} else {
			w.WriteByte(',')
		}
		w.WriteString(p.key)
		w.WriteByte('=')
		w.WriteString(escapeGitHubProperty(p.value))
	}
	w.WriteString("::")
	w.WriteString(escapeGitHubData(msg))
	w.WriteByte('\n')
}

// githubDataEscaper and githubPropertyEscaper apply the workflow-command
// escapes of actions/toolkit, which the runner reverses. A message (data)
// may hold ":" and ","; a property value may not, since they end the
// property list. "%" is escaped too (in the same single pass), so that a
// literal "%0A" in a message is not read back as a line break.
var (
	githubDataEscaper = strings.NewReplacer(
		"%", "%25",
		"\r", "%0D",
		"\n", "%0A",
	)
	githubPropertyEscaper = strings.NewReplacer(
		"%", "%25",
		"\r", "%0D",
		"\n", "%0A",
		":", "%3A",
		",", "%2C",
	)
)

// escapeGitHubData escapes a workflow command's message. Nothing it
// leaves can start a new command: every line break is escaped.
func escapeGitHubData(s string) string { return githubDataEscaper.Replace(s) }

// escapeGitHubProperty escapes a workflow command's property value.
func escapeGitHubProperty(s string) string { return githubPropertyEscaper.Replace(s) }

// githubSummary is the closing log line (not a command: it must not use up
// one of the step's notices), with a hint when GitHub will not show every
// annotation.
func githubSummary(res *rules.Result, perCommand map[string]int) string {
	c := count(res)
	var b strings.Builder
	b.WriteString(toolName + ": ")
	if n := len(res.Findings); n == 0 {
		b.WriteString("no findings in " + plural(len(res.Files), "file", "files"))
	} else {
		var bySev []string
		for _, s := range rules.Severities {
			if c.bySeverity[s] > 0 {
				bySev = append(bySev, fmt.Sprintf("%d %s", c.bySeverity[s], s))
			}
		}
		fmt.Fprintf(&b, "%s in %d of %s (%s)", plural(n, "finding", "findings"),
			c.filesWithFindings, plural(len(res.Files), "file", "files"), strings.Join(bySev, ", "))
	}
	if n := len(res.Errors); n > 0 {
		b.WriteString("; " + plural(n, "error", "errors"))
	}
	b.WriteString("\n")
	var over []string
	for _, cmd := range []string{"error", "warning", "notice"} {
		if perCommand[cmd] > githubLimit {
			over = append(over, fmt.Sprintf("%d %ss", perCommand[cmd], cmd))
		}
	}
	if len(over) > 0 {
		fmt.Fprintf(&b, "%s: GitHub shows at most %d annotations of each kind per step (and 50 per job); "+
			"this log has all of them (%s)\n", toolName, githubLimit, strings.Join(over, ", "))
	}
	return b.String()
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

// sortedByPosition is the findings in the one order every output uses
// (file, position, rule), whatever order the result holds them in.
func sortedByPosition(fs []rules.Finding) []rules.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, rules.Compare)
	return out
}
