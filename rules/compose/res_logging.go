package compose

import (
	"strings"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var loggingDisabled = &rules.Rule{
	ID:       "DC030",
	Title:    "logging disabled",
	Severity: rules.Medium,
	STRIDE:   []rules.Category{rules.Repudiation},
	Kind:     "compose",
	Help: `The service's logging driver is ` + "`none`" + `: everything it writes to stdout and stderr is
discarded. ` + "`docker logs`" + ` shows nothing, no log shipper can collect it, and after an
incident there is no record of what the service did, what it was asked, or what an
attacker ran in it.

Reported at ` + "`logging.driver`" + `, where it is written (an ` + "`extends`" + ` base, an override file);
` + "`${LOG_DRIVER:-none}`" + ` is none. Not reported: any other driver (` + "`json-file`" + `, ` + "`local`" + `,
` + "`journald`" + `, ` + "`syslog`" + `, ` + "`fluentd`" + ` …), no ` + "`logging:`" + ` at all (the daemon's default driver
applies), and a driver written as a variable the scan has no value for.`,
	Remediation: `Use a driver that keeps the logs, with rotation so that they cannot fill the disk:

` + "```yaml" + `
services:
  api:
    image: example/api:1.4
    logging:
      driver: local
      options:
        max-size: 10m
        max-file: "3"
` + "```" + ``,
	References: []rules.Reference{
		{Title: "Compose file reference: logging", URL: "https://docs.docker.com/reference/compose-file/services/#logging"},
		{Title: "Docker docs: Configure logging drivers", URL: "https://docs.docker.com/engine/logging/configure/"},
	},
	Check: eachService(checkLoggingDisabled),
}

func checkLoggingDisabled(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	if l := s.Config.Logging; l == nil || !strings.EqualFold(strings.TrimSpace(l.Driver), "none") {
		return
	}
	report(p, s, proj.Locate(s, at("logging", "driver")), "service %q uses the logging driver none: everything it writes is discarded, leaving no record of what happened in it", s.Name)
}
