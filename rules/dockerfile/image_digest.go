package dockerfile

import (
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var baseImageNoDigest = &rules.Rule{
	ID:       "DF005",
	Title:    "base image not pinned by digest",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A ` + "`FROM`" + ` names an image by tag only (` + "`FROM python:3.12-slim`" + `). Tags are mutable: the
publisher — or anyone who compromises the publisher's account or the registry — can point
the same tag at different content, and the next build silently uses it. Only a digest
(` + "`@sha256:…`" + `) names the content itself; it is the Dockerfile-side counterpart of Docker
Content Trust (CIS Docker Benchmark 4.5).

One finding per ` + "`FROM`" + ` that pulls an image, build stages included. Not reported: ` + "`FROM scratch`" + `,
a ` + "`FROM`" + ` of an earlier stage, and a reference whose value the file cannot know
(` + "`FROM ${BASE}`" + ` without a default). An untagged or ` + "`latest`" + ` image is also reported by DF004.`,
	Remediation: `Append the digest of the image you tested, keeping the tag for readers:

` + "```dockerfile" + `
FROM python:3.12-slim@sha256:<digest>
` + "```" + `

Get the digest with ` + "`docker buildx imagetools inspect python:3.12-slim`" + ` (the index digest,
which covers every platform), and let Dependabot or Renovate update tag and digest
together.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.5: Ensure Content trust for Docker is Enabled", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: Building best practices (pin base image versions)", URL: "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"},
		{Title: "Dockerfile reference: FROM", URL: "https://docs.docker.com/reference/dockerfile/#from"},
	},
	Check: onFile(checkBaseImageNoDigest),
}

func checkBaseImageNoDigest(p *rules.Pass, f *pdockerfile.File) {
	for _, s := range f.Stages {
		ref, ok := baseImage(f, s)
		if !ok || ref.Pinned() {
			continue
		}
		p.Reportf(s.From.Range(), anchor(s, s.From)+":"+ref.Familiar(),
			"base image %s%s is not pinned by digest: its tag can be moved to other content", ref.Raw, baseWritten(s))
	}
}
