package dockerfile

import (
	"strconv"
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var rootUser = &rules.Rule{
	ID:       "DF001",
	Title:    "final stage runs as root",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "dockerfile",
	Help: `The image's final stage — the one that ships — has no ` + "`USER`" + ` instruction, or its last
` + "`USER`" + ` is ` + "`root`" + ` or UID ` + "`0`" + ` (` + "`root:…`" + `, ` + "`0:…`" + `). Processes in the container then run as
root: a bug in the application is root inside the container, and root inside a container
is one kernel or runtime vulnerability, one mounted socket or one added capability away
from root on the host.

Only the final stage is judged (the last stage of the file, or the one ` + "`--target`" + ` names): build stages may run as root,
as their filesystem is not shipped. A stage built ` + "`FROM`" + ` an earlier stage keeps that stage's
` + "`USER`" + `. A ` + "`USER`" + ` given by a build argument with no default is unknown and not reported;
one with a default (` + "`ARG APP_UID=0`" + `) is judged on the default. When there is no ` + "`USER`" + ` at
all, the base image may set one — stridelint cannot look inside images — so the finding
says so; ` + "`FROM scratch`" + ` has no user and always runs as root (a scratch stage without
` + "`CMD`" + ` or ` + "`ENTRYPOINT`" + ` is an export stage for ` + "`docker build --output`" + `, not a container, and is
not reported). On Windows images the administrator is ` + "`ContainerAdministrator`" + `, judged like root.`,
	Remediation: `Create an unprivileged user in the final stage and switch to it, by numeric UID so that
Kubernetes' ` + "`runAsNonRoot`" + ` can verify it:

` + "```dockerfile" + `
RUN adduser -D -u 10001 app      # Debian: useradd -u 10001 app
USER 10001:10001
` + "```" + `

Or start from a base image that already runs as a non-root user (for example
` + "`gcr.io/distroless/static:nonroot`" + `) and set ` + "`USER`" + ` explicitly anyway. Do installation work
as root before the ` + "`USER`" + ` line, not after a ` + "`USER root`" + ` at the end.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.1: Ensure that a user for the container has been created", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Dockerfile reference: USER", URL: "https://docs.docker.com/reference/dockerfile/#user"},
		{Title: "Docker docs: Building best practices (USER)", URL: "https://docs.docker.com/build/building/best-practices/#user"},
	},
	Check: onFile(checkRootUser),
}

func checkRootUser(p *rules.Pass, f *pdockerfile.File) {
	final := finalStage(p, f)
	if final == nil {
		return
	}
	root := "root"
	if final.Windows() {
		root = "ContainerAdministrator"
	}
	// The last USER of the final stage, or of the stage it is built FROM.
	if v, in, owner := final.User(); in != nil {
		if !v.Known {
			return // a build argument decides: unknown is not insecure
		}
		if pdockerfile.IsRootUser(v.Text) {
			where := "the final stage"
			if owner != final {
				where = "stage " + stageName(owner) + ", which the final stage is built from,"
			}
			p.Reportf(in.Range(), anchor(owner, in), "%s switches to USER %s and never drops it: the container runs as %s", where, v.Text, root)
		}
		return
	}
	image := baseText(final.RootStage())
	if strings.EqualFold(strings.TrimSpace(image), "scratch") {
		// A scratch image with no CMD or ENTRYPOINT cannot be run: it is an
		// export stage (docker build --output), not a container.
		if !hasRunCommand(final) {
			return
		}
		p.Reportf(final.From.Range(), anchor(final, final.From), "the final stage is FROM scratch with no USER: the container runs as root")
		return
	}
	p.Reportf(final.From.Range(), anchor(final, final.From),
		"the final stage has no USER, so the container runs as %s unless base image %s sets a user (stridelint cannot look inside images)", root, image)
}

// hasRunCommand reports whether a stage (or one it is built from) sets CMD
// or ENTRYPOINT.
func hasRunCommand(s *pdockerfile.Stage) bool {
	for ; s != nil; s = s.BaseStage {
		for _, in := range s.Instructions {
			if in.Keyword == "CMD" || in.Keyword == "ENTRYPOINT" {
				return true
			}
		}
	}
	return false
}

func stageName(s *pdockerfile.Stage) string {
	if s.Name != "" {
		return `"` + s.Name + `"`
	}
	return "#" + strconv.Itoa(s.Index)
}
