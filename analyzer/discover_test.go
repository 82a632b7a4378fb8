package analyzer

import (
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeTree creates files (slash-separated path → content) under root.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot create symlinks here: %v", err)
	}
}

func paths(cs []Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Path
	}
	return out
}

func explicitPaths(cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		if c.Explicit {
			out = append(out, c.Path)
		}
	}
	return out
}

func mustDiscover(t *testing.T, opts DiscoverOptions) ([]Candidate, []Skipped) {
	t.Helper()
	cs, skipped, err := Discover(opts)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	return cs, skipped
}

func samePaths(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("paths:\n got  %q\n want %q", got, want)
	}
}

// projectTree is a repository with everything Discover must skip or keep.
var projectTree = map[string]string{
	".gitignore":                      "# comment\n\nignored/\n*.log.yaml\n/anchored.yaml\n",
	".git/info/exclude":               "secret.yaml\n",
	".git/config.yaml":                "apiVersion: v1\n",
	"secret.yaml":                     "apiVersion: v1\nkind: Secret\n",
	"Dockerfile":                      "FROM alpine\n",
	"docker-compose.yml":              "services: {}\n",
	"daemon.json":                     "{}",
	"config.json":                     "{}",
	"package-lock.json":               "{}",
	"README.md":                       "# hi\n",
	"main.go":                         "package main\n",
	"anchored.yaml":                   "a: 1\n",
	"sub/anchored.yaml":               "a: 1\n",
	"app.log.yaml":                    "a: 1\n",
	"ignored/pod.yaml":                "apiVersion: v1\nkind: Pod\n",
	"k8s/.gitignore":                  "*.yaml\n!keep.yaml\n",
	"k8s/drop.yaml":                   "a: 1\n",
	"k8s/keep.yaml":                   "a: 1\n",
	"k8s/deep/x.yaml":                 "a: 1\n",
	"k8s/Dockerfile":                  "FROM x\n",
	"other/drop.yaml":                 "a: 1\n",
	"node_modules/p/a.yml":            "a: 1\n",
	"vendor/x/compose.yml":            "services: {}\n",
	".hg/x.yaml":                      "a: 1\n",
	".svn/x.yaml":                     "a: 1\n",
	"chart/Chart.yaml":                "apiVersion: v2\nname: c\n",
	"chart/values.yaml":               "a: 1\n",
	"chart/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
	"chart/templates/sub/svc.yaml":    "apiVersion: v1\n",
	"chart/templates/_helpers.tpl":    "{{- define \"x\" -}}{{- end -}}\n",
	"chart/crds/crd.yaml":             "apiVersion: v1\n",
	"notchart/templates/x.yaml":       "a: 1\n",
	"testdata/t.yaml":                 "a: 1\n",
	"a/testdata/u.yaml":               "a: 1\n",
	"a/testdata/Dockerfile.windows":   "FROM x\n",
	"deploy/app.Dockerfile":           "FROM x\n",
	"deploy/Dockerfile.md":            "# docs\n",
	"deploy/compose.override.yaml":    "services: {}\n",
	"deploy/docker-compose.prod.yaml": "services: {}\n",
	"deploy/Containerfile":            "FROM x\n",
	"deploy/notes.txt":                "apiVersion: v1\nkind: Pod\n",
	"deploy/Manifest.YAML":            "apiVersion: v1\nkind: Pod\n",
	"deploy/list.JSON":                "{}",
}

var projectWant = []string{
	"Dockerfile",
	"a/testdata/Dockerfile.windows",
	"a/testdata/u.yaml",
	"chart/Chart.yaml",
	"chart/crds/crd.yaml",
	"chart/values.yaml",
	"config.json",
	"daemon.json",
	"deploy/Containerfile",
	"deploy/Manifest.YAML",
	"deploy/app.Dockerfile",
	"deploy/compose.override.yaml",
	"deploy/docker-compose.prod.yaml",
	"deploy/list.JSON",
	"docker-compose.yml",
	"k8s/Dockerfile",
	"k8s/keep.yaml",
	"notchart/templates/x.yaml",
	"other/drop.yaml",
	"sub/anchored.yaml",
	"testdata/t.yaml",
}

func TestDiscoverWalk(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, projectTree)
	cs, skipped := mustDiscover(t, DiscoverOptions{Paths: []string{root}, BaseDir: root})
	samePaths(t, paths(cs), projectWant)
	if len(skipped) != 0 {
		t.Errorf("skipped: %v", skipped)
	}
	for _, c := range cs {
		if c.Explicit {
			t.Errorf("%s: Explicit set for a walked file", c.Path)
		}
		if c.Info == nil || !c.Info.Mode().IsRegular() {
			t.Errorf("%s: Info %v", c.Path, c.Info)
		}
		if want := filepath.Join(root, filepath.FromSlash(c.Path)); c.DiskPath != want {
			t.Errorf("%s: DiskPath %q, want %q", c.Path, c.DiskPath, want)
		}
	}
}

