package dockerfile

import (
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var maintainerDeprecated = &rules.Rule{
	ID:       "DF036",
	Title:    "MAINTAINER deprecated",
	Severity: rules.Info,
	STRIDE:   []rules.Category{rules.Repudiation},
	Kind:     "dockerfile",
	Help: `The Dockerfile uses ` + "`MAINTAINER`" + `, deprecated since Docker 1.13. It writes the legacy
` + "`Author`" + ` field of the image, which registries, scanners and SBOM tools no longer read, so
the image carries no owner that tooling can find — nobody to notify about a vulnerable
image, and no accountable author in the provenance record.`,
	Remediation: `Use the standard OCI label instead:

` + "```dockerfile" + `
LABEL org.opencontainers.image.authors="team@example.com"
` + "```" + ``,
	References: []rules.Reference{
		{Title: "Dockerfile reference: MAINTAINER (deprecated)", URL: "https://docs.docker.com/reference/dockerfile/#maintainer-deprecated"},
		{Title: "OCI image spec: pre-defined annotation keys", URL: "https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys"},
		{Title: "hadolint DL4000", URL: "https://github.com/hadolint/hadolint/wiki/DL4000"},
	},
	Check: onFile(checkMaintainerDeprecated),
}

func checkMaintainerDeprecated(p *rules.Pass, f *pdockerfile.File) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			if in.Keyword != "MAINTAINER" {
				continue
			}
			who := strings.Join(in.Args, " ")
			p.Reportf(in.Range(), anchor(s, in),
				"MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors=%q, which tools read", who)
		}
	}
}
