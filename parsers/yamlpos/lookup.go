package yamlpos

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
)

// Match is the result of looking a Path up in a document.
type Match struct {
	// Key is the mapping key node of the deepest segment found; nil when
	// that segment was a sequence index or the path was empty.
	Key *yaml.Node
	// Node is the value found for the deepest segment (aliases resolved).
	Node *yaml.Node
	// Depth is how many segments of the path were found.
	Depth int
	// Exact reports whether the whole path was found.
	Exact bool
}

// Resolve follows alias nodes to the node they name.
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// MapGet returns the key and value nodes for key in mapping m, honouring
// "<<" merge keys (the nodes then sit where the anchor is written). It
// returns nils when m is not a mapping or has no such key.
func MapGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	return mapGet(m, key, 0)
}

func mapGet(m *yaml.Node, key string, depth int) (k, v *yaml.Node) {
	m = Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > 50 {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if kn := m.Content[i]; kn.Value == key && !isMerge(kn) {
			return kn, Resolve(m.Content[i+1])
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !isMerge(m.Content[i]) {
			continue
		}
		src := Resolve(m.Content[i+1])
		srcs := []*yaml.Node{src}
		if src != nil && src.Kind == yaml.SequenceNode {
			srcs = src.Content
		}
		for _, s := range srcs {
			if k, v := mapGet(s, key, depth+1); k != nil {
				return k, v
			}
		}
	}
	return nil, nil
}

func isMerge(k *yaml.Node) bool {
	return k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0 && k.Tag == "")
}

// Pairs calls fn for every key/value pair of mapping m, merge keys expanded
// (keys written in m itself win over merged ones, as in YAML).
func Pairs(m *yaml.Node, fn func(k, v *yaml.Node)) {
	seen := map[string]bool{}
	pairs(Resolve(m), seen, fn, 0)
}

func pairs(m *yaml.Node, seen map[string]bool, fn func(k, v *yaml.Node), depth int) {
	if m == nil || m.Kind != yaml.MappingNode || depth > 50 {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if isMerge(k) || seen[k.Value] {
			continue
		}
		seen[k.Value] = true
		fn(k, Resolve(m.Content[i+1]))
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !isMerge(m.Content[i]) {
			continue
		}
		src := Resolve(m.Content[i+1])
		if src != nil && src.Kind == yaml.SequenceNode {
			for _, s := range src.Content {
				pairs(Resolve(s), seen, fn, depth+1)
			}
		} else {
			pairs(src, seen, fn, depth+1)
		}
	}
}

// Lookup finds p in the document. When the path is only partly present it
// returns the deepest node found with Exact false.
func (d *Doc) Lookup(p Path) Match {
	return LookupNode(d.Root, p)
}

// LookupNode is Lookup from any node.
func LookupNode(root *yaml.Node, p Path) Match {
	m := Match{Node: Resolve(root)}
	for _, seg := range p {
		cur := m.Node
		if seg.IsIndex {
			if cur == nil || cur.Kind != yaml.SequenceNode || seg.Index < 0 || seg.Index >= len(cur.Content) {
				return m
			}
			m = Match{Node: Resolve(cur.Content[seg.Index]), Depth: m.Depth + 1}
			continue
		}
		k, v := MapGet(cur, seg.Key)
		if k == nil {
			return m
		}
		m = Match{Key: k, Node: v, Depth: m.Depth + 1}
	}
	m.Exact = true
	return m
}

// Range returns where p is written: the key (and its scalar value) for a
// mapping entry, the item for a sequence index. For a path that is only
// partly present it returns the range of the nearest existing parent and
// exact == false.
func (d *Doc) Range(p Path) (r parsers.Range, exact bool) {
	m := d.Lookup(p)
	return d.MatchRange(m), m.Exact
}

// MatchRange is the source range of a Match.
func (d *Doc) MatchRange(m Match) parsers.Range {
	switch {
	case m.Key != nil:
		r := d.NodeRange(m.Key)
		if v := m.Node; v != nil && v.Kind == yaml.ScalarNode && v.Line == m.Key.Line {
			vr := d.NodeRange(v)
			r.EndLine, r.EndCol = vr.EndLine, vr.EndCol
		}
		return r
	case m.Node != nil:
		return d.NodeRange(m.Node)
	}
	return parsers.Range{StartLine: d.StartLine}
}

// NodeRange is the range of one node: a scalar up to its last character; a
// mapping or sequence at its first line (collections are located by their
// start, which is where editors put the cursor).
func (d *Doc) NodeRange(n *yaml.Node) parsers.Range {
	if n == nil {
		return parsers.Range{StartLine: d.StartLine}
	}
	r := parsers.Range{StartLine: n.Line, StartCol: n.Column, EndLine: n.Line}
	if n.Kind == yaml.ScalarNode {
		r.EndCol = scalarEnd(d.lines, n)
	}
	return r.Normalized()
}

// Line returns source line n (1-based) without its line break, or "".
func (d *Doc) Line(n int) string {
	if n < 1 || n > len(d.lines) {
		return ""
	}
	return d.lines[n-1]
}

// scalarEnd is the exclusive 1-based end column of a scalar on its first
// line, read from the source text (yaml.v3 gives only the start). It
// returns 0 when the text does not allow it.
func scalarEnd(lines []string, n *yaml.Node) int {
	if n.Line < 1 || n.Line > len(lines) {
		return 0
	}
	line := []rune(lines[n.Line-1])
	start := n.Column - 1
	if start < 0 || start >= len(line) {
		return 0
	}
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0 && line[start] == '"':
		for i := start + 1; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++
			case '"':
				return i + 2
			}
		}
		return len(line) + 1
	case n.Style&yaml.SingleQuotedStyle != 0 && line[start] == '\'':
		for i := start + 1; i < len(line); i++ {
			if line[i] == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				return i + 2
			}
		}
		return len(line) + 1
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return len([]rune(strings.TrimRight(string(line), " \t"))) + 1
	}
	v := []rune(n.Value)
	if len(v) <= len(line)-start && string(line[start:start+len(v)]) == n.Value {
		return start + len(v) + 1
	}
	// A tagged or multi-line plain scalar: up to the end of its text on
	// this line (before a comment).
	rest := string(line[start:])
	if i := strings.Index(rest, " #"); i >= 0 {
		rest = rest[:i]
	}
	return start + len([]rune(strings.TrimRight(rest, " \t"))) + 1
}
