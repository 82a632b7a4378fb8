package all_test

// The fixture harness, in the manner of go/analysis's analysistest: every
// fixture under testdata/rules/<RULE>/ carries its expectations on the very
// line they are about —
//
//	USER root  # want: DF001
//	"hosts": ["tcp://0.0.0.0:2375"]  // want: DD001
//
// — and one test runs the whole analyzer over each fixture and fails on any
// finding that is missing, unexpected, or on another line. `# want: error`
// expects a parse error on that line. Expectations are about the findings
// that count: a finding that an ignore comment or annotation suppresses is
// expected with `# want-suppressed: KW001` instead (both forms may end one
// line, `# want: KW002  # want-suppressed: KW001`).
//
// Each entry directly under testdata/rules/<RULE>/ is one scan: a file on
// its own, or a directory scanned as a whole (for cross-file cases). A
// fixture is judged on the rule its directory is named after plus every
// rule its annotations mention; other rules' findings are ignored, so a new
// rule does not force edits to every old fixture.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/all"
)

const fixtureRoot = "../../testdata/rules"

// fixtureSettings, in a fixture directory, holds the rules.Settings (as
// JSON) the scan runs with: {"trustedRegistries": ["registry.example.com"]},
// and the fixture's own options (fixtureOptions).
const fixtureSettings = "fixture.json"

// fixtureOptions are the parts of fixture.json that set up the scan rather
// than the rules: a directory read as a host's "/" (--host-root), and file
// modes and owners that git cannot store.
type fixtureOptions struct {
	// HostRoot scans the fixture directory with --host-root.
	HostRoot bool `json:"hostRoot"`
	// Modes maps a fixture-relative path to an octal mode ("0664").
	Modes map[string]string `json:"modes"`
	// Owners maps a path to "uid:gid"; applied only when the test runs as
	// root (the expectations that depend on it are then checked too, see
	// RootOnly).
	Owners map[string]string `json:"owners"`
	// RootOnly lists rule IDs whose expectations hold only when Owners
	// could be applied.
	RootOnly []string `json:"rootOnly"`
}

// wantRe matches an expectation comment at the end of a line.
var wantRe = regexp.MustCompile(`\s*(?:#|//)\s*want(-suppressed)?:\s*([A-Za-z0-9, -]+?)\s*$`)

// expectation is "this rule (or "error") on this line of this file", and
// whether the finding is suppressed.
type expectation struct {
	path       string
	line       int
	id         string
	suppressed bool
}

func (e expectation) String() string {
	if e.suppressed {
		return fmt.Sprintf("%s:%d: %s (suppressed)", e.path, e.line, e.id)
	}
	return fmt.Sprintf("%s:%d: %s", e.path, e.line, e.id)
}

func TestFixtures(t *testing.T) {
	reg, err := all.Registry()
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := os.ReadDir(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		ruleID := d.Name()
		if _, ok := reg.Lookup(ruleID); !ok {
			t.Errorf("testdata/rules/%s: no such rule", ruleID)
			continue
		}
		units, err := os.ReadDir(filepath.Join(fixtureRoot, ruleID))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range units {
			t.Run(ruleID+"/"+u.Name(), func(t *testing.T) {
				t.Parallel()
				runFixture(t, reg, ruleID, filepath.Join(fixtureRoot, ruleID, u.Name()))
			})
		}
	}
}

// TestEveryRuleHasFixturesBothWays: a rule needs a fixture that triggers
// it and one (the safe form) that must not.
func TestEveryRuleHasFixturesBothWays(t *testing.T) {
	reg, err := all.Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reg.Rules() {
		dir := filepath.Join(fixtureRoot, r.ID)
		units, err := os.ReadDir(dir)
		if err != nil {
			t.Errorf("%s: no fixtures in testdata/rules/%s", r.ID, r.ID)
			continue
		}
		var pos, neg int
		for _, u := range units {
			_, wants, err := stripUnit(filepath.Join(dir, u.Name()), "")
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(wants, func(e expectation) bool { return e.id == r.ID }) {
				pos++
			} else {
				neg++
			}
		}
		if pos == 0 || neg == 0 {
			t.Errorf("%s: %d triggering and %d safe fixtures; need at least one of each", r.ID, pos, neg)
		}
	}
}

