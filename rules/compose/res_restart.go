package compose

import (
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var unboundedRestart = &rules.Rule{
	ID:       "DC025",
	Title:    "unbounded restart policy",
	Severity: rules.Info,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "compose",
	Help: `The service restarts forever — ` + "`restart: always`" + ` or ` + "`restart: unless-stopped`" + `, or
` + "`deploy.restart_policy`" + ` with ` + "`condition: any`" + ` and no ` + "`max_attempts`" + ` — and
has no healthcheck. Docker restarts a container only when its process exits, so:

- a service that crashes on start is restarted in a loop, indefinitely, each start
  costing CPU, memory and log space, and the failure is hidden behind a container that
  always looks "up";
- a service that hangs without exiting is never restarted, and without a healthcheck
  nothing shows that it stopped working.

A healthcheck makes the state visible (` + "`docker compose ps`" + ` shows ` + "`unhealthy`" + `,
` + "`depends_on: condition: service_healthy`" + ` waits for it, Swarm replaces unhealthy tasks).

Reported where the policy is written; when both are written, ` + "`deploy.restart_policy`" + ` is the
one docker compose applies. Not reported: a bounded policy (` + "`on-failure:5`" + `,
` + "`restart_policy`" + ` with ` + "`max_attempts`" + `), ` + "`on-failure`" + `, ` + "`no`" + `, a ` + "`restart_policy`" + ` without ` + "`condition`" + ` (Swarm reads it as
` + "`any`" + `, docker compose as no restart at all: unknown), and services with a
` + "`healthcheck`" + ` (one that only tunes the image's own timings counts). The image's own
` + "`HEALTHCHECK`" + ` (of a pulled image, or of the Dockerfile a ` + "`build:`" + ` names) is not read: a
service relying on it is reported, and the finding can be suppressed.`,
	Remediation: `Add a healthcheck, and prefer a bounded policy for services that should not loop:

` + "```yaml" + `
services:
  api:
    image: example/api:1.4
    restart: on-failure:5
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]
      interval: 30s
      timeout: 5s
      retries: 3
` + "```" + ``,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.15: Ensure that the 'on-failure' container restart policy is set to '5'", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: restart", URL: "https://docs.docker.com/reference/compose-file/services/#restart"},
		{Title: "Compose deploy specification: restart_policy", URL: "https://docs.docker.com/reference/compose-file/deploy/#restart_policy"},
		{Title: "Compose file reference: healthcheck", URL: "https://docs.docker.com/reference/compose-file/services/#healthcheck"},
	},
	Check: eachService(checkUnboundedRestart),
}

func checkUnboundedRestart(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	c := s.Config
	if hasHealthcheck(c.HealthCheck) {
		return
	}
	// docker compose applies deploy.restart_policy over restart when both
	// are written.
	if c.Deploy != nil && c.Deploy.RestartPolicy != nil {
		rp := c.Deploy.RestartPolicy
		switch strings.ToLower(rp.Condition) {
		case "any", "always", "unless-stopped":
		default:
			return
		}
		if rp.MaxAttempts != nil && *rp.MaxAttempts > 0 {
			return
		}
		report(p, s, proj.Locate(s, at("deploy", "restart_policy", "condition")), "service %q restarts forever (deploy.restart_policy condition: %s, no max_attempts) and has no healthcheck: a crash loop is hidden behind endless restarts and a hung process is never noticed",
			s.Name, rp.Condition)
		return
	}
	switch c.Restart {
	case types.RestartPolicyAlways, types.RestartPolicyUnlessStopped:
		report(p, s, proj.Locate(s, at("restart")), "service %q restarts forever (restart: %s) and has no healthcheck: a crash loop is hidden behind endless restarts and a hung process is never noticed",
			s.Name, c.Restart)
	}
}

// hasHealthcheck reports whether a service defines a healthcheck that is
// not disabled. One that only sets timings tunes the image's HEALTHCHECK.
func hasHealthcheck(hc *types.HealthCheckConfig) bool {
	return hc != nil && !healthcheckDisabled(hc)
}

// healthcheckDisabled: disable: true, or test: ["NONE"].
func healthcheckDisabled(hc *types.HealthCheckConfig) bool {
	return hc != nil && (hc.Disable || (len(hc.Test) > 0 && strings.EqualFold(hc.Test[0], "NONE")))
}
