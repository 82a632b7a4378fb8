package dockerfile

import (
	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// TrustedRegistryScope is the Dockerfiles of a scan that has trusted
// registries to judge base images against (--trusted-registry): without
// them DF006 runs but has nothing to say, which is not the same as every
// base image coming from a trusted registry.
var TrustedRegistryScope = &rules.Scope{
	ID:    "trusted-registries",
	Title: "base images against your trusted registries",
	Missing: "No trusted registry is configured, so base images are not judged against one. " +
		"Name the registries images may come from with `--trusted-registry registry.example.com`.",
	Files: func(p *rules.ProjectPass) []rules.ScopeFile {
		if len(p.Settings.TrustedRegistries) == 0 {
			return nil
		}
		var out []rules.ScopeFile
		for _, f := range p.Files {
			if f.Source.Kind == parsers.KindDockerfile {
				out = append(out, rules.ScopeFile{Path: f.Source.Path})
			}
		}
		return out
	},
}

func init() {
	baseImageUntrustedRegistry.Scope = TrustedRegistryScope
}
