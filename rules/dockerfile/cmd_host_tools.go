package dockerfile

import (
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var hostTools = &rules.Rule{
	ID:       "DF038",
	Title:    "host or interactive tools in RUN",
	Severity: rules.Info,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "dockerfile",
	Help: `A ` + "`RUN`" + ` step runs a tool that belongs on a host or at a terminal, not in an image build:

- ` + "`mount`" + ` (with something to mount) and ` + "`ifconfig`" + ` changing an interface need privileges a build
  does not have (` + "`RUN --security=insecure`" + `, a privileged builder); an image that expects them
  expects to run privileged, which is the way out of a container;
- ` + "`shutdown`" + `, ` + "`reboot`" + `, ` + "`halt`" + `, ` + "`poweroff`" + ` act on a machine, not a build step;
- ` + "`service x start`" + ` or ` + "`/etc/init.d/x start`" + ` as the step's last command, and ` + "`systemctl start`" + `: no
  daemon outlives its ` + "`RUN`" + ` step (and there is no systemd to start it); the service belongs in
  ` + "`CMD`" + `/` + "`ENTRYPOINT`" + ` or its own container;
- ` + "`ssh`" + ` to another machine during the build, without BuildKit's ` + "`--mount=type=ssh`" + ` agent forwarding,
  needs a key in the build context or the image;
- interactive programs — ` + "`vi`" + `, ` + "`vim`" + `, ` + "`nano`" + `, ` + "`emacs`" + `, ` + "`top`" + `, ` + "`htop`" + ` — wait for a terminal that a
  build does not have.

Only commands are judged (the parsed shell: wrappers, ` + "`sh -c`" + `, heredocs): installing the
packages (` + "`apt-get install vim openssh-client`" + `) is not running them. Quieter than hadolint,
which flags these by name: not flagged are scripted editors (` + "`vim -es`" + `, ` + "`vim +PlugInstall +qall`" + `,
` + "`nvim --headless`" + `, ` + "`emacs --batch`" + `), ` + "`top -b`" + `, ` + "`mount`" + ` or ` + "`ifconfig`" + ` that only list,
` + "`service x start`" + ` followed by commands that use the service (starting a database to load a
schema, then stopping it), ` + "`ssh`" + ` with ` + "`--mount=type=ssh`" + `, and harmless status tools (` + "`free`" + `, ` + "`ps`" + `),
as well as ` + "`kill`" + ` (ending a process the same step started is normal).`,
	Remediation: `Drop the command from the build, or move it where it belongs: start services from
` + "`CMD`" + `/` + "`ENTRYPOINT`" + ` (or better, one service per container), edit files with ` + "`sed`" + `, ` + "`COPY`" + ` or a
heredoc instead of an editor, fetch private sources with ` + "`RUN --mount=type=ssh git clone …`" + `, and
leave mounts and network configuration to the runtime (` + "`docker run --mount`" + `, ` + "`--network`" + `).`,
	References: []rules.Reference{
		{Title: "Docker docs: Building best practices", URL: "https://docs.docker.com/build/building/best-practices/"},
		{Title: "Dockerfile reference: RUN --mount=type=ssh", URL: "https://docs.docker.com/reference/dockerfile/#run---mounttypessh"},
		{Title: "hadolint DL3001", URL: "https://github.com/hadolint/hadolint/wiki/DL3001"},
	},
	Check: onFile(checkHostTools),
}

func checkHostTools(p *rules.Pass, f *pdockerfile.File) {
	eachRun(f, func(s *pdockerfile.Stage, in *pdockerfile.Instruction) {
		cmds := in.Commands()
		sshMount := false
		for _, fl := range in.Flags {
			if strings.HasPrefix(fl, "--mount=") && strings.Contains(fl, "type=ssh") {
				sshMount = true
			}
		}
		for i := range cmds {
			c := &cmds[i]
			why := hostToolReason(c, cmds[i+1:], sshMount)
			if why == "" {
				continue
			}
			p.Reportf(commandRange(in, c), anchor(s, in)+":"+c.Name, "RUN runs %s: %s", c.Name, why)
		}
	})
}

// hostToolReason says why running c in a build is out of place ("" when
// it is not); rest are the commands after it in the step.
func hostToolReason(c *pdockerfile.Command, rest []pdockerfile.Command, sshMount bool) string {
	switch c.Name {
	case "shutdown", "reboot", "halt", "poweroff":
		return "it acts on a machine, not on an image build step"
	case "mount":
		for _, w := range c.Args {
			switch w.Text {
			case "-l", "--show-labels", "-V", "--version", "-h", "--help":
				continue
			}
			return "mounting needs privileges a build should not have, and an image that expects them expects to run privileged"
		}
	case "ifconfig":
		if len(c.Args) >= 2 {
			return "configuring network interfaces needs privileges a build should not have"
		}
	case "ssh":
		if !sshMount {
			return "reaching another machine from a build needs a key in the context or the image; forward the agent with RUN --mount=type=ssh"
		}
	case "vi", "vim", "nvim", "view", "ex":
		for _, w := range c.Args {
			t := w.Text
			if strings.HasPrefix(t, "+") || t == "-c" || t == "--cmd" || t == "--headless" ||
				(strings.HasPrefix(t, "-") && !strings.HasPrefix(t, "--") && strings.ContainsAny(t[1:], "esE")) {
				return "" // scripted: ex mode, silent mode, or commands given
			}
		}
		return "an interactive editor waits for a terminal the build does not have"
	case "nano", "pico", "joe", "mcedit", "micro":
		return "an interactive editor waits for a terminal the build does not have"
	case "emacs":
		for _, w := range c.Args {
			switch w.Text {
			case "--batch", "-batch", "--script", "-script":
				return ""
			}
		}
		return "an interactive editor waits for a terminal the build does not have"
	case "top":
		for _, w := range c.Args {
			if strings.HasPrefix(w.Text, "-") && !strings.HasPrefix(w.Text, "--") && strings.Contains(w.Text, "b") {
				return "" // batch mode
			}
		}
		return "an interactive monitor waits for a terminal the build does not have"
	case "htop", "btop", "atop":
		return "an interactive monitor waits for a terminal the build does not have"
	case "systemctl":
		if len(c.Args) > 0 {
			switch c.Args[0].Text {
			case "start", "restart", "reload", "try-restart", "reload-or-restart":
				return "there is no systemd running in a build, and no service outlives its RUN step; start it from CMD or ENTRYPOINT"
			}
		}
	}
	if startsService(c) && lastMeaningful(rest) {
		return "the service it starts stops with the RUN step; start it from CMD or ENTRYPOINT"
	}
	return ""
}

// startsService: service NAME start|restart, /etc/init.d/NAME start.
func startsService(c *pdockerfile.Command) bool {
	var verb string
	switch {
	case c.Name == "service" && len(c.Args) >= 2:
		verb = c.Args[1].Text
	case strings.HasPrefix(c.NameWord.Text, "/etc/init.d/") && len(c.Args) >= 1:
		verb = c.Args[0].Text
	default:
		return false
	}
	return verb == "start" || verb == "restart" || verb == "force-reload"
}

// lastMeaningful: no command after this one does anything ("true", ":"
// and "exit" aside), so nothing in the step uses what it started.
func lastMeaningful(rest []pdockerfile.Command) bool {
	for _, c := range rest {
		switch c.Name {
		case "true", ":", "exit", "echo", "printf", "sleep":
			continue
		}
		return false
	}
	return true
}
