package compose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

func load(t *testing.T, content string) (*Project, []parsers.Diagnostic) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "compose.yaml")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return Parse(&parsers.Source{Path: "compose.yaml", DiskPath: p, Data: []byte(content)})
}

func TestOfflineLoad(t *testing.T) {
	t.Setenv("TAG", "from-the-environment") // must never be read
	p, diags := load(t, `services:
  web:
    image: "nginx:${TAG:-1.25}"
    env_file: [missing.env]
    volumes:
      - ${DATA_DIR}:/data
      - ./conf:/etc/nginx/conf.d:ro
  debug:
    image: busybox
    profiles: [debug]
    privileged: true
`)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	svcs := p.Services()
	if len(svcs) != 2 || svcs[0].Name != "debug" {
		t.Fatalf("services (all profiles active): %v", svcs)
	}
	web := svcs[1].Config
	if web.Image != "nginx:1.25" {
		t.Errorf("image %q: the default must apply and the environment must not be read", web.Image)
	}
	if !Unresolved(web.Volumes[0].Source) {
		t.Errorf("volume source %q: an unset variable must stay visible as unknown", web.Volumes[0].Source)
	}
	if strings.Join(p.Missing, ",") != "DATA_DIR,TAG" {
		t.Errorf("missing %v", p.Missing)
	}
	loc := p.LocateItem(svcs[1], yamlpos.P("volumes"), MatchVolume(web.Volumes[1]))
	if loc.Range.StartLine != 7 || loc.At.String() != "volumes[1]" || loc.Path != "compose.yaml" {
		t.Errorf("volume location %+v", loc)
	}
	if loc := p.Locate(svcs[0], yamlpos.P("privileged")); !loc.Exact || loc.Range.StartLine != 11 {
		t.Errorf("privileged at %+v", loc)
	}
}

func TestInvalidFileIsLocated(t *testing.T) {
	p, diags := load(t, `services:
  web:
    image: nginx
    privilged: true
`)
	if len(diags) != 1 || diags[0].Line != 4 || !strings.Contains(diags[0].Message, "privilged") {
		t.Fatalf("diagnostics %v, want one at line 4 naming the key", diags)
	}
	if strings.Contains(diags[0].Message, "/tmp") || strings.Contains(diags[0].Message, string(filepath.Separator)+"compose.yaml") {
		t.Errorf("absolute path leaked into the message: %q", diags[0].Message)
	}
	if p == nil || p.Model == nil {
		t.Error("a lenient load should still give a model to analyse")
	}
}

func TestRequiredVariable(t *testing.T) {
	p, diags := load(t, "services:\n  a:\n    image: \"${IMAGE:?set IMAGE}\"\n    user: root\n")
	if p.Model == nil {
		t.Fatalf("a missing required variable must not fail the load: %v", diags)
	}
	if len(diags) != 1 || !diags[0].Notice || diags[0].Line != 3 || !strings.Contains(diags[0].Message, "IMAGE") {
		t.Errorf("diagnostics %v, want a notice at line 3", diags)
	}
	if strings.Join(p.MissingRequired, ",") != "IMAGE" {
		t.Errorf("missing required %v", p.MissingRequired)
	}
}

func TestSyntaxError(t *testing.T) {
	p, diags := load(t, "services:\n  a:\n    image: nginx\n   bad: [\n")
	if p != nil || len(diags) != 1 || diags[0].Line != 4 {
		t.Errorf("diagnostics %v", diags)
	}
}

// writeTree writes files under a temporary directory.
func writeTree(t *testing.T, files map[string]string) string {
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
	return dir
}

func parseAt(t *testing.T, dir, name string) (*Project, []parsers.Diagnostic) {
	t.Helper()
	disk := filepath.Join(dir, filepath.FromSlash(name))
	data, err := os.ReadFile(disk)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(&parsers.Source{Path: name, DiskPath: disk, Data: data})
}

func TestSettingsLocatedAcrossFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"app/docker-compose.yml": `include:
  - ../shared/db.yaml
services:
  web:
    extends:
      file: ../common/base.yml
      service: hardened-base
    image: nginx:1.25
  worker:
    extends: web
    command: work
`,
		"app/docker-compose.override.yml": `services:
  web:
    privileged: true
`,
		"common/base.yml": `services:
  hardened-base:
    cap_add: [NET_ADMIN]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
`,
		"shared/db.yaml": `services:
  db:
    image: postgres:16
    pid: host
`,
	})
	p, diags := parseAt(t, dir, "app/docker-compose.yml")
	if len(diags) != 0 || p.Model == nil {
		t.Fatalf("diagnostics %v", diags)
	}
	svc := map[string]*Service{}
	for _, s := range p.Services() {
		svc[s.Name] = s
	}
	if len(svc) != 3 {
		t.Fatalf("services %v", svc)
	}
	for _, tt := range []struct {
		service, path, file string
		line                int
		inherited           bool
	}{
		{"web", "privileged", "app/docker-compose.override.yml", 3, true},
		{"web", "cap_add[0]", "common/base.yml", 3, true},
		{"web", "image", "app/docker-compose.yml", 8, false},
		{"worker", "command", "app/docker-compose.yml", 11, false},
		{"worker", "image", "app/docker-compose.yml", 8, true},
		{"db", "pid", "shared/db.yaml", 4, false},
	} {
		path, _ := yamlpos.ParsePath(tt.path)
		loc := p.Locate(svc[tt.service], path)
		if !loc.Exact || loc.Path != tt.file || loc.Range.StartLine != tt.line || loc.Inherited(svc[tt.service]) != tt.inherited {
			t.Errorf("%s.%s at %s:%d exact=%v inherited=%v, want %s:%d inherited=%v",
				tt.service, tt.path, loc.Path, loc.Range.StartLine, loc.Exact, loc.Inherited(svc[tt.service]), tt.file, tt.line, tt.inherited)
		}
	}
	if !svc["web"].Config.Privileged {
		t.Error("the override file was not merged")
	}
	vol := svc["worker"].Config.Volumes[0]
	loc := p.LocateItem(svc["worker"], yamlpos.P("volumes"), MatchVolume(vol))
	if loc.Path != "common/base.yml" || loc.Range.StartLine != 5 {
		t.Errorf("volume through two extends at %s:%d", loc.Path, loc.Range.StartLine)
	}
	// The override file on its own is analysed with its main file.
	o, diags := parseAt(t, dir, "app/docker-compose.override.yml")
	if o == nil || o.Model != nil || o.CoveredBy != "docker-compose.yml" || len(diags) != 0 {
		t.Errorf("override file parsed on its own: %+v %v", o, diags)
	}
}

func TestFragmentFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"docker-compose.prod.yml": "services:\n  web:\n    restart: always\n    depends_on: [db]\n",
	})
	p, diags := parseAt(t, dir, "docker-compose.prod.yml")
	if len(diags) != 0 || p.Model == nil {
		t.Errorf("a fragment meant for -f is not invalid on its own: %v", diags)
	}
}
