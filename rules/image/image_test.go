package image

import (
	"errors"
	"testing"
)

const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestParse(t *testing.T) {
	tests := []struct {
		in                              string
		registry, repository, tag, dgst string
		familiar                        string
	}{
		{in: "nginx", registry: "docker.io", repository: "library/nginx", familiar: "nginx"},
		{in: "  nginx:1.25  ", registry: "docker.io", repository: "library/nginx", tag: "1.25", familiar: "nginx"},
		{in: "nginx:latest", registry: "docker.io", repository: "library/nginx", tag: "latest", familiar: "nginx"},
		{in: "library/nginx", registry: "docker.io", repository: "library/nginx", familiar: "nginx"},
		{in: "docker.io/nginx", registry: "docker.io", repository: "library/nginx", familiar: "nginx"},
		{in: "index.docker.io/library/nginx:1", registry: "docker.io", repository: "library/nginx", tag: "1", familiar: "nginx"},
		{in: "registry-1.docker.io/nginx", registry: "docker.io", repository: "library/nginx", familiar: "nginx"},
		{in: "bitnami/redis:7.2", registry: "docker.io", repository: "bitnami/redis", tag: "7.2", familiar: "bitnami/redis"},
		{in: "ghcr.io/org/team/app:v1", registry: "ghcr.io", repository: "org/team/app", tag: "v1", familiar: "ghcr.io/org/team/app"},
		{in: "gcr.io/distroless/static@" + digest, registry: "gcr.io", repository: "distroless/static", dgst: digest, familiar: "gcr.io/distroless/static"},
		{in: "nginx:1.25@" + digest, registry: "docker.io", repository: "library/nginx", tag: "1.25", dgst: digest, familiar: "nginx"},
		{in: "localhost:5000/app", registry: "localhost:5000", repository: "app", familiar: "localhost:5000/app"},
		{in: "localhost/app:dev", registry: "localhost", repository: "app", tag: "dev", familiar: "localhost/app"},
		{in: "registry:5000/app", registry: "registry:5000", repository: "app", familiar: "registry:5000/app"},
		{in: "[::1]:5000/app:1", registry: "[::1]:5000", repository: "app", tag: "1", familiar: "[::1]:5000/app"},
		{in: "Registry.Example.COM/team/app", registry: "registry.example.com", repository: "team/app", familiar: "registry.example.com/team/app"},
		{in: "192.168.1.10:5000/app", registry: "192.168.1.10:5000", repository: "app", familiar: "192.168.1.10:5000/app"},
		// "localhost" alone is a Docker Hub name, as docker reads it.
		{in: "localhost", registry: "docker.io", repository: "library/localhost", familiar: "localhost"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Registry != tt.registry || r.Repository != tt.repository || r.Tag != tt.tag || r.Digest != tt.dgst {
				t.Errorf("Parse(%q) = %+v, want registry %q repository %q tag %q digest %q",
					tt.in, r, tt.registry, tt.repository, tt.tag, tt.dgst)
			}
			if got := r.Familiar(); got != tt.familiar {
				t.Errorf("Familiar() = %q, want %q", got, tt.familiar)
			}
		})
	}
}