func TestDiscoverDefaultsToWorkingDirectory(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, projectTree)
	t.Chdir(root)
	cs, _ := mustDiscover(t, DiscoverOptions{})
	samePaths(t, paths(cs), projectWant)
	if len(cs) > 0 && cs[0].DiskPath != "Dockerfile" {
		t.Errorf("DiskPath %q, want the path relative to the argument", cs[0].DiskPath)
	}
	// A sub-directory argument: display paths stay relative to the base.
	cs, _ = mustDiscover(t, DiscoverOptions{Paths: []string{"deploy/"}})
	samePaths(t, paths(cs), []string{"deploy/Containerfile", "deploy/Manifest.YAML", "deploy/app.Dockerfile",
		"deploy/compose.override.yaml", "deploy/docker-compose.prod.yaml", "deploy/list.JSON"})
}

func TestDiscoverBaseDir(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "proj")
	writeTree(t, root, map[string]string{"k8s/pod.yaml": "", "Dockerfile": ""})
	outside := filepath.Join(parent, "elsewhere")
	writeTree(t, outside, map[string]string{"x.yaml": ""})

	cs, _ := mustDiscover(t, DiscoverOptions{Paths: []string{root, outside}, BaseDir: root})
	samePaths(t, paths(cs), []string{"../elsewhere/x.yaml", "Dockerfile", "k8s/pod.yaml"})

	cs, _ = mustDiscover(t, DiscoverOptions{Paths: []string{root}, BaseDir: filepath.ToSlash(parent)})
	samePaths(t, paths(cs), []string{"proj/Dockerfile", "proj/k8s/pod.yaml"})
}

func TestDiscoverExplicit(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, projectTree)
	j := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }

	cs, _ := mustDiscover(t, DiscoverOptions{
		Paths:   []string{root, j("ignored/pod.yaml"), j("node_modules/p/a.yml"), j("deploy/notes.txt"), j("k8s/keep.yaml")},
		BaseDir: root,
	})
	want := append(slices.Clone(projectWant), "deploy/notes.txt", "ignored/pod.yaml", "node_modules/p/a.yml")
	slices.Sort(want)
	samePaths(t, paths(cs), want)
	samePaths(t, explicitPaths(cs), []string{"deploy/notes.txt", "ignored/pod.yaml", "k8s/keep.yaml", "node_modules/p/a.yml"})

	// Explicit files only, in an order that is not sorted.
	cs, _ = mustDiscover(t, DiscoverOptions{Paths: []string{j("k8s/drop.yaml"), j("README.md")}, BaseDir: root})
	samePaths(t, paths(cs), []string{"README.md", "k8s/drop.yaml"})
	samePaths(t, explicitPaths(cs), []string{"README.md", "k8s/drop.yaml"})

	// Helm templates are refused even when named, with a reason.
	cs, skipped := mustDiscover(t, DiscoverOptions{
		Paths:   []string{j("chart/templates/deployment.yaml"), j("chart/templates/_helpers.tpl"), j("chart/templates/sub")},
		BaseDir: root,
	})
	samePaths(t, paths(cs), []string{})
	var sp []string
	for _, s := range skipped {
		sp = append(sp, s.Path)
		if !strings.Contains(s.Reason, "Helm") {
			t.Errorf("%s: reason %q", s.Path, s.Reason)
		}
	}
	samePaths(t, sp, []string{"chart/templates/_helpers.tpl", "chart/templates/deployment.yaml", "chart/templates/sub"})
}

