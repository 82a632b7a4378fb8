package daemon

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/ci"
	"github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/parsers/envfile"
	"github.com/stridelint/stridelint/parsers/systemd"
	"github.com/stridelint/stridelint/rules"
)

var socketLoosened = &rules.Rule{
	ID:       "DD021",
	Title:    "socket permissions loosened in provisioning",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.Spoofing},
	Kind:     parsers.KindEnv,
	Reads:    []parsers.Kind{parsers.KindDockerfile, parsers.KindCI, parsers.KindSystemd},
	Help: `Connecting to the Docker socket takes write permission on it, and full access to the API is
root on the host. ` + "`chmod 666 /var/run/docker.sock`" + `, ` + "`chmod 777 …`" + `, ` + "`chmod o+rw …`" + ` or
` + "`chmod a+w …`" + ` — the usual "fix" for "permission denied while trying to connect to the Docker
daemon socket" — hands root to every user and every process of the machine (and, in a
container that mounts the socket, to everything in it). A socket unit with
` + "`SocketMode=0666`" + ` does the same at every boot.

Read in shell scripts, CI pipeline scripts, Dockerfile RUN instructions and systemd units
(` + "`ExecStartPost=`" + `, ` + "`SocketMode=`" + `); commands are judged on the parsed shell (` + "`sudo`" + `,
` + "`sh -c`" + `, ` + "`&&`" + ` chains), and only modes that give write access to others count.`,
	Remediation: `Leave the socket at its default, ` + "`srw-rw---- root:docker`" + `, and add only the users who may
administer the host to the ` + "`docker`" + ` group (which is root-equivalent too), or use rootless
Docker. In CI, use the runner's Docker service or a rootless builder rather than opening
the socket.`,
	References: []rules.Reference{
		cis("3.16", "Ensure that the Docker socket file permissions are set to 660 or more restrictively"),
		protectAccess,
	},
	CheckProject: checkSocketLoosened,
}

func checkSocketLoosened(p *rules.ProjectPass) {
	judge := func(path string, cmds []dockerfile.Command) {
		for i := range cmds {
			c := &cmds[i]
			if c.Name != "chmod" {
				continue
			}
			mode, targets := chmodArgs(c.Args)
			if mode == "" || !othersWrite(mode) {
				continue
			}
			for _, t := range targets {
				if !t.Known || !isDockerSocket(t.Text) {
					continue
				}
				p.Report(rules.Finding{Path: path, Range: parsers.Range{StartLine: c.Line, StartCol: c.Col}, Anchor: "chmod " + mode + " " + t.Text,
					Message: fmt.Sprintf("chmod %s %s gives every user write access to the Docker socket: any local process gets root on the host", mode, t.Text)})
			}
		}
	}
	for _, f := range p.Files {
		switch doc := f.Doc.(type) {
		case *dockerfile.File:
			for _, in := range doc.Instructions {
				judge(f.Source.Path, in.Commands())
			}
		case *envfile.File:
			judge(f.Source.Path, doc.Commands())
		case *ci.File:
			for _, sc := range doc.Scripts {
				judge(f.Source.Path, sc.Commands())
			}
		case *systemd.Unit:
			for _, e := range doc.Entries("Socket", "SocketMode") {
				if m, err := strconv.ParseUint(strings.TrimSpace(e.Value), 8, 32); err == nil && m&0o002 != 0 && socketUnitForDocker(f.Source.Path, doc) {
					p.Report(rules.Finding{Path: f.Source.Path, Range: e.Range(), Anchor: "SocketMode",
						Message: fmt.Sprintf("SocketMode=%s makes the Docker socket writable by every user: any local process gets root on the host", strings.TrimSpace(e.Value))})
				}
			}
			for _, key := range []string{"ExecStartPre", "ExecStartPost", "ExecStart", "ExecReload"} {
				for _, e := range doc.Entries("Service", key) {
					c, err := e.Command()
					if err != nil || len(c.Argv) == 0 {
						continue
					}
					judge(f.Source.Path, []dockerfile.Command{unitCommand(c.Argv)})
				}
			}
		}
	}
}

