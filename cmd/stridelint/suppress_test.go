package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// testdata/suppressed is a repository that accepts some risks with ignore
// comments and an annotation; every critical finding in it is suppressed.

const suppressedDir = "testdata/suppressed"

// TestSuppressedGolden pins what a user sees of suppressed findings in
// every format. Run `go test ./cmd/stridelint -update` to accept a change.
func TestSuppressedGolden(t *testing.T) {
	repoRoot(t)
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"testdata/suppressed.txt", []string{"--format", "text", "--no-color"}},
		{"testdata/suppressed-shown.txt", []string{"--format", "text", "--no-color", "--show-suppressed"}},
		{"testdata/suppressed.json", []string{"--format", "json"}},
		{"testdata/suppressed.sarif", []string{"--format", "sarif"}},
	} {
		t.Run(filepath.Base(tc.golden), func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(append(append([]string{"scan"}, tc.args...), suppressedDir), &out, &errOut); code != 1 {
				t.Fatalf("exit %d, want 1 (unsuppressed high findings remain): %s", code, errOut.String())
			}
			if *update {
				if err := os.WriteFile(tc.golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(tc.golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("output differs from %s; run `go test ./cmd/stridelint -update` if the change is intended:\n%s", tc.golden, out.String())
			}
		})
	}
}

// What each format says about suppression, independently of the goldens.
func TestSuppressedFormats(t *testing.T) {
	repoRoot(t)
	scan := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		run(append(append([]string{"scan"}, args...), suppressedDir), &out, &errOut)
		return out.String()
	}

	text := scan("--no-color")
	if !strings.Contains(text, "\n11 findings suppressed (--show-suppressed to list)\n") {
		t.Errorf("text does not count the suppressed findings:\n%s", text)
	}
	if strings.Contains(text, "KW001") || strings.Contains(text, "suppressed at") {
		t.Errorf("text lists a suppressed finding without --show-suppressed:\n%s", text)
	}
	shown := scan("--no-color", "--show-suppressed")
	for _, want := range []string{
		"KW001  container \"agent\" of DaemonSet node-agent runs privileged",
		"suppressed at testdata/suppressed/k8s/agent.yaml:19:9: loads eBPF programs; reviewed by security, SEC-142",
		"suppressed at testdata/suppressed/k8s/agent.yaml:7:27: sized by the LimitRange",
		"\n11 findings suppressed\n",
	} {
		if !strings.Contains(shown, want) {
			t.Errorf("--show-suppressed lacks %q:\n%s", want, shown)
		}
	}
	if flat := scan("--no-color"); strings.Count(flat, "SL001") != 1 {
		t.Errorf("the unknown rule DF3008 is not reported once by SL001:\n%s", flat)
	}

	var rep struct {
		Summary struct {
			Findings   int `json:"findings"`
			Suppressed int `json:"suppressed"`
		} `json:"summary"`
		Findings []struct {
			Rule       string `json:"rule"`
			Path       string `json:"path"`
			Suppressed *struct {
				Kind          string `json:"kind"`
				Justification string `json:"justification"`
				Path          string `json:"path"`
				Line          int    `json:"line"`
			} `json:"suppressed"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(scan("--format", "json")), &rep); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range rep.Findings {
		if s := f.Suppressed; s != nil {
			n++
			if s.Kind != "inSource" || s.Path != f.Path || s.Line < 1 || s.Justification == "" {
				t.Errorf("%s in %s: suppressed %+v", f.Rule, f.Path, *s)
			}
		}
	}
	if n != 11 || rep.Summary.Suppressed != 11 || rep.Summary.Findings+n != len(rep.Findings) {
		t.Errorf("JSON: %d suppressed findings, summary %+v, %d findings", n, rep.Summary, len(rep.Findings))
	}
}

// The SARIF of suppressed findings validates against the SARIF 2.1.0
// schema (the one in ../shared/schemas, copied to testdata/schemas) and
// marks exactly the suppressed results.
func TestSuppressedSARIFValid(t *testing.T) {
	repoRoot(t)
	var out, errOut bytes.Buffer
	run([]string{"scan", "--format", "sarif", suppressedDir}, &out, &errOut)
	f, err := os.Open("testdata/schemas/sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://stridelint.invalid/sarif-2.1.0.json"
	if err := c.AddResource(url, schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF with suppressions does not validate: %v", err)
	}
	if bytes.Contains(out.Bytes(), []byte("null")) {
		t.Error("SARIF contains null")
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID       string `json:"ruleId"`
				Suppressions []struct {
					Kind, Status, GUID, Justification string
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	guids := map[string]bool{}
	suppressed := 0
	for _, r := range log.Runs[0].Results {
		for _, s := range r.Suppressions {
			suppressed++
			if s.Kind != "inSource" || s.Status != "accepted" || s.Justification == "" || !uuid.MatchString(s.GUID) || guids[s.GUID] {
				t.Errorf("%s: suppression %+v", r.RuleID, s)
			}
			guids[s.GUID] = true
		}
	}
	if suppressed != 11 {
		t.Errorf("%d suppressed results, want 11", suppressed)
	}
}

// Suppressed findings never count for the exit code: every critical
// finding of the example is suppressed, so --fail-on critical passes; the
// same files without their ignore comments and annotation fail.
func TestSuppressedExitCode(t *testing.T) {
	repoRoot(t)
	var out, errOut bytes.Buffer
	if code := run([]string{"scan", "--fail-on", "critical", suppressedDir}, &out, &errOut); code != 0 {
		t.Errorf("exit %d with every critical finding suppressed, want 0:\n%s", code, out.String())
	}
	bare := t.TempDir()
	copyTree(t, suppressedDir, bare)
	ignoreLine := regexp.MustCompile(`(?m)\s*#\s*stridelint ignore=.*$|\n\s*stridelint\.io/ignore:.*`)
	err := filepath.WalkDir(bare, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, ignoreLine.ReplaceAll(data, nil), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run([]string{"scan", "--fail-on", "critical", bare}, &out, &errOut); code != 1 {
		t.Errorf("exit %d without the suppressions, want 1:\n%s", code, out.String())
	}
	if strings.Contains(out.String(), "suppressed") {
		t.Errorf("findings suppressed in the copy without suppressions:\n%s", out.String())
	}
}
