package analyzer

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// preCommitHook is the part of a .pre-commit-hooks.yaml entry these tests read.
type preCommitHook struct {
	ID            string `yaml:"id"`
	Language      string `yaml:"language"`
	Entry         string `yaml:"entry"`
	Files         string `yaml:"files"`
	Exclude       string `yaml:"exclude"`
	PassFilenames *bool  `yaml:"pass_filenames"`
	RequireSerial bool   `yaml:"require_serial"`
}

// loadPreCommitHooks reads the repository's .pre-commit-hooks.yaml and turns
// each hook's files and exclude patterns (Python regular expressions, as
// pre-commit matches them with re.search) into Go ones.
func loadPreCommitHooks(t *testing.T) (map[string]preCommitHook, map[string][2]*regexp.Regexp) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var list []preCommitHook
	if err := yaml.Unmarshal(data, &list); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	hooks := map[string]preCommitHook{}
	res := map[string][2]*regexp.Regexp{}
	for _, h := range list {
		hooks[h.ID] = h
		res[h.ID] = [2]*regexp.Regexp{pythonRegexp(t, h.ID+".files", h.Files), pythonRegexp(t, h.ID+".exclude", h.Exclude)}
	}
	return hooks, res
}

// pythonRegexp compiles the subset of Python regular expression syntax the
// hooks use. Verbose mode (?x) is undone by dropping comments and white
// space, which the patterns only use for layout.
func pythonRegexp(t *testing.T, name, pat string) *regexp.Regexp {
	t.Helper()
	if pat == "" {
		return nil
	}
	if m := regexp.MustCompile(`^\(\?([a-z]+)\)`).FindStringSubmatch(pat); m != nil && strings.Contains(m[1], "x") {
		var b strings.Builder
		for _, line := range strings.Split(pat[len(m[0]):], "\n") {
			if i := strings.IndexByte(line, '#'); i >= 0 {
				line = line[:i]
			}
			b.WriteString(strings.Join(strings.Fields(line), ""))
		}
		flags := strings.ReplaceAll(m[1], "x", "")
		pat = b.String()
		if flags != "" {
			pat = "(?" + flags + ")" + pat
		}
	}
	re, err := regexp.Compile(pat)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return re
}

// selected reports whether pre-commit would hand the path to the hook.
func selected(res [2]*regexp.Regexp, p string) bool {
	files, exclude := res[0], res[1]
	return (files == nil || files.MatchString(p)) && (exclude == nil || !exclude.MatchString(p))
}

func TestPreCommitHooks(t *testing.T) {
	hooks, _ := loadPreCommitHooks(t)
	for _, id := range []string{"stridelint", "stridelint-repo"} {
		h, ok := hooks[id]
		if !ok {
			t.Fatalf("no hook %q", id)
		}
		if h.Language != "golang" || h.Entry != "stridelint scan" {
			t.Errorf("%s: language %q entry %q, want golang and stridelint scan", id, h.Language, h.Entry)
		}
		// The cross-file rules need every file of a run in one process.
		if !h.RequireSerial {
			t.Errorf("%s: require_serial is not true", id)
		}
		if h.Files == "" {
			t.Errorf("%s: no files pattern: the hook would run on every commit", id)
		}
	}
	if h := hooks["stridelint"]; h.PassFilenames == nil || !*h.PassFilenames {
		t.Errorf("stridelint: pass_filenames is not true")
	}
	if h := hooks["stridelint-repo"]; h.PassFilenames == nil || *h.PassFilenames {
		t.Errorf("stridelint-repo: pass_filenames is not false")
	}
}

func TestPreCommitFilesByName(t *testing.T) {
	_, res := loadPreCommitHooks(t)
	re := res["stridelint"]
	yes := []string{
		"Dockerfile", "dockerfile", "DOCKERFILE", "app/Dockerfile", "Dockerfile.prod", "a/b/Dockerfile.dev",
		"build/api.Dockerfile", "x.dockerfile", "Containerfile", "Containerfile.ci", "img/build.containerfile",
		"compose.yaml", "compose.override.yml", "deploy/docker-compose.prod.yaml", "docker-compose-dev.yml",
		"daemon.json", "etc/docker/daemon.json",
		"k8s/deployment.yaml", "k8s/all.yml", "manifests/list.json", "Values.YAML",
		".github/workflows/ci.yml", ".gitlab-ci.yml", ".circleci/config.yml", "azure-pipelines.yaml",
		"docker.service", "lib/systemd/system/docker.socket", "etc/systemd/system/docker.service.d/override.conf",
		"docker.socket.d/10-tcp.conf",
		".env", "deploy/.env", ".env.production", "scripts/provision.sh", "install.bash", "RUN.SH",
		"etc/profile.d/docker", "profile.d/proxy.sh", "etc/environment", "root/etc/environment",
		"etc/default/docker", "etc/sysconfig/docker",
	}
	no := []string{
		"README.md", "main.go", "go.sum", "Makefile", "docs/Dockerfile-guide.txt", "Dockerfiles/readme",
		".dockerfile", "nginx.conf", "etc/docker/certs/ca.pem", "etc/environment.d/x", "default/dockerd",
		"my.environment", "package-lock.json", "web/package-lock.json", "pnpm-lock.yaml", "npm-shrinkwrap.json",
		"env.txt", "sh",
	}
	for _, p := range yes {
		if !selected(re, p) {
			t.Errorf("%s is not passed to the hook", p)
		}
	}
	for _, p := range no {
		if selected(re, p) {
			t.Errorf("%s is passed to the hook", p)
		}
	}
}

// TestPreCommitFilesMatchClassify checks that pre-commit hands the hook every
// file of the fixtures (and of the shared real-world corpus when it is beside
// the repository) that stridelint reads by name or, for YAML and JSON, by
// content. Dockerfiles recognised only by a first FROM line under another
// name cannot be selected by name; the documentation says so.
func TestPreCommitFilesMatchClassify(t *testing.T) {
	_, res := loadPreCommitHooks(t)
	re := res["stridelint"]
	roots := []string{filepath.Join("..", "testdata")}
	if corpus := filepath.Join("..", "..", "shared", "corpus", "real-world"); dirExists(corpus) {
		roots = append(roots, corpus)
	}
	checked := 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			kind, ok := Classify(rel, data)
			if !ok {
				return nil
			}
			_, byName := Classify(rel, nil)
			switch strings.ToLower(path.Ext(rel)) {
			case ".yaml", ".yml", ".json":
				byName = true
			}
			if !byName {
				return nil
			}
			checked++
			if !selected(re, rel) {
				t.Errorf("%s (%s, read as %s) is not passed to the pre-commit hook", rel, root, kind)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 100 {
		t.Fatalf("only %d files checked: the fixtures moved?", checked)
	}
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
