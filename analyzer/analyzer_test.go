package analyzer_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/all"
)

func registry(t testing.TB) *rules.Registry {
	t.Helper()
	reg, err := all.Registry()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func scan(t testing.TB, dir string, workers int) *rules.Result {
	t.Helper()
	res, err := analyzer.Run(context.Background(), analyzer.Options{
		Paths: []string{dir}, BaseDir: dir, Registry: registry(t), Workers: workers,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Output must not depend on how many workers ran or in which order they
// finished.
func TestDeterministic(t *testing.T) {
	dir := "../testdata"
	first := scan(t, dir, 1)
	if len(first.Findings) == 0 {
		t.Fatal("no findings in testdata: the test proves nothing")
	}
	for _, w := range []int{2, 8, 32} {
		if got := scan(t, dir, w); !reflect.DeepEqual(first, got) {
			t.Fatalf("result with %d workers differs from 1 worker", w)
		}
	}
}

// Fingerprints identify a finding by what it is about, not by its line:
// inserting lines above it must not change them.
func TestFingerprintsSurviveLineMoves(t *testing.T) {
	base := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx:1.25\n    securityContext:\n      privileged: true\n"
	moved := "# a comment\n# another\n" + strings.Replace(base, "metadata:\n", "metadata:\n  labels:\n    app: p\n", 1)
	fp := func(content string) (string, int) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "pod.yaml"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		res := scan(t, dir, 1)
		var kw001 []rules.Finding
		for _, f := range res.Findings {
			if f.RuleID == "KW001" {
				kw001 = append(kw001, f)
			}
		}
		if len(kw001) != 1 {
			t.Fatalf("KW001 findings: %+v", kw001)
		}
		return kw001[0].Fingerprint, kw001[0].Range.StartLine
	}
	a, la := fp(base)
	b, lb := fp(moved)
	if la == lb {
		t.Fatal("the finding did not move: the test proves nothing")
	}
	if a == "" || a != b {
		t.Errorf("fingerprint changed when lines above moved: %q → %q", a, b)
	}
}

// Hostile input: every file gets a clear error or nothing, never a panic,
// and the other files are still analysed.
func TestHostileInput(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Dockerfile":              "\x00\x01\x02binary\xff\xfe",
		"deep/Dockerfile":         "FROM alpine\nRUN " + strings.Repeat("$(", 5000) + "\n",
		"long/Dockerfile":         "FROM alpine\nRUN echo " + strings.Repeat("a", 200000) + "\n",
		"heredoc/Dockerfile":      "FROM alpine\nRUN <<EOF\necho hi\n",
		"empty/Dockerfile":        "",
		"latin1/Dockerfile":       "FROM alpine\nLABEL a=\"caf\xe9\"\nUSER root\n",
		"nested.yaml":             "apiVersion: v1\nkind: Pod\nspec: " + strings.Repeat("[", 100000) + "\n",
		"deepmap.yaml":            "apiVersion: v1\nkind: ConfigMap\ndata:\n" + deepMap(3000),
		"bad-utf8.yaml":           "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \xff\xfe\n",
		"crlf/compose.yaml":       "services:\r\n  a:\r\n    image: alpine\r\n    volumes:\r\n      - /var/run/docker.sock:/var/run/docker.sock\r\n",
		"badcompose/compose.yml":  "services:\n  a:\n    image: alpine\n    privilged: true\n",
		"d1/daemon.json":          "{",
		"u1/docker.service":       "\x00\xff[Service\nExecStart=/usr/bin/dockerd \"-H tcp://x\n" + strings.Repeat("\\\n", 50000),
		"u2/docker.service":       "[Service]\r\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375 $" + strings.Repeat("{", 100000) + "\r\n",
		"u2/docker.socket":        "[Socket]\nListenStream=" + strings.Repeat("9", 5000) + "\nSocketMode=07777777777777\n",
		"e1/.env":                 "A=\"" + strings.Repeat("x\\\n", 50000),
		"e2/setup.sh":             "#!/bin/sh\n" + strings.Repeat("$(", 20000) + "\nchmod 666 /var/run/docker.sock\n",
		".github/workflows/x.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: " + strings.Repeat("'", 3) + "\n      - run: |\n\t  chmod 777 /var/run/docker.sock\n",
		".gitlab-ci.yml":          "a:\n  script:\n" + strings.Repeat("  - ", 1) + strings.Repeat("[", 20000) + "\n",
		"d2/daemon.json":          "   \n",
		"d3/daemon.json":          `{"hosts": "tcp://0.0.0.0:2375", "icc": "no"}`,
		"d4/daemon.json":          `[1, 2]`,
		"aliases.yaml":            "apiVersion: v1\nkind: ConfigMap\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
		"ok/Dockerfile":           "FROM alpine:3.19\nUSER root\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := scan(t, dir, 4)
	for _, e := range res.Errors {
		if e.Internal {
			t.Errorf("internal error: %s: %s", e.Path, e.Message)
		}
		if e.Path == "" || e.Message == "" {
			t.Errorf("error without a file or message: %+v", e)
		}
	}
	var sawOK, sawCRLF bool
	for _, f := range res.Findings {
		sawOK = sawOK || (f.Path == "ok/Dockerfile" && f.RuleID == "DF001" && f.Range.StartLine == 2)
		sawCRLF = sawCRLF || (f.Path == "crlf/compose.yaml" && f.RuleID == "DC002" && f.Range.StartLine == 5)
	}
	if !sawOK || !sawCRLF {
		t.Errorf("findings of the good files are missing: %+v", res.Findings)
	}
	for _, name := range []string{"d1/daemon.json", "d3/daemon.json", "d4/daemon.json", "bad-utf8.yaml", "heredoc/Dockerfile", "badcompose/compose.yml"} {
		found := false
		for _, e := range res.Errors {
			if e.Path == name && e.Line > 0 {
				found = true
			}
		}
		// Parse errors of kinds with a parse-error rule are findings.
		for _, f := range res.Findings {
			if f.Path == name && (f.RuleID == "DF040" || f.RuleID == "DC040" || f.RuleID == "DD023") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no error with a line reported; errors: %+v", name, res.Errors)
		}
	}
}

func deepMap(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i+1))
		b.WriteString("k:\n")
	}
	return b.String()
}

