package analyzer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

func parseConfig(t *testing.T, text string) (*analyzer.Config, error) {
	t.Helper()
	return analyzer.ParseConfig([]byte(text), ".stridelint.yaml", "/project", registry(t))
}

// Every key, as docs/configuration.md shows it.
func TestConfigEveryKey(t *testing.T) {
	cfg, err := parseConfig(t, `# comment
disable: [DF005, "KW02*"]
enable:
  - KW001
severity:
  KW016: high
  df001: Critical
fail-on: high
exclude:
  - "test/**"
  - /vendor-copy/**
  - "*.generated.yaml"
ignore:
  - path: "legacy/**"
    rules: [DF001, DF005]
    reason: "legacy images, replaced in Q3"
  - path: k8s/debug.yaml
    rules: ["KW*"]
    reason: debugging pod, never deployed
trusted-registries:
  - registry.example.com
  - "*.corp.example"
dockerfile:
  target: runtime
kubernetes:
  default-namespace: shop
`)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != ".stridelint.yaml" || cfg.Dir != "/project" {
		t.Errorf("path %q dir %q", cfg.Path, cfg.Dir)
	}
	check := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	check("disable", cfg.Disable, []string{"DF005", "KW02*"})
	check("enable", cfg.Enable, []string{"KW001"})
	check("severity", cfg.Severity, map[string]rules.Severity{"KW016": rules.High, "DF001": rules.Critical})
	check("fail-on", cfg.FailOn, "high")
	check("exclude", cfg.Exclude, []string{"test/**", "vendor-copy/**", "*.generated.yaml"})
	check("trusted-registries", cfg.TrustedRegistries, []string{"registry.example.com", "*.corp.example"})
	check("dockerfile.target", cfg.DockerfileTarget, "runtime")
	check("kubernetes.default-namespace", cfg.KubernetesDefaultNamespace, "shop")
	if len(cfg.Ignore) != 2 {
		t.Fatalf("ignore: %+v", cfg.Ignore)
	}
	ig := cfg.Ignore[0]
	if ig.Path != "legacy/**" || !slices.Equal(ig.Rules, []string{"DF001", "DF005"}) || ig.Reason != "legacy images, replaced in Q3" ||
		ig.Line != 14 || ig.Col != 5 {
		t.Errorf("ignore[0] = %+v", ig)
	}
}

// An empty file, one with only comments and keys without values configure
// nothing and are valid.
func TestConfigEmpty(t *testing.T) {
	for _, text := range []string{"", "# nothing yet\n", "disable:\nseverity:\nignore:\ndockerfile:\nkubernetes:\n", "---\n"} {
		cfg, err := parseConfig(t, text)
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if cfg.Disable != nil || cfg.Severity != nil || cfg.Ignore != nil || cfg.TrustedRegistries != nil || cfg.FailOn != "" {
			t.Errorf("%q configured something: %+v", text, cfg)
		}
	}
}

