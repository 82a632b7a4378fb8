package dockerfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/image"
)

var brokenStageReference = &rules.Rule{
	ID:       "DF027",
	Title:    "multi-stage references broken",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A reference between build stages does not point where it seems to:

- ` + "`COPY --from`" + ` or ` + "`RUN --mount=from=`" + ` names a stage alias that does not exist. BuildKit does
  not fail: it takes the name as an image and pulls ` + "`docker.io/library/<name>:latest`" + `. A
  typo (` + "`--from=buidler`" + `) thus copies files from whatever someone published on Docker Hub
  under that name. Only bare names are reported — a reference with a tag, a registry or
  a digest (` + "`--from=nginx:1.25`" + `, ` + "`--from=ghcr.io/org/tools`" + `) is clearly an image and is
  fine. A name given at build time with ` + "`--build-context <name>=…`" + ` is not visible in the
  file: if you use one, disable the rule for that line.
- A stage copies from itself, or from a stage defined after it (by name or index), or
  from an index past the last stage: BuildKit refuses to build.
- ` + "`--from`" + ` contains a variable: BuildKit does not expand variables there and fails.
- ` + "`FROM`" + ` names a stage that is defined later in the file: BuildKit pulls an image of that
  name instead of building the stage.
- Two stages have the same alias (aliases are case-insensitive): every reference to it
  is ambiguous.
- A stage is named ` + "`scratch`" + ` or ` + "`context`" + `, names BuildKit reserves (the empty image, the
  build context).

Variables in ` + "`RUN --mount=from=`" + ` are resolved with their defaults; an unknown value is not
reported.`,
	Remediation: `Give every stage a unique alias and refer to stages by alias, defined before their
use; refer to images with a tag (better, a digest):

` + "```dockerfile" + `
FROM golang:1.22 AS build
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/app /app
COPY --from=busybox:1.36 /bin/busybox /busybox
` + "```" + ``,
	References: []rules.Reference{
		{Title: "Docker docs: Multi-stage builds", URL: "https://docs.docker.com/build/building/multi-stage/"},
		{Title: "Dockerfile reference: COPY --from", URL: "https://docs.docker.com/reference/dockerfile/#copy---from"},
		{Title: "Docker build checks: DuplicateStageName, ReservedStageName", URL: "https://docs.docker.com/reference/build-checks/"},
		{Title: "hadolint DL3022", URL: "https://github.com/hadolint/hadolint/wiki/DL3022"},
	},
	Check: onFile(checkBrokenStageReference),
}

// reservedStageNames are the names BuildKit gives a meaning of its own.
var reservedStageNames = map[string]string{
	"scratch": "the empty image",
	"context": "the build context",
}

func checkBrokenStageReference(p *rules.Pass, f *pdockerfile.File) {
	first := map[string]*pdockerfile.Stage{}
	for _, s := range f.Stages {
		if s.Name != "" {
			if meaning, ok := reservedStageNames[s.Name]; ok {
				p.Reportf(s.From.Range(), anchor(s, s.From)+":reserved",
					"stage name %s is reserved by BuildKit for %s: references to it do not reach this stage", s.Name, meaning)
			}
			if prev, ok := first[s.Name]; ok {
				p.Report(rules.Finding{
					Range:  s.From.Range(),
					Anchor: anchor(s, s.From) + ":duplicate",
					Message: fmt.Sprintf("stage name %s is already used by the stage at line %d: references to %s are ambiguous",
						s.Name, prev.From.StartLine, s.Name),
					Related: []rules.Related{{Range: prev.From.Range(), Message: "the first stage named " + s.Name}},
				})
			} else {
				first[s.Name] = s
			}
		}
		checkFromLaterStage(p, f, s)
		for _, in := range s.Instructions {
			switch c := in.Command.(type) {
			case *instructions.CopyCommand:
				if c.From != "" {
					checkCopyFrom(p, f, s, in, c.From)
				}
			case *instructions.RunCommand:
				for _, m := range instructions.GetMounts(c) {
					if m.From != "" {
						checkMountFrom(p, f, s, in, m.From)
					}
				}
			}
		}
	}
}

