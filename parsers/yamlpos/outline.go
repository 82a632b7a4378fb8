package yamlpos

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Span is a run of whole lines, From to To inclusive.
type Span struct{ From, To int }

// Contains reports whether line is in the span.
func (s Span) Contains(line int) bool { return line >= s.From && line <= s.To }

// Outline is the block structure of a stream: for each mapping entry (a key
// and its value) and each sequence item, the lines it spans, from its first
// line to the line before the next entry of its parent (the last child's
// span is its parent's), without the blank and comment lines at the end.
// It answers the questions an ignore comment asks: which entry is written
// on this line, and which lines does this node span.
type Outline struct {
	lines  []string
	starts map[int]outlineEntry
	spans  map[*yaml.Node]Span
}

type outlineEntry struct {
	span Span
	col  int
}

// maxOutlineDepth bounds the walk over hostile nesting.
const maxOutlineDepth = 200

// NewOutline indexes the documents of a stream (in file order).
func NewOutline(docs []*Doc) *Outline {
	o := &Outline{starts: map[int]outlineEntry{}, spans: map[*yaml.Node]Span{}}
	for i, d := range docs {
		o.lines = d.lines
		end := len(d.lines)
		if i+1 < len(docs) {
			end = docs[i+1].StartLine - 1
		}
		span := o.trim(Span{From: min(d.StartLine, d.Root.Line), To: end})
		o.spans[d.Root] = span
		o.walk(d.Root, span.To, 0)
	}
	return o
}

func (o *Outline) walk(n *yaml.Node, end, depth int) {
	if n == nil || depth > maxOutlineDepth {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			next := end
			if i+2 < len(n.Content) {
				next = n.Content[i+2].Line - 1
			}
			span := o.add(key.Line, key.Column, next)
			o.spans[val] = span
			o.walk(val, span.To, depth+1)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			next := end
			if i+1 < len(n.Content) {
				next = n.Content[i+1].Line - 1
			}
			span := o.add(item.Line, item.Column, next)
			o.spans[item] = span
			o.walk(item, span.To, depth+1)
		}
	}
}

// add records an entry that starts at line:col and runs at most to end. Of
// the entries that start on one line, the leftmost (the outermost, for a
// tie: `- name: x` is the item before its key) is the line's.
func (o *Outline) add(line, col, end int) Span {
	span := o.trim(Span{From: line, To: max(line, end)})
	if e, ok := o.starts[line]; !ok || col < e.col {
		o.starts[line] = outlineEntry{span: span, col: col}
	}
	return span
}

// trim drops the blank and comment lines at the end of a span.
func (o *Outline) trim(s Span) Span {
	for s.To > s.From {
		t := strings.TrimSpace(o.line(s.To))
		if t != "" && !strings.HasPrefix(t, "#") {
			break
		}
		s.To--
	}
	return s
}

func (o *Outline) line(n int) string {
	if n < 1 || n > len(o.lines) {
		return ""
	}
	return o.lines[n-1]
}

// EntryAt is the span of the entry written on line: the outermost mapping
// entry or sequence item that starts there.
func (o *Outline) EntryAt(line int) (Span, bool) {
	e, ok := o.starts[line]
	return e.span, ok
}

// NodeSpan is the span of the entry whose value is n (a mapping value, a
// sequence item) or, for a document's root, of the document.
func (o *Outline) NodeSpan(n *yaml.Node) (Span, bool) {
	s, ok := o.spans[n]
	return s, ok
}
