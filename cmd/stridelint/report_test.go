package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// reportOf runs `stridelint report ARGS` and returns the Markdown.
func reportOf(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(append([]string{"report"}, args...), &out, &errOut); code != 0 {
		t.Fatalf("report %v: exit %d: %s", args, code, errOut.String())
	}
	return out.String()
}

// section is the Markdown of one threat's section.
func section(t *testing.T, md, id string) string {
	t.Helper()
	i := strings.Index(md, "\n### "+id+": ")
	if i < 0 {
		t.Fatalf("no section for %s in:\n%s", id, md)
	}
	s := md[i+1:]
	if j := regexp.MustCompile(`\n#{2,3} `).FindStringIndex(s[4:]); j != nil {
		s = s[:j[0]+4]
	}
	return s
}

var verdictLine = regexp.MustCompile(`\*\*Verdict: ([a-z ]+)\*\*`)

// threatVerdict is what a threat's section says.
func threatVerdict(t *testing.T, md, id string) string {
	t.Helper()
	m := verdictLine.FindStringSubmatch(section(t, md, id))
	if m == nil {
		t.Fatalf("%s has no verdict", id)
	}
	return m[1]
}

// partVerdict is the verdict of one part of a threat ("" when the threat
// has no such part).
func partVerdict(t *testing.T, md, id, part string) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^\| ` + regexp.QuoteMeta(part) + ` \| \*\*([a-z ]+)(?: \(\d+\))?\*\* \|`)
	if m := re.FindStringSubmatch(section(t, md, id)); m != nil {
		return m[1]
	}
	return ""
}

func TestGoldenReport(t *testing.T) {
	repoRoot(t)
	for _, tc := range []struct{ format, golden string }{
		{"markdown", "testdata/examples.report.md"},
		{"html", "testdata/examples.report.html"},
	} {
		var out, errOut bytes.Buffer
		if code := run([]string{"report", "--format", tc.format, "testdata/examples"}, &out, &errOut); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		golden := tc.golden
		if *update {
			if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("%s report differs from %s; run `go test ./cmd/stridelint -update` if the change is intended", tc.format, golden)
		}
	}
}

// Each of the three verdicts appears when it should, for a threat and for
// its parts.
func TestReportVerdicts(t *testing.T) {
	repoRoot(t)

	// The vulnerable example: evidence for DOCKER-2 from the daemon's
	// configuration and from the socket mounted in compose.
	vuln := reportOf(t, "testdata/examples/vulnerable")
	if v := threatVerdict(t, vuln, "DOCKER-2"); v != "evidence found" {
		t.Errorf("vulnerable DOCKER-2: %s", v)
	}
	for _, part := range []string{"Docker daemon configuration", "Compose files"} {
		if v := partVerdict(t, vuln, "DOCKER-2", part); v != "evidence found" {
			t.Errorf("vulnerable DOCKER-2 %s: %q", part, v)
		}
	}
	if !strings.Contains(section(t, vuln, "DOCKER-2"), "(testdata/examples/vulnerable/docker/daemon.json#L2) **CRITICAL** DD001") {
		t.Error("vulnerable DOCKER-2 does not link DD001 to daemon.json line 2")
	}

	// The hardened example: the files that could show the threats were
	// scanned and nothing was found.
	hard := reportOf(t, "testdata/examples/hardened")
	for _, id := range []string{"DOCKER-1", "DOCKER-2", "DOCKER-3", "DOCKER-4", "DOCKER-5", "K8S-3", "K8S-4", "K8S-5"} {
		if v := threatVerdict(t, hard, id); v != "no evidence found" {
			t.Errorf("hardened %s: %s", id, v)
		}
	}
	if v := partVerdict(t, hard, "DOCKER-2", "Docker daemon configuration"); v != "no evidence found" {
		t.Errorf("hardened DOCKER-2 daemon part: %q", v)
	}
	// …but owner and mode, and the API server's flags, are not in a
	// repository.
	if v := partVerdict(t, hard, "DOCKER-2", "Owner and mode of the Docker host's files"); v != "not assessed" {
		t.Errorf("hardened DOCKER-2 host files part: %q", v)
	}
	if v := partVerdict(t, hard, "K8S-1", "Kubernetes control-plane configuration"); v != "not assessed" {
		t.Errorf("hardened K8S-1 control-plane part: %q", v)
	}

	// A repository with no daemon configuration: the socket mount is
	// evidence, the daemon's API is not assessed — and says what to add.
	noDaemon := reportOf(t, "--exclude", "docker/**", "testdata/examples/vulnerable")
	if v := threatVerdict(t, noDaemon, "DOCKER-2"); v != "evidence found" {
		t.Errorf("no-daemon DOCKER-2: %s", v)
	}
	if v := partVerdict(t, noDaemon, "DOCKER-2", "Docker daemon configuration"); v != "not assessed" {
		t.Errorf("no-daemon DOCKER-2 daemon part: %q", v)
	}
	if v := partVerdict(t, noDaemon, "DOCKER-2", "Compose files"); v != "evidence found" {
		t.Errorf("no-daemon DOCKER-2 compose part: %q", v)
	}
	if !strings.Contains(section(t, noDaemon, "DOCKER-2"), "Not assessed: Docker daemon configuration") ||
		!strings.Contains(section(t, noDaemon, "DOCKER-2"), "`--host-root DIR`") {
		t.Error("no-daemon DOCKER-2 does not say what to add")
	}
}

// Files that read like host configuration but do not configure dockerd (a
// kubelet unit, a .env file) do not make the daemon "assessed"; a
// repository with nothing of a threat's says "not assessed" for all of it.
func TestReportNotAssessed(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "kubelet.service"), "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n", 0o644)
	write(t, filepath.Join(dir, ".env"), "APP_PORT=8080\n", 0o644)
	write(t, filepath.Join(dir, "docker-compose.yml"), "services:\n  web:\n    image: nginx:1.27\n", 0o644)
	t.Chdir(dir)
	md := reportOf(t, ".")
	if v := partVerdict(t, md, "DOCKER-2", "Docker daemon configuration"); v != "not assessed" {
		t.Errorf("DOCKER-2 daemon part with only kubelet.service and .env: %q", v)
	}
	if v := partVerdict(t, md, "DOCKER-2", "Compose files"); v != "no evidence found" {
		t.Errorf("DOCKER-2 compose part: %q", v)
	}
	if v := threatVerdict(t, md, "DOCKER-2"); v != "no evidence found" {
		t.Errorf("DOCKER-2: %s", v)
	}
	// Compose and the environment files judged; the daemon, the host's
	// files and Dockerfiles not.
	if !strings.Contains(md, "| 0 | no evidence found (3 of 5 parts not assessed) |") {
		t.Error("the matrix does not qualify a partly assessed threat")
	}
	for _, id := range []string{"K8S-1", "K8S-2", "K8S-3", "K8S-4", "K8S-5"} {
		if v := threatVerdict(t, md, id); v != "not assessed" {
			t.Errorf("%s without Kubernetes files: %s", id, v)
		}
	}
	if !regexp.MustCompile(`\| 2\.16 ★ \| Ensure Userland Proxy is Disabled \| \*\*NOT ASSESSED\*\* \|`).MatchString(md) {
		t.Error("2.16 is not NOT ASSESSED without a daemon configuration")
	}
}

// With --host-root, §3 items are judged on the host's files, and the
// seed's three docker-bench items come out as the user's run did.
func TestReportHostRoot(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "etc/docker/daemon.json"), "{\n  \"icc\": false\n}\n", 0o666)
	if err := os.Chmod(filepath.Join(dir, "etc/docker/daemon.json"), 0o666); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "etc/environment"), "PATH=\"/usr/bin:/bin\"\n", 0o644)
	write(t, filepath.Join(dir, "lib/systemd/system/docker.service"), "[Service]\nExecStart=/usr/bin/dockerd -H fd://\n", 0o644)
	md := reportOf(t, "--host-root", dir)
	for _, want := range []string{
		`| 2.16 ★ | Ensure Userland Proxy is Disabled | **FAIL** |`,
		`| 3.18 | Ensure that daemon.json file permissions are set to 644 or more restrictive | **FAIL** |`,
		`| 4.5 ★ | Ensure Content trust for Docker is Enabled | **FAIL** |`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q", want)
		}
	}
	want317 := "| 3.17 ★ | Ensure that the daemon.json file ownership is set to root:root | **PASS** |"
	if os.Geteuid() != 0 {
		// Files a test creates belong to the user running it: as a user
		// other than root, daemon.json is not root's and 3.17 fails.
		want317 = "| 3.17 ★ | Ensure that the daemon.json file ownership is set to root:root | **FAIL** |"
	}
	if !strings.Contains(md, want317) {
		t.Errorf("missing %q", want317)
	}
	// No docker.socket on this host: its item is not assessed.
	if !strings.Contains(md, "| 3.4 | Ensure that docker.socket file permissions are appropriately set | **NOT ASSESSED** |") {
		t.Error("3.4 should not be assessed without docker.socket")
	}
	if v := partVerdict(t, md, "DOCKER-2", "Owner and mode of the Docker host's files"); v != "evidence found" {
		t.Errorf("DOCKER-2 host files part: %q", v)
	}
}

func TestReportOutputLinks(t *testing.T) {
	repoRoot(t)
	out := filepath.Join(t.TempDir(), "r.md")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"report", "-o", out, "testdata/examples/vulnerable"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout not empty with --output")
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// Links go from the report's directory back to the scanned files.
	wd, _ := os.Getwd()
	prefix, _ := filepath.Rel(filepath.Dir(out), wd)
	link := "](" + filepath.ToSlash(prefix) + "/testdata/examples/vulnerable/docker-compose.yml#L11)"
	if !strings.Contains(string(data), link) {
		t.Errorf("no link %s in the report", link)
	}
	for _, name := range []string{"docs/r.md", "r.md"} {
		got, _ := linkPrefix(name)
		want := map[string]string{"docs/r.md": "..", "r.md": ""}[name]
		if got != want {
			t.Errorf("linkPrefix(%s) = %q, want %q", name, got, want)
		}
	}
}

func TestReportExitCodes(t *testing.T) {
	repoRoot(t)
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"report", "testdata/examples/vulnerable"}, 0},
		{[]string{"report", "--fail-on", "high", "testdata/examples/vulnerable"}, 1},
		{[]string{"report", "--fail-on", "high", "testdata/examples/hardened"}, 0},
		{[]string{"report", "--format", "pdf", "."}, 2},
		{[]string{"report", "--format", "json", "."}, 2},
		{[]string{"report", "--disable", "XX999", "."}, 2},
		{[]string{"report", "does/not/exist"}, 2},
	} {
		var out, errOut bytes.Buffer
		if code := run(tt.args, &out, &errOut); code != tt.code {
			t.Errorf("%v: exit %d, want %d\nstderr %s", tt.args, code, tt.code, errOut.String())
		}
	}
}

// A manifest's values reach the HTML report escaped: a container named
// <script>…, an image with markup in its tag.
func TestReportHTMLEscapesManifestValues(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "k8s", "pod.yaml"), `apiVersion: v1
kind: Pod
metadata:
  name: "<script>alert(1)</script>"
spec:
  containers:
  - name: "<script>alert(2)</script>"
    image: "nginx:<img src=x onerror=alert(3)>"
    securityContext:
      privileged: true
`, 0o644)
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	if code := run([]string{"report", "--format", "html", "."}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	html := out.String()
	if !strings.Contains(html, `&lt;script&gt;alert(2)&lt;/script&gt;`) {
		t.Fatalf("the container's name is not in the report, escaped:\n%s", html)
	}
	for _, bad := range []string{"<script", "<img"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	var md bytes.Buffer
	run([]string{"report", "."}, &md, &errOut)
	if strings.Contains(md.String(), "<script>") || !strings.Contains(md.String(), `\<script\>alert(2)\</script\>`) {
		t.Error("Markdown does not escape the container's name")
	}
}
