package compose

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// Helpers of the privilege rules for settings written as lists of strings
// (cap_add, security_opt) and for values that hold unknown variables.

// bareVariable matches a variable reference without a default: $NAME,
// ${NAME}, ${NAME:?message}. The scan reads no environment, so its value
// is unknown.
var bareVariable = regexp.MustCompile(`\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*)?\})`)

// writesUnknown reports whether any definition of the service writes the
// field (a scalar, or a list's entries) with a variable that has no
// default: the merged value then only says what an empty variable gives,
// and the rule must not judge it.
func writesUnknown(s *pcompose.Service, field string) bool {
	for _, d := range s.Defs {
		m := d.File.Doc.Lookup(yamlpos.P(d.Path(), field))
		if !m.Exact {
			continue
		}
		nodes := []*yaml.Node{m.Node}
		if m.Node.Kind == yaml.SequenceNode {
			nodes = m.Node.Content
		}
		for _, n := range nodes {
			n = yamlpos.Resolve(n)
			if n.Kind == yaml.ScalarNode && bareVariable.MatchString(strings.ReplaceAll(n.Value, "$$", "")) {
				return true
			}
		}
	}
	return false
}

// locateEntry finds a list entry with the first matcher that finds one —
// from the most exact to the loosest — in any definition, or falls back to
// the field's key.
func locateEntry(proj *pcompose.Project, s *pcompose.Service, field string, matchers ...func(*yaml.Node) bool) pcompose.Location {
	for _, m := range matchers {
		loc := proj.LocateItem(s, at(field), m)
		if n := len(loc.At); n > 0 && loc.At[n-1].IsIndex {
			return loc
		}
	}
	return proj.Locate(s, at(field))
}

// matchScalar accepts a scalar entry written exactly as value.
func matchScalar(value string) func(*yaml.Node) bool {
	value = strings.TrimSpace(value)
	return func(n *yaml.Node) bool {
		return n.Kind == yaml.ScalarNode && strings.TrimSpace(n.Value) == value
	}
}

// matchInterpolated accepts a scalar entry that holds a variable whose
// default gives value ("${OPT:-seccomp=unconfined}").
func matchInterpolated(value string) func(*yaml.Node) bool {
	value = strings.TrimSpace(value)
	return func(n *yaml.Node) bool {
		return n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "$") && strings.Contains(n.Value, value)
	}
}
