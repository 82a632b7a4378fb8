// Package yamlpos is the position index shared by every YAML and JSON input:
// it parses a stream into go.yaml.in/yaml/v3 node trees (one per document,
// with absolute line numbers) and answers "where is
// spec.template.spec.containers[0].securityContext.privileged written?".
//
// When a key is absent the lookup stops at the nearest existing parent, so a
// finding about a missing field still points at a real line (the container's
// "- name:" line rather than line 1).
package yamlpos

import (
	"fmt"
	"strconv"
	"strings"
)

// Seg is one step of a Path: a mapping key, or a sequence index when
// IsIndex is set.
type Seg struct {
	Key     string
	Index   int
	IsIndex bool
}

// Path addresses a node in a document: keys and sequence indexes from the
// document root. Keys may contain dots ("app.kubernetes.io/name"), which is
// why a Path is a list of segments and not a dotted string.
type Path []Seg

// P builds a Path from strings (keys), ints (indexes) and Paths (appended).
func P(elems ...any) Path {
	var p Path
	for _, e := range elems {
		switch v := e.(type) {
		case string:
			p = append(p, Seg{Key: v})
		case int:
			p = append(p, Seg{Index: v, IsIndex: true})
		case Path:
			p = append(p, v...)
		case Seg:
			p = append(p, v)
		default:
			panic(fmt.Sprintf("yamlpos.P: unsupported element %T", e))
		}
	}
	return p
}

// Key returns a new path with a key segment appended. The receiver is never
// modified, so paths can be shared and extended freely.
func (p Path) Key(k ...string) Path {
	out := make(Path, len(p), len(p)+len(k))
	copy(out, p)
	for _, key := range k {
		out = append(out, Seg{Key: key})
	}
	return out
}

// Index returns a new path with an index segment appended.
func (p Path) Index(i int) Path {
	out := make(Path, len(p), len(p)+1)
	copy(out, p)
	return append(out, Seg{Index: i, IsIndex: true})
}

// String renders the path as spec.containers[0].securityContext, quoting
// keys that are not plain identifiers: metadata.labels["app.kubernetes.io/name"].
func (p Path) String() string {
	var b strings.Builder
	for i, s := range p {
		switch {
		case s.IsIndex:
			b.WriteString("[")
			b.WriteString(strconv.Itoa(s.Index))
			b.WriteString("]")
		case plainKey(s.Key):
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.Key)
		default:
			b.WriteString("[")
			b.WriteString(strconv.Quote(s.Key))
			b.WriteString("]")
		}
	}
	return b.String()
}

func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r == '-' || r == '$' || r == '<' ||
			('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')) {
			return false
		}
	}
	return true
}

// ParsePath reads the String form back: dotted keys, [N] indexes and
// ["quoted keys"].
func ParsePath(s string) (Path, error) {
	var p Path
	i := 0
	for i < len(s) {
		switch s[i] {
		case '.':
			i++
		case '[':
			end := i + 1
			if end < len(s) && s[end] == '"' {
				// Quoted key: find the closing quote, honouring escapes.
				j := end + 1
				for j < len(s) && s[j] != '"' {
					if s[j] == '\\' {
						j++
					}
					j++
				}
				if j+1 >= len(s) || s[j+1] != ']' {
					return nil, fmt.Errorf("path %q: unterminated quoted key at %d", s, i)
				}
				key, err := strconv.Unquote(s[end : j+1])
				if err != nil {
					return nil, fmt.Errorf("path %q: %v", s, err)
				}
				p = append(p, Seg{Key: key})
				i = j + 2
				continue
			}
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("path %q: unterminated index at %d", s, i)
			}
			n, err := strconv.Atoi(s[i+1 : i+j])
			if err != nil || n < 0 {
				return nil, fmt.Errorf("path %q: bad index %q", s, s[i+1:i+j])
			}
			p = append(p, Seg{Index: n, IsIndex: true})
			i += j + 1
		default:
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			p = append(p, Seg{Key: s[i:j]})
			i = j
		}
	}
	return p, nil
}