func TestShort(t *testing.T) {
	for in, want := range map[string]string{
		"nginx:1.25":                     "nginx:1.25",
		"ghcr.io/org/app@" + digest:      "ghcr.io/org/app@sha256:0123456789ab…",
		"nginx:latest@" + digest:         "nginx:latest@sha256:0123456789ab…",
		"localhost:5000/app:1@" + digest: "localhost:5000/app:1@sha256:0123456789ab…",
	} {
		r, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Short(); got != want {
			t.Errorf("Short(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"${BASE}", "golang:${GO_VERSION}", "$IMAGE", "{{ .Values.image }}", "%{ if x }"} {
		if _, err := Parse(in); !errors.Is(err, ErrVariable) {
			t.Errorf("Parse(%q) error = %v, want ErrVariable", in, err)
		}
	}
	for _, in := range []string{"", "  ", "Nginx", "nginx:", "nginx@sha256:abc", "a b", "-nginx", "nginx:tag with space"} {
		if _, err := Parse(in); err == nil || errors.Is(err, ErrVariable) {
			t.Errorf("Parse(%q) error = %v, want an invalid-reference error", in, err)
		}
	}
}

func TestPinning(t *testing.T) {
	tests := []struct {
		in                                 string
		untagged, latest, pinned, official bool
	}{
		{in: "nginx", untagged: true, official: true},
		{in: "nginx:latest", latest: true, official: true},
		{in: "nginx:1.25", official: true},
		{in: "nginx@" + digest, pinned: true, official: true},
		{in: "nginx:latest@" + digest, pinned: true, official: true},
		{in: "bitnami/redis", untagged: true},
		{in: "ghcr.io/org/app:latest", latest: true},
		{in: "ghcr.io/library/app", untagged: true},
	}
	for _, tt := range tests {
		r, err := Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Untagged() != tt.untagged || r.Latest() != tt.latest || r.Pinned() != tt.pinned || r.Official() != tt.official {
			t.Errorf("%s: untagged %v latest %v pinned %v official %v, want %v %v %v %v", tt.in,
				r.Untagged(), r.Latest(), r.Pinned(), r.Official(), tt.untagged, tt.latest, tt.pinned, tt.official)
		}
	}
}

func TestMatchSource(t *testing.T) {
	tests := []struct {
		pattern, image string
		want           bool
	}{
		{"docker.io", "nginx", true},
		{"docker.io", "bitnami/redis:7", true},
		{"index.docker.io", "nginx", true},
		{"docker.io", "ghcr.io/org/app", false},
		{"ghcr.io", "ghcr.io/org/app", true},
		{"GHCR.io", "ghcr.io/org/app", true},
		{"https://ghcr.io/", "ghcr.io/org/app", true},
		{"ghcr.io", "ghcr.io.evil.com/org/app", false},
		{"*.example.com", "registry.example.com/app", true},
		{"*.example.com", "a.b.example.com/app", true},
		{"*.example.com", "example.com/app", false},
		{"*.example.com", "registry.example.com.evil.io/app", false},
		{"*.example.com", "registry.example.com:5000/app", true},
		{"registry.example.com", "registry.example.com:5000/app", true},
		{"registry.example.com:5000", "registry.example.com:5000/app", true},
		{"registry.example.com:5000", "registry.example.com:443/app", false},
		{"registry.example.com:5000", "registry.example.com/app", false},
		{"localhost:5000", "localhost:5000/app", true},
		{"localhost", "localhost:5000/app", true},
		{"[::1]:5000", "[::1]:5000/app", true},
		{"[::1]", "[::1]:5000/app", true},
		{"docker.io/library", "nginx:1", true},
		{"docker.io/library", "bitnami/redis", false},
		{"docker.io/bitnami", "bitnami/redis", true},
		{"docker.io/bitnami", "bitnamievil/redis", false},
		{"docker.io/nginx", "nginx:1", true},
		{"ghcr.io/my-org", "ghcr.io/my-org/app", true},
		{"ghcr.io/my-org", "ghcr.io/my-org-evil/app", false},
		{"*", "quay.io/x/y", true},
		{"", "nginx", false},
		{"  ", "nginx", false},
	}
	for _, tt := range tests {
		r, err := Parse(tt.image)
		if err != nil {
			t.Fatal(err)
		}
		if got := MatchSource(tt.pattern, r); got != tt.want {
			t.Errorf("MatchSource(%q, %q) = %v, want %v", tt.pattern, tt.image, got, tt.want)
		}
	}
	r, _ := Parse("ghcr.io/org/app")
	if !r.TrustedBy([]string{"docker.io", "ghcr.io"}) || r.TrustedBy([]string{"docker.io"}) || r.TrustedBy(nil) {
		t.Error("TrustedBy does not combine patterns")
	}
}
