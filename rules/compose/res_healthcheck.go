package compose

import (
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var disabledHealthcheck = &rules.Rule{
	ID:       "DC026",
	Title:    "healthcheck disabled",
	Severity: rules.Info,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "compose",
	Help: `The service turns its healthcheck off: ` + "`healthcheck: {disable: true}`" + ` or
` + "`test: [\"NONE\"]`" + `. This also switches off the ` + "`HEALTHCHECK`" + ` the image's authors wrote. A
service that hangs — deadlocked, out of connections, stuck on a dead upstream — then
looks healthy for as long as its process runs: ` + "`docker compose ps`" + ` shows no problem,
` + "`depends_on: condition: service_healthy`" + ` cannot be used, and Swarm or an autoheal
companion never replaces it.

Reported where the setting is written (an ` + "`extends`" + ` base, an override file). Not reported:
a service without a ` + "`healthcheck:`" + ` key (the image's own check, if any, applies), and
` + "`test: NONE`" + ` written as a string, which compose runs as the shell command ` + "`NONE`" + ` — it
fails and marks the service unhealthy rather than disabling the check.`,
	Remediation: `Remove the override, or replace it with a check that fits the service:

` + "```yaml" + `
services:
  api:
    image: example/api:1.4
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]
      interval: 30s
      timeout: 5s
      retries: 3
` + "```" + ``,
	References: []rules.Reference{
		{Title: "Compose file reference: healthcheck", URL: "https://docs.docker.com/reference/compose-file/services/#healthcheck"},
		{Title: "Dockerfile reference: HEALTHCHECK", URL: "https://docs.docker.com/reference/dockerfile/#healthcheck"},
	},
	Check: eachService(checkHealthcheckDisabled),
}

func checkHealthcheckDisabled(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	hc := s.Config.HealthCheck
	if !healthcheckDisabled(hc) {
		return
	}
	if hc.Disable {
		report(p, s, proj.Locate(s, at("healthcheck", "disable")), "service %q disables its healthcheck (disable: true), the image's own included: a hung service looks healthy for as long as its process runs", s.Name)
		return
	}
	report(p, s, proj.Locate(s, at("healthcheck", "test")), "service %q disables its healthcheck (test: [\"NONE\"]), the image's own included: a hung service looks healthy for as long as its process runs", s.Name)
}
