// Package ignore reads the suppressions users write in their files: the
// comments
//
//	# stridelint ignore=DF005,DF014 -- the base image is pinned by the release job
//	# stridelint ignore-file=KW016 -- reason
//
// found in the raw text of any file that can hold `#` comments, and the value
// of the Kubernetes annotation stridelint.io/ignore ("KW016,KW023 -- reason"),
// which has the same form after the `=`.
//
// This is the one parser of ignore comments, for every kind of file. It only
// reads what is written; which findings a comment covers (the instruction
// below it, the YAML node it is about) is decided by the engine, and unknown
// rule IDs are reported by rule SL001.
package ignore

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stridelint/stridelint/parsers"
)

// Annotation is the Kubernetes annotation that suppresses findings of the
// object (or pod template) whose metadata carries it.
const Annotation = "stridelint.io/ignore"

// The two directives.
const (
	keyword     = "stridelint"
	lineKeyword = "ignore"
	fileKeyword = "ignore-file"
)

// Comment is one ignore comment of a file.
type Comment struct {
	// Line is the comment's line (1-based); Col the column of its "#" and
	// EndCol the column just after its last character (code points).
	Line, Col, EndCol int
	// Trailing is true when the comment follows other text on its line
	// (`privileged: true  # stridelint ignore=KW001`); false when it stands
	// on a line of its own.
	Trailing bool
	// File is true for ignore-file: the comment covers the whole file.
	File bool
	// Spec is what the comment suppresses; empty when Err is set.
	Spec Spec
	// SpecCol is the column where the spec (the text after "=") starts:
	// a pattern's column is SpecCol + Pattern.Offset.
	SpecCol int
	// Err says why a comment that names the ignore directive could not be
	// read (`# stridelint ignore DF001`, `# stridelint ignore=`): such a
	// comment suppresses nothing, and rule SL001 reports it.
	Err error
}

// Range is where the comment is written.
func (c Comment) Range() parsers.Range {
	return parsers.Range{StartLine: c.Line, StartCol: c.Col, EndLine: c.Line, EndCol: c.EndCol}
}

// Directive is "ignore" or "ignore-file", for messages.
func (c Comment) Directive() string {
	if c.File {
		return fileKeyword
	}
	return lineKeyword
}

// Spec is a list of rules and the reason they are ignored, as written after
// "ignore=" or in the annotation: "DF005, DF014 -- reason".
type Spec struct {
	// Rules are the rule selectors: IDs ("DF005"), globs over IDs ("KW0*")
	// or "ALL", upper-cased.
	Rules []Pattern
	// Reason is the justification written after "--"; empty when none.
	Reason string
}

// Pattern is one rule selector of a spec.
type Pattern struct {
	// Text is the selector, upper-cased.
	Text string
	// Offset is where it starts in the spec's text, in code points (so
	// that a report can point at the very ID).
	Offset int
}

// Covers reports whether the spec names the rule: by ID, by a glob that
// matches it, or by "all".
func (s Spec) Covers(ruleID string) bool {
	for _, p := range s.Rules {
		if Match(p.Text, ruleID) {
			return true
		}
	}
	return false
}

// Match reports whether a selector (an ID, a glob over IDs, or "all"; any
// case) names the rule ruleID.
func Match(selector, ruleID string) bool {
	sel := strings.ToUpper(strings.TrimSpace(selector))
	if sel == "ALL" {
		return true
	}
	ok, err := path.Match(sel, strings.ToUpper(ruleID))
	return err == nil && ok
}

// errNoRules is a spec that names no rule.
var errNoRules = errors.New("no rule named: write RULE[,RULE…] -- reason")

