package dockerfile

import (
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var baseImageUntrustedRegistry = &rules.Rule{
	ID:       "DF006",
	Title:    "base image from an untrusted registry",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A ` + "`FROM`" + ` pulls its image from a registry that is not in the ` + "`trusted-registries`" + ` list of
your configuration. Organisations that mirror and scan base images in their own registry
want every build to start from there; an image pulled straight from elsewhere bypasses
that scanning and whatever signing policy the mirror enforces.

The rule does nothing until ` + "`trusted-registries`" + ` is set. The registry of a reference is its
first path component when that contains a dot or a colon or is ` + "`localhost`" + `
(` + "`ghcr.io/org/app`" + `, ` + "`localhost:5000/app`" + `); otherwise it is Docker Hub, ` + "`docker.io`" + `
(` + "`nginx`" + `, ` + "`bitnami/redis`" + `). Entries of the list are host names (` + "`registry.example.com`" + `),
hosts with a port (` + "`localhost:5000`" + `, that port only; a host without a port matches any
port), wildcards (` + "`*.example.com`" + ` — every sub-domain, not ` + "`example.com`" + ` itself) or a registry
with a repository prefix (` + "`docker.io/library`" + ` for Docker Official Images only,
` + "`ghcr.io/my-org`" + `). Docker Hub's other host names (` + "`index.docker.io`" + `) are ` + "`docker.io`" + `.

Not reported: ` + "`FROM scratch`" + `, a ` + "`FROM`" + ` of an earlier stage, and references the file cannot
resolve (` + "`FROM ${REGISTRY}/app`" + ` without a default).`,
	Remediation: `Pull the image through your trusted registry (mirror it there first):

` + "```dockerfile" + `
FROM registry.example.com/mirror/python:3.12-slim
` + "```" + `

or, if the registry is in fact trusted, add it to ` + "`trusted-registries`" + ` in the configuration.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.2: Ensure that containers use only trusted base images", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Dockerfile reference: FROM", URL: "https://docs.docker.com/reference/dockerfile/#from"},
		{Title: "hadolint DL3026", URL: "https://github.com/hadolint/hadolint/wiki/DL3026"},
	},
	Check: onFile(checkBaseImageUntrustedRegistry),
}

func checkBaseImageUntrustedRegistry(p *rules.Pass, f *pdockerfile.File) {
	trusted := p.Settings.TrustedRegistries
	if len(trusted) == 0 {
		return
	}
	for _, s := range f.Stages {
		ref, ok := baseImage(f, s)
		if !ok || ref.TrustedBy(trusted) {
			continue
		}
		p.Reportf(s.From.Range(), anchor(s, s.From)+":"+ref.Familiar(),
			"base image %s%s comes from registry %s, which is not in trusted-registries (%s)",
			ref.Short(), baseWritten(s), ref.Registry, strings.Join(trusted, ", "))
	}
}
