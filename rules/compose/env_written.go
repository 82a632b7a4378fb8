package compose

import (
	"regexp"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// written is a value as the compose file writes it. compose-go hands the
// rules the interpolated value, in which `${DB_PASSWORD}` has become ""
// and `${DB_PASSWORD:-changeme}` "changeme": a rule that must tell a
// reference from a literal, or a literal from a default, reads the text.
type written struct {
	// Raw is the text as written, variables included. It may hold a
	// secret: never put it in a message.
	Raw string
	// Value is what the file gives by itself: literal text, and the
	// defaults of the variables, every variable taken as unset (the scan
	// reads no environment and no .env file).
	Value string
	// Known reports whether Value is the whole value: no part of it comes
	// from a variable without a default (`${X}`, `${X:?err}`, `${X:+alt}`,
	// `${X:-}`), whose value the scan cannot know.
	Known bool
	// Defaulted names the first variable whose default gives part of
	// Value: `${POSTGRES_PASSWORD:-changeme}` gives "POSTGRES_PASSWORD".
	Defaulted string
	// Marked is Value with each unknown part replaced by unknownMark.
	Marked string
}

// unknownMark stands for the value of a variable the scan cannot know in
// written.Marked.
const unknownMark = "\x00"

var varName = regexp.MustCompile(`^\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// interpolate reads a written value the way compose interpolates it, with
// every variable unset, and says which parts the file itself decides.
func interpolate(raw string) written {
	w := written{Raw: raw, Known: true}
	w.Value = substituteUnset(raw, "", &w)
	w.Marked = substituteUnset(raw, unknownMark, nil)
	return w
}

// substituteUnset interpolates raw with every variable unset, writing mark
// for each part a variable without a default would give, and records in w
// (when not nil) what it found.
func substituteUnset(raw, mark string, w *written) string {
	unset := func(string) (string, bool) { return "", false }
	var repl template.ReplacementFunc
	// compose-go hands a replacement function everything from a "${" to
	// the last "}" of the text at once; each ${...} is taken on its own
	// here, so that "${A:-x}-${B}" is seen to depend on B.
	repl = func(sub string, m template.Mapping, cfg *template.Config) (string, error) {
		if sub == "$$" {
			return "$", nil
		}
		head, rest := sub, ""
		if i := closingBrace(sub); i >= 0 {
			head, rest = sub[:i+1], sub[i+1:]
		}
		v, err := template.DefaultReplacementFunc(head, m, cfg)
		if err != nil || v == "" || strings.Contains(head[1:], "$") {
			// No default, or a default made of other variables.
			v = mark
			if w != nil {
				w.Known = false
			}
		} else if w != nil && w.Defaulted == "" {
			if n := varName.FindStringSubmatch(head); n != nil {
				w.Defaulted = n[1]
			}
		}
		if rest == "" {
			return v, nil
		}
		out, _ := template.SubstituteWithOptions(rest, unset, template.WithoutLogging, template.WithReplacementFunction(repl))
		return v + out, nil
	}
	out, _ := template.SubstituteWithOptions(raw, unset, template.WithoutLogging, template.WithReplacementFunction(repl))
	return out
}

// closingBrace is the index of the "}" that closes the "${" at the start of
// s, or -1 (as compose-go splits a substitution from the text after it).
func closingBrace(s string) int {
	open := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '}':
			open--
			if open == 0 {
				return i
			}
		case '{':
			open++
		}
	}
	return -1
}

// entry is one KEY=VALUE of a setting written as a map or as a list of
// strings (environment, build.args), where the effective value is written.
type entry struct {
	Key string
	written
	Loc pcompose.Location
}

// entries returns the entries of a map-or-list setting of the merged
// service that have a value, by key, each read where it is written (the
// override file or extends base that wins). Keys without a value (`- KEY`,
// `KEY:`) take it from the environment compose runs in and are skipped, as
// are keys that are not written as such anywhere (built by interpolation).
func entries(proj *pcompose.Project, s *pcompose.Service, field yamlpos.Path, m types.MappingWithEquals) []entry {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if v != nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []entry
	for _, k := range keys {
		loc := proj.LocateKey(s, field, k)
		if !loc.Exact || len(loc.At) != len(field)+1 {
			continue
		}
		n := loc.Def.File.Doc.Lookup(yamlpos.P(loc.Def.Path(), loc.At)).Node
		if n == nil || n.Kind != yaml.ScalarNode {
			continue
		}
		raw := n.Value
		if loc.At[len(loc.At)-1].IsIndex {
			var ok bool
			if _, raw, ok = strings.Cut(n.Value, "="); !ok {
				continue
			}
		} else if n.Tag == "!!null" {
			continue
		}
		out = append(out, entry{Key: k, written: interpolate(raw), Loc: loc})
	}
	return out
}