func TestDiscoverExclude(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, projectTree)
	j := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	without := func(drop ...string) []string {
		var out []string
		for _, p := range projectWant {
			if !slices.Contains(drop, p) {
				out = append(out, p)
			}
		}
		return out
	}

	tests := []struct {
		desc    string
		exclude []string
		paths   []string
		base    string
		want    []string
	}{
		{"directory glob", []string{"**/testdata/**"}, nil, "",
			without("a/testdata/Dockerfile.windows", "a/testdata/u.yaml", "testdata/t.yaml")},
		{"name glob matches at any depth", []string{"*.json"}, nil, "",
			without("config.json", "daemon.json")},
		{"brace alternatives", []string{"deploy/*.{yaml,YAML}"}, nil, "",
			without("deploy/Manifest.YAML", "deploy/compose.override.yaml", "deploy/docker-compose.prod.yaml")},
		{"directory by name", []string{"deploy"}, nil, "",
			without("deploy/Containerfile", "deploy/Manifest.YAML", "deploy/app.Dockerfile",
				"deploy/compose.override.yaml", "deploy/docker-compose.prod.yaml", "deploy/list.JSON")},
		{"applies to explicit files", []string{"*.json", "**/testdata/**"},
			[]string{j("ignored/pod.yaml"), j("deploy/list.JSON"), j("config.json"), j("testdata/t.yaml")}, "",
			[]string{"deploy/list.JSON", "ignored/pod.yaml"}},
		{"relative to the walked root", []string{"k8s/**", "Dockerfile"}, []string{root}, filepath.Dir(root),
			nil}, // want computed below
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			ps := tt.paths
			if ps == nil {
				ps = []string{root}
			}
			base := tt.base
			if base == "" {
				base = root
			}
			want := tt.want
			if want == nil {
				prefix := filepath.Base(root) + "/"
				for _, p := range without("Dockerfile", "k8s/Dockerfile", "k8s/keep.yaml") {
					want = append(want, prefix+p)
				}
			}
			cs, _ := mustDiscover(t, DiscoverOptions{Paths: ps, BaseDir: base, Exclude: tt.exclude})
			samePaths(t, paths(cs), want)
		})
	}

	if _, _, err := Discover(DiscoverOptions{Paths: []string{root}, Exclude: []string{"a[b"}}); err == nil || !strings.Contains(err.Error(), "a[b") {
		t.Errorf("bad pattern: err = %v", err)
	}
}

func TestDiscoverSymlinks(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "root")
	writeTree(t, root, map[string]string{
		"data/manifest.txt": "apiVersion: v1\nkind: Pod\n",
		"k8s/keep.yaml":     "a: 1\n",
		"real/Dockerfile":   "FROM x\n",
	})
	writeTree(t, parent, map[string]string{"outside/secret.yaml": "a: 1\n"})
	j := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }

	symlink(t, filepath.Join("data", "manifest.txt"), j("link.yaml"))            // file inside: kept
	symlink(t, filepath.Join("k8s", "keep.yaml"), j("dup.yaml"))                 // same file as k8s/keep.yaml: once
	symlink(t, filepath.Join(parent, "outside", "secret.yaml"), j("out.yaml"))   // outside the root: dropped
	symlink(t, filepath.Join("..", "outside"), j("outdir"))                      // directory outside: not walked
	symlink(t, "..", j("k8s/loop"))                                              // loop: not walked
	symlink(t, "real", j("alias"))                                               // directory inside: walked once, as real/
	symlink(t, "nope.yaml", j("dangling.yaml"))                                  // dangling: dropped
	symlink(t, "self.yaml", j("self.yaml"))                                      // self loop: dropped
	symlink(t, filepath.Join(parent, "outside", "secret.yaml"), j("Dockerfile")) // interesting name, outside

	done := make(chan struct{})
	var cs []Candidate
	var err error
	go func() { // t.Fatal is not allowed here
		defer close(done)
		cs, _, err = Discover(DiscoverOptions{Paths: []string{root}, BaseDir: root})
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Discover does not finish: symlink loop?")
	}
	if err != nil {
		t.Fatal(err)
	}
	samePaths(t, paths(cs), []string{"k8s/keep.yaml", "link.yaml", "real/Dockerfile"})
	for _, c := range cs {
		if c.Path == "link.yaml" {
			if !c.Info.Mode().IsRegular() || c.Info.Size() != int64(len("apiVersion: v1\nkind: Pod\n")) {
				t.Errorf("link.yaml: Info is not the target's: %v %d", c.Info.Mode(), c.Info.Size())
			}
			if c.DiskPath != j("link.yaml") {
				t.Errorf("link.yaml: DiskPath %q", c.DiskPath)
			}
		}
	}

	// A root that is itself a symlink to a directory is walked.
	rootLink := filepath.Join(parent, "rootlink")
	symlink(t, root, rootLink)
	cs, _ = mustDiscover(t, DiscoverOptions{Paths: []string{rootLink}, BaseDir: parent})
	samePaths(t, paths(cs), []string{"rootlink/k8s/keep.yaml", "rootlink/link.yaml", "rootlink/real/Dockerfile"})

	// A symlink named explicitly is followed, even out of any walked root.
	cs, _ = mustDiscover(t, DiscoverOptions{Paths: []string{j("out.yaml")}, BaseDir: root})
	samePaths(t, paths(cs), []string{"out.yaml"})

	// Named explicitly and reached through a symlink while walking: once,
	// under the path given.
	cs, _ = mustDiscover(t, DiscoverOptions{Paths: []string{root, j("dup.yaml")}, BaseDir: root})
	samePaths(t, paths(cs), []string{"dup.yaml", "link.yaml", "real/Dockerfile"})
	samePaths(t, explicitPaths(cs), []string{"dup.yaml"})
}

