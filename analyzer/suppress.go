package analyzer

import (
	"cmp"
	"slices"
	"strings"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/ci"
	"github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/parsers/ignore"
	"github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// Suppression is applied here, once, after every rule of both phases ran:
// a finding is suppressed by what is written in the file it points at,
// whichever rule reported it, so that no rule has to know about ignore
// comments. What a comment covers depends on the file's kind:
//
//   - Dockerfile: a comment on its own line directly above an instruction
//     (other comment lines may sit between) covers the whole instruction,
//     continuation lines included; so does one on a comment line inside the
//     instruction's continuation. A "#" after an instruction is not a
//     Dockerfile comment (RUN passes it to the shell) and covers nothing.
//   - YAML (compose, Kubernetes, CI): a comment on its own line directly
//     above a key or list item, or at the end of the line where it starts,
//     covers that entry and everything under it (yamlpos.Outline).
//   - Other files (systemd units, env and shell files), and YAML lines that
//     start no entry (a line of a script in a block scalar): the line below
//     an own-line comment, or the comment's own line, with the lines it
//     continues onto (a trailing backslash).
//   - ignore-file anywhere covers the whole file.
//   - daemon.json holds no comments (JSON has none).
//
// A stridelint.io/ignore annotation covers its Kubernetes object, or the
// pod template whose metadata carries it.

// parsedFile is a scanned file and its parsed document (nil when it did
// not parse).
type parsedFile struct {
	src *parsers.Source
	doc any
}

// cover is one suppression written in a file and the lines it covers.
type cover struct {
	spec ignore.Spec
	// whole is true for ignore-file; span is then unused.
	whole bool
	span  yamlpos.Span
	// at is where the suppression is written.
	at parsers.Range
}

// size orders covers from the most specific: the fewest lines first, a
// whole-file comment last.
func (c cover) size() int {
	if c.whole {
		return int(^uint(0) >> 1)
	}
	return c.span.To - c.span.From
}

// suppress marks every finding that a comment or annotation of its file
// covers. A finding that is already suppressed keeps its suppression.
func suppress(findings []rules.Finding, files map[string]parsedFile) {
	covers := map[string][]cover{}
	for i := range findings {
		f := &findings[i]
		if f.Suppressed() {
			continue
		}
		cs, done := covers[f.Path]
		if !done {
			if pf, ok := files[f.Path]; ok {
				cs = coversOf(pf)
			}
			covers[f.Path] = cs
		}
		for _, c := range cs { // most specific first
			if (c.whole || c.span.Contains(f.Range.StartLine)) && c.spec.Covers(f.RuleID) {
				f.Suppression = &rules.Suppression{Kind: rules.InSource, Justification: c.spec.Reason, Path: f.Path, Range: c.at}
				break
			}
		}
	}
}

// commentKinds are the kinds of file that can hold ignore comments.
func commentKinds(k parsers.Kind) bool {
	return k != parsers.KindDaemon && k != parsers.KindHostFile
}

// coversOf reads the suppressions written in one file.
func coversOf(pf parsedFile) []cover {
	src := pf.src
	var out []cover
	var comments []ignore.Comment
	if commentKinds(src.Kind) {
		comments = ignore.Comments(src.Data)
	}
	lines := sourceLines(src.Data)
	var outline *yamlpos.Outline
	yamlOutline := func() *yamlpos.Outline {
		if outline == nil {
			outline = yamlpos.NewOutline(yamlDocs(pf))
		}
		return outline
	}
	for _, c := range comments {
		if c.Err != nil {
			continue // reported by SL001; suppresses nothing
		}
		cv := cover{spec: c.Spec, at: c.Range()}
		if c.File {
			cv.whole = true
			out = append(out, cv)
			continue
		}
		var ok bool
		switch src.Kind {
		case parsers.KindDockerfile:
			cv.span, ok = dockerfileCover(pf.doc, lines, c)
		case parsers.KindCompose, parsers.KindKubernetes, parsers.KindCI:
			cv.span, ok = yamlCover(yamlOutline(), lines, c)
		default:
			cv.span, ok = lineCover(lines, c)
		}
		if ok {
			out = append(out, cv)
		}
	}
	if kf, ok := pf.doc.(*kube.File); ok {
		for _, o := range kf.Objects {
			for _, a := range o.Annotations(ignore.Annotation) {
				spec, err := ignore.ParseSpec(a.Value)
				if !a.Scalar || err != nil {
					continue // reported by SL001
				}
				if span, ok := yamlOutline().NodeSpan(a.On); ok {
					out = append(out, cover{spec: spec, span: span, at: a.Range})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b cover) int {
		return cmp.Or(cmp.Compare(a.size(), b.size()), cmp.Compare(a.at.StartLine, b.at.StartLine))
	})
	return out
}

// dockerfileCover is the instruction an own-line comment is about: the one
// whose continuation it sits in, or the next one when only comment lines
// separate them.
func dockerfileCover(doc any, lines []string, c ignore.Comment) (yamlpos.Span, bool) {
	f, ok := doc.(*dockerfile.File)
	if !ok {
		return lineCover(lines, c) // the file did not parse: the line below
	}
	if c.Trailing {
		return yamlpos.Span{}, false
	}
	for _, in := range f.Instructions {
		if in.StartLine <= c.Line && c.Line <= in.EndLine {
			return yamlpos.Span{From: in.StartLine, To: in.EndLine}, true
		}
		if in.StartLine > c.Line {
			if !onlyComments(lines, c.Line+1, in.StartLine-1) {
				return yamlpos.Span{}, false
			}
			return yamlpos.Span{From: in.StartLine, To: in.EndLine}, true
		}
	}
	return yamlpos.Span{}, false
}

// yamlCover is the entry a comment is about: the one starting on the
// comment's line (trailing) or on the next line that is not a comment.
func yamlCover(o *yamlpos.Outline, lines []string, c ignore.Comment) (yamlpos.Span, bool) {
	line := c.Line
	if !c.Trailing {
		var ok bool
		if line, ok = nextContentLine(lines, c.Line); !ok {
			return yamlpos.Span{}, false
		}
	}
	if span, ok := o.EntryAt(line); ok {
		return span, true
	}
	return yamlpos.Span{From: line, To: continued(lines, line)}, true
}

// lineCover is the logical line a comment is about in a line-based file.
func lineCover(lines []string, c ignore.Comment) (yamlpos.Span, bool) {
	line := c.Line
	if !c.Trailing {
		var ok bool
		if line, ok = nextContentLine(lines, c.Line); !ok {
			return yamlpos.Span{}, false
		}
	}
	return yamlpos.Span{From: line, To: continued(lines, line)}, true
}

// nextContentLine is the first line after line that is not a comment,
// provided no blank line comes first: a comment is about what directly
// follows it.
func nextContentLine(lines []string, line int) (int, bool) {
	for n := line + 1; n <= len(lines); n++ {
		t := strings.TrimSpace(lines[n-1])
		switch {
		case t == "":
			return 0, false
		case !strings.HasPrefix(t, "#"):
			return n, true
		}
	}
	return 0, false
}

// onlyComments reports whether lines from..to (inclusive) are all comment
// lines (true for an empty range).
func onlyComments(lines []string, from, to int) bool {
	for n := from; n <= to && n <= len(lines); n++ {
		if !strings.HasPrefix(strings.TrimSpace(lines[n-1]), "#") {
			return false
		}
	}
	return true
}

// continued is the last line of the logical line starting at line: lines
// that end with a backslash continue onto the next.
func continued(lines []string, line int) int {
	for line < len(lines) && strings.HasSuffix(strings.TrimRight(lines[line-1], " \t"), `\`) {
		line++
	}
	return line
}

// sourceLines splits a file into lines without line ends or a byte-order
// mark.
func sourceLines(data []byte) []string {
	lines := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// yamlDocs are the YAML documents of a file, from its parsed document when
// the parser kept them, else parsed again (an override compose file is
// analysed with its main file and has no document of its own).
func yamlDocs(pf parsedFile) []*yamlpos.Doc {
	switch d := pf.doc.(type) {
	case *kube.File:
		return d.Stream.Docs
	case *ci.File:
		return d.Docs
	case *compose.Project:
		if d.Doc != nil {
			return []*yamlpos.Doc{d.Doc}
		}
	}
	return yamlpos.Parse(pf.src.Data).Docs
}
