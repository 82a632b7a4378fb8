package dockerfile

import (
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var setuidBits = &rules.Rule{
	ID:       "DF033",
	Title:    "setuid/setgid bits set",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "dockerfile",
	Help: `The build sets the setuid or setgid bit: ` + "`chmod u+s`" + `, ` + "`g+s`" + `, ` + "`+s`" + `, an octal mode with a leading
4, 2 or 6 (` + "`4755`" + `, ` + "`2755`" + `, ` + "`06755`" + `), ` + "`install -m 4755`" + `, or ` + "`COPY --chmod=4755`" + ` / ` + "`ADD --chmod=…`" + `. A
setuid program runs with its owner's privileges — usually root — whoever starts it; a setgid
one with its group's. Each such binary is a way from the container's unprivileged user to
root: one bug, one unsafe environment variable or argument in it is enough. CIS asks that
images carry none that are not needed.

Not flagged: setgid on directories, where it only makes new files inherit the directory's
group — ` + "`mkdir -m 2775`" + `, ` + "`install -d -m 2775`" + `, and a non-recursive ` + "`chmod g+s`" + ` / ` + "`2775`" + ` of paths
created by ` + "`mkdir`" + ` earlier in the same ` + "`RUN`" + ` or written with a trailing ` + "`/`" + ` (setuid on a directory
has no effect on Linux and is not flagged there either). Modes given by a variable without a
default are unknown and not flagged.`,
	Remediation: `Do not add setuid or setgid programs. Run the step that needs privileges at build time as
root, or give the program the one capability it needs at runtime
(` + "`docker run --cap-add`" + `, Kubernetes ` + "`capabilities.add`" + `) instead of root. Remove the bits the base image
ships with when the container does not need them, and run with ` + "`no-new-privileges`" + `, which makes
the kernel ignore them:

` + "```dockerfile" + `
RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.8: Ensure setuid and setgid permissions are removed", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: docker run --security-opt no-new-privileges", URL: "https://docs.docker.com/reference/cli/docker/container/run/#security-opt"},
		{Title: "Dockerfile reference: COPY --chmod", URL: "https://docs.docker.com/reference/dockerfile/#copy---chmod"},
	},
	Check: onFile(checkSetuid),
}

func checkSetuid(p *rules.Pass, f *pdockerfile.File) {
	eachRun(f, func(s *pdockerfile.Stage, in *pdockerfile.Instruction) {
		cmds := in.Commands()
		for i := range cmds {
			c := &cmds[i]
			for _, mc := range modeCommands(c) {
				if mc.dirs {
					continue
				}
				m, ok := parseMode(mc.mode)
				if !ok || !(m.setuid || m.setgid) {
					continue
				}
				if !m.setuid && !mc.recursive && allDirectories(mc.targets, cmds[:i]) {
					continue
				}
				bits := "setuid bit"
				switch {
				case m.setuid && m.setgid:
					bits = "setuid and setgid bits"
				case m.setgid:
					bits = "setgid bit"
				}
				p.Reportf(commandRange(in, c), anchor(s, in)+":"+mc.name+" "+mc.mode+" "+targetList(mc.targets),
					"%s %s sets the %s on %s: a program so marked runs with its owner's or group's privileges whoever starts it, a path to root", mc.name, mc.mode, bits, targetList(mc.targets))
			}
		}
	})
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			chmod := copyChmod(in)
			if chmod == "" {
				continue
			}
			v := s.ResolveAt(in, chmod)
			if !v.Known {
				continue
			}
			if m, ok := parseMode(v.Text); ok && (m.setuid || m.setgid) {
				p.Reportf(in.Range(), anchor(s, in)+":--chmod="+v.Text,
					"%s --chmod=%s sets the setuid/setgid bits on the copied files: they run with their owner's privileges for any user, a path to root", in.Keyword, v.Text)
			}
		}
	}
}

// allDirectories: every target is written as a directory ("dir/") or was
// created by mkdir (or install -d) earlier in the same RUN.
func allDirectories(targets []pdockerfile.Word, before []pdockerfile.Command) bool {
	if len(targets) == 0 {
		return false
	}
	made := map[string]bool{}
	for i := range before {
		c := &before[i]
		if c.Name != "mkdir" && !(c.Name == "install" && parseArgs(c.Args, optSpec{short: "mgoSt"}).has("-d", "--directory")) {
			continue
		}
		p := parseArgs(c.Args, optSpec{short: "mgoSt", long: []string{"mode", "context", "group", "owner"}})
		for _, i := range p.operands {
			made[strings.TrimRight(p.args[i].Text, "/")] = true
		}
	}
	for _, t := range targets {
		// The same text in the same RUN names the same path, even when it
		// holds a variable ("$PGDATA").
		if !strings.HasSuffix(t.Text, "/") && !made[strings.TrimRight(t.Text, "/")] {
			return false
		}
	}
	return true
}