func runFixture(t *testing.T, reg *rules.Registry, ruleID, unit string) {
	tmp := t.TempDir()
	files, wants, err := stripUnit(unit, tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s: empty fixture", unit)
	}
	judged := map[string]bool{ruleID: true, "error": true}
	for _, w := range wants {
		judged[w.id] = true
	}
	var settings rules.Settings
	var fo fixtureOptions
	if data, err := os.ReadFile(filepath.Join(unit, fixtureSettings)); err == nil {
		if err := json.Unmarshal(data, &settings); err != nil {
			t.Fatalf("%s: %v", fixtureSettings, err)
		}
		if err := json.Unmarshal(data, &fo); err != nil {
			t.Fatalf("%s: %v", fixtureSettings, err)
		}
	}
	root := filepath.Join(tmp, filepath.Base(unit))
	for rel, m := range fo.Modes {
		mode, err := strconv.ParseUint(m, 8, 32)
		if err != nil {
			t.Fatalf("%s: mode %q: %v", fixtureSettings, m, err)
		}
		if err := os.Chmod(filepath.Join(root, filepath.FromSlash(rel)), os.FileMode(mode)); err != nil {
			t.Fatal(err)
		}
	}
	if len(fo.Owners) > 0 && os.Geteuid() != 0 {
		t.Logf("not root: owners of %v not set, expectations of %v not checked", fo.Owners, fo.RootOnly)
		wants = slices.DeleteFunc(wants, func(e expectation) bool { return slices.Contains(fo.RootOnly, e.id) })
		judged[ruleID] = !slices.Contains(fo.RootOnly, ruleID)
		for _, id := range fo.RootOnly {
			judged[id] = false
		}
	} else {
		for rel, o := range fo.Owners {
			var uid, gid int
			if _, err := fmt.Sscanf(o, "%d:%d", &uid, &gid); err != nil {
				t.Fatalf("%s: owner %q: %v", fixtureSettings, o, err)
			}
			if err := os.Lchown(filepath.Join(root, filepath.FromSlash(rel)), uid, gid); err != nil {
				t.Fatal(err)
			}
		}
	}
	opts := analyzer.Options{
		Paths:    []string{root},
		BaseDir:  tmp,
		Registry: reg,
		Enable:   []string{"all"},
		Settings: settings,
	}
	if fo.HostRoot {
		opts.Paths, opts.HostRoot = nil, root
	}
	res, err := analyzer.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []expectation
	for _, f := range res.Findings {
		if judged[f.RuleID] {
			got = append(got, expectation{path: f.Path, line: f.Range.StartLine, id: f.RuleID, suppressed: f.Suppressed()})
		}
	}
	for _, e := range res.Errors {
		got = append(got, expectation{path: e.Path, line: e.Line, id: "error"})
	}
	missing, unexpected := diff(wants, got)
	for _, m := range missing {
		t.Errorf("missing:    %s", m)
	}
	for _, u := range unexpected {
		t.Errorf("unexpected: %s%s", u, detail(res, u))
	}
}

// detail is the message of an unexpected finding or error, for the log.
func detail(res *rules.Result, e expectation) string {
	for _, f := range res.Findings {
		if f.Path == e.path && f.Range.StartLine == e.line && f.RuleID == e.id && f.Suppressed() == e.suppressed {
			return " — " + f.Message
		}
	}
	for _, er := range res.Errors {
		if er.Path == e.path && er.Line == e.line {
			return " — " + er.Message
		}
	}
	return ""
}

// diff compares expectations as multisets.
func diff(want, got []expectation) (missing, unexpected []expectation) {
	count := map[expectation]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		if count[g] > 0 {
			count[g]--
		} else {
			unexpected = append(unexpected, g)
		}
	}
	for _, w := range want {
		if count[w] > 0 {
			count[w]--
			missing = append(missing, w)
		}
	}
	sortExp(missing)
	sortExp(unexpected)
	return missing, unexpected
}

func sortExp(es []expectation) {
	sort.Slice(es, func(i, j int) bool {
		if es[i].path != es[j].path {
			return es[i].path < es[j].path
		}
		if es[i].line != es[j].line {
			return es[i].line < es[j].line
		}
		if es[i].id != es[j].id {
			return es[i].id < es[j].id
		}
		return !es[i].suppressed && es[j].suppressed
	})
}

// stripUnit reads a fixture (file or directory), collects its
// expectations and, when dst is not empty, writes a copy under dst with the
// annotations blanked out (replaced by nothing at the end of the line, so
// every line keeps its number and every column before it its place).
// Paths in expectations are relative to dst, as the analyzer reports them.
func stripUnit(unit, dst string) (files []string, wants []expectation, err error) {
	base := filepath.Dir(unit)
	err = filepath.WalkDir(unit, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == fixtureSettings {
			return err
		}
		rel, _ := filepath.Rel(base, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lines := strings.SplitAfter(string(data), "\n")
		for i, l := range lines {
			body, eol := splitEOL(l)
			found := false
			for m := wantRe.FindStringSubmatchIndex(body); m != nil; m = wantRe.FindStringSubmatchIndex(body) {
				for _, id := range strings.FieldsFunc(body[m[4]:m[5]], func(r rune) bool { return r == ',' || r == ' ' }) {
					wants = append(wants, expectation{path: rel, line: i + 1, id: id, suppressed: m[2] >= 0})
				}
				body, found = body[:m[0]], true
			}
			if found {
				lines[i] = body + eol
			}
		}
		files = append(files, rel)
		if dst == "" {
			return nil
		}
		out := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, []byte(strings.Join(lines, "")), 0o644)
	})
	return files, wants, err
}

func splitEOL(l string) (body, eol string) {
	switch {
	case strings.HasSuffix(l, "\r\n"):
		return l[:len(l)-2], "\r\n"
	case strings.HasSuffix(l, "\n"):
		return l[:len(l)-1], "\n"
	}
	return l, ""
}
