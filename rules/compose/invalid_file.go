package compose

import (
	"strconv"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

var invalidFile = &rules.Rule{
	ID:       "DC040",
	Title:    "invalid compose file",
	Severity: rules.High,
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "compose",
	Help: `compose-go — the library ` + "`docker compose`" + ` itself uses — rejects the file: a YAML syntax
error, a misspelt or misplaced key (` + "`privilged: true`" + `, which compose refuses rather than
ignores), a value of the wrong type, a service that depends on one that does not exist.
The message is compose's own, placed at the line of the key it names. A misspelt security
setting is the dangerous case: the file looks hardened and is not deployable, or gets
"fixed" in a hurry by deleting the line.

Files that compose reads only together with others (` + "`docker-compose.prod.yml`" + ` used with
` + "`-f`" + `) may lack an ` + "`image`" + ` or refer to services defined elsewhere: for those, only
schema errors are reported. When the file is invalid but a lenient load still works,
every other rule judges what could be read.

A ` + "`${VAR:?message}`" + ` whose variable has no value is also reported, at info severity: the scan
reads no environment and no ` + "`.env`" + ` file, so the value is unknown, and the file is analysed
with it empty.`,
	Remediation: `Fix the key at the reported line; ` + "`docker compose config`" + ` shows the same error and
the merged result once it is fixed. For a required variable, nothing needs fixing if the
variable is always provided at deploy time.`,
	References: []rules.Reference{
		{Title: "Compose file reference", URL: "https://docs.docker.com/reference/compose-file/"},
		{Title: "docker compose config", URL: "https://docs.docker.com/reference/cli/docker/compose/config/"},
		{Title: "Compose interpolation (required variables)", URL: "https://docs.docker.com/reference/compose-file/interpolation/"},
	},
	ParseErrors: true,
	Check:       checkInvalidFile,
}

func checkInvalidFile(p *rules.Pass) {
	for i, d := range p.Diagnostics {
		f := rules.Finding{
			Range:   parsers.Range{StartLine: max(d.Line, 1), StartCol: d.Col},
			Anchor:  "compose diagnostic #" + strconv.Itoa(i) + ": " + d.Message,
			Message: d.Message,
		}
		if d.Notice {
			f.Severity = rules.Info
		}
		p.Report(f)
	}
}
