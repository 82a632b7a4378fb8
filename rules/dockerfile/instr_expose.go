package dockerfile

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var sshPortExposed = &rules.Rule{
	ID:       "DF021",
	Title:    "SSH port exposed",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "dockerfile",
	Help: `The image declares port 22 — ` + "`EXPOSE 22`" + `, ` + "`22/tcp`" + `, ` + "`22/udp`" + `, a range such as ` + "`20-25`" + `,
or a variable whose default is 22. It means the container runs an SSH server: one more
daemon to patch and configure, credentials or keys baked into the image or managed
inside it, and a remote shell that bypasses the audit trail of ` + "`docker exec`" + ` /
` + "`kubectl exec`" + `. Containers are meant to be replaced, not logged into.

Only what ships is judged: the final stage and the stages it is built ` + "`FROM`" + `; a build
stage's ` + "`EXPOSE`" + ` is not part of the image. A port from a build argument without default
is unknown and not reported.`,
	Remediation: `Remove the SSH server and ` + "`EXPOSE 22`" + `. To get a shell for debugging, use
` + "`docker exec -it <container> sh`" + ` or ` + "`kubectl exec`" + ` / ` + "`kubectl debug`" + `, which go through the
runtime's authentication and audit log. Copy files with ` + "`docker cp`" + ` / ` + "`kubectl cp`" + `.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.7: Ensure sshd is not run within containers", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Dockerfile reference: EXPOSE", URL: "https://docs.docker.com/reference/dockerfile/#expose"},
		{Title: "Kubernetes docs: Debug running pods (kubectl debug)", URL: "https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/"},
	},
	Check: onFile(func(p *rules.Pass, f *pdockerfile.File) {
		checkExposedService(p, f, map[int]string{22: "SSH"},
			"the image runs an SSH server, a remote shell that bypasses docker exec and its audit")
	}),
}

var dockerAPIPortExposed = &rules.Rule{
	ID:       "DF022",
	Title:    "Docker API port exposed",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "dockerfile",
	Help: `The image declares port 2375 (the Docker Engine API in plain text) or 2376 (the API over
TLS), alone or inside a range. Whoever reaches the Docker API controls the daemon: they
can start a privileged container with the host's root filesystem mounted. An image that
offers it is running a Docker daemon (Docker-in-Docker) or proxying one, and publishing
that port puts the host one ` + "`-p`" + ` flag away from compromise; on 2375 anyone on the
network needs no credentials at all.

Only what ships is judged: the final stage and the stages it is built ` + "`FROM`" + `. A port from
a build argument without default is unknown and not reported.`,
	Remediation: `Do not expose the Docker API from a container. If a CI job needs Docker-in-Docker, let
the client reach the daemon over a Unix socket in a shared volume, or over 2376 with
mutual TLS (` + "`DOCKER_TLS_CERTDIR`" + ` in the official ` + "`docker:dind`" + ` image) on a private network —
never published on the host. Consider rootless BuildKit or Kaniko for image builds.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 2.7: Ensure TLS authentication for Docker daemon is configured", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: Protect the Docker daemon socket", URL: "https://docs.docker.com/engine/security/protect-access/"},
		{Title: "Dockerfile reference: EXPOSE", URL: "https://docs.docker.com/reference/dockerfile/#expose"},
	},
	Check: onFile(func(p *rules.Pass, f *pdockerfile.File) {
		checkExposedService(p, f, map[int]string{2375: "Docker API, plain text", 2376: "Docker API over TLS"},
			"whoever reaches the Docker API controls the host")
	}),
}

var exposedPortInvalid = &rules.Rule{
	ID:       "DF023",
	Title:    "exposed port out of range",
	Severity: rules.Medium,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "dockerfile",
	Help: `An ` + "`EXPOSE`" + ` names a port that does not exist: a number above 65535, a word that is not a
number (` + "`EXPOSE http`" + `), a reversed range (` + "`EXPOSE 90-80`" + `) or a protocol other than
` + "`tcp`" + `, ` + "`udp`" + ` and ` + "`sctp`" + `. BuildKit refuses it and the build fails, at the worst moment if the
value comes from a rarely used build argument; the classic builder and older tools may
accept it and leave a bogus port in the image metadata.

Values are judged after variable substitution (` + "`EXPOSE ${PORT}`" + ` with ` + "`ARG PORT=80800`" + ` is
reported); a variable with no known value is not. Every stage is judged.`,
	Remediation: `Expose the port the application really listens on, as ` + "`port`" + ` or ` + "`port/protocol`" + `:

` + "```dockerfile" + `
EXPOSE 8080/tcp
` + "```" + ``,
	References: []rules.Reference{
		{Title: "Dockerfile reference: EXPOSE", URL: "https://docs.docker.com/reference/dockerfile/#expose"},
		{Title: "hadolint DL3011", URL: "https://github.com/hadolint/hadolint/wiki/DL3011"},
	},
	Check: onFile(checkExposedPortInvalid),
}

