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
	r, at := p.VolumeRange(svcs[1], 1, web.Volumes[1])
	if r.StartLine != 7 || at.String() != "volumes[1]" {
		t.Errorf("volume range %+v %s", r, at)
	}
	if r, ok := p.Range(svcs[0], yamlpos.P("privileged")); !ok || r.StartLine != 11 {
		t.Errorf("privileged at %+v", r)
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
	if len(diags) != 0 || p.Model == nil {
		t.Fatalf("a missing required variable must not fail the load: %v", diags)
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
