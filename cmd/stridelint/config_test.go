package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/rules/all"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// uncomment turns the starter's examples (indented comments) into
// settings.
var exampleComment = regexp.MustCompile(`(?m)^([ \t]+)# `)

// `config init` writes the starter file, which parses as it is (and
// configures nothing but the default fail-on) and, with every example
// uncommented, sets every key. It refuses to overwrite without --force.
func TestConfigInit(t *testing.T) {
	reg, err := all.Registry()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	stdout, stderr, code := runCLI(t, "config", "init")
	if code != 0 || !strings.Contains(stdout, "wrote .stridelint.yaml") {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	data, err := os.ReadFile(".stridelint.yaml")
	if err != nil || string(data) != starterConfig {
		t.Fatalf("file: %v", err)
	}
	cfg, err := analyzer.ParseConfig(data, ".stridelint.yaml", ".", reg)
	if err != nil {
		t.Fatalf("the starter does not parse: %v", err)
	}
	if cfg.FailOn != "medium" || cfg.Disable != nil || cfg.Enable != nil || cfg.Severity != nil || cfg.Exclude != nil ||
		cfg.Ignore != nil || cfg.TrustedRegistries != nil || cfg.DockerfileTarget != "" || cfg.KubernetesDefaultNamespace != "" {
		t.Errorf("the starter configures more than fail-on: %+v", cfg)
	}

	examples := exampleComment.ReplaceAll(data, []byte("$1"))
	cfg, err = analyzer.ParseConfig(examples, ".stridelint.yaml", ".", reg)
	if err != nil {
		t.Fatalf("the starter's examples do not parse:\n%s\n%v", examples, err)
	}
	if len(cfg.Disable) == 0 || len(cfg.Enable) == 0 || len(cfg.Severity) == 0 || len(cfg.Exclude) == 0 ||
		len(cfg.Ignore) == 0 || len(cfg.TrustedRegistries) == 0 || cfg.DockerfileTarget == "" || cfg.KubernetesDefaultNamespace == "" {
		t.Errorf("the starter's examples leave a key unset: %+v", cfg)
	}

	// No overwrite without --force.
	if err := os.WriteFile(".stridelint.yaml", []byte("fail-on: low\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCLI(t, "config", "init")
	if code != 2 || !strings.Contains(stderr, "exists") || !strings.Contains(stderr, "--force") {
		t.Errorf("overwrite: exit %d, %s", code, stderr)
	}
	if data, _ := os.ReadFile(".stridelint.yaml"); string(data) != "fail-on: low\n" {
		t.Error("the existing file was changed")
	}
	if _, stderr, code = runCLI(t, "config", "init", "--force"); code != 0 {
		t.Errorf("--force: exit %d, %s", code, stderr)
	}
	if data, _ := os.ReadFile(".stridelint.yaml"); string(data) != starterConfig {
		t.Error("--force did not replace the file")
	}
	// Another name, and standard output.
	if _, stderr, code = runCLI(t, "config", "init", "other.yaml"); code != 0 {
		t.Errorf("config init other.yaml: exit %d, %s", code, stderr)
	}
	if stdout, _, code = runCLI(t, "config", "init", "-"); code != 0 || stdout != starterConfig {
		t.Errorf("config init -: exit %d", code)
	}
}

type cliFinding struct {
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Severity    string `json:"severity"`
	Message     string `json:"message"`
	Suppression *struct {
		Kind, Justification, Path string
		Line                      int
	} `json:"suppressed"`
}

func scanFindings(t *testing.T, args ...string) ([]cliFinding, int, string) {
	t.Helper()
	stdout, stderr, code := runCLI(t, append([]string{"scan", "-f", "json"}, args...)...)
	var doc struct {
		Findings []cliFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v: not JSON (%v): %s\nstderr: %s", args, err, stdout, stderr)
	}
	return doc.Findings, code, stderr
}

func has(fs []cliFinding, rule string) *cliFinding {
	for i := range fs {
		if fs[i].Rule == rule {
			return &fs[i]
		}
	}
	return nil
}

// A .stridelint.yaml in a parent of the scanned directory applies; flags
// on the command line win over it.
func TestConfigFileInScan(t *testing.T) {
	repo := t.TempDir()
	copyTree(t, "../../testdata/examples/vulnerable", filepath.Join(repo, "deploy"))
	writeConfig := func(text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(repo, ".stridelint.yaml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig(`fail-on: none
disable: [DF005]
severity:
  DF001: critical
ignore:
  - path: "deploy/k8s/**"
    rules: [KW001]
    reason: the agent needs it; reviewed in SEC-12
trusted-registries: [registry.example.com]
dockerfile:
  target: build
`)
	t.Chdir(filepath.Join(repo, "deploy"))

	fs, code, stderr := scanFindings(t, ".")
	if code != 0 {
		t.Errorf("fail-on: none from the file: exit %d (%s)", code, stderr)
	}
	if has(fs, "DF005") != nil {
		t.Error("DF005 reported although the file disables it")
	}
	if f := has(fs, "DF001"); f == nil || f.Severity != "critical" || f.Line != 3 {
		t.Errorf("DF001 %+v: want critical (severity) on the build stage, line 3 (dockerfile.target)", f)
	}
	if f := has(fs, "DF006"); f == nil || !strings.Contains(f.Message, "registry.example.com") {
		t.Errorf("DF006 %+v: want it, from trusted-registries", f)
	}
	if f := has(fs, "KW001"); f == nil || f.Suppression == nil || f.Suppression.Kind != "external" ||
		f.Suppression.Justification != "the agent needs it; reviewed in SEC-12" || f.Suppression.Path != "../.stridelint.yaml" || f.Suppression.Line != 6 {
		t.Errorf("KW001 %+v: want suppressed by the file's ignore entry", f)
	}

	// Flags win.
	fs, code, _ = scanFindings(t, "--fail-on", "critical", "--enable", "DF005", "--trusted-registry", "docker.io",
		"--target", "", ".")
	if code != 1 {
		t.Errorf("--fail-on critical over fail-on: none: exit %d, want 1", code)
	}
	if has(fs, "DF005") == nil {
		t.Error("--enable DF005 does not win over disable: [DF005]")
	}
	if has(fs, "DF006") != nil {
		t.Error("--trusted-registry docker.io does not replace the file's trusted-registries")
	}
	if f := has(fs, "DF001"); f == nil || f.Line != 8 {
		t.Errorf("--target '' does not win over dockerfile.target: %+v", f)
	}
	// The suppressed finding does not count: with KW001 the only rule
	// running, --fail-on critical passes.
	_, code, _ = scanFindings(t, "--fail-on", "critical", "--disable", "all", "--enable", "KW001", ".")
	if code != 0 {
		t.Errorf("a suppressed finding counted for the exit code: exit %d", code)
	}

	// --no-config and --config.
	fs, code, _ = scanFindings(t, "--no-config", ".")
	if code != 1 || has(fs, "DF005") == nil || has(fs, "DF006") != nil {
		t.Errorf("--no-config: exit %d, the file still applies", code)
	}
	other := filepath.Join(t.TempDir(), "strict.yaml")
	if err := os.WriteFile(other, []byte("disable: [all]\nenable: [DD001]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs, _, _ = scanFindings(t, "--config", other, ".")
	if len(fs) == 0 || slices.ContainsFunc(fs, func(f cliFinding) bool { return f.Rule != "DD001" }) {
		t.Errorf("--config %s: findings %+v, want DD001 only", other, fs)
	}
	if _, stderr, code := runCLI(t, "scan", "--config", other, "--no-config", "."); code != 2 || !strings.Contains(stderr, "--no-config") {
		t.Errorf("--config with --no-config: exit %d %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "scan", "--config", "missing.yaml", "."); code != 2 || !strings.Contains(stderr, "missing.yaml") {
		t.Errorf("--config missing.yaml: exit %d %s", code, stderr)
	}

	// A bad file stops the scan with exit 2 and says where.
	writeConfig("fail-on: none\ndisabel: [DF005]\nseverity:\n  DF001: severe\n")
	stdout, stderr, code := runCLI(t, "scan", ".")
	if code != 2 || stdout != "" {
		t.Errorf("bad configuration: exit %d, stdout %q", code, stdout)
	}
	for _, want := range []string{
		`../.stridelint.yaml:2:1: unknown key "disabel" (did you mean "disable"?)`,
		`../.stridelint.yaml:4:10: severity.DF001: unknown severity "severe"`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// The proof that a baseline survives edits: write it, insert lines above
// the findings, scan with it: exit 0, every result unchanged. Then a new
// finding is new (exit 1) and a fixed one absent, in SARIF that validates
// against the 2.1.0 schema.
func TestBaselineEndToEnd(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../testdata/examples/vulnerable", dir)
	t.Chdir(dir)
	_, stderr, code := runCLI(t, "scan", "--no-config", "--write-baseline", "baseline.json", ".")
	if code != 0 || !regexp.MustCompile(`wrote \d+ findings to the baseline baseline.json`).MatchString(stderr) {
		t.Fatalf("--write-baseline: exit %d, %s", code, stderr)
	}
	b, err := analyzer.ReadBaseline("baseline.json")
	if err != nil || len(b.Findings) < 20 {
		t.Fatalf("baseline: %v, %d entries", err, len(b.Findings))
	}

	// Lines inserted above the Dockerfile's and the Deployment's findings.
	prepend := func(file, text string) {
		t.Helper()
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, append([]byte(text), data...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	prepend("Dockerfile", "# syntax=docker/dockerfile:1\n# Maintained by the platform team.\n\n")
	prepend(filepath.Join("k8s", "deployment.yaml"), "# Applied by Argo CD.\n# Owner: payments.\n")
	before, _, _ := scanFindings(t, "--no-config", ".")
	if f := has(before, "DF001"); f == nil || f.Line != 11 {
		t.Fatalf("DF001 did not move to line 11: %+v", f)
	}

	stdout, stderr, code := runCLI(t, "scan", "--no-config", "--baseline", "baseline.json", ".")
	if code != 0 {
		t.Errorf("after moving lines: exit %d, want 0\n%s%s", code, stdout, stderr)
	}
	if want := regexp.MustCompile(`(?m)^no new findings in \d+ files\n\d+ findings in the baseline not shown$`); !want.MatchString(stdout) {
		t.Errorf("text output:\n%s", stdout)
	}
	states := sarifStates(t, "--baseline", "baseline.json")
	for key, state := range states {
		if state != "unchanged" {
			t.Errorf("%s: baselineState %s after moving lines, want unchanged", key, state)
		}
	}
	if len(states) != len(b.Findings) {
		t.Errorf("%d results, %d baseline entries", len(states), len(b.Findings))
	}

	// A new finding (root in the final stage, explicitly) and a fixed one
	// (the privileged container).
	data, _ := os.ReadFile("Dockerfile")
	if err := os.WriteFile("Dockerfile", append(data, "USER root\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	deploy := filepath.Join("k8s", "deployment.yaml")
	data, _ = os.ReadFile(deploy)
	if !bytes.Contains(data, []byte("privileged: true")) {
		t.Fatal("the example has no privileged: true")
	}
	if err := os.WriteFile(deploy, bytes.Replace(data, []byte("privileged: true"), []byte("privileged: false"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, code = runCLI(t, "scan", "--no-config", "--baseline", "baseline.json", ".")
	if code != 1 || !strings.Contains(stdout, "DF001") || strings.Contains(stdout, "DF005") {
		t.Errorf("with a new finding: exit %d, want 1 and only new findings shown:\n%s", code, stdout)
	}
	states = sarifStates(t, "--baseline", "baseline.json")
	if !hasState(states, "DF001", "new") {
		t.Errorf("no new DF001 in %v", states)
	}
	if !hasState(states, "KW001", "absent") {
		t.Errorf("no absent KW001 in %v", states)
	}
}

func hasState(states map[string]string, rule, state string) bool {
	for k, s := range states {
		if strings.HasPrefix(k, rule+" ") && s == state {
			return true
		}
	}
	return false
}

// sarifStates scans "." to SARIF, validates the log against the schema
// and returns each result's baselineState by "RULE path:line #n".
func sarifStates(t *testing.T, args ...string) map[string]string {
	t.Helper()
	stdout, stderr, code := runCLI(t, append([]string{"scan", "--no-config", "-f", "sarif"}, append(args, ".")...)...)
	if code == 2 {
		t.Fatalf("exit 2: %s", stderr)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %v", err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID        string `json:"ruleId"`
				BaselineState string `json:"baselineState"`
				Locations     []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range log.Runs[0].Results {
		pl := r.Locations[0].PhysicalLocation
		key := r.RuleID + " " + pl.ArtifactLocation.URI + ":" + strconv.Itoa(pl.Region.StartLine)
		for n := 2; out[key] != ""; n++ {
			key = strings.TrimSuffix(key, " #"+strconv.Itoa(n-1)) + " #" + strconv.Itoa(n)
		}
		if r.BaselineState == "" {
			t.Errorf("%s has no baselineState", key)
		}
		out[key] = r.BaselineState
	}
	return out
}

type noNetwork struct{}

func (noNetwork) Load(url string) (any, error) {
	return nil, errors.New("refusing to load " + url + " (tests run offline)")
}

// sarifSchema compiles the SARIF 2.1.0 schema of testdata/schemas.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join(schemaDir, "sarif-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	const url = "https://stridelint.invalid/schemas/sarif-2.1.0.json"
	c := jsonschema.NewCompiler()
	c.UseLoader(noNetwork{})
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// schemaDir is absolute: the tests change directory.
var schemaDir = func() string {
	abs, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "schemas"))
	return abs
}()

// Every YAML example of docs/configuration.md and of the README's
// configuration section is a valid configuration.
func TestDocumentedConfigExamples(t *testing.T) {
	reg, err := all.Registry()
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```yaml\n(.*?)```")
	for file, section := range map[string]string{
		"../../docs/configuration.md": "",
		"../../README.md":             "### Configuration file",
	} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if section != "" {
			i := strings.Index(text, section)
			if i < 0 {
				t.Fatalf("%s has no %q", file, section)
			}
			text = text[i+len(section):]
			text = text[:strings.Index(text, "\n### ")]
		}
		blocks := block.FindAllStringSubmatch(text, -1)
		if len(blocks) == 0 {
			t.Errorf("%s: no YAML example", file)
		}
		for _, b := range blocks {
			if _, err := analyzer.ParseConfig([]byte(b[1]), file, ".", reg); err != nil {
				t.Errorf("%s: example does not parse:\n%s\n%v", file, b[1], err)
			}
		}
	}
}