// unitCommand turns an Exec*= command line into a command to judge.
func unitCommand(argv []parsers.Token) dockerfile.Command {
	c := dockerfile.Command{Line: argv[0].Line, Col: argv[0].Col}
	name := argv[0].Text
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	c.Name = name
	for _, a := range argv[1:] {
		c.Args = append(c.Args, dockerfile.Word{Text: a.Text, Known: !strings.Contains(a.Text, "$"), Line: a.Line, Col: a.Col})
	}
	return c
}

// socketUnitForDocker reports whether a socket unit is Docker's: its name,
// or a ListenStream= on docker.sock.
func socketUnitForDocker(p string, u *systemd.Unit) bool {
	if strings.Contains(p, "docker") {
		return true
	}
	for _, e := range u.Entries("Socket", "ListenStream") {
		if isDockerSocket(e.Value) {
			return true
		}
	}
	return false
}

// chmodArgs splits chmod's arguments into the mode and the files.
func chmodArgs(args []dockerfile.Word) (mode string, files []dockerfile.Word) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a.Text == "--":
			if i+1 < len(args) {
				return args[i+1].Text, args[i+2:]
			}
			return "", nil
		case strings.HasPrefix(a.Text, "--reference"):
			return "", nil
		case strings.HasPrefix(a.Text, "--"):
			continue
		case strings.HasPrefix(a.Text, "-") && strings.Trim(a.Text[1:], "RvcfH") == "" && len(a.Text) > 1:
			continue // -R, -v, -f …
		}
		if !a.Known {
			return "", nil
		}
		return a.Text, args[i+1:]
	}
	return "", nil
}

// othersWrite reports whether a chmod mode (octal or symbolic) gives
// others write permission.
func othersWrite(mode string) bool {
	if m, err := strconv.ParseUint(mode, 8, 32); err == nil {
		return m&0o002 != 0
	}
	for _, clause := range strings.Split(mode, ",") {
		who := strings.IndexAny(clause, "+-=")
		if who < 0 {
			continue
		}
		users, rest := clause[:who], clause[who:]
		if !strings.ContainsAny(users, "oa") {
			continue
		}
		// rest is one or more op+perms groups: +rw, =rwx, +w-x
		op := byte(0)
		for i := 0; i < len(rest); i++ {
			switch c := rest[i]; c {
			case '+', '=', '-':
				op = c
			case 'w':
				if op == '+' || op == '=' {
					return true
				}
			}
		}
	}
	return false
}

// isDockerSocket reports whether a path names the Docker daemon's socket.
func isDockerSocket(s string) bool {
	s = strings.TrimSpace(strings.TrimPrefix(s, "unix://"))
	return strings.HasSuffix(s, "/docker.sock") || s == "docker.sock"
}

var contentTrustOff = &rules.Rule{
	ID:       "DD022",
	Title:    "content trust disabled on host",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Spoofing, rules.Tampering},
	Kind:     parsers.KindEnv,
	Reads:    []parsers.Kind{parsers.KindCI, parsers.KindSystemd, parsers.KindDaemon, parsers.KindHostFile},
	Help: `Docker Content Trust makes ` + "`docker pull`" + `, ` + "`run`" + `, ` + "`build`" + ` and ` + "`push`" + ` verify the signature of
image tags; it is on only when ` + "`DOCKER_CONTENT_TRUST`" + ` is set (to 1) in the environment of the
client. This is the seed's failed docker-bench check 4.5.

With ` + "`--host-root`" + `, the host's login environment must set it: ` + "`/etc/environment`" + `,
` + "`/etc/profile`" + `, ` + "`/etc/profile.d/*.sh`" + ` (with ` + "`export`" + `) or the docker unit's ` + "`Environment=`" + `; the
finding sits on /etc/environment when nothing does. In any scan, a CI pipeline (` + "`env:`" + `,
` + "`variables:`" + `, a script's ` + "`export`" + `), a ` + "`.env`" + ` file, a shell script or a unit that sets it
to ` + "`0`" + ` or ` + "`false`" + ` is reported where it does.`,
	Remediation: "Add `DOCKER_CONTENT_TRUST=1` to /etc/environment (or `export DOCKER_CONTENT_TRUST=1` in /etc/profile.d/docker.sh), sign the images you publish (`docker trust sign`), and remove the settings that turn it off.",
	References: []rules.Reference{
		cis("4.5", "Ensure Content trust for Docker is Enabled"),
		{Title: "Docker docs: Content trust in Docker", URL: "https://docs.docker.com/engine/security/trust/"},
	},
	CheckProject: checkContentTrust,
}

