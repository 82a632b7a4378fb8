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

	"github.com/stridelint/stridelint/rules"
)

// ANSI escape sequences of the text output.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiDim     = "\x1b[2m"
	ansiRed     = "\x1b[31m"
	ansiBoldRed = "\x1b[1;31m"
	ansiGreen   = "\x1b[32m"
	ansiYellow  = "\x1b[33m"
	ansiCyan    = "\x1b[36m"
)

// severityColor is the colour a severity is shown in.
func severityColor(s rules.Severity) string {
	switch s {
	case rules.Critical:
		return ansiBoldRed
	case rules.High:
		return ansiRed
	case rules.Medium:
		return ansiYellow
	case rules.Low:
		return ansiCyan
	}
	return ansiDim
}

// textWriter renders the text format.
type textWriter struct {
	w *bufio.Writer
	// res holds the findings shown: those that count.
	res    *rules.Result
	hidden hiddenCounts
	opts   Options
	byID   map[string]*rules.Rule
}

// hiddenCounts are the findings the text output does not show, and the
// baseline entries no longer found.
type hiddenCounts struct {
	suppressed, inBaseline, absent int
	// baseline is set when the scan was compared with a baseline: the
	// findings shown are the new ones.
	baseline bool
}

// shownFindings returns res with only the findings that count (neither
// suppressed nor in the baseline), and how many were left out.
func shownFindings(res *rules.Result) (*rules.Result, hiddenCounts) {
	h := hiddenCounts{absent: len(res.Absent), baseline: len(res.Absent) > 0}
	shown := *res
	shown.Findings = nil
	for _, f := range res.Findings {
		h.baseline = h.baseline || f.BaselineState != ""
		switch {
		case f.Suppression != nil:
			// Kept: listed with --show-suppressed, counted in the summary.
			h.suppressed++
			shown.Findings = append(shown.Findings, f)
		case !f.Counts():
			h.inBaseline++
		default:
			shown.Findings = append(shown.Findings, f)
		}
	}
	return &shown, h
}

// paint wraps s in an ANSI colour when colours are on.
func (t *textWriter) paint(code, s string) string {
	if !t.opts.Color || code == "" || s == "" {
		return s
	}
	return code + s + ansiReset
}

// pad is s painted and padded to width (measured before painting).
func (t *textWriter) pad(code, s string, width int) string {
	n := utf8.RuneCountInString(s)
	return t.paint(code, s) + strings.Repeat(" ", max(width-n, 0))
}

func writeText(w io.Writer, res *rules.Result, opts Options) error {
	shown, hidden := shownFindings(res)
	t := &textWriter{w: bufio.NewWriter(w), res: shown, hidden: hidden, opts: opts, byID: ruleMap(res)}
	if opts.Flat {
		t.flat()
	} else {
		t.grouped()
	}
	return t.w.Flush()
}

// position is "line:col", or "line" when the column is unknown.
func position(line, col int) string {
	if col > 0 {
		return strconv.Itoa(line) + ":" + strconv.Itoa(col)
	}
	return strconv.Itoa(line)
}

// where is "path:line:col" with the parts that are known.
func where(path string, line, col int) string {
	if line <= 0 {
		return path
	}
	if path == "" {
		return position(line, col)
	}
	return path + ":" + position(line, col)
}

// oneLine joins the lines of a message with sep.
func oneLine(msg, sep string) string {
	msg = strings.TrimRight(strings.ReplaceAll(msg, "\r\n", "\n"), "\n")
	return strings.ReplaceAll(msg, "\n", sep)
}

// sortedFindings are the findings to list, grouped by path (in sorted
// order), keeping their order within a file. Suppressed findings are listed
// only when asked.
func (t *textWriter) sortedFindings() []rules.Finding {
	fs := slices.Clone(t.res.Findings)
	if !t.opts.ShowSuppressed {
		fs = slices.DeleteFunc(fs, func(f rules.Finding) bool { return f.Suppressed() })
	}
	slices.SortStableFunc(fs, func(a, b rules.Finding) int { return cmp.Compare(a.Path, b.Path) })
	return fs
}

