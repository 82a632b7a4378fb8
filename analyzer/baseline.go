package analyzer

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// FingerprintScheme names the way finding fingerprints are computed
// (fingerprintKey); it is the partialFingerprints key of SARIF output too,
// and changes if the computation ever does, which makes older baselines
// unreadable rather than silently wrong.
const FingerprintScheme = "stridelint/v1"

// Baseline is the set of findings a project has accepted for now: a scan
// compared with it counts only the findings that are not in it. Findings
// are matched by fingerprint, which survives edits elsewhere in a file and
// moves of the offending line; rule, path, line and message are there for
// the people who read the file (and for SARIF results of absent entries).
type Baseline struct {
	Version      int             `json:"version"`
	Tool         string          `json:"tool"`
	Fingerprints string          `json:"fingerprints"`
	Findings     []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Severity    string `json:"severity"`
	Message     string `json:"message"`
	Fingerprint string `json:"fingerprint"`
}

// NewBaseline records the findings of res that are not suppressed, sorted
// by path, line, rule and fingerprint.
func NewBaseline(res *rules.Result) *Baseline {
	b := &Baseline{Version: BaselineVersion, Tool: "stridelint", Fingerprints: FingerprintScheme, Findings: []BaselineEntry{}}
	for _, f := range res.Findings {
		if f.Suppression != nil || f.Fingerprint == "" {
			continue
		}
		b.Findings = append(b.Findings, BaselineEntry{
			Rule: f.RuleID, Path: f.Path, Line: f.Range.Normalized().StartLine, Severity: f.Severity.String(),
			Message: f.Message, Fingerprint: f.Fingerprint,
		})
	}
	b.sort()
	return b
}

func (b *Baseline) sort() {
	slices.SortFunc(b.Findings, func(x, y BaselineEntry) int {
		return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(x.Line, y.Line),
			cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
}

// Write writes the baseline as indented JSON ending with a newline.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}

// WriteFile writes the baseline to a file.
func (b *Baseline) WriteFile(file string) error {
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	return nil
}

// ReadBaseline reads a baseline file. Errors name the file (and the line
// of a JSON syntax error).
func ReadBaseline(file string) (*Baseline, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", file, unwrapPathError(err))
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := offsetPosition(data, se.Offset)
			return nil, fmt.Errorf("%s:%d:%d: not a baseline file: %v", file, line, col, err)
		case errors.As(err, &te):
			line, col := offsetPosition(data, te.Offset)
			return nil, fmt.Errorf("%s:%d:%d: not a baseline file: %s must be %s", file, line, col, te.Field, te.Type)
		}
		return nil, fmt.Errorf("%s: not a baseline file: %v", file, err)
	}
	switch {
	case b.Version == 0 && b.Tool != "stridelint":
		return nil, fmt.Errorf("%s: not a stridelint baseline (write one with stridelint scan --write-baseline)", file)
	case b.Version != BaselineVersion:
		return nil, fmt.Errorf("%s: baseline version %d, this stridelint reads version %d", file, b.Version, BaselineVersion)
	case b.Fingerprints != FingerprintScheme:
		return nil, fmt.Errorf("%s: the baseline's fingerprints are %q, this stridelint computes %q: write the baseline again", file, b.Fingerprints, FingerprintScheme)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" || e.Rule == "" {
			return nil, fmt.Errorf("%s: findings[%d] has no fingerprint or rule", file, i)
		}
	}
	return &b, nil
}

// offsetPosition turns a byte offset into a 1-based line and column.
func offsetPosition(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, max(col, 1)
}

// ApplyBaseline marks each finding of res new or unchanged and lists in
// res.Absent the entries of b that the scan no longer finds (Run does it
// with Options.Baseline). An entry is absent only when the scan could have
// found it: its rule ran, and its file was scanned or no longer exists (a
// scan of part of the tree does not call the rest of the baseline fixed).
// base is the directory display paths are relative to ("" for the working
// directory).
func ApplyBaseline(res *rules.Result, b *Baseline, base string) {
	res.Absent = nil
	found := map[string]bool{}
	known := map[string]bool{}
	for _, e := range b.Findings {
		known[e.Fingerprint] = true
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		found[f.Fingerprint] = true
		if known[f.Fingerprint] {
			f.BaselineState = rules.BaselineUnchanged
		} else {
			f.BaselineState = rules.BaselineNew
		}
	}
	ran := map[string]bool{}
	for _, r := range res.Rules {
		ran[r.ID] = true
	}
	scanned := map[string]bool{}
	for _, f := range res.Files {
		scanned[f.Path] = true
	}
	for _, e := range b.Findings {
		if found[e.Fingerprint] || !ran[e.Rule] {
			continue
		}
		if !scanned[e.Path] && exists(base, e.Path) {
			continue
		}
		sev, _ := rules.ParseSeverity(e.Severity)
		res.Absent = append(res.Absent, rules.Finding{
			RuleID: e.Rule, Severity: sev, Message: e.Message, Path: e.Path,
			Range:       parsers.Range{StartLine: max(e.Line, 1)},
			Fingerprint: e.Fingerprint, BaselineState: rules.BaselineAbsent,
		})
		found[e.Fingerprint] = true // an entry written twice is absent once
	}
	slices.SortFunc(res.Absent, rules.Compare)
}

// exists reports whether a display path names an existing file.
func exists(base, display string) bool {
	p := filepath.FromSlash(display)
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	_, err := os.Lstat(p)
	return err == nil
}
