package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// repoRoot makes the test run from the repository root, so that reported
// paths are the ones a user sees (testdata/examples/...).
func repoRoot(t *testing.T) {
	t.Helper()
	t.Chdir("../..")
}

type jsonReport struct {
	Findings []struct {
		Rule string `json:"rule"`
		Path string `json:"path"`
		Line int    `json:"line"`
	} `json:"findings"`
	Errors []struct {
		Path    string `json:"path"`
		Line    int    `json:"line"`
		Message string `json:"message"`
	} `json:"errors"`
}

func scanJSON(t *testing.T, args ...string) (jsonReport, int, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"scan", "--format", "json"}, args...), &out, &errOut)
	var rep jsonReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output is not JSON (%v): %s\nstderr: %s", err, out.String(), errOut.String())
	}
	return rep, code, errOut.String()
}

func findingKeys(rep jsonReport) []string {
	var keys []string
	for _, f := range rep.Findings {
		keys = append(keys, f.Rule+" "+f.Path+":"+strconv.Itoa(f.Line))
	}
	return keys
}

// The vulnerable example gives the five findings of the walking skeleton,
// each on the line of the offending key, among the others its files
// deserve (the exact set is pinned by the golden SARIF), and exits 1.
func TestVulnerableExample(t *testing.T) {
	repoRoot(t)
	rep, code, stderr := scanJSON(t, "testdata/examples/vulnerable")
	if code != 1 {
		t.Errorf("exit code %d, want 1 (stderr %s)", code, stderr)
	}
	got := findingKeys(rep)
	for _, want := range []string{
		"DF001 testdata/examples/vulnerable/Dockerfile:8",
		"DC002 testdata/examples/vulnerable/docker-compose.yml:11",
		"DD001 testdata/examples/vulnerable/docker/daemon.json:2",
		"KW001 testdata/examples/vulnerable/k8s/deployment.yaml:22",
		"KR001 testdata/examples/vulnerable/k8s/rbac.yaml:8",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %s in %q", want, got)
		}
	}
	if len(rep.Errors) != 0 {
		t.Errorf("errors: %+v", rep.Errors)
	}
}

func TestHardenedExample(t *testing.T) {
	repoRoot(t)
	rep, code, stderr := scanJSON(t, "testdata/examples/hardened")
	if code != 0 || len(rep.Findings) != 0 || len(rep.Errors) != 0 {
		t.Errorf("exit %d, findings %v, errors %+v (stderr %s)", code, findingKeys(rep), rep.Errors, stderr)
	}
}