func TestDiscoverMaxFileSize(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"small.yaml": "a: 1\n",
		"big.yaml":   strings.Repeat("x", 100),
		"Dockerfile": strings.Repeat("x", 101),
		"big.txt":    strings.Repeat("x", 100), // not interesting: not reported
	})
	cs, skipped := mustDiscover(t, DiscoverOptions{Paths: []string{root, filepath.Join(root, "big.txt")}, BaseDir: root, MaxFileSize: 50})
	samePaths(t, paths(cs), []string{"small.yaml"})
	if len(skipped) != 3 {
		t.Fatalf("skipped = %v", skipped)
	}
	for i, p := range []string{"Dockerfile", "big.txt", "big.yaml"} {
		if skipped[i].Path != p || !strings.Contains(skipped[i].Reason, "larger") {
			t.Errorf("skipped[%d] = %+v, want %s too large", i, skipped[i], p)
		}
	}
	if !strings.Contains(skipped[0].Reason, "101 bytes") {
		t.Errorf("reason %q does not give the size", skipped[0].Reason)
	}

	// The default limit is 8 MiB; a negative limit means none.
	cs, _ = mustDiscover(t, DiscoverOptions{Paths: []string{root}, BaseDir: root})
	samePaths(t, paths(cs), []string{"Dockerfile", "big.yaml", "small.yaml"})
	cs, _ = mustDiscover(t, DiscoverOptions{Paths: []string{root}, BaseDir: root, MaxFileSize: -1})
	samePaths(t, paths(cs), []string{"Dockerfile", "big.yaml", "small.yaml"})
}

func TestDiscoverDeduplicates(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, projectTree)
	t.Chdir(root)
	abs, _ := filepath.Abs(".")

	tests := []struct {
		desc  string
		paths []string
	}{
		{"same dir twice", []string{".", "."}},
		{"same dir spelled differently", []string{".", abs, "./"}},
		{"a file and its dir", []string{"k8s/keep.yaml", "."}},
		{"a dir and its parent", []string{"deploy", "."}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			cs, _ := mustDiscover(t, DiscoverOptions{Paths: tt.paths})
			samePaths(t, paths(cs), projectWant)
		})
	}
	cs, _ := mustDiscover(t, DiscoverOptions{Paths: []string{"k8s/keep.yaml", "."}})
	samePaths(t, explicitPaths(cs), []string{"k8s/keep.yaml"})
}

func TestDiscoverErrors(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"pod.yaml": ""})
	missing := filepath.Join(root, "missing", "thing.yaml")
	cs, _, err := Discover(DiscoverOptions{Paths: []string{root, missing}, BaseDir: root})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("err = %v, want one naming %s", err, missing)
	}
	samePaths(t, paths(cs), []string{"pod.yaml"})
}

func TestDiscoverUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read any directory")
	}
	root := t.TempDir()
	writeTree(t, root, map[string]string{"pod.yaml": "", "locked/x.yaml": ""})
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	cs, skipped := mustDiscover(t, DiscoverOptions{Paths: []string{root}, BaseDir: root})
	samePaths(t, paths(cs), []string{"pod.yaml"})
	if len(skipped) != 1 || skipped[0].Path != "locked" || !strings.Contains(skipped[0].Reason, "cannot read") {
		t.Errorf("skipped = %v", skipped)
	}
	if _, _, err := Discover(DiscoverOptions{Paths: []string{locked}}); err == nil {
		t.Error("unreadable root: no error")
	}
}

func TestDiscoverSkipsNonRegularFiles(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"pod.yaml": ""})
	sock := filepath.Join(root, "sock.yaml")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("no unix sockets: %v", err)
	}
	defer l.Close()
	cs, _ := mustDiscover(t, DiscoverOptions{Paths: []string{root}, BaseDir: root})
	samePaths(t, paths(cs), []string{"pod.yaml"})
	cs, skipped := mustDiscover(t, DiscoverOptions{Paths: []string{sock}, BaseDir: root})
	samePaths(t, paths(cs), []string{})
	if len(skipped) != 1 || !strings.Contains(skipped[0].Reason, "not a regular file") {
		t.Errorf("skipped = %v", skipped)
	}
}
