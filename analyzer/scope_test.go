package analyzer_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/rules"
)

// Scopes say which files hold what the scoped rules judge: the Docker
// daemon's configuration, RBAC objects; nothing for a kubelet unit and an
// .env file, which the daemon rules read but which configure no daemon.
func TestScopes(t *testing.T) {
	res := scan(t, "../testdata/examples/vulnerable", 2)
	want := map[string][]rules.ScopeFile{
		"docker-daemon": {{Path: "docker/daemon.json"}},
		"kube-rbac":     {{Path: "k8s/rbac.yaml"}},
	}
	if !reflect.DeepEqual(res.Scopes, want) {
		t.Errorf("scopes %+v, want %+v", res.Scopes, want)
	}

	dir := t.TempDir()
	for name, content := range map[string]string{
		"kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n",
		".env":            "APP_PORT=8080\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if res := scan(t, dir, 1); len(res.Scopes) != 0 {
		t.Errorf("scopes of a kubelet unit and an .env file: %+v", res.Scopes)
	}

	// A disabled rule's scope is not computed; trusted registries make
	// DF006's.
	res, err := analyzer.Run(context.Background(), analyzer.Options{
		Paths: []string{"../testdata/examples/vulnerable"}, BaseDir: "../testdata/examples/vulnerable", Registry: registry(t),
		Disable:  []string{"DD*"},
		Settings: rules.Settings{TrustedRegistries: []string{"registry.example.com"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Scopes["docker-daemon"]; ok {
		t.Error("docker-daemon scope computed with every DD rule disabled")
	}
	if got := res.Scopes["trusted-registries"]; len(got) != 1 || got[0].Path != "Dockerfile" {
		t.Errorf("trusted-registries scope: %+v", got)
	}
}