// ParseSpec reads "RULE[,RULE…] [-- reason]": rule selectors separated by
// commas (spaces around them allowed), then optionally "--" and the reason.
// Selectors are IDs, globs over IDs (KW0*, DF01?) or "all".
func ParseSpec(text string) (Spec, error) {
	list, reason, _ := strings.Cut(text, "--")
	s := Spec{Reason: strings.TrimSpace(reason)}
	if strings.TrimSpace(list) == "" {
		return Spec{}, errNoRules
	}
	offset := 0
	for _, item := range strings.Split(list, ",") {
		start := offset + utf8.RuneCountInString(item) - utf8.RuneCountInString(strings.TrimLeftFunc(item, unicode.IsSpace))
		offset += utf8.RuneCountInString(item) + 1
		sel := strings.TrimSpace(item)
		switch {
		case sel == "":
			return Spec{}, fmt.Errorf("empty rule in %q: separate rules with single commas", strings.TrimSpace(list))
		case strings.IndexFunc(sel, unicode.IsSpace) >= 0:
			return Spec{}, fmt.Errorf("%q is not a rule: separate rules with commas, and write the reason after --", sel)
		}
		if _, err := path.Match(strings.ToUpper(sel), ""); err != nil {
			return Spec{}, fmt.Errorf("bad rule pattern %q", sel)
		}
		s.Rules = append(s.Rules, Pattern{Text: strings.ToUpper(sel), Offset: start})
	}
	return s, nil
}

// Comments finds the ignore comments of a file's text. A comment starts
// with "#" at the beginning of a line or after a blank, outside quotes
// ('…', "…"), as in YAML, shell, env files and systemd units; its text must
// begin with "stridelint ignore" to be a directive (a comment such as
// "# stridelint flags this because…" is prose and is skipped). A UTF-8
// byte-order mark and CRLF line ends are handled.
func Comments(data []byte) []Comment {
	if !mentions(data) {
		return nil // the common case: nothing to read
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	var out []Comment
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSuffix(line, "\r")
		at := commentStart(line)
		if at < 0 {
			continue
		}
		c, specAt, ok := parseComment(line[at:])
		if !ok {
			continue
		}
		c.Line = i + 1
		c.Col = utf8.RuneCountInString(line[:at]) + 1
		if c.Err == nil {
			c.SpecCol = utf8.RuneCountInString(line[:at+specAt]) + 1
		}
		c.EndCol = utf8.RuneCountInString(strings.TrimRightFunc(line, unicode.IsSpace)) + 1
		c.Trailing = strings.TrimSpace(line[:at]) != ""
		out = append(out, c)
	}
	return out
}

// mentions reports whether data holds "stridelint" in any case, without
// copying it: most files do not, and are not read further.
func mentions(data []byte) bool {
	for i := 0; i+len(keyword) <= len(data); i++ {
		if data[i]|0x20 == 's' && strings.EqualFold(string(data[i:i+len(keyword)]), keyword) {
			return true
		}
	}
	return false
}

// commentStart is the byte offset of the "#" that starts the line's
// comment, or -1. Quotes are followed within the line only.
func commentStart(line string) int {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '"' && c == '\\':
			i++ // an escaped character inside double quotes
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '\\':
			i++ // an escaped character (\# is not a comment in shell)
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return i
		}
	}
	return -1
}

// parseComment reads a comment ("# stridelint ignore=…"); ok is false when
// the comment is not a stridelint directive at all. specAt is the byte
// offset of the spec (after "=") in comment.
func parseComment(comment string) (c Comment, specAt int, ok bool) {
	body := strings.TrimLeft(strings.TrimPrefix(comment, "#"), " \t")
	if len(body) <= len(keyword) || !strings.EqualFold(body[:len(keyword)], keyword) || !isBlank(body[len(keyword)]) {
		return Comment{}, 0, false
	}
	rest := strings.TrimLeft(body[len(keyword):], " \t")
	end := strings.IndexAny(rest, " \t=")
	if end < 0 {
		end = len(rest)
	}
	word := strings.ToLower(rest[:end])
	after := strings.TrimLeft(rest[end:], " \t")
	hasEq := strings.HasPrefix(after, "=")
	switch {
	case word == lineKeyword:
	case word == fileKeyword:
		c.File = true
	case strings.HasPrefix(word, lineKeyword) && hasEq:
		return Comment{Err: fmt.Errorf("unknown directive %q: want %s= or %s=", rest[:end], lineKeyword, fileKeyword)}, 0, true
	default:
		return Comment{}, 0, false // prose that begins with our name
	}
	if !hasEq {
		return Comment{File: c.File, Err: fmt.Errorf("%s needs = and the rules: %s=RULE[,RULE…] -- reason", word, word)}, 0, true
	}
	spec := after[1:]
	s, err := ParseSpec(spec)
	if err != nil {
		return Comment{File: c.File, Err: err}, 0, true
	}
	c.Spec = s
	return c, len(comment) - len(spec), true
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' }
