// Package image reads container image references — "nginx",
// "nginx:1.25", "ghcr.io/org/app@sha256:…", "localhost:5000/x" — the way
// docker does, and says where an image comes from and how it is pinned.
// Dockerfile, compose and Kubernetes rules share it, so that all of them
// judge "untagged", "latest", "not pinned" and "untrusted registry" the
// same way. It knows nothing of any file format.
package image

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/distribution/reference"
)

// DockerHub is the registry of references without a registry host.
const DockerHub = "docker.io"

// ErrVariable is returned for a reference that still contains a variable
// or template (${TAG}, $IMAGE, {{ .Values.image }}): its value is unknown,
// and rules skip it.
var ErrVariable = errors.New("image reference contains a variable")

// Ref is a parsed image reference, normalized as docker normalizes it:
// "nginx" is registry docker.io, repository library/nginx.
type Ref struct {
	// Raw is the reference as given, without surrounding spaces.
	Raw string
	// Registry is the registry host, with its port if any, lower-cased:
	// "docker.io", "ghcr.io", "localhost:5000", "[::1]:5000". Docker Hub's
	// other host names (index.docker.io, registry-1.docker.io) are
	// "docker.io".
	Registry string
	// Repository is the path inside the registry: "library/nginx",
	// "bitnami/redis", "org/team/app".
	Repository string
	// Tag is the tag as written, "" when there is none.
	Tag string
	// Digest is "sha256:<hex>" when the reference is pinned, else "".
	Digest string
}

// Parse reads an image reference. It fails with ErrVariable when the
// reference contains a variable or template, and with another error when it
// is not a valid reference (docker would refuse it too).
func Parse(s string) (Ref, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Ref{}, errors.New("empty image reference")
	}
	if strings.Contains(s, "$") || strings.Contains(s, "{{") || strings.Contains(s, "%{") {
		return Ref{Raw: s}, ErrVariable
	}
	named, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		return Ref{Raw: s}, fmt.Errorf("invalid image reference %q: %w", s, err)
	}
	r := Ref{
		Raw:        s,
		Registry:   normalizeRegistry(reference.Domain(named)),
		Repository: reference.Path(named),
	}
	if t, ok := named.(reference.Tagged); ok {
		r.Tag = t.Tag()
	}
	if d, ok := named.(reference.Digested); ok {
		r.Digest = d.Digest().String()
	}
	if r.Registry == DockerHub && !strings.Contains(r.Repository, "/") {
		// registry-1.docker.io/nginx is the official nginx, as docker.io/nginx is.
		r.Repository = "library/" + r.Repository
	}
	return r, nil
}

// dockerHubAliases are host names that reach Docker Hub.
var dockerHubAliases = map[string]bool{
	"docker.io":               true,
	"index.docker.io":         true,
	"registry-1.docker.io":    true,
	"registry.hub.docker.com": true,
}

func normalizeRegistry(host string) string {
	host = strings.ToLower(host)
	if dockerHubAliases[host] {
		return DockerHub
	}
	return host
}

// Name is the full repository name: "docker.io/library/nginx".
func (r Ref) Name() string { return r.Registry + "/" + r.Repository }

// Familiar is the short name docker shows: "nginx", "bitnami/redis",
// "ghcr.io/org/app" (without tag or digest).
func (r Ref) Familiar() string {
	if r.Registry != DockerHub {
		return r.Name()
	}
	return strings.TrimPrefix(r.Repository, "library/")
}

// Short is the reference as written, with a digest cut to its first 12
// hex digits for messages: "nginx:1.25@sha256:0123456789ab…".
func (r Ref) Short() string {
	alg, hex, ok := strings.Cut(r.Digest, ":")
	if !ok || len(hex) <= 12 {
		return r.Raw
	}
	i := strings.LastIndex(r.Raw, "@")
	if i < 0 {
		return r.Raw
	}
	return r.Raw[:i+1] + alg + ":" + hex[:12] + "…"
}

// Pinned reports whether the reference names its content by digest.
func (r Ref) Pinned() bool { return r.Digest != "" }

// Untagged reports whether the reference has neither tag nor digest:
// docker pulls ":latest".
func (r Ref) Untagged() bool { return r.Tag == "" && r.Digest == "" }

// Latest reports whether the reference is the "latest" tag without a
// digest. With a digest the tag is only a label: the digest decides.
func (r Ref) Latest() bool { return r.Tag == "latest" && r.Digest == "" }

// Official reports whether the image is a Docker Official Image
// (docker.io/library/...).
func (r Ref) Official() bool {
	return r.Registry == DockerHub && strings.HasPrefix(r.Repository, "library/")
}

// TrustedBy reports whether the image comes from a source that one of the
// patterns names (see MatchSource).
func (r Ref) TrustedBy(patterns []string) bool {
	for _, p := range patterns {
		if MatchSource(p, r) {
			return true
		}
	}
	return false
}

// MatchSource reports whether the image comes from the source a
// trusted-registries pattern names:
//
//   - a registry host: "registry.example.com", "docker.io" (Docker Hub,
//     official images included; its other host names are the same), an
//     optional "https://" and trailing "/" are ignored;
//   - a host with a port, "localhost:5000", which matches that port only; a
//     host without a port matches the host on any port;
//   - a wildcard, "*.example.com", which matches every sub-domain at any
//     depth but not example.com itself ("*" and "?" as in path.Match);
//   - a registry and repository prefix, "docker.io/library" or
//     "ghcr.io/my-org", which matches the repositories under it.
func MatchSource(pattern string, r Ref) bool {
	p := strings.ToLower(strings.TrimSpace(pattern))
	p = strings.TrimPrefix(strings.TrimPrefix(p, "https://"), "http://")
	p = strings.TrimRight(p, "/")
	if p == "" || r.Registry == "" {
		return false
	}
	host, repo, hasRepo := strings.Cut(p, "/")
	if !MatchRegistry(host, r.Registry) {
		return false
	}
	if !hasRepo {
		return true
	}
	if r.Registry == DockerHub && !strings.Contains(repo, "/") && repo != "library" {
		// "docker.io/nginx" names the official image, like "nginx" does.
		if r.Repository == "library/"+repo {
			return true
		}
	}
	return r.Repository == repo || strings.HasPrefix(r.Repository, repo+"/")
}

// MatchRegistry reports whether a registry host (as Ref.Registry gives it)
// matches a host pattern: see MatchSource.
func MatchRegistry(pattern, registry string) bool {
	pattern = normalizeRegistry(strings.TrimSpace(pattern))
	registry = normalizeRegistry(registry)
	if pattern == "" || registry == "" {
		return false
	}
	ph, pport := splitHostPort(pattern)
	rh, rport := splitHostPort(registry)
	if pport != "" && pport != rport {
		return false
	}
	if !strings.ContainsAny(ph, "*?") {
		return ph == rh
	}
	ok, err := path.Match(ph, rh)
	return err == nil && ok
}

// splitHostPort splits "host:port", "[::1]:5000" and "host"; the port is
// "" when there is none.
func splitHostPort(s string) (host, port string) {
	if strings.HasPrefix(s, "[") {
		if end := strings.Index(s, "]"); end >= 0 {
			host, rest := s[:end+1], s[end+1:]
			return host, strings.TrimPrefix(rest, ":")
		}
		return s, ""
	}
	if i := strings.LastIndex(s, ":"); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}
