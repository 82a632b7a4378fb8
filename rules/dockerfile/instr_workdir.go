package dockerfile

import (
	"path"
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var workdirRelativeOrSystem = &rules.Rule{
	ID:       "DF026",
	Title:    "WORKDIR relative or on a system dir",
	Severity: rules.Low,
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A ` + "`WORKDIR`" + ` is relative to a working directory the Dockerfile does not know, or puts the
working directory on a kernel or boot filesystem (` + "`/proc`" + `, ` + "`/sys`" + `, ` + "`/dev`" + `, ` + "`/boot`" + ` or below).

A relative ` + "`WORKDIR`" + ` is resolved against the previous one. When no absolute ` + "`WORKDIR`" + ` came
before it — in the stage or in the stages it is built ` + "`FROM`" + ` — it lands wherever the base
image's working directory happens to be, and a new base image version silently moves
every file the following ` + "`COPY`" + ` and ` + "`RUN`" + ` write. After an absolute ` + "`WORKDIR`" + `, or on top of
` + "`FROM scratch`" + ` (whose working directory is ` + "`/`" + `), a relative one is well defined and is not
reported, nor is ` + "`WORKDIR .`" + `, which changes nothing (hadolint reports every relative
` + "`WORKDIR`" + `; this rule only the ambiguous ones).

At run time the container runtime mounts its own ` + "`/proc`" + `, ` + "`/sys`" + ` and ` + "`/dev`" + ` over the
image's, hiding what the build wrote there, and whatever the application writes relative to
its working directory then goes to kernel interfaces (harmless at best, a host setting in a
privileged container); ` + "`/boot`" + ` holds a kernel and boot loader, not application files. A
working directory there is a mistake, or an attempt to tamper with them.

Values from build arguments are judged on their default; an unknown value is not reported.
Windows paths (` + "`C:\\app`" + `, ` + "`\\app`" + `) count as absolute.`,
	Remediation: `Use an absolute path for the first ` + "`WORKDIR`" + ` of the stage, in a directory of the
application's own:

` + "```dockerfile" + `
WORKDIR /app
` + "```" + ``,
	References: []rules.Reference{
		{Title: "Dockerfile reference: WORKDIR", URL: "https://docs.docker.com/reference/dockerfile/#workdir"},
		{Title: "Docker docs: Building best practices (WORKDIR)", URL: "https://docs.docker.com/build/building/best-practices/#workdir"},
		{Title: "hadolint DL3000", URL: "https://github.com/hadolint/hadolint/wiki/DL3000"},
	},
	Check: onFile(checkWorkdir),
}

// workdirState is the working directory at a point of a stage.
type workdirState struct {
	dir    string // absolute, cleaned; "" when unknown
	inBase bool   // unknown because the base image decides it
}

var workdirSystemDirs = []string{"/proc", "/sys", "/dev", "/boot"}

func checkWorkdir(p *rules.Pass, f *pdockerfile.File) {
	end := map[*pdockerfile.Stage]workdirState{}
	for _, s := range f.Stages {
		var cur workdirState
		switch {
		case s.BaseStage != nil:
			cur = end[s.BaseStage]
		case strings.EqualFold(strings.TrimSpace(baseText(s)), "scratch"):
			cur = workdirState{dir: "/"}
		default:
			cur = workdirState{inBase: true}
		}
		windows := s.Windows()
		for _, in := range s.Instructions {
			if in.Keyword != "WORKDIR" || len(in.Args) == 0 {
				continue
			}
			v := s.ResolveAt(in, in.Args[0])
			if !v.Known {
				cur = workdirState{}
				continue
			}
			dir := strings.TrimSpace(v.Text)
			written := ""
			if dir != strings.TrimSpace(in.Args[0]) {
				written = " (" + in.Args[0] + ")"
			}
			if windows {
				if !windowsAbsolute(dir) && cur.inBase && path.Clean(dir) != "." {
					p.Reportf(in.Range(), anchor(s, in)+":relative",
						"WORKDIR %s%s is relative to the working directory of base image %s, which the Dockerfile does not set",
						dir, written, baseText(s.RootStage()))
				}
				cur = workdirState{}
				continue
			}
			switch {
			case path.IsAbs(dir):
				cur = workdirState{dir: path.Clean(dir)}
			case cur.dir != "":
				cur = workdirState{dir: path.Join(cur.dir, dir)}
			case path.Clean(dir) == ".":
				continue // WORKDIR . changes nothing
			default:
				if cur.inBase {
					p.Reportf(in.Range(), anchor(s, in)+":relative",
						"WORKDIR %s%s is relative to the working directory of base image %s, which the Dockerfile does not set",
						dir, written, baseText(s.RootStage()))
				}
				cur = workdirState{}
				continue
			}
			for _, sys := range workdirSystemDirs {
				if cur.dir == sys || strings.HasPrefix(cur.dir, sys+"/") {
					why := "the runtime mounts its own filesystem there, hiding what the build writes and sending what the application writes to kernel interfaces"
					if sys == "/boot" {
						why = "a directory for the kernel and boot loader, not for application files"
					}
					p.Reportf(in.Range(), anchor(s, in)+":"+sys, "WORKDIR %s%s is on %s: %s", cur.dir, written, sys, why)
					break
				}
			}
		}
		end[s] = cur
	}
}

// windowsAbsolute reports whether a Windows path is absolute: C:\app,
// C:/app, \app or /app.
func windowsAbsolute(p string) bool {
	if strings.HasPrefix(p, `\`) || strings.HasPrefix(p, "/") {
		return true
	}
	return len(p) >= 2 && p[1] == ':' && (p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z')
}
