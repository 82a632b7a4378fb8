package dockerfile

import (
	"strconv"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

var parseError = &rules.Rule{
	ID:       "DF040",
	Title:    "parse error",
	Severity: rules.High,
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `The Dockerfile does not parse: an unknown instruction, an instruction without its
arguments or with an unknown flag, an unterminated heredoc, a line longer than BuildKit
accepts. ` + "`docker build`" + ` refuses such a file, and stridelint cannot judge what it cannot read:
a security check that silently skips a broken file would pass it.

Each problem is reported at its line, and the instructions that do parse are still
checked by every other rule. A file that is not a Dockerfile at all (binary content) is
reported once.`,
	Remediation: `Fix the instruction at the reported line — ` + "`docker build --check .`" + ` (or
` + "`docker buildx build --check`" + `) shows BuildKit's own diagnosis. If the file is not a Dockerfile,
rename it or exclude it with ` + "`--exclude`" + `.`,
	References: []rules.Reference{
		{Title: "Dockerfile reference", URL: "https://docs.docker.com/reference/dockerfile/"},
		{Title: "Docker docs: build checks", URL: "https://docs.docker.com/build/checks/"},
	},
	ParseErrors: true,
	Check:       checkParseError,
}

func checkParseError(p *rules.Pass) {
	for i, d := range p.Diagnostics {
		p.Report(rules.Finding{
			Range:   parsers.Range{StartLine: max(d.Line, 1), StartCol: d.Col},
			Anchor:  "parse error #" + strconv.Itoa(i) + ": " + d.Message,
			Message: "the Dockerfile does not parse: " + d.Message,
		})
	}
}
