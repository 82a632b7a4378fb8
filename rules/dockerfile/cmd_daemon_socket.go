package dockerfile

import (
	"regexp"
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var daemonSocket = &rules.Rule{
	ID:       "DF034",
	Title:    "daemon socket touched in build",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.Spoofing},
	Kind:     "dockerfile",
	Help: `The Dockerfile reaches for the Docker daemon: a ` + "`RUN`" + ` command that names its socket
(` + "`docker -H unix:///var/run/docker.sock …`" + `, ` + "`chmod 666 /var/run/docker.sock`" + `,
` + "`curl --unix-socket /var/run/docker.sock …`" + `, ` + "`ln -s /run/docker.sock …`" + `), an ` + "`ENV`" + ` or ` + "`ARG`" + ` default
pointing at it (` + "`DOCKER_HOST=unix:///var/run/docker.sock`" + `), or a ` + "`DOCKER_HOST=tcp://…`" + ` (in ` + "`ENV`" + `, an
` + "`ARG`" + ` default, ` + "`export`" + ` in a ` + "`RUN`" + `, or ` + "`docker -H tcp://…`" + `) without TLS verification.

Access to the daemon's API is root on its host: whoever can talk to it can start a privileged
container that mounts the host's filesystem. An image built to use the socket is meant to be
run with the host's socket mounted in, which hands that power to everything in the container;
loosening the socket's permissions hands it to every user. A daemon reached over plain TCP
is open to anyone who can reach the port, and the traffic (registry credentials included) can
be read and altered on the way.

Not flagged: ` + "`tcp://`" + ` when ` + "`DOCKER_TLS_VERIFY`" + ` is set (to any non-empty value, as the docker CLI
reads it) in the stage or the same ` + "`RUN`" + `, or the command has ` + "`--tlsverify`" + `; the socket path in text
that is only printed (` + "`echo`" + `, ` + "`printf`" + `); values the file cannot know (an ` + "`ARG DOCKER_HOST`" + ` without a
default).`,
	Remediation: `Build images that do not need the Docker daemon. To build or run containers inside a
container, use a rootless, daemonless builder (BuildKit rootless, Kaniko, Buildah) or a
Docker-in-Docker sidecar reached over TLS:

` + "```dockerfile" + `
ENV DOCKER_HOST=tcp://docker:2376 \
    DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH=/certs/client
` + "```" + `

Never ` + "`chmod`" + ` the socket open, and do not document ` + "`-v /var/run/docker.sock:/var/run/docker.sock`" + `
as the way to run the image.`,
	References: []rules.Reference{
		{Title: "Docker docs: Protect the Docker daemon socket", URL: "https://docs.docker.com/engine/security/protect-access/"},
		{Title: "CIS Docker Benchmark 5.32: Ensure that the Docker socket is not mounted inside any containers", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "CIS Docker Benchmark 2.7: Ensure TLS authentication for Docker daemon is configured", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: Docker CLI environment variables (DOCKER_HOST, DOCKER_TLS_VERIFY)", URL: "https://docs.docker.com/reference/cli/docker/#environment-variables"},
	},
	Check: onFile(checkDaemonSocket),
}

func checkDaemonSocket(p *rules.Pass, f *pdockerfile.File) {
	eachRun(f, func(s *pdockerfile.Stage, in *pdockerfile.Instruction) {
		assigns := runEnvAssignments(in)
		tls := tlsVerifySet(s)
		for _, a := range assigns {
			if a.name == "DOCKER_TLS_VERIFY" && a.value != "" {
				tls = true
			}
		}
		cmds := in.Commands()
		for i := range cmds {
			c := &cmds[i]
			if c.Name == "echo" || c.Name == "printf" {
				continue
			}
			if sock, ok := socketArg(c); ok {
				p.Reportf(commandRange(in, c), anchor(s, in)+":"+c.Name+" "+sock,
					"%s uses the Docker daemon socket %s: access to it is root on the host", c.Name, sock)
				continue
			}
			if c.Name == "docker" {
				pa := parseArgs(c.Args, optSpec{short: "Hlc", long: []string{"host", "log-level", "context", "config", "tlscacert", "tlscert", "tlskey"}, posix: true})
				if o, ok := pa.find("-H", "--host"); ok && o.known && isTCP(o.value) && !tls && !pa.has("--tlsverify") {
					p.Reportf(commandRange(in, c), anchor(s, in)+":docker -H "+o.value,
						"docker -H %s talks to the daemon over TCP without TLS verification: anyone who can reach or intercept it controls the daemon, and root on its host", o.value)
				}
			}
		}
		for _, a := range assigns {
			if msg, ok := daemonEnv(a.name, a.value, a.known, tls); ok {
				p.Reportf(a.rng, anchor(s, in)+":env "+a.name, "RUN sets %s", msg)
			}
		}
	})
	eachEnvSetting(f, func(e envSetting) {
		if msg, ok := daemonEnv(e.name, e.value.Text, e.value.Known, tlsVerifySet(e.stage)); ok {
			p.Reportf(e.in.Range(), anchor(e.stage, e.in)+":"+e.name, "%s sets %s", e.keyword(), msg)
		}
	})
}

// socketPath matches the Docker daemon socket as a path component
// ("/var/run/docker.sock", "unix:///run/docker.sock"), not names that merely
// contain it ("cri-docker.socket").
var socketPath = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.-])docker\.sock(?:$|[^A-Za-z0-9_.-])`)

// socketArg finds an argument naming the Docker daemon socket (not in a
// URL to download), and returns its path.
func socketArg(c *pdockerfile.Command) (string, bool) {
	for _, w := range c.Args {
		if isHTTPURL(w.Text) {
			continue
		}
		if loc := socketPath.FindStringIndex(w.Text); loc != nil {
			end := strings.Index(w.Text[loc[0]:], "docker.sock") + loc[0] + len("docker.sock")
			path := w.Text[:end]
			if j := strings.LastIndexAny(path, "= "); j >= 0 {
				path = path[j+1:]
			}
			return strings.TrimPrefix(path, "unix://"), true
		}
	}
	return "", false
}

func isHTTPURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// daemonEnv judges an environment variable: DOCKER_HOST over plain TCP, or
// any variable pointing at the daemon socket.
func daemonEnv(name, value string, known, tls bool) (string, bool) {
	if !known {
		return "", false
	}
	v := strings.TrimSpace(value)
	if name == "DOCKER_HOST" && isTCP(v) && !tls {
		return name + "=" + v + " with no DOCKER_TLS_VERIFY: Docker API calls go over TCP unverified, and whoever can reach or intercept them controls the daemon and root on its host", true
	}
	if socketPath.MatchString(v) && !isHTTPURL(v) {
		return name + "=" + v + ": the image expects the Docker daemon socket, and access to it is root on the host", true
	}
	return "", false
}

func isTCP(v string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "tcp://")
}

// tlsVerifySet: DOCKER_TLS_VERIFY has a non-empty value in the stage (the
// docker CLI turns verification on for any non-empty value).
func tlsVerifySet(s *pdockerfile.Stage) bool {
	v := s.Env("DOCKER_TLS_VERIFY")
	return v.Known && v.Text != ""
}
