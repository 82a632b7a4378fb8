package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The user's docker-bench run (../shared/seeds) failed 2.16 (userland
// proxy), 3.17 (daemon.json ownership) and 4.5 (content trust). A host tree
// with those faults must give DD005, DD019 and DD022 with those CIS
// sections, from files alone; the fixed tree gives none of them.
func TestSeedDockerBenchFromHostRoot(t *testing.T) {
	root := os.Geteuid() == 0
	if !root {
		t.Log("not running as root: daemon.json cannot be given another owner, so the 3.17 (DD019) assertion is skipped")
	}
	build := func(fixed bool) string {
		dir := t.TempDir()
		daemonJSON := `{
  "icc": false,
  "live-restore": true
}
`
		env := "PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\n"
		if fixed {
			daemonJSON = strings.Replace(daemonJSON, `"icc": false,`, `"icc": false,
  "userland-proxy": false,`, 1)
			env += "DOCKER_CONTENT_TRUST=1\n"
		}
		write(t, filepath.Join(dir, "etc/docker/daemon.json"), daemonJSON, 0o644)
		write(t, filepath.Join(dir, "etc/environment"), env, 0o644)
		write(t, filepath.Join(dir, "lib/systemd/system/docker.service"),
			"[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n", 0o644)
		if root {
			uid := 0
			if !fixed {
				uid = 1000
			}
			if err := os.Chown(filepath.Join(dir, "etc/docker/daemon.json"), uid, uid); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}

	type result struct {
		RuleID     string         `json:"ruleId"`
		Properties map[string]any `json:"properties"`
		Locations  []struct {
			Physical struct {
				Artifact struct {
					URI string `json:"uri"`
				} `json:"artifactLocation"`
			} `json:"physicalLocation"`
		} `json:"locations"`
	}
	type sarifLog struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID   string `json:"id"`
						Help struct {
							Markdown string `json:"markdown"`
						} `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []result `json:"results"`
		} `json:"runs"`
	}
	scan := func(dir string) sarifLog {
		var out, errOut bytes.Buffer
		code := run([]string{"scan", "--host-root", dir, "--format", "sarif", "--fail-on", "none"}, &out, &errOut)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		var log sarifLog
		if err := json.Unmarshal(out.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		return log
	}

	want := map[string]struct{ cis, file string }{
		"DD005": {"2.16", "etc/docker/daemon.json"},
		"DD019": {"3.17", "etc/docker/daemon.json"},
		"DD022": {"4.5", "etc/environment"},
	}
	log := scan(build(false))
	for id, w := range want {
		if id == "DD019" && !root {
			continue
		}
		i := slices.IndexFunc(log.Runs[0].Results, func(r result) bool { return r.RuleID == id })
		if i < 0 {
			t.Errorf("%s (CIS %s) not reported", id, w.cis)
			continue
		}
		r := log.Runs[0].Results[i]
		cis, _ := r.Properties["cis-docker-benchmark"].([]any)
		if !slices.Contains(cis, any(w.cis)) {
			t.Errorf("%s: CIS sections %v, want %s", id, cis, w.cis)
		}
		if uri := r.Locations[0].Physical.Artifact.URI; !strings.HasSuffix(uri, w.file) {
			t.Errorf("%s reported in %s, want %s", id, uri, w.file)
		}
		j := slices.IndexFunc(log.Runs[0].Tool.Driver.Rules, func(r struct {
			ID   string `json:"id"`
			Help struct {
				Markdown string `json:"markdown"`
			} `json:"help"`
		}) bool {
			return r.ID == id
		})
		if j < 0 || !strings.Contains(log.Runs[0].Tool.Driver.Rules[j].Help.Markdown, "CIS Docker Benchmark "+w.cis) {
			t.Errorf("%s: rule references do not name CIS Docker Benchmark %s", id, w.cis)
		}
	}

	for _, r := range scan(build(true)).Runs[0].Results {
		if _, ok := want[r.RuleID]; ok {
			t.Errorf("fixed host still reports %s", r.RuleID)
		}
	}
}

func write(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}