// exposeSpec is one port specification of an EXPOSE, after variable
// substitution: "80", "80/tcp", "8000-8010/udp" (BuildKit also accepts the
// host mapping forms "8080:80" and "ip:8080:80", with a warning; the
// container port is the last part).
type exposeSpec struct {
	text       string // the specification as resolved
	written    string // the argument as written, when a variable produced it
	start, end int    // the container port range
	problem    string // why the specification is invalid; "" when valid
}

// exposeSpecs returns the port specifications of an EXPOSE instruction
// whose values are known.
func exposeSpecs(s *pdockerfile.Stage, in *pdockerfile.Instruction) []exposeSpec {
	var specs []exposeSpec
	for _, arg := range in.Args {
		v := s.ResolveAt(in, arg)
		if !v.Known {
			continue
		}
		// BuildKit splits the expanded value into words: ARG PORTS="80 443".
		for _, field := range strings.Fields(v.Text) {
			spec := parseExposeSpec(field)
			if field != arg {
				spec.written = arg
			}
			specs = append(specs, spec)
		}
	}
	return specs
}

func parseExposeSpec(text string) exposeSpec {
	spec := exposeSpec{text: text}
	ports, proto, _ := strings.Cut(text, "/")
	switch strings.ToLower(proto) {
	case "", "tcp", "udp", "sctp":
	default:
		spec.problem = fmt.Sprintf("protocol %q is not tcp, udp or sctp", proto)
		return spec
	}
	parts := strings.Split(ports, ":")
	container := parts[len(parts)-1]
	if len(parts) > 1 {
		if _, _, problem := exposePortRange(parts[len(parts)-2]); problem != "" {
			spec.problem = "host part: " + problem
			return spec
		}
	}
	spec.start, spec.end, spec.problem = exposePortRange(container)
	return spec
}

// exposePortRange reads "80" or "8000-8010" as BuildKit does.
func exposePortRange(s string) (start, end int, problem string) {
	if s == "" {
		return 0, 0, "no port number"
	}
	lo, hi, isRange := strings.Cut(s, "-")
	start, problem = exposePortNumber(lo)
	if problem != "" || !isRange || lo == hi {
		return start, start, problem
	}
	end, problem = exposePortNumber(hi)
	if problem != "" {
		return 0, 0, problem
	}
	if end < start {
		return 0, 0, fmt.Sprintf("port range %s is reversed", s)
	}
	return start, end, ""
}

func exposePortNumber(s string) (int, string) {
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Sprintf("port %s is out of range (0-65535)", s)
	case err != nil:
		return 0, fmt.Sprintf("%q is not a port number", s)
	case n < 0 || n > 65535:
		return 0, fmt.Sprintf("port %d is out of range (0-65535)", n)
	}
	return int(n), ""
}

// checkExposedService reports the ports of services in the image that
// ships: the final stage and the stages it is built FROM.
func checkExposedService(p *rules.Pass, f *pdockerfile.File, services map[int]string, why string) {
	final := finalStage(p, f)
	for s := final; s != nil; s = s.BaseStage {
		for _, in := range s.Instructions {
			if in.Keyword != "EXPOSE" {
				continue
			}
			for _, spec := range exposeSpecs(s, in) {
				if spec.problem != "" {
					continue
				}
				for _, port := range slices.Sorted(maps.Keys(services)) {
					if port < spec.start || port > spec.end {
						continue
					}
					what := fmt.Sprintf("EXPOSE %s", spec.text)
					if spec.written != "" {
						what = fmt.Sprintf("EXPOSE %s (%s)", spec.written, spec.text)
					}
					if spec.start != spec.end {
						what += fmt.Sprintf(" includes port %d", port)
					}
					p.Reportf(in.Range(), anchor(s, in)+":"+strconv.Itoa(port),
						"%s (%s): %s", what, services[port], why)
				}
			}
		}
	}
}

func checkExposedPortInvalid(p *rules.Pass, f *pdockerfile.File) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			if in.Keyword != "EXPOSE" {
				continue
			}
			for _, spec := range exposeSpecs(s, in) {
				if spec.problem == "" {
					continue
				}
				what := "EXPOSE " + spec.text
				if spec.written != "" {
					what = fmt.Sprintf("EXPOSE %s (%s)", spec.written, spec.text)
				}
				p.Reportf(in.Range(), anchor(s, in)+":"+spec.text,
					"%s: %s; BuildKit rejects it and the build fails", what, spec.problem)
			}
		}
	}
}