// The second, cross-file phase sees every parsed file of its kind, in path
// order, after the per-file phase, and may report in any of them.
func TestProjectPhase(t *testing.T) {
	var seen []string
	crossFile := &rules.Rule{
		ID: "ZZ001", Title: "test cross-file rule", Severity: rules.Low,
		STRIDE: []rules.Category{rules.Tampering}, Kind: "kubernetes",
		Help: "test", Remediation: "test",
		CheckProject: func(p *rules.ProjectPass) {
			for _, f := range p.Files {
				if f.Source.Kind == "kubernetes" {
					seen = append(seen, f.Source.Path)
				}
			}
			last := p.Files[len(p.Files)-1]
			p.Report(rules.Finding{Path: last.Source.Path, Range: parsers.Range{StartLine: 2}, Message: "seen " + strings.Join(seen, ",")})
		},
	}
	reg, err := rules.NewRegistry(crossFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := "../testdata/examples"
	res, err := analyzer.Run(context.Background(), analyzer.Options{Paths: []string{dir}, BaseDir: dir, Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	want := "hardened/k8s/deployment.yaml,hardened/k8s/namespace.yaml,hardened/k8s/rbac.yaml,vulnerable/k8s/deployment.yaml,vulnerable/k8s/rbac.yaml"
	if strings.Join(seen, ",") != want {
		t.Errorf("cross-file rule saw %v", seen)
	}
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "ZZ001" || res.Findings[0].Fingerprint == "" {
		t.Errorf("findings %+v", res.Findings)
	}
}

// A finding on a line that holds a secret must not carry a hash of it: the
// fingerprint is the same whatever the secret's value.
func TestFingerprintsNeverHashSecrets(t *testing.T) {
	fp := func(value string) string {
		dir := t.TempDir()
		content := "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: " + value + "\n"
		if err := os.WriteFile(filepath.Join(dir, "secret.yaml"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		res := scan(t, dir, 1)
		for _, f := range res.Findings {
			if f.RuleID == "KD001" {
				return f.Fingerprint
			}
		}
		t.Fatalf("no KD001 finding: %+v", res.Findings)
		return ""
	}
	if a, b := fp("Tr0ub4dor-and-3"), fp("correct-horse-battery"); a == "" || a != b {
		t.Errorf("the fingerprint depends on the secret value: %q vs %q", a, b)
	}
}
