package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"slices"
	"strconv"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// jsonVersion is the version of the JSON format (docs/json-format.md). It
// changes only when a field is removed or changes meaning; new fields may
// be added without a new version.
const jsonVersion = 1

// The JSON document. Structs keep the keys in a fixed order.
type (
	jsonReport struct {
		Version  int           `json:"version"`
		Tool     jsonTool      `json:"tool"`
		Summary  jsonSummary   `json:"summary"`
		Findings []jsonFinding `json:"findings"`
		Errors   []jsonError   `json:"errors"`
		// Absent are the baseline's entries no longer found (only with a
		// baseline).
		Absent []jsonFinding `json:"absent,omitempty"`
	}
	jsonTool struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	jsonSummary struct {
		Files       int           `json:"files"`
		FilesByKind orderedCounts `json:"filesByKind"`
		Findings    int           `json:"findings"`
		Suppressed  int           `json:"suppressed"`
		BySeverity  orderedCounts `json:"bySeverity"`
		ByStride    orderedCounts `json:"byStride"`
		Errors      int           `json:"errors"`
		// Baseline is set when the scan was compared with a baseline.
		Baseline *jsonBaselineCounts `json:"baseline,omitempty"`
	}
	jsonBaselineCounts struct {
		New       int `json:"new"`
		Unchanged int `json:"unchanged"`
		Absent    int `json:"absent"`
	}
	jsonFinding struct {
		Rule        string        `json:"rule"`
		Title       string        `json:"title"`
		Severity    string        `json:"severity"`
		Threats     []string      `json:"threats"`
		Stride      []string      `json:"stride"`
		Path        string        `json:"path"`
		Line        int           `json:"line"`
		Column      int           `json:"column,omitempty"`
		EndLine     int           `json:"endLine"`
		EndColumn   int           `json:"endColumn,omitempty"`
		Message     string        `json:"message"`
		Fingerprint string        `json:"fingerprint,omitempty"`
		CIS         []string      `json:"cis,omitempty"`
		Related     []jsonRelated `json:"related"`
		// BaselineState is new, unchanged or absent when the scan was
		// compared with a baseline.
		BaselineState string        `json:"baselineState,omitempty"`
		Suppressed    *jsonSuppress `json:"suppressed,omitempty"`
	}
	jsonSuppress struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification"`
		Path          string `json:"path"`
		Line          int    `json:"line"`
		Column        int    `json:"column,omitempty"`
	}
	jsonRelated struct {
		Path    string `json:"path"`
		Line    int    `json:"line"`
		Column  int    `json:"column,omitempty"`
		Message string `json:"message"`
	}
	jsonError struct {
		Path     string `json:"path"`
		Line     int    `json:"line"`
		Column   int    `json:"column,omitempty"`
		Message  string `json:"message"`
		Internal bool   `json:"internal"`
	}
)

// orderedCounts is a JSON object of counts whose keys keep their order.
type orderedCounts []keyCount

type keyCount struct {
	key string
	n   int
}

func (o orderedCounts) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kc := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(kc.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(kc.n))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeJSON(w io.Writer, res *rules.Result, opts Options) error {
	c := count(res)
	doc := jsonReport{
		Version: jsonVersion,
		Tool:    jsonTool{Name: toolName, Version: opts.ToolVersion},
		Summary: jsonSummary{
			Files:       len(res.Files),
			FilesByKind: kindCounts(c.byKind),
			Findings:    c.findings,
			Suppressed:  c.suppressed,
			BySeverity:  severityCounts(c.bySeverity),
			ByStride:    strideCounts(c.byStride),
			Errors:      len(res.Errors),
		},
		Findings: make([]jsonFinding, 0, len(res.Findings)),
		Errors:   make([]jsonError, 0, len(res.Errors)),
	}
	byID := ruleMap(res)
	for _, f := range res.Findings {
		doc.Findings = append(doc.Findings, toJSONFinding(f, byID[f.RuleID]))
		if f.BaselineState != "" {
			if doc.Summary.Baseline == nil {
				doc.Summary.Baseline = &jsonBaselineCounts{}
			}
			if f.BaselineState == rules.BaselineUnchanged {
				doc.Summary.Baseline.Unchanged++
			} else {
				doc.Summary.Baseline.New++
			}
		}
	}
	for _, f := range res.Absent {
		f.BaselineState = rules.BaselineAbsent
		doc.Absent = append(doc.Absent, toJSONFinding(f, byID[f.RuleID]))
		if doc.Summary.Baseline == nil {
			doc.Summary.Baseline = &jsonBaselineCounts{}
		}
		doc.Summary.Baseline.Absent++
	}
	for _, e := range res.Errors {
		doc.Errors = append(doc.Errors, jsonError{
			Path: e.Path, Line: max(e.Line, 0), Column: max(e.Col, 0), Message: e.Message, Internal: e.Internal,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func toJSONFinding(f rules.Finding, r *rules.Rule) jsonFinding {
	s := span(f.Range)
	jf := jsonFinding{
		Rule:          f.RuleID,
		Severity:      validSeverity(f.Severity, r).String(),
		Threats:       []string{},
		Stride:        []string{},
		Path:          f.Path,
		Line:          s.StartLine,
		Column:        s.StartCol,
		EndLine:       s.EndLine,
		EndColumn:     s.EndCol,
		Message:       f.Message,
		Fingerprint:   f.Fingerprint,
		CIS:           f.CIS,
		Related:       make([]jsonRelated, 0, len(f.Related)),
		BaselineState: f.BaselineState,
	}
	if r != nil {
		jf.Title = r.Title
		for _, t := range r.Threats {
			jf.Threats = append(jf.Threats, string(t))
		}
		for _, cat := range r.STRIDE {
			jf.Stride = append(jf.Stride, string(cat))
		}
	}
	for _, rel := range f.Related {
		rs := span(rel.Range)
		path := rel.Path
		if path == "" {
			path = f.Path
		}
		jf.Related = append(jf.Related, jsonRelated{Path: path, Line: rs.StartLine, Column: rs.StartCol, Message: rel.Message})
	}
	if sp := f.Suppression; sp != nil {
		ss := span(sp.Range)
		jf.Suppressed = &jsonSuppress{Kind: string(sp.Kind), Justification: sp.Justification,
			Path: cmp.Or(sp.Path, f.Path), Line: ss.StartLine, Column: ss.StartCol}
	}
	return jf
}

// kindCounts has every known kind, in parsers.Kinds order, then any other
// kind the result holds, sorted.
func kindCounts(m map[parsers.Kind]int) orderedCounts {
	var out orderedCounts
	for _, k := range parsers.Kinds {
		out = append(out, keyCount{string(k), m[k]})
	}
	var extra []string
	for k := range m {
		if !slices.Contains(parsers.Kinds, k) {
			extra = append(extra, string(k))
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		out = append(out, keyCount{k, m[parsers.Kind(k)]})
	}
	return out
}

// severityCounts has all five severities, most severe first.
func severityCounts(m map[rules.Severity]int) orderedCounts {
	out := make(orderedCounts, 0, len(rules.Severities))
	for _, s := range rules.Severities {
		out = append(out, keyCount{s.String(), m[s]})
	}
	return out
}

// strideCounts has all six categories, in the acronym's order.
func strideCounts(m map[rules.Category]int) orderedCounts {
	out := make(orderedCounts, 0, len(rules.STRIDE))
	for _, c := range rules.STRIDE {
		out = append(out, keyCount{string(c), m[c]})
	}
	return out
}