// checkFromLaterStage reports a FROM that names a stage defined after it:
// BuildKit only resolves earlier stages and pulls an image of that name.
func checkFromLaterStage(p *rules.Pass, f *pdockerfile.File, s *pdockerfile.Stage) {
	if s.BaseStage != nil || !s.Base.Known {
		return
	}
	name := strings.TrimSpace(s.Base.Text)
	for _, later := range f.Stages[s.Index+1:] {
		if later.Name != "" && strings.EqualFold(later.Name, name) {
			p.Report(rules.Finding{
				Range:  s.From.Range(),
				Anchor: anchor(s, s.From) + ":later=" + later.Name,
				Message: fmt.Sprintf("FROM %s names stage %s, defined later at line %d: BuildKit pulls %s instead of building the stage",
					name, later.Name, later.From.StartLine, pulledImage(name)),
				Related: []rules.Related{{Range: later.From.Range(), Message: "stage " + later.Name}},
			})
			return
		}
	}
}

func checkCopyFrom(p *rules.Pass, f *pdockerfile.File, s *pdockerfile.Stage, in *pdockerfile.Instruction, from string) {
	what := "COPY --from=" + from
	at := anchor(s, in) + ":from=" + from
	if strings.Contains(from, "$") {
		p.Reportf(in.Range(), at, "%s uses a variable, which BuildKit does not expand in COPY --from: the build fails", what)
		return
	}
	if n, err := strconv.Atoi(from); err == nil {
		switch {
		case n < 0 || n >= len(f.Stages):
			p.Reportf(in.Range(), at, "%s names stage index %d, but the file has %d stages (0-%d): the build fails",
				what, n, len(f.Stages), len(f.Stages)-1)
		case n == s.Index:
			p.Reportf(in.Range(), at, "%s names its own stage: a stage cannot copy from itself, the build fails", what)
		case n > s.Index:
			p.Reportf(in.Range(), at, "%s names stage %s, defined later at line %d: the build fails",
				what, stageName(f.Stages[n]), f.Stages[n].From.StartLine)
		}
		return
	}
	checkStageName(p, f, s, in, what, at, from)
}

func checkMountFrom(p *rules.Pass, f *pdockerfile.File, s *pdockerfile.Stage, in *pdockerfile.Instruction, from string) {
	v := s.ResolveAt(in, from)
	if !v.Known {
		return
	}
	what := "RUN --mount=from=" + from
	if v.Text != from {
		what += " (" + v.Text + ")"
	}
	checkStageName(p, f, s, in, what, anchor(s, in)+":mount-from="+v.Text, v.Text)
}

// checkStageName judges a --from that is not a number: a stage alias, or
// else an image.
func checkStageName(p *rules.Pass, f *pdockerfile.File, s *pdockerfile.Stage, in *pdockerfile.Instruction, what, at, name string) {
	name = strings.TrimSpace(name)
	if target := f.StageByName(name); target != nil {
		switch {
		case target == s:
			p.Reportf(in.Range(), at, "%s names its own stage: a stage cannot copy from itself, the build fails", what)
		case target.Index > s.Index:
			p.Report(rules.Finding{
				Range:  in.Range(),
				Anchor: at,
				Message: fmt.Sprintf("%s names stage %s, defined later at line %d: the build fails",
					what, target.Name, target.From.StartLine),
				Related: []rules.Related{{Range: target.From.Range(), Message: "stage " + target.Name}},
			})
		}
		return
	}
	if strings.ContainsAny(name, ":/@") || isNumericID(name) {
		return // an image reference: tagged, from a registry or by digest
	}
	if _, reserved := reservedStageNames[strings.ToLower(name)]; reserved {
		return
	}
	p.Reportf(in.Range(), at,
		"%s names no stage of this file: BuildKit pulls %s instead (unless it is given with --build-context), so a typo copies from whatever Docker Hub serves under that name",
		what, pulledImage(name))
}

// pulledImage is the image BuildKit pulls for a name: "docker.io/library/x:latest".
func pulledImage(name string) string {
	ref, err := image.Parse(name)
	if err != nil {
		return "image " + name
	}
	tag := ref.Tag
	if tag == "" {
		tag = "latest"
	}
	return "image " + ref.Name() + ":" + tag
}
