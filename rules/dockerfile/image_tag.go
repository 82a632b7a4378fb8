package dockerfile

import (
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var baseImageLatest = &rules.Rule{
	ID:       "DF004",
	Title:    "base image untagged or `latest`",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A ` + "`FROM`" + ` names an image without a tag (` + "`FROM ubuntu`" + `, which docker reads as
` + "`ubuntu:latest`" + `) or with the ` + "`latest`" + ` tag. ` + "`latest`" + ` is whatever the publisher pushed last: two
builds of the same Dockerfile can start from different operating systems, with different
packages and vulnerabilities, and a compromised or careless push upstream lands in your
image on the next build without any change on your side.

Every stage is judged, build stages too: what a build stage compiles ends up in the
final image. The reference is judged after build-argument substitution — ` + "`FROM ${BASE}`" + `
with ` + "`ARG BASE=alpine:latest`" + ` is reported; with no default the value is unknown and is not.
Not reported: ` + "`FROM scratch`" + `, a ` + "`FROM`" + ` of an earlier stage (` + "`FROM build`" + `), and references
pinned by digest — ` + "`FROM nginx:latest@sha256:…`" + ` pulls exactly that digest, the tag is only
a label.`,
	Remediation: `Name a specific version, ideally pinned by digest as well (see DF005):

` + "```dockerfile" + `
FROM python:3.12-slim-bookworm
# or, reproducible:
FROM python:3.12-slim-bookworm@sha256:<digest>
` + "```" + `

Keep the version current with a dependency bot (Dependabot, Renovate) rather than with
` + "`latest`" + `.`,
	References: []rules.Reference{
		{Title: "Dockerfile reference: FROM", URL: "https://docs.docker.com/reference/dockerfile/#from"},
		{Title: "Docker docs: Building best practices (pin base image versions)", URL: "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"},
	},
	Check: onFile(checkBaseImageLatest),
}

func checkBaseImageLatest(p *rules.Pass, f *pdockerfile.File) {
	for _, s := range f.Stages {
		ref, ok := baseImage(f, s)
		if !ok {
			continue
		}
		switch {
		case ref.Untagged():
			p.Reportf(s.From.Range(), anchor(s, s.From)+":"+ref.Familiar(),
				"base image %s%s has no tag, so each build pulls whatever %s:latest is at the time", ref.Raw, baseWritten(s), ref.Familiar())
		case ref.Latest():
			p.Reportf(s.From.Range(), anchor(s, s.From)+":"+ref.Familiar(),
				"base image %s%s uses the moving latest tag: each build may start from different content", ref.Raw, baseWritten(s))
		}
	}
}
