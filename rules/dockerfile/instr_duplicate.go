package dockerfile

import (
	"fmt"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var overriddenInstruction = &rules.Rule{
	ID:       "DF025",
	Title:    "more than one HEALTHCHECK / CMD / ENTRYPOINT",
	Severity: rules.Low,
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `A stage has more than one ` + "`HEALTHCHECK`" + `, ` + "`CMD`" + ` or ` + "`ENTRYPOINT`" + `. Only the last one of each
takes effect; the earlier ones are silently dropped. A reader (or reviewer) who sees the
first one is misled about what the container runs or how it is checked — often the
result of a merge or of a debugging line left behind.

Each overridden instruction is reported at its own line, with the line of the one that
wins. Instructions in different stages do not count: a stage that replaces the ` + "`CMD`" + ` of
the stage it is built ` + "`FROM`" + ` is normal. ` + "`ONBUILD CMD …`" + ` is not counted either.`,
	Remediation: `Keep only the instruction you mean, the last one, and delete the others. To run several
steps at start, write one script and make it the single ` + "`ENTRYPOINT`" + ` or ` + "`CMD`" + `.`,
	References: []rules.Reference{
		{Title: "Dockerfile reference: CMD (only the last CMD takes effect)", URL: "https://docs.docker.com/reference/dockerfile/#cmd"},
		{Title: "Dockerfile reference: HEALTHCHECK", URL: "https://docs.docker.com/reference/dockerfile/#healthcheck"},
		{Title: "hadolint DL4003", URL: "https://github.com/hadolint/hadolint/wiki/DL4003"},
	},
	Check: onFile(checkOverriddenInstruction),
}

func checkOverriddenInstruction(p *rules.Pass, f *pdockerfile.File) {
	for _, s := range f.Stages {
		for _, kw := range []string{"CMD", "ENTRYPOINT", "HEALTHCHECK"} {
			var seen []*pdockerfile.Instruction
			for _, in := range s.Instructions {
				if in.Keyword == kw {
					seen = append(seen, in)
				}
			}
			if len(seen) < 2 {
				continue
			}
			last := seen[len(seen)-1]
			for _, in := range seen[:len(seen)-1] {
				p.Report(rules.Finding{
					Range:  in.Range(),
					Anchor: anchor(s, in),
					Message: fmt.Sprintf("%s is overridden by the %s at line %d in the same stage: only the last one takes effect",
						kw, kw, last.StartLine),
					Related: []rules.Related{{Range: last.Range(), Message: "the " + kw + " that takes effect"}},
				})
			}
		}
	}
}