// suppressedBy says where and why a finding was suppressed:
// "suppressed at k8s/pod.yaml:12: node agent needs host access".
func suppressedBy(f rules.Finding) string {
	s := f.Suppression
	sr := span(s.Range)
	msg := "suppressed at " + where(cmp.Or(s.Path, f.Path), sr.StartLine, sr.StartCol)
	if s.Kind == rules.External {
		msg = "suppressed by the configuration at " + where(cmp.Or(s.Path, f.Path), sr.StartLine, sr.StartCol)
	}
	if j := strings.TrimSpace(s.Justification); j != "" {
		return msg + ": " + oneLine(j, " ")
	}
	return msg + " (no reason given)"
}

func (t *textWriter) severity(f rules.Finding) rules.Severity {
	return validSeverity(f.Severity, t.byID[f.RuleID])
}

// grouped writes one `path:line:col  SEVERITY  RULE  message` line per
// finding, files separated by a blank line, then errors, then the summary.
// Every line carries its full path so that terminals and editors can jump
// to it.
func (t *textWriter) grouped() {
	fs := t.sortedFindings()
	wSev, wRule := 0, 0
	wPos := map[string]int{} // per file, so one long path does not pad every line
	for _, f := range fs {
		s := span(f.Range)
		wPos[f.Path] = max(wPos[f.Path], utf8.RuneCountInString(where(f.Path, s.StartLine, s.StartCol)))
		wSev = max(wSev, len(t.severity(f).String()))
		wRule = max(wRule, utf8.RuneCountInString(f.RuleID))
	}
	blank := false // a blank line is due before the next block
	for i, f := range fs {
		// The message column, for continuation and related lines.
		indent := strings.Repeat(" ", wPos[f.Path]+2+wSev+2+wRule+2)
		if i == 0 || f.Path != fs[i-1].Path {
			if blank {
				t.w.WriteString("\n")
			}
			blank = true
		}
		s := span(f.Range)
		sev := t.severity(f)
		fmt.Fprintf(t.w, "%s  %s  %s  %s\n",
			t.pad(ansiBold, where(f.Path, s.StartLine, s.StartCol), wPos[f.Path]),
			t.pad(severityColor(sev), strings.ToUpper(sev.String()), wSev),
			t.pad("", f.RuleID, wRule),
			oneLine(f.Message, "\n"+indent))
		for _, rel := range f.Related {
			rs := span(rel.Range)
			relPath := rel.Path
			if relPath == "" {
				relPath = f.Path
			}
			place := where(relPath, rs.StartLine, rs.StartCol)
			msg := oneLine(rel.Message, "\n"+indent+"   ")
			if msg != "" {
				msg = "  " + msg
			}
			fmt.Fprintf(t.w, "%s%s%s\n", indent, t.paint(ansiDim, "-> "+place), msg)
		}
		if f.Suppressed() {
			fmt.Fprintf(t.w, "%s%s\n", indent, t.paint(ansiDim, suppressedBy(f)))
		}
	}
	if len(t.res.Errors) > 0 {
		if blank {
			t.w.WriteString("\n")
		}
		fmt.Fprintf(t.w, "%s\n", t.paint(ansiBoldRed, "errors:"))
		wPlace := 0
		for _, e := range t.res.Errors {
			wPlace = max(wPlace, utf8.RuneCountInString(where(e.Path, e.Line, e.Col)))
		}
		for _, e := range t.res.Errors {
			place := where(e.Path, e.Line, e.Col)
			msg := oneLine(e.Message, "\n"+strings.Repeat(" ", 2+wPlace+2))
			if e.Internal {
				msg = t.paint(ansiRed, "internal error:") + " " + msg
			}
			if wPlace > 0 {
				msg = t.pad("", place, wPlace) + "  " + msg
			}
			fmt.Fprintf(t.w, "  %s\n", msg)
		}
		blank = true
	}
	t.summary(blank)
}

