package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var worldWritable = &rules.Rule{
	ID:       "DF032",
	Title:    "world-writable permissions",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker4},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `The build makes files or directories writable by every user: ` + "`chmod 777`" + `, ` + "`0666`" + `, any octal
mode whose last digit has the write bit (2, 3, 6, 7), symbolic ` + "`a+w`" + `, ` + "`o+w`" + `, ` + "`ugo+rwx`" + `, ` + "`o=rwx`" + `,
recursive or not, also run through ` + "`xargs`" + ` or ` + "`find … -exec`" + `; ` + "`mkdir -m 777`" + ` and ` + "`install -m 666`" + `; and
` + "`COPY --chmod=777`" + ` / ` + "`ADD --chmod=…`" + `.
Any process in the container, whatever its user, can then rewrite those files: replace a
program or script that root (or the application) later runs, change configuration, plant
data. A ` + "`777`" + ` usually papers over an ownership problem that ` + "`chown`" + ` solves properly.

Not flagged: a symbolic ` + "`+w`" + ` without a class (` + "`chmod +w file`" + `): the build's umask (022) keeps it
from granting write to others; and a non-recursive mode with the sticky bit (` + "`chmod 1777 /tmp`" + `,
` + "`mkdir -m 1777`" + `, ` + "`a+rwxt`" + `) — the standard mode of shared temporary directories, where users can
create files but not remove or rename other users' files. With ` + "`-R`" + ` the sticky exemption does
not apply: the files inside become world-writable too. Modes given by a variable without a
default are unknown and not flagged.`,
	Remediation: `Give the files to the user that needs to write them, and keep the mode tight:

` + "```dockerfile" + `
RUN mkdir -p /app/data && chown -R 10001:0 /app/data && chmod -R g=u,o-w /app/data
COPY --chown=10001:0 --chmod=755 entrypoint.sh /usr/local/bin/
USER 10001
` + "```" + `

(Group 0 with ` + "`g=u`" + ` is the usual arrangement for images that run under an arbitrary UID, as on
OpenShift.) For a shared scratch directory use ` + "`1777`" + `, or better a ` + "`tmpfs`" + ` mounted at runtime.`,
	References: []rules.Reference{
		{Title: "Dockerfile reference: COPY --chmod", URL: "https://docs.docker.com/reference/dockerfile/#copy---chmod"},
		{Title: "chmod(1) — GNU coreutils manual", URL: "https://www.gnu.org/software/coreutils/manual/html_node/chmod-invocation.html"},
	},
	Check: onFile(checkWorldWritable),
}

func checkWorldWritable(p *rules.Pass, f *pdockerfile.File) {
	eachRun(f, func(s *pdockerfile.Stage, in *pdockerfile.Instruction) {
		cmds := in.Commands()
		for i := range cmds {
			c := &cmds[i]
			for _, mc := range modeCommands(c) {
				m, ok := parseMode(mc.mode)
				if !ok || !m.otherWrite || (m.sticky && !mc.recursive) {
					continue
				}
				how := mc.name + " " + mc.mode
				if mc.recursive {
					how = mc.name + " -R " + mc.mode
				} else if mc.name != "chmod" {
					how = mc.name + " -m " + mc.mode
				}
				p.Reportf(commandRange(in, c), anchor(s, in)+":"+how+" "+targetList(mc.targets),
					"%s makes %s writable by every user in the container: any process can replace what is there", how, targetList(mc.targets))
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
			if m, ok := parseMode(v.Text); ok && m.otherWrite {
				p.Reportf(in.Range(), anchor(s, in)+":--chmod="+v.Text,
					"%s --chmod=%s makes the copied files writable by every user in the container: any process can replace them", in.Keyword, v.Text)
			}
		}
	}
}

// copyChmod is the --chmod of a COPY or ADD ("" when none).
func copyChmod(in *pdockerfile.Instruction) string {
	switch c := in.Command.(type) {
	case *instructions.CopyCommand:
		return c.Chmod
	case *instructions.AddCommand:
		return c.Chmod
	}
	return ""
}

// targetList names up to three paths for a message.
func targetList(ws []pdockerfile.Word) string {
	if len(ws) == 0 {
		return "the files"
	}
	var names []string
	for _, w := range ws {
		names = append(names, w.Text)
	}
	return strings.Join(quoteAll(names, 3), ", ")
}
