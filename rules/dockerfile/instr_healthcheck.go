package dockerfile

import (
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var noHealthcheck = &rules.Rule{
	ID:       "DF024",
	Title:    "no HEALTHCHECK",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "dockerfile",
	Help: `The final stage defines no ` + "`HEALTHCHECK`" + `, or disables the base image's with
` + "`HEALTHCHECK NONE`" + ` (reported with its own message). Without one, Docker, Compose and Swarm
only know whether the process is running, not whether it works: a deadlocked server keeps
receiving traffic, ` + "`depends_on: condition: service_healthy`" + ` cannot wait for it, and
Swarm never replaces it.

A ` + "`HEALTHCHECK`" + ` in a stage the final stage is built ` + "`FROM`" + ` counts. Build stages are not
judged, nor is an export stage (` + "`FROM scratch`" + ` without ` + "`CMD`" + ` or ` + "`ENTRYPOINT`" + `, used with
` + "`docker build --output`" + `), which never runs. The base image may define a health check of its
own — stridelint cannot look inside images — and Kubernetes ignores ` + "`HEALTHCHECK`" + `
altogether (it uses the pod's liveness and readiness probes), so images that only run
there, and one-shot tools, may disable this rule.`,
	Remediation: `Add a cheap check of the service itself, with a tool that exists in the image:

` + "```dockerfile" + `
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD wget -qO- http://127.0.0.1:8080/healthz || exit 1
` + "```" + `

For distroless or scratch images, build a small ` + "`healthcheck`" + ` binary into the image or let
the orchestrator probe instead (Kubernetes probes, Compose ` + "`healthcheck:`" + `).`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.6: Ensure that HEALTHCHECK instructions have been added to container images", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Dockerfile reference: HEALTHCHECK", URL: "https://docs.docker.com/reference/dockerfile/#healthcheck"},
	},
	Check: onFile(checkNoHealthcheck),
}

func checkNoHealthcheck(p *rules.Pass, f *pdockerfile.File) {
	final := finalStage(p, f)
	if final == nil || isExportStage(final) {
		return
	}
	if in, s := lastInStageChain(final, "HEALTHCHECK"); in != nil {
		if len(in.Args) > 0 && strings.EqualFold(in.Args[0], "NONE") {
			where := "the final stage"
			if s != final {
				where = "stage " + stageName(s) + ", which the final stage is built from,"
			}
			p.Reportf(in.Range(), anchor(s, in)+":none",
				"%s disables the health check with HEALTHCHECK NONE: a hung container looks healthy to Docker", where)
		}
		return
	}
	base := baseText(final.RootStage())
	if strings.EqualFold(strings.TrimSpace(base), "scratch") {
		p.Reportf(final.From.Range(), anchor(final, final.From),
			"the final stage (FROM scratch) has no HEALTHCHECK, so a hung container looks healthy to Docker")
		return
	}
	p.Reportf(final.From.Range(), anchor(final, final.From),
		"the final stage has no HEALTHCHECK, so a hung container looks healthy to Docker unless base image %s defines one", base)
}

// isExportStage reports whether a stage is only a filesystem to export
// (docker build --output): built FROM scratch, with no CMD or ENTRYPOINT to
// run.
func isExportStage(s *pdockerfile.Stage) bool {
	return strings.EqualFold(strings.TrimSpace(baseText(s.RootStage())), "scratch") && !hasRunCommand(s)
}

// baseText is the stage's base image, resolved when known and as written
// otherwise.
func baseText(s *pdockerfile.Stage) string {
	if s.Base.Known {
		return s.Base.Text
	}
	return s.BaseName
}
