package dockerfile

import (
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var contentTrustOff = &rules.Rule{
	ID:       "DF035",
	Title:    "content trust disabled",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `The Dockerfile turns Docker Content Trust off: ` + "`ENV DOCKER_CONTENT_TRUST=0`" + ` (or ` + "`false`" + `, or empty),
an ` + "`ARG`" + ` with such a default, ` + "`export DOCKER_CONTENT_TRUST=0`" + ` or ` + "`DOCKER_CONTENT_TRUST=0 docker pull …`" + `
in a ` + "`RUN`" + `, or ` + "`docker pull|push|build|run|create --disable-content-trust`" + `. With content trust on, the
docker CLI pulls and runs only images whose tags are signed; turning it off accepts whatever
the registry serves for a tag. In an ` + "`ENV`" + ` the setting also ships with the image, so every
docker CLI run from it — a CI runner, a tooling image — skips the check. CIS 4.5 asks for
content trust to be enabled.

The value is read as the docker CLI reads it (Go's ` + "`strconv.ParseBool`" + `): ` + "`0`" + `, ` + "`f`" + `, ` + "`false`" + `,
` + "`FALSE`" + `, ` + "`False`" + ` and the empty value disable it; ` + "`1`" + `, ` + "`true`" + ` and any other text enable it. Not
flagged: values the file cannot know (an ` + "`ARG DOCKER_CONTENT_TRUST`" + ` without a default),
` + "`--disable-content-trust=false`" + `.`,
	Remediation: `Remove the setting, or enable content trust where images are pulled:

` + "```dockerfile" + `
ENV DOCKER_CONTENT_TRUST=1
` + "```" + `

Pin base and pulled images by digest as well (` + "`image@sha256:…`" + `); a digest cannot be moved, signed
or not.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.5: Ensure Content trust for Docker is Enabled", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: Content trust in Docker", URL: "https://docs.docker.com/engine/security/trust/"},
	},
	Check: onFile(checkContentTrust),
}

func checkContentTrust(p *rules.Pass, f *pdockerfile.File) {
	const why = "the docker CLI then accepts unsigned images for any tag"
	eachEnvSetting(f, func(e envSetting) {
		if e.name == "DOCKER_CONTENT_TRUST" && e.value.Known && trustOff(e.value.Text) {
			p.Reportf(e.in.Range(), anchor(e.stage, e.in)+":"+e.name,
				"%s sets DOCKER_CONTENT_TRUST=%s, which turns content trust off: %s", e.keyword(), e.value.Text, why)
		}
	})
	eachRun(f, func(s *pdockerfile.Stage, in *pdockerfile.Instruction) {
		for _, a := range runEnvAssignments(in) {
			if a.name == "DOCKER_CONTENT_TRUST" && a.known && trustOff(a.value) {
				p.Reportf(a.rng, anchor(s, in)+":env "+a.name,
					"RUN sets DOCKER_CONTENT_TRUST=%s, which turns content trust off: %s", a.value, why)
			}
		}
		cmds := in.Commands()
		for i := range cmds {
			c := &cmds[i]
			if c.Name != "docker" {
				continue
			}
			for _, w := range c.Args {
				flag, val, hasVal := strings.Cut(w.Text, "=")
				if flag == "--disable-content-trust" && (!hasVal || !trustOff(val)) {
					p.Reportf(commandRange(in, c), anchor(s, in)+":docker "+w.Text,
						"docker %s turns content trust off: %s", w.Text, why)
					break
				}
			}
		}
	})
}

// trustOff: the value turns content trust off as the docker CLI parses it
// (strconv.ParseBool false, or empty; anything unparsable counts as on).
func trustOff(v string) bool {
	switch strings.TrimSpace(v) {
	case "", "0", "f", "F", "false", "FALSE", "False":
		return true
	}
	return false
}