const dctVar = "DOCKER_CONTENT_TRUST"

// dctEnabled is how the docker CLI reads the variable: set and not a false
// boolean.
func dctEnabled(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	return b || err != nil
}

func checkContentTrust(p *rules.ProjectPass) {
	off := func(path string, r parsers.Range, value, where string) {
		p.Report(rules.Finding{Path: path, Range: r, Anchor: dctVar + "=" + value,
			Message: fmt.Sprintf("%s=%s%s turns Docker Content Trust off: images are pulled and run without signature verification", dctVar, value, where)})
	}
	for _, f := range p.Files {
		switch doc := f.Doc.(type) {
		case *envfile.File:
			for _, a := range doc.Assignments {
				if a.Name == dctVar && a.Known && strings.TrimSpace(a.Value) != "" && !dctEnabled(a.Value) {
					off(f.Source.Path, a.Range(), a.Value, "")
				}
			}
		case *ci.File:
			for _, s := range doc.Env {
				if s.Name == dctVar && s.Known && strings.TrimSpace(s.Value) != "" && !dctEnabled(s.Value) {
					off(f.Source.Path, s.NameRange, s.Value, " in the pipeline")
				}
			}
			for _, sc := range doc.Scripts {
				for _, a := range envfile.Assignments(sc) {
					if a.Name == dctVar && a.Known && strings.TrimSpace(a.Value) != "" && !dctEnabled(a.Value) {
						off(f.Source.Path, a.Range(), a.Value, " in the pipeline's script")
					}
				}
			}
		case *systemd.Unit:
			for _, a := range doc.Environment() {
				if a.Name == dctVar && strings.TrimSpace(a.Value) != "" && !dctEnabled(a.Value) {
					off(f.Source.Path, a.Token.Range(), a.Value, " in the unit's environment")
				}
			}
		}
	}
	for _, h := range hostsOf(p) {
		if h.HostRoot {
			hostContentTrust(p, h)
		}
	}
}

// hostContentTrust: on a host, some login environment file (or the docker
// unit) must turn content trust on.
func hostContentTrust(p *rules.ProjectPass, h *Host) {
	for _, e := range h.EnvFiles {
		for _, a := range e.File.Assignments {
			if a.Name == dctVar && (a.Exported || !e.File.Script) && !a.Prefix && dctEnabled(a.Value) {
				return
			}
		}
	}
	for _, u := range h.Units {
		for _, a := range u.Unit.Environment() {
			if a.Name == dctVar && dctEnabled(a.Value) {
				return
			}
		}
	}
	var at where
	for _, e := range h.EnvFiles {
		if e.Src.HostPath == "/etc/environment" {
			at = where{Path: e.Src.Path, Range: parsers.Range{StartLine: 1}}
		}
	}
	if at.Path == "" {
		if !h.Judged() {
			return
		}
		at = h.Anchor()
	}
	p.Report(rules.Finding{Path: at.Path, Range: at.Range, Anchor: dctVar,
		Message: fmt.Sprintf("%s is not set to 1 in the host's environment (/etc/environment, /etc/profile.d): docker pulls and runs images without verifying their signatures (CIS 4.5)", dctVar)})
}