// Unknown keys and bad values are errors with the file, line and column of
// the key or value at fault; misspelt keys get a suggestion.
func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string // each must appear, in order, one per error
	}{
		{"misspelt key", "disabel: [DF001]\n",
			[]string{`.stridelint.yaml:1:1: unknown key "disabel" (did you mean "disable"?)`}},
		{"camel case key", "failOn: high\n",
			[]string{`.stridelint.yaml:1:1: unknown key "failOn" (did you mean "fail-on"?)`}},
		{"underscore key", "trusted_registries: [a.io]\n",
			[]string{`:1:1: unknown key "trusted_registries" (did you mean "trusted-registries"?)`}},
		{"unknown key without a near one", "format: sarif\n",
			[]string{`:1:1: unknown key "format" (known keys: disable, enable, severity, fail-on, exclude, ignore, trusted-registries, dockerfile, kubernetes)`}},
		{"misspelt nested key", "kubernetes:\n  default-namspace: shop\n",
			[]string{`:2:3: unknown key "kubernetes.default-namspace" (did you mean "kubernetes.default-namespace"?)`}},
		{"misspelt ignore key", "ignore:\n  - path: a/**\n    rule: [DF001]\n    reason: r\n",
			[]string{`:3:5: unknown key "ignore[0].rule" (did you mean "ignore[0].rules"?)`}},
		{"unknown rule in disable", "disable:\n  - DF001\n  - XX999\n",
			[]string{`:3:5: disable: unknown rule "XX999"`}},
		{"glob matching nothing", "enable: [\"ZZ*\"]\n",
			[]string{`:1:10: enable: unknown rule "ZZ*"`}},
		{"unknown rule in severity", "severity:\n  KW999: high\n",
			[]string{`:2:3: severity: unknown rule "KW999"`}},
		{"glob in severity", "severity:\n  KW*: high\n",
			[]string{`:2:3: severity: unknown rule "KW*" (a rule ID`}},
		{"bad severity", "severity:\n  KW016: hgh\n",
			[]string{`:2:10: severity.KW016: unknown severity "hgh" (want critical, high, medium, low or info)`}},
		{"no severity", "severity:\n  KW016:\n",
			[]string{`:2:3: severity.KW016: no severity`}},
		{"severity as a list", "severity: [KW016]\n",
			[]string{`:1:11: severity: want a mapping of rule IDs to severities`}},
		{"bad fail-on", "fail-on: severe\n",
			[]string{`:1:10: fail-on: unknown value "severe" (want critical, high, medium, low, info, none)`}},
		{"scalar for a list", "disable: DF001\n",
			[]string{`:1:10: disable: want a list, e.g. [DF001], not "DF001"`}},
		{"mapping in a list", "exclude:\n  - a: b\n",
			[]string{`:2:5: exclude: want a string, not a mapping`}},
		{"bad glob", "exclude: [\"test/[a\"]\n",
			[]string{`:1:11: exclude: invalid pattern "test/[a"`}},
		{"ignore entry incomplete", "ignore:\n  - path: legacy/**\n    rules: [DF001]\n",
			[]string{`:2:5: ignore[0]: missing reason`}},
		{"ignore entry with unknown rule", "ignore:\n  - path: legacy/**\n    rules: [DF001, DF999]\n    reason: r\n",
			[]string{`:3:20: ignore[0].rules: unknown rule "DF999"`}},
		{"ignore not a list", "ignore:\n  path: legacy\n",
			[]string{`:2:3: ignore: want a list of entries`}},
		{"bad namespace", "kubernetes:\n  default-namespace: Shop_1\n",
			[]string{`:2:22: kubernetes.default-namespace: "Shop_1" is not a namespace name`}},
		{"dockerfile not a mapping", "dockerfile: runtime\n",
			[]string{`:1:13: dockerfile: want a mapping with target, not "runtime"`}},
		{"target a list", "dockerfile:\n  target: [a]\n",
			[]string{`:2:11: dockerfile.target: want a string, not a list`}},
		{"registry with a space", "trusted-registries: [\"registry example.com\"]\n",
			[]string{`:1:22: trusted-registries: "registry example.com" is not a registry`}},
		{"key twice", "disable: [DF001]\nfail-on: low\ndisable: [DF005]\n",
			[]string{`:3:1: disable is set twice (first at line 1)`}},
		{"not a mapping", "- DF001\n",
			[]string{`:1:1: the configuration must be a mapping of keys`}},
		{"two documents", "disable: [DF001]\n---\nenable: [DF001]\n",
			[]string{`:3:1: a configuration file holds one YAML document`}},
		{"syntax error", "fail-on: high\ndisable: [DF001]\n  enable: []\n",
			[]string{`.stridelint.yaml:3: YAML syntax error: did not find expected key`}},
		{"several errors at once", "disabel: [DF001]\nseverity:\n  KW016: hgh\nfail-on: x\n",
			[]string{`:1:1: unknown key "disabel"`, `:3:10: severity.KW016`, `:4:10: fail-on`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseConfig(t, tc.text)
			if err == nil {
				t.Fatalf("no error; config %+v", cfg)
			}
			if cfg != nil {
				t.Error("a config returned with the error")
			}
			msg := err.Error()
			at := 0
			for _, w := range tc.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error lacks %q (in order):\n%s", w, msg)
				}
				at += i + len(w)
			}
			var ce *analyzer.ConfigError
			if !errors.As(err, &ce) || ce.Path != ".stridelint.yaml" || ce.Line == 0 {
				t.Errorf("error is not a *ConfigError with a position: %#v", err)
			}
		})
	}
}

// The configuration is found in the scanned directory or the nearest
// parent that has one, up to the filesystem root.
func TestFindConfig(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "repo", "services", "api", "k8s")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(rel, text string) string {
		p := filepath.Join(root, rel)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Nothing in the temporary tree: whatever FindConfig returns lies
	// outside it (a stray file above the temporary directory).
	if got, err := analyzer.FindConfig(deep); err != nil || strings.HasPrefix(got, root) {
		t.Fatalf("empty tree: %q, %v", got, err)
	}
	repoCfg := write("repo/.stridelint.yaml", "fail-on: high\n")
	for _, dir := range []string{deep, filepath.Join(root, "repo", "services"), filepath.Join(root, "repo")} {
		if got, err := analyzer.FindConfig(dir); err != nil || got != repoCfg {
			t.Errorf("FindConfig(%s) = %q, %v; want %s", dir, got, err, repoCfg)
		}
	}
	// The nearest wins.
	svcCfg := write("repo/services/.stridelint.yaml", "fail-on: low\n")
	if got, _ := analyzer.FindConfig(deep); got != svcCfg {
		t.Errorf("nearest: got %q, want %s", got, svcCfg)
	}
	if got, _ := analyzer.FindConfig(filepath.Join(root, "repo")); got != repoCfg {
		t.Errorf("a child's file was used for its parent: %q", got)
	}
	// A .stridelint.yml is an error, not silently skipped.
	write("repo/services/api/.stridelint.yml", "fail-on: low\n")
	if _, err := analyzer.FindConfig(deep); err == nil || !strings.Contains(err.Error(), "rename") {
		t.Errorf(".stridelint.yml: %v", err)
	}
}

