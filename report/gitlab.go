package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/stridelint/stridelint/rules"
)

// The gitlab format is GitLab's Code Quality report
// (artifacts:reports:codequality): a JSON array of issues, each with
// description, check_name, fingerprint, severity and location (path and
// lines), plus the Code Climate fields type and categories that GitLab
// ignores and other Code Climate consumers require. GitLab shows the
// issues in the merge request widget and beside the changed lines, and
// compares them between branches by fingerprint: ours survive edits
// elsewhere in the file and line moves, so a finding that only moved is
// not reported as fixed and new.

type (
	gitlabIssue struct {
		Description string         `json:"description"`
		CheckName   string         `json:"check_name"`
		Fingerprint string         `json:"fingerprint"`
		Severity    string         `json:"severity"`
		Location    gitlabLocation `json:"location"`
		Type        string         `json:"type"`
		Categories  []string       `json:"categories"`
	}
	gitlabLocation struct {
		Path  string      `json:"path"`
		Lines gitlabLines `json:"lines"`
	}
	gitlabLines struct {
		Begin int `json:"begin"`
		End   int `json:"end"`
	}
)

// gitlabSeverity maps our five severities onto GitLab's five, in order:
// critical is a blocker, high critical, medium major, low minor, info
// info.
func gitlabSeverity(s rules.Severity) string {
	switch s {
	case rules.Critical:
		return "blocker"
	case rules.High:
		return "critical"
	case rules.Medium:
		return "major"
	case rules.Low:
		return "minor"
	}
	return "info"
}

func writeGitLab(w io.Writer, res *rules.Result, opts Options) error {
	issues := make([]gitlabIssue, 0, len(res.Findings)+len(res.Errors))
	// GitLab keeps only the first issue of a fingerprint: every one must
	// be unique. The engine's are; a result built another way may lack
	// them.
	seen := map[string]bool{}
	unique := func(fp, seed string) string {
		if fp == "" {
			fp = shortHash(seed)
		}
		for n := 2; seen[fp]; n++ {
			fp = shortHash(fmt.Sprintf("%s\x00%d", seed, n))
		}
		seen[fp] = true
		return fp
	}
	byID := ruleMap(res)
	for _, f := range sortedByPosition(res.Findings) {
		s := span(f.Range)
		msg := strings.TrimSpace(f.Message)
		if r := byID[f.RuleID]; msg == "" && r != nil {
			msg = r.Title
		}
		issues = append(issues, gitlabIssue{
			Description: f.RuleID + ": " + msg,
			CheckName:   f.RuleID,
			Fingerprint: unique(f.Fingerprint, strings.Join([]string{f.RuleID, f.Path, f.Anchor, f.Message}, "\x00")),
			Severity:    gitlabSeverity(validSeverity(f.Severity, byID[f.RuleID])),
			Location:    gitlabLocation{Path: f.Path, Lines: gitlabLines{Begin: s.StartLine, End: s.EndLine}},
			Type:        "issue",
			Categories:  []string{"Security"},
		})
	}
	// A file that could not be analysed is an issue on that file, as
	// severe as the parse-error rules (DF040, DC040, DD023: high); an
	// error tied to no file has no place in the report (internal errors
	// are also on standard error, with exit code 2).
	for _, e := range res.Errors {
		if e.Path == "" {
			continue
		}
		check, what := "parse-error", "file not analysed"
		if e.Internal {
			check, what = "internal-error", "internal error"
		}
		line := max(e.Line, 1)
		issues = append(issues, gitlabIssue{
			Description: toolName + ": " + what + ": " + strings.TrimSpace(e.Message),
			CheckName:   toolName + "/" + check,
			Fingerprint: unique("", strings.Join([]string{check, e.Path, e.Message}, "\x00")),
			Severity:    gitlabSeverity(rules.High),
			Location:    gitlabLocation{Path: e.Path, Lines: gitlabLines{Begin: line, End: line}},
			Type:        "issue",
			Categories:  []string{"Bug Risk"},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}

// shortHash is a 128-bit hex digest, the size of the engine's fingerprints.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}
