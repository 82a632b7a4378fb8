package dockerfile

import (
	"strings"
	"testing"

	"github.com/stridelint/stridelint/parsers"
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
)

// pkgTestRun parses "RUN <script>" and reads its package-manager commands.
func pkgTestRun(t *testing.T, script string) []pkgCall {
	t.Helper()
	src := &parsers.Source{Path: "Dockerfile", Data: []byte("FROM debian:12\nRUN " + script + "\n")}
	f, _ := pdockerfile.Parse(src)
	if f == nil || len(f.Stages) == 0 {
		t.Fatalf("%q: does not parse", script)
	}
	runs := pkgRuns(f, nil)
	if len(runs) != 1 {
		t.Fatalf("%q: %d RUNs", script, len(runs))
	}
	return runs[0].calls
}

func pkgTestWords(ws []pdockerfile.Word) string {
	var s []string
	for _, w := range ws {
		s = append(s, w.Text)
	}
	return strings.Join(s, " ")
}

func TestPkgRead(t *testing.T) {
	tests := []struct {
		script, label, operands string
		opaque                  bool
	}{
		{"apt-get install -y -t bookworm-backports -o Dpkg::Options::=--force-confold curl", "apt-get install", "curl", false},
		{"apt-get -qy --no-install-recommends install git -oAPT::X=1 vim", "apt-get install", "git vim", false},
		{"sudo DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get install -y $PKGS", "apt-get install", "$PKGS", true},
		{"apk add --no-cache --virtual .build-deps -X https://mirror/edge gcc", "apk add", "gcc", false},
		{"yum --enablerepo epel --setopt tsflags=nodocs install -y htop", "yum install", "htop", false},
		{"dnf -y group install 'Development Tools'", "dnf group install", "Development Tools", false},
		{"zypper -n --root /mnt in -t pattern devel_basis", "zypper install", "devel_basis", false},
		{"python3 -u -m pip install -i https://pypi.example/simple -r req.txt -e . flask", "python3 -m pip install", "flask", false},
		{"pip3 --no-cache-dir install --index-url https://x flask==3.0", "pip3 install", "flask==3.0", false},
		{"npm i -g --prefix /opt eslint@8", "npm install", "eslint@8", false},
		{"yarn global add --cache-folder /tmp/y @vue/cli", "yarn global add", "@vue/cli", false},
		{"go install -ldflags '-s -w' -tags netgo example.com/x@v1.0.0", "go install", "example.com/x@v1.0.0", false},
		{"cargo +nightly install -j 4 --features full tool", "cargo install", "tool", false},
		{"gem install -N -v 2.5.6 -i /opt/gems bundler", "gem install", "bundler", false},
		{`sh -c "rpm -ivh --nosignature /tmp/x.rpm"`, "rpm", "/tmp/x.rpm", false},
	}
	for _, tt := range tests {
		calls := pkgTestRun(t, tt.script)
		if len(calls) != 1 {
			t.Errorf("%q: %d package commands, want 1", tt.script, len(calls))
			continue
		}
		c := calls[0]
		if got := c.label(); got != tt.label {
			t.Errorf("%q: label %q, want %q", tt.script, got, tt.label)
		}
		if got := pkgTestWords(c.operands); got != tt.operands {
			t.Errorf("%q: operands %q, want %q", tt.script, got, tt.operands)
		}
		if c.opaque != tt.opaque {
			t.Errorf("%q: opaque %v, want %v", tt.script, c.opaque, tt.opaque)
		}
	}
}

func TestPkgVersions(t *testing.T) {
	for _, tt := range []struct {
		family, name string
		pinned       bool
	}{
		{pkgApt, "curl=7.88.1-10", true},
		{pkgApt, "curl=7.88.*", true},
		{pkgApt, "curl/bookworm-backports", false},
		{pkgApt, "libssl3:amd64", false},
		{pkgApk, "curl~8.5", true},
		{pkgApk, "curl@edge", false},
		{pkgRPM, "nginx-1.20.1", true},
		{pkgRPM, "nginx-1:1.20.1-1.el9.x86_64", true},
		{pkgRPM, "python3-devel", false},
		{pkgRPM, "java-17-openjdk", false},
		{pkgRPM, "gcc-c++", false},
		{pkgRPM, "compat-openssl11", false},
		{pkgZypper, "vim>=9", true},
	} {
		if got := pkgOSPinned(tt.family, tt.name); got != tt.pinned {
			t.Errorf("%s %q: pinned %v, want %v", tt.family, tt.name, got, tt.pinned)
		}
	}
	for _, tt := range []struct {
		name   string
		pinned bool
	}{
		{"flask==3.0", true}, {"flask~=3.0", true}, {"flask>=2,<3", true}, {"flask>=2", false},
		{"flask[async]", false}, {"flask[async]==3.0; python_version>'3.8'", true}, {"pkg@https://x/p.whl", true},
	} {
		if got := pkgPipPinned(tt.name); got != tt.pinned {
			t.Errorf("pip %q: pinned %v, want %v", tt.name, got, tt.pinned)
		}
	}
	for _, tt := range []struct {
		name   string
		pinned bool
	}{
		{"lodash@4.17.21", true}, {"@scope/pkg@^1.2", true}, {"pkg@1.x", true}, {"pkg@v2.0.0", true},
		{"pkg@latest", false}, {"pkg@next", false}, {"pkg@*", false}, {"pkg@>=1", false}, {"@scope/pkg", false},
		{"user/repo#abc123", true}, {"user/repo", false},
	} {
		if got := pkgNodePinned(tt.name); got != tt.pinned {
			t.Errorf("npm %q: pinned %v, want %v", tt.name, got, tt.pinned)
		}
	}
	for _, tt := range []struct {
		name   string
		get    bool
		pinned bool
	}{
		{"example.com/x@v1.2.3", false, true}, {"example.com/x@4f2c1e7", false, true},
		{"example.com/x@latest", false, false}, {"example.com/x@v1", false, false}, {"example.com/x@v1.2", false, false},
		{"example.com/x@main", false, false}, {"example.com/x", false, true}, {"example.com/x", true, false},
	} {
		if got := pkgGoPinned(tt.name, tt.get); got != tt.pinned {
			t.Errorf("go %q (get %v): pinned %v, want %v", tt.name, tt.get, got, tt.pinned)
		}
	}
}