func TestScanRoot(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"a/b", "a/c", "d"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "a/b/Dockerfile"), []byte("FROM scratch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	real, _ := filepath.EvalSymlinks(dir)
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{nil, "."},
		{[]string{"a/b"}, "a/b"},
		{[]string{"a/b/Dockerfile"}, "a/b"},
		{[]string{"a/b", "a/c"}, "a"},
		{[]string{"a/b/Dockerfile", "d"}, "."},
	} {
		got, err := analyzer.ScanRoot(tc.paths)
		if err != nil {
			t.Fatal(err)
		}
		got, _ = filepath.EvalSymlinks(got)
		if want := filepath.Join(real, tc.want); got != want {
			t.Errorf("ScanRoot(%v) = %s, want %s", tc.paths, got, want)
		}
	}
}

// A scan with a configuration: its rule selection under the options', its
// excludes and ignore paths relative to its own directory, its severities
// on the findings and the rules.
func TestRunWithConfig(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"app/Dockerfile":        "FROM alpine:3.19\nUSER root\n",
		"legacy/Dockerfile":     "FROM alpine:3.19\nUSER root\n",
		"generated/Dockerfile":  "FROM alpine:3.19\nUSER root\n",
		"app/pod.yaml":          "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n  - name: a\n    image: nginx:1.25\n",
		"app/legacy/Dockerfile": "FROM alpine:3.19\nUSER root\n",
	}
	for rel, text := range files {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := analyzer.ParseConfig([]byte(`
disable: ["KW*"]
severity:
  DF001: low
exclude: [generated]
ignore:
  - path: legacy/**
    rules: [DF001]
    reason: old image, rebuilt next quarter
`), "cfg/.stridelint.yaml", root, registry(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.File = filepath.Join(root, ".stridelint.yaml")
	run := func(opts analyzer.Options) *rules.Result {
		t.Helper()
		opts.Paths, opts.Registry, opts.Config = []string{root}, registry(t), cfg
		if opts.BaseDir == "" {
			opts.BaseDir = root
		}
		res, err := analyzer.Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	// Display paths relative to the configuration's directory, and to a
	// directory below it: patterns are relative to the configuration.
	for _, base := range []string{"", filepath.Join(root, "app")} {
		prefix := ""
		if base != "" {
			prefix = "../"
		}
		res := run(analyzer.Options{BaseDir: base})
		var df001 []string
		for _, f := range res.Findings {
			if strings.HasPrefix(f.RuleID, "KW") {
				t.Errorf("KW rule ran although disabled: %s", f.RuleID)
			}
			if strings.Contains(f.Path, "generated/") {
				t.Errorf("excluded file scanned: %s", f.Path)
			}
			if f.RuleID != "DF001" {
				continue
			}
			df001 = append(df001, f.Path)
			if f.Severity != rules.Low {
				t.Errorf("DF001 at %s: severity %s, want low (configured)", f.Path, f.Severity)
			}
			if f.Path == prefix+"legacy/Dockerfile" {
				want := &rules.Suppression{Kind: rules.External, Justification: "old image, rebuilt next quarter",
					Path: prefix + ".stridelint.yaml", Range: parsers.Range{StartLine: 7, StartCol: 5}}
				if !reflect.DeepEqual(f.Suppression, want) {
					t.Errorf("legacy DF001 suppression %+v, want %+v", f.Suppression, want)
				}
			} else if f.Suppression != nil {
				t.Errorf("DF001 at %s suppressed: %+v", f.Path, f.Suppression)
			}
		}
		want := []string{"../app/Dockerfile", "../app/legacy/Dockerfile", "../legacy/Dockerfile"}
		if base == "" {
			want = []string{"app/Dockerfile", "app/legacy/Dockerfile", "legacy/Dockerfile"}
		}
		if !slices.Equal(df001, want) {
			t.Errorf("base %q: DF001 in %v, want %v", base, df001, want)
		}
		if r := res.RuleByID("DF001"); r == nil || r.Severity != rules.Low {
			t.Errorf("rule DF001 in the result: %+v, want severity low", r)
		}
	}
	if reg, _ := registry(t).Lookup("DF001"); reg.Severity != rules.High {
		t.Error("the configuration changed the registry's rule")
	}
	// The options' selection is applied after the configuration's.
	res := run(analyzer.Options{Enable: []string{"KW001"}})
	if res.RuleByID("KW001") == nil || res.RuleByID("KW002") != nil {
		t.Error("--enable KW001 over disable: [KW*]: want KW001 only of the KW rules")
	}
}
