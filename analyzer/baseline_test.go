package analyzer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/rules"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, text := range files {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func scanWith(t *testing.T, root string, b *analyzer.Baseline, paths []string, disable ...string) *rules.Result {
	t.Helper()
	res, err := analyzer.Run(context.Background(), analyzer.Options{
		Paths: paths, BaseDir: root, Registry: registry(t), Baseline: b, Disable: disable,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

const rootDockerfile = "FROM alpine:3.19\nRUN apk add curl\nUSER root\n"

// A baseline written and read back is the same; it is sorted, versioned
// and names rule, path and line for the people who read it.
func TestBaselineRoundTrip(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"b/Dockerfile": rootDockerfile, "a/Dockerfile": rootDockerfile})
	res := scanWith(t, root, nil, []string{root})
	b := analyzer.NewBaseline(res)
	if len(b.Findings) != len(res.Findings) || len(b.Findings) < 4 {
		t.Fatalf("%d entries for %d findings", len(b.Findings), len(res.Findings))
	}
	file := filepath.Join(root, "baseline.json")
	if err := b.WriteFile(file); err != nil {
		t.Fatal(err)
	}
	back, err := analyzer.ReadBaseline(file)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b, back) {
		t.Errorf("read back %+v\nwrote %+v", back, b)
	}
	if !slices.IsSortedFunc(b.Findings, func(x, y analyzer.BaselineEntry) int {
		return strings.Compare(x.Path, y.Path)
	}) || b.Findings[0].Path != "a/Dockerfile" {
		t.Errorf("not sorted by path: %+v", b.Findings)
	}
	data, _ := os.ReadFile(file)
	for _, want := range []string{`"version": 1`, `"fingerprints": "stridelint/v1"`, `"rule": "DF001"`, `"path": "a/Dockerfile"`, `"line": 3`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("baseline file lacks %s:\n%s", want, data)
		}
	}
	// Deterministic: the same scan writes the same bytes.
	var again bytes.Buffer
	if err := analyzer.NewBaseline(scanWith(t, root, nil, []string{root})).Write(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), data) {
		t.Error("two baselines of the same tree differ")
	}

	// Suppressed findings are not recorded.
	res.Findings[0].Suppression = &rules.Suppression{Kind: rules.External, Justification: "x"}
	if n := len(analyzer.NewBaseline(res).Findings); n != len(res.Findings)-1 {
		t.Errorf("%d entries with one finding suppressed, want %d", n, len(res.Findings)-1)
	}
}

// Compared with its baseline, a tree whose findings moved (lines inserted
// above them) has only unchanged findings; a new finding is new; a fixed
// one is absent — but not the entries of files the scan did not look at,
// nor those of rules that did not run.
func TestBaselineStates(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"app/Dockerfile": rootDockerfile, "other/Dockerfile": rootDockerfile})
	b := analyzer.NewBaseline(scanWith(t, root, nil, []string{root}))

	writeFiles(t, root, map[string]string{"app/Dockerfile": "# syntax=docker/dockerfile:1\n# the app\n\n" + rootDockerfile})
	res := scanWith(t, root, b, []string{root})
	for _, f := range res.Findings {
		if f.BaselineState != rules.BaselineUnchanged {
			t.Errorf("%s %s:%d is %q after lines moved, want unchanged", f.RuleID, f.Path, f.Range.StartLine, f.BaselineState)
		}
	}
	if len(res.Absent) != 0 || res.CountAtLeast(rules.Info) != 0 {
		t.Errorf("absent %+v, %d counting", res.Absent, res.CountAtLeast(rules.Info))
	}

	// Fix the root user in app, add a secret-free new problem in other.
	writeFiles(t, root, map[string]string{
		"app/Dockerfile":   "FROM alpine:3.19\nRUN apk add curl\nUSER 10001\n",
		"other/Dockerfile": rootDockerfile + "EXPOSE 22\n",
	})
	res = scanWith(t, root, b, []string{root})
	var states []string
	for _, f := range res.Findings {
		if f.BaselineState == rules.BaselineNew {
			states = append(states, "new "+f.RuleID+" "+f.Path)
		}
	}
	for _, f := range res.Absent {
		states = append(states, "absent "+f.RuleID+" "+f.Path)
		if f.BaselineState != rules.BaselineAbsent || f.Fingerprint == "" || f.Message == "" || f.Severity == 0 {
			t.Errorf("absent entry %+v", f)
		}
	}
	if !slices.Contains(states, "absent DF001 app/Dockerfile") || !slices.ContainsFunc(states, func(s string) bool {
		return strings.HasPrefix(s, "new ") && strings.HasSuffix(s, " other/Dockerfile")
	}) {
		t.Errorf("states %v: want DF001 absent in app, something new in other", states)
	}
	if res.CountAtLeast(rules.Info) == 0 {
		t.Error("the new finding does not count")
	}

	// Scanning only app: other's entries are not absent (the file exists,
	// it was not looked at).
	res = scanWith(t, root, b, []string{filepath.Join(root, "app")})
	for _, f := range res.Absent {
		if f.Path != "app/Dockerfile" {
			t.Errorf("entry of a file not scanned reported absent: %+v", f)
		}
	}
	// A rule that did not run has no absent entries.
	res = scanWith(t, root, b, []string{root}, "DF001")
	for _, f := range res.Absent {
		if f.RuleID == "DF001" {
			t.Errorf("entry of a disabled rule reported absent: %+v", f)
		}
	}
	// A deleted file's entries are absent.
	if err := os.Remove(filepath.Join(root, "other", "Dockerfile")); err != nil {
		t.Fatal(err)
	}
	res = scanWith(t, root, b, []string{filepath.Join(root, "app")})
	if !slices.ContainsFunc(res.Absent, func(f rules.Finding) bool { return f.Path == "other/Dockerfile" }) {
		t.Errorf("entries of a deleted file are not absent: %+v", res.Absent)
	}
}

func TestReadBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, text, want string }{
		{"not json", "{\n  \"version\": 1,\n  oops\n}\n", "bad.json:3:3: not a baseline file"},
		{"wrong type", `{"version": "1"}`, "bad.json:1:15: not a baseline file: version must be int"},
		{"not ours", `{"runs": []}`, "not a stridelint baseline"},
		{"newer version", `{"version": 2, "tool": "stridelint", "fingerprints": "stridelint/v1", "findings": []}`, "baseline version 2"},
		{"other fingerprints", `{"version": 1, "tool": "stridelint", "fingerprints": "stridelint/v0", "findings": []}`, "write the baseline again"},
		{"entry without fingerprint", `{"version": 1, "tool": "stridelint", "fingerprints": "stridelint/v1", "findings": [{"rule": "DF001"}]}`, "findings[0] has no fingerprint"},
	} {
		file := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(file, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := analyzer.ReadBaseline(file)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := analyzer.ReadBaseline(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: %v", err)
	}
	// An empty baseline is valid.
	var buf bytes.Buffer
	if err := analyzer.NewBaseline(&rules.Result{}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || doc["findings"] == nil {
		t.Errorf("empty baseline: %s (%v)", buf.Bytes(), err)
	}
}