// flat writes one `path:line:col: SEVERITY RULE message` line per finding
// and one `path:line:col: ERROR stridelint message` line per error, the
// form editors' problem matchers parse.
func (t *textWriter) flat() {
	fs := t.sortedFindings()
	for _, f := range fs {
		s := span(f.Range)
		sev := t.severity(f)
		msg := oneLine(f.Message, " ")
		if f.Suppressed() {
			msg += " [" + suppressedBy(f) + "]"
		}
		fmt.Fprintf(t.w, "%s: %s %s %s\n", where(f.Path, s.StartLine, s.StartCol),
			t.paint(severityColor(sev), strings.ToUpper(sev.String())), f.RuleID, msg)
	}
	for _, e := range t.res.Errors {
		prefix := ""
		if place := where(e.Path, e.Line, e.Col); place != "" {
			prefix = place + ": "
		}
		msg := oneLine(e.Message, " ")
		if e.Internal {
			msg = "internal error: " + msg
		}
		fmt.Fprintf(t.w, "%s%s %s %s\n", prefix, t.paint(ansiBoldRed, "ERROR"), toolName, msg)
	}
	t.summary(len(fs)+len(t.res.Errors) > 0)
}

// summary writes the closing lines: counts by severity and by STRIDE
// category, files scanned, files that could not be analysed. Quiet skips
// it.
func (t *textWriter) summary(blank bool) {
	if t.opts.Quiet {
		return
	}
	if blank {
		t.w.WriteString("\n")
	}
	c := count(t.res)
	files := len(t.res.Files)
	none, finding, findings := "no findings", "finding", "findings"
	if t.hidden.baseline {
		none, finding, findings = "no new findings", "new finding", "new findings"
	}
	var line string
	if n := c.findings; n == 0 {
		if files == 0 {
			line = t.paint(ansiGreen, none) + " (no files scanned)"
		} else {
			line = t.paint(ansiGreen, none) + " in " + plural(files, "file", "files")
		}
	} else {
		in := plural(c.filesWithFindings, "file", "files")
		if files > c.filesWithFindings {
			in = fmt.Sprintf("%d of %s", c.filesWithFindings, plural(files, "file", "files"))
		}
		var bySev []string
		for _, s := range rules.Severities {
			if c.bySeverity[s] > 0 {
				bySev = append(bySev, t.paint(severityColor(s), fmt.Sprintf("%d %s", c.bySeverity[s], s)))
			}
		}
		line = fmt.Sprintf("%s in %s (%s)", plural(n, finding, findings), in, strings.Join(bySev, ", "))
	}
	if c.badFiles > 0 {
		verb := "files could not be parsed"
		if c.badFiles == 1 {
			verb = "file could not be parsed"
		}
		line += fmt.Sprintf("; %d %s", c.badFiles, verb)
	}
	if c.otherErrors > 0 {
		line += "; " + plural(c.otherErrors, "other error", "other errors")
	}
	if c.internal > 0 {
		line += "; " + t.paint(ansiRed, plural(c.internal, "internal error", "internal errors"))
	}
	fmt.Fprintln(t.w, line)
	if n := t.hidden.inBaseline; n > 0 {
		fmt.Fprintf(t.w, "%s in the baseline not shown\n", plural(n, "finding", "findings"))
	}
	if n := t.hidden.absent; n > 0 {
		fmt.Fprintf(t.w, "%s of the baseline no longer found\n", plural(n, "finding", "findings"))
	}
	if c.suppressed > 0 {
		line = plural(c.suppressed, "finding", "findings") + " suppressed"
		if !t.opts.ShowSuppressed {
			line += " (--show-suppressed to list)"
		}
		fmt.Fprintln(t.w, line)
	}
	if c.findings > 0 {
		parts := make([]string, len(rules.STRIDE))
		for i, cat := range rules.STRIDE {
			parts[i] = fmt.Sprintf("%s %d", cat, c.byStride[cat])
		}
		fmt.Fprintf(t.w, "by STRIDE: %s\n", strings.Join(parts, "  "))
	}
}
