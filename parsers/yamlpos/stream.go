package yamlpos

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	yamlv2 "go.yaml.in/yaml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
)

// Stream is a parsed YAML (or JSON) file: its documents in order, the
// diagnostics for the parts that did not parse, and the source lines used
// to compute end columns.
type Stream struct {
	Docs   []*Doc
	Errors []parsers.Diagnostic
	Lines  []string
}

// Doc is one document of a stream. Line numbers of every node are absolute
// (counted from the top of the file), whatever document they are in.
type Doc struct {
	// Index is the document's position among the non-empty documents.
	Index int
	// Root is the document's content node: usually a mapping. Never nil.
	Root *yaml.Node
	// StartLine is the first line of the document (its "---" marker, if any).
	StartLine int
	lines     []string
}

var (
	// A document starts at "---" followed by a blank or the end of the line
	// (YAML 1.2 §9.1); "..." ends one. Both only count in column 1.
	docMarker  = regexp.MustCompile(`^(---|\.\.\.)([ \t].*)?$`)
	errLineRef = regexp.MustCompile(`line (\d+)`)
)

// Parse reads a YAML stream. It never fails as a whole: a document with a
// syntax error becomes a diagnostic with its absolute line, and the other
// documents are still returned. A UTF-8 byte-order mark is skipped and
// UTF-16 input (with its BOM) is converted first.
func Parse(data []byte) *Stream {
	data = toUTF8(data)
	s := &Stream{Lines: splitLines(data)}
	for _, c := range chunks(data) {
		s.parseChunk(data[c.from:c.to], c.line)
	}
	for i, d := range s.Docs {
		d.Index = i
	}
	return s
}

type chunk struct {
	from, to int // byte offsets
	line     int // 1-based line of the chunk's first byte
}

// chunks splits the stream at document markers so that one broken document
// cannot hide the ones after it (yaml.v3's decoder stops at the first error).
func chunks(data []byte) []chunk {
	var out []chunk
	start, startLine := 0, 1
	line, off := 1, 0
	for off < len(data) {
		end := bytes.IndexByte(data[off:], '\n')
		next := len(data)
		if end >= 0 {
			next = off + end + 1
		}
		text := bytes.TrimRight(data[off:next], "\r\n")
		if off > 0 && bytes.HasPrefix(text, []byte("---")) && docMarker.Match(text) {
			out = append(out, chunk{from: start, to: off, line: startLine})
			start, startLine = off, line
		}
		off = next
		line++
	}
	return append(out, chunk{from: start, to: len(data), line: startLine})
}

func (s *Stream) parseChunk(raw []byte, firstLine int) {
	if firstLine < 1 {
		firstLine = 1
	}
	if !utf8.Valid(raw) {
		line := firstLine
		for i, l := range bytes.Split(raw, []byte("\n")) {
			if !utf8.Valid(l) {
				line = firstLine + i
				break
			}
		}
		s.Errors = append(s.Errors, parsers.Diagnostic{Line: line, Message: "invalid UTF-8: the file is not text in UTF-8 or UTF-16"})
		return
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			d := s.syntaxDiagnostic(problemError(raw, err), firstLine)
			// An error at the end of the chunk points past its last line.
			last := firstLine + bytes.Count(bytes.TrimRight(raw, "\r\n"), []byte("\n"))
			d.Line = min(d.Line, last)
			s.Errors = append(s.Errors, d)
			return
		}
		if len(n.Content) == 0 {
			continue
		}
		root := n.Content[0]
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" && root.Value == "" {
			continue // an empty document: "---" followed by nothing or comments
		}
		shift(&n, firstLine-1)
		s.Docs = append(s.Docs, &Doc{Root: root, StartLine: max(n.Line, firstLine), lines: s.Lines})
	}
}

// parserProblems are the messages yaml.v3's parser (as opposed to its
// scanner) raises. For those it prints a 0-based line; scanner errors carry
// a 1-based one.
var parserProblems = []string{
	"did not find expected key",
	"did not find expected node content",
	"did not find expected ','",
	"did not find expected '-'",
	"did not find expected <",
	"found duplicate %",
	"found incompatible YAML",
	"found undefined tag handle",
}

// problemError returns the error yaml.v2 gives for the same text when it
// has a line: yaml.v3 prints the line where the broken construct started
// (a mapping twenty lines up), yaml.v2 the line of the problem itself.
func problemError(raw []byte, v3err error) error {
	// An unclosed flow collection is best shown where it opens, which is
	// the line yaml.v3 gives.
	if strings.Contains(v3err.Error(), "did not find expected ',' or") {
		return v3err
	}
	dec := yamlv2.NewDecoder(bytes.NewReader(raw))
	for range 10000 {
		var v any
		err := dec.Decode(&v)
		if err == nil {
			continue
		}
		if errLineRef.MatchString(err.Error()) && strings.HasPrefix(err.Error(), "yaml: line ") {
			return err
		}
		break
	}
	return v3err
}

// syntaxDiagnostic turns a yaml error ("yaml: line 3: did not find
// expected key") into a diagnostic with the absolute line.
func (s *Stream) syntaxDiagnostic(err error, firstLine int) parsers.Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := firstLine
	if m := errLineRef.FindStringSubmatchIndex(msg); m != nil && m[0] == 0 {
		n, _ := strconv.Atoi(msg[m[2]:m[3]])
		msg = strings.TrimPrefix(msg[m[1]:], ": ")
		for _, p := range parserProblems {
			if strings.HasPrefix(msg, p) {
				n++
				break
			}
		}
		line = firstLine + n - 1
	}
	// An error at the end of the input points past the last line.
	for line > 1 && (line > len(s.Lines) || strings.TrimSpace(s.Lines[line-1]) == "") {
		line--
	}
	return parsers.Diagnostic{Line: line, Message: "YAML syntax error: " + msg}
}

// shift adds off to the line of every node. Aliases point at nodes that are
// also reachable through Content, so walking Content visits each node once.
func shift(n *yaml.Node, off int) {
	if off == 0 {
		return
	}
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		top.Line += off
		stack = append(stack, top.Content...)
	}
}

// toUTF8 drops a UTF-8 BOM and converts UTF-16 (announced by its BOM).
func toUTF8(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		le := data[0] == 0xFF
		body := data[2:]
		u := make([]uint16, 0, len(body)/2)
		for i := 0; i+1 < len(body); i += 2 {
			if le {
				u = append(u, uint16(body[i])|uint16(body[i+1])<<8)
			} else {
				u = append(u, uint16(body[i])<<8|uint16(body[i+1]))
			}
		}
		return []byte(string(utf16.Decode(u)))
	}
	return data
}

// splitLines splits text into lines without their "\n" or "\r\n".
func splitLines(data []byte) []string {
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
