package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// writeFiles makes a directory of files (slash paths → content) and changes
// into it, as pre-commit runs a hook from the repository root.
func writeFiles(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

// The pre-commit hook runs `stridelint scan FILE...` with the staged files its
// `files` pattern selects: every .yaml/.yml/.json among them. Files of no
// kind stridelint reads are passed over without a word and do not change the
// exit code; the others are scanned as usual.
func TestScanFilesAsPreCommitPassesThem(t *testing.T) {
	writeFiles(t, map[string]string{
		".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks: []\n",
		"package.json":            `{"name": "x", "version": "1.0.0"}` + "\n",
		"mkdocs.yml":              "site_name: docs\nnav:\n  - index.md\n",
		".github/dependabot.yml":  "version: 2\nupdates: []\n",
		"compose.yaml":            "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
	})

	var out, errOut bytes.Buffer
	code := run([]string{"scan", "--quiet", ".pre-commit-config.yaml", "package.json", "mkdocs.yml", ".github/dependabot.yml"}, &out, &errOut)
	if code != exitClean || out.Len() != 0 || errOut.Len() != 0 {
		t.Errorf("files of no kind: exit %d, stdout %q, stderr %q; want exit 0 and no output", code, out.String(), errOut.String())
	}

	rep, code, stderr := scanJSON(t, "mkdocs.yml", "compose.yaml", "package.json")
	if code != exitFindings {
		t.Errorf("with a privileged compose service: exit %d, want %d (stderr %s)", code, exitFindings, stderr)
	}
	if keys := findingKeys(rep); !slices.Contains(keys, "DC001 compose.yaml:4") {
		t.Errorf("findings %v, want DC001 compose.yaml:4", keys)
	}
	for _, f := range rep.Findings {
		if f.Path != "compose.yaml" {
			t.Errorf("finding in %s", f.Path)
		}
	}
	if len(rep.Errors) != 0 {
		t.Errorf("errors: %+v", rep.Errors)
	}
}

type goreleaserBuild struct {
	ID      string   `yaml:"id"`
	Main    string   `yaml:"main"`
	Binary  string   `yaml:"binary"`
	Env     []string `yaml:"env"`
	Goos    []string `yaml:"goos"`
	Goarch  []string `yaml:"goarch"`
	Ldflags []string `yaml:"ldflags"`
}

// The release builds stamp the version where `stridelint version` reads it:
// the linker ignores -X for a variable that does not exist, so a renamed
// variable would ship binaries that call themselves "dev".
func TestReleaseVersionStamp(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Builds []goreleaserBuild `yaml:"builds"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if len(cfg.Builds) != 1 {
		t.Fatalf(".goreleaser.yaml: %d builds, want 1", len(cfg.Builds))
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/stridelint" || b.Binary != "stridelint" {
		t.Errorf("build main %q binary %q", b.Main, b.Binary)
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("build env %v: want CGO_ENABLED=0 (static binaries)", b.Env)
	}
	for _, want := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, want) {
			t.Errorf("goos %v: no %s", b.Goos, want)
		}
	}
	for _, want := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.Goarch, want) {
			t.Errorf("goarch %v: no %s", b.Goarch, want)
		}
	}
	ldflags := strings.Join(b.Ldflags, " ")
	const stamp = "-X main.version={{.Version}}"
	if !strings.Contains(ldflags, stamp) {
		t.Fatalf("ldflags %q do not contain %q", ldflags, stamp)
	}

	if testing.Short() {
		t.Skip("builds the command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	bin := filepath.Join(t.TempDir(), "stridelint")
	flags := strings.ReplaceAll(ldflags, "{{.Version}}", "9.8.7")
	// Only the ldflags of the release: other flags would miss the build
	// cache that `go test` filled and recompile every dependency.
	build := exec.Command(goTool, "build", "-ldflags", flags, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -ldflags %q: %v\n%s", flags, err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "stridelint 9.8.7" {
		t.Errorf("version of a release build: %q, want %q", got, "stridelint 9.8.7")
	}
}

// action.yml hands every input to its scripts through the environment, and
// the scripts read exactly those variables; its outputs come from the scan
// step. .ci/action-test runs the scripts themselves.
func TestActionWiring(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]struct {
			Default  *string `yaml:"default"`
			Required bool    `yaml:"required"`
		} `yaml:"inputs"`
		Outputs map[string]struct {
			Value string `yaml:"value"`
		} `yaml:"outputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				ID    string            `yaml:"id"`
				Shell string            `yaml:"shell"`
				Env   map[string]string `yaml:"env"`
				Run   string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using %q, want composite", action.Runs.Using)
	}
	defaults := map[string]string{"version": "latest", "path": ".", "format": "sarif", "output": "", "fail-on": "medium", "args": ""}
	for name, want := range defaults {
		in, ok := action.Inputs[name]
		switch {
		case !ok:
			t.Errorf("no input %s", name)
		case in.Default == nil || *in.Default != want:
			t.Errorf("input %s: default %v, want %q", name, in.Default, want)
		case in.Required:
			t.Errorf("input %s is required", name)
		}
	}
	for name := range action.Inputs {
		if _, ok := defaults[name]; !ok {
			t.Errorf("input %s is not checked here", name)
		}
	}

	wired := map[string]bool{}
	steps := map[string]string{"install": "action/install.sh", "scan": "action/scan.sh"}
	for _, s := range action.Runs.Steps {
		script, ok := steps[s.ID]
		if !ok {
			t.Errorf("unexpected step %q", s.ID)
			continue
		}
		delete(steps, s.ID)
		if s.Shell != "bash" || s.Run != `bash "$GITHUB_ACTION_PATH/`+script+`"` {
			t.Errorf("step %s: shell %q run %q", s.ID, s.Shell, s.Run)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %s splices an expression into its script: %s", s.ID, s.Run)
		}
		text, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(script)))
		if err != nil {
			t.Fatal(err)
		}
		for env, value := range s.Env {
			if !strings.Contains(string(text), env) {
				t.Errorf("step %s sets %s, which %s does not read", s.ID, env, script)
			}
			if m := inputExpr.FindStringSubmatch(value); m != nil {
				if env != "INPUT_"+strings.ToUpper(strings.ReplaceAll(m[1], "-", "_")) {
					t.Errorf("step %s: %s set from input %s", s.ID, env, m[1])
				}
				wired[m[1]] = true
			}
		}
		reads := readInputs.FindAllString(string(text), -1)
		slices.Sort(reads)
		for _, env := range slices.Compact(reads) {
			if _, ok := s.Env[env]; !ok {
				t.Errorf("%s reads %s, which step %s does not set", script, env, s.ID)
			}
		}
	}
	for id := range steps {
		t.Errorf("no step %s", id)
	}
	for name := range defaults {
		if !wired[name] {
			t.Errorf("input %s reaches no step", name)
		}
	}
	for name, want := range map[string]string{
		"sarif":     "${{ steps.scan.outputs.sarif }}",
		"report":    "${{ steps.scan.outputs.report }}",
		"exit-code": "${{ steps.scan.outputs.exit-code }}",
	} {
		if got := action.Outputs[name].Value; got != want {
			t.Errorf("output %s = %q, want %q", name, got, want)
		}
	}
}

var (
	inputExpr  = regexp.MustCompile(`^\$\{\{ inputs\.([a-z-]+) \}\}$`)
	readInputs = regexp.MustCompile(`\bINPUT_[A-Z_]+\b`)
)
