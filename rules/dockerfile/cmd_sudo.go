package dockerfile

import (
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var sudoInRun = &rules.Rule{
	ID:       "DF003",
	Title:    "sudo in RUN",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "dockerfile",
	Help: `A ` + "`RUN`" + ` step runs ` + "`sudo`" + `. A build step already runs as the ` + "`USER`" + ` in effect, so
` + "`sudo`" + ` is either useless (the step runs as root anyway) or it works because the image grants
an unprivileged user the right to become root — usually a ` + "`NOPASSWD`" + ` sudoers entry. That entry
ships with the image: the application's user can then become root inside the container with
one command, and root in the container is one kernel or runtime bug away from the host.
` + "`sudo`" + ` also has unpredictable TTY and signal behaviour in a build.

The shell code is parsed, so ` + "`sudo`" + ` is found wherever it runs a command: after ` + "`&&`" + `, ` + "`;`" + ` or
` + "`|`" + ` (` + "`curl … | sudo tee …`" + `), in subshells, in ` + "`sh -c \"…\"`" + `, in exec form and in heredoc bodies,
` + "`ONBUILD RUN`" + ` included. The word ` + "`sudo`" + ` that is not a command is not flagged: installing the
package (` + "`apt-get install sudo`" + `), ` + "`echo sudo`" + `, ` + "`usermod -aG sudo app`" + `, ` + "`command -v sudo`" + `,
` + "`pseudo`" + `, a comment.`,
	Remediation: `Run the privileged steps as root and switch to the unprivileged user afterwards:

` + "```dockerfile" + `
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
USER 10001
` + "```" + `

If a process needs to change user at runtime, use a tool made for it (` + "`gosu`" + `, ` + "`su-exec`" + `,
` + "`setpriv`" + `) in the entrypoint, and do not install ` + "`sudo`" + ` or a ` + "`NOPASSWD`" + ` sudoers rule in the image.`,
	References: []rules.Reference{
		{Title: "Docker docs: Building best practices (USER)", URL: "https://docs.docker.com/build/building/best-practices/#user"},
		{Title: "CIS Docker Benchmark 4.1: Ensure that a user for the container has been created", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "hadolint DL3004", URL: "https://github.com/hadolint/hadolint/wiki/DL3004"},
	},
	Check: onFile(checkSudo),
}

func checkSudo(p *rules.Pass, f *pdockerfile.File) {
	eachRun(f, func(s *pdockerfile.Stage, in *pdockerfile.Instruction) {
		cmds := in.Commands()
		for i := range cmds {
			c := &cmds[i]
			if c.Name != "sudo" {
				continue
			}
			what := "sudo"
			if inner := innerCommand(cmds, i); inner != nil && inner.Name != "" {
				what = "sudo " + inner.Name
			}
			p.Reportf(commandRange(in, c), anchor(s, in)+":"+what,
				"%q in a RUN step: the step already runs as the USER in effect, and a sudo that works in the image lets its user become root", what)
		}
	})
}