// A YAML file with a syntax error beside the vulnerable files is reported
// with its path and line; every other finding still appears; exit is not 2.
func TestSyntaxErrorBesideFindings(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../testdata/examples/vulnerable", dir)
	broken := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: 1\n b: 2\n"
	if err := os.WriteFile(filepath.Join(dir, "k8s", "broken.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	before, _, _ := scanJSON(t, "--exclude", "k8s/broken.yaml", ".")
	rep, code, stderr := scanJSON(t, ".")
	if code == 2 {
		t.Errorf("exit code 2 (stderr %s)", stderr)
	}
	if !slices.Equal(findingKeys(rep), findingKeys(before)) || len(rep.Findings) < 5 {
		t.Errorf("findings %v, want the same as without the broken file: %v", findingKeys(rep), findingKeys(before))
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Path != "k8s/broken.yaml" || rep.Errors[0].Line != 7 {
		t.Errorf("errors %+v, want one at k8s/broken.yaml:7", rep.Errors)
	}
}

func TestGoldenSARIF(t *testing.T) {
	repoRoot(t)
	var out, errOut bytes.Buffer
	if code := run([]string{"scan", "--format", "sarif", "testdata/examples"}, &out, &errOut); code != 1 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	golden := "testdata/examples.sarif"
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("SARIF differs from %s; run `go test ./cmd/stridelint -update` if the change is intended", golden)
	}
}

// TestGoldenFormats pins the CI formats' reports of the example
// repository, as TestGoldenSARIF does for SARIF; report's tests parse
// them as GitLab and Jenkins would.
func TestGoldenFormats(t *testing.T) {
	repoRoot(t)
	for format, golden := range map[string]string{
		"github":     "testdata/examples.github.txt",
		"junit":      "testdata/examples.junit.xml",
		"checkstyle": "testdata/examples.checkstyle.xml",
		"gitlab":     "testdata/examples.gitlab.json",
	} {
		t.Run(format, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run([]string{"scan", "--format", format, "testdata/examples"}, &out, &errOut); code != 1 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			if *update {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("%s output differs from %s; run `go test ./cmd/stridelint -update` if the change is intended", format, golden)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	repoRoot(t)
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"scan", "testdata/examples/vulnerable"}, 1},
		{[]string{"scan", "--fail-on", "none", "testdata/examples/vulnerable"}, 0},
		{[]string{"scan", "--fail-on", "critical", "--disable", "DC002,DD001,DD021,KW001", "testdata/examples/vulnerable"}, 0},
		{[]string{"scan", "--fail-on", "high", "--disable", "DC002", "--disable", "DD001", "--disable", "KW001", "testdata/examples/vulnerable"}, 1},
		{[]string{"scan", "--disable", "all", "testdata/examples/vulnerable"}, 0},
		{[]string{"scan", "--disable", "all", "--enable", "DF001", "testdata/examples/vulnerable"}, 1},
		{[]string{"scan", ""}, 2},
		{[]string{"scan", "--disable", "all", "--enable", "DF001", "--disable", "DF001", "testdata/examples/vulnerable"}, 0},
		{[]string{"scan", "testdata/examples/hardened"}, 0},
		{[]string{"scan", "--fail-on", "bogus", "."}, 2},
		{[]string{"scan", "--format", "xml", "."}, 2},
		{[]string{"scan", "--disable", "XX999", "."}, 2},
		{[]string{"scan", "--bogus-flag"}, 2},
		{[]string{"scan", "does/not/exist"}, 2},
		{[]string{"explain", "XX999"}, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"version"}, 0},
	} {
		var out, errOut bytes.Buffer
		if code := run(tt.args, &out, &errOut); code != tt.code {
			t.Errorf("%v: exit %d, want %d\nstdout %s\nstderr %s", tt.args, code, tt.code, out.String(), errOut.String())
		}
	}
}

func TestTextOutput(t *testing.T) {
	repoRoot(t)
	var out, errOut bytes.Buffer
	run([]string{"scan", "--no-color", "testdata/examples/vulnerable/docker-compose.yml"}, &out, &errOut)
	s := out.String()
	if !strings.Contains(s, "testdata/examples/vulnerable/docker-compose.yml:11:9  CRITICAL  DC002  service \"ci-runner\" mounts") {
		t.Errorf("text output:\n%s", s)
	}
	if strings.Contains(s, "\x1b[") {
		t.Error("colour codes in output that is not a terminal")
	}
	if !strings.Contains(s, "by STRIDE:") {
		t.Error("no STRIDE summary")
	}
}

func TestOutputFile(t *testing.T) {
	repoRoot(t)
	file := filepath.Join(t.TempDir(), "out.sarif")
	var out, errOut bytes.Buffer
	if code := run([]string{"scan", "-f", "sarif", "-o", file, "testdata/examples/hardened"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if out.Len() != 0 {
		t.Errorf("stdout not empty with --output: %q", out.String())
	}
	data, err := os.ReadFile(file)
	if err != nil || !bytes.Contains(data, []byte(`"version": "2.1.0"`)) {
		t.Errorf("output file: %v %.200s", err, data)
	}
}

func TestRulesAndExplain(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"rules"}, &out, &errOut); code != 0 {
		t.Fatal(errOut.String())
	}
	for _, id := range []string{"DF001", "DC002", "DD001", "KW001", "KR001"} {
		if !strings.Contains(out.String(), id) {
			t.Errorf("rules lacks %s:\n%s", id, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"rules", "--format", "json"}, &out, &errOut); code != 0 {
		t.Fatal(errOut.String())
	}
	var list []struct {
		ID       string   `json:"id"`
		Severity string   `json:"severity"`
		Threats  []string `json:"threats"`
		STRIDE   []string `json:"stride"`
		Title    string   `json:"title"`
	}
	if err := json.Unmarshal(out.Bytes(), &list); err != nil || len(list) < 5 {
		t.Fatalf("rules --format json: %v %s", err, out.String())
	}
	for _, r := range list {
		if r.Severity == "" || len(r.STRIDE) == 0 || r.Title == "" {
			t.Errorf("incomplete rule in JSON: %+v", r)
		}
	}
	out.Reset()
	if code := run([]string{"explain", "dd001"}, &out, &errOut); code != 0 {
		t.Fatal(errOut.String())
	}
	for _, want := range []string{"DD001", "critical", "DOCKER-2", "Remediation:", "References:", "CIS Docker Benchmark"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explain lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	run([]string{"version"}, &out, &errOut)
	if strings.TrimSpace(out.String()) != "stridelint dev" {
		t.Errorf("version: %q", out.String())
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
