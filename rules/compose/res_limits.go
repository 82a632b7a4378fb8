package compose

import (
	"go.yaml.in/yaml/v3"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// The resource-limit rules (DC022–DC024) share their shape: a limit may be
// written at the service level (mem_limit, cpus, pids_limit) or under
// deploy.resources.limits, which docker compose applies as well; a service
// that has neither is reported at its own key, one that writes a value that
// limits nothing (pids_limit: -1) at that value.

var noMemoryLimit = &rules.Rule{
	ID:       "DC022",
	Title:    "no memory limit",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "compose",
	Help: `The service has no memory limit: neither ` + "`mem_limit`" + ` nor
` + "`deploy.resources.limits.memory`" + `. A container without one may use all of the host's
memory — through a leak, a large request, or an attacker who found a way to make it
allocate — and when the host runs out, the kernel's OOM killer picks victims among
every process on the host, other containers and the Docker daemon included.

Both syntaxes count as a limit, in the service or in what it inherits (an ` + "`extends`" + `
base, an override file). A value written as a variable the scan has no value for is
unknown and not reported; ` + "`${MEM:-512m}`" + ` is 512m. ` + "`mem_reservation`" + ` is a soft floor, not a
limit. A value that limits nothing (` + "`mem_limit: 0`" + `) is reported where it is written.`,
	Remediation: `Set a limit a little above the service's normal peak:

` + "```yaml" + `
services:
  api:
    image: example/api:1.4
    mem_limit: 512m
    # or, equivalently:
    # deploy:
    #   resources:
    #     limits:
    #       memory: 512M
` + "```" + ``,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.11: Ensure that the memory usage for containers is limited", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: mem_limit", URL: "https://docs.docker.com/reference/compose-file/services/#mem_limit"},
		{Title: "Compose deploy specification: resources", URL: "https://docs.docker.com/reference/compose-file/deploy/#resources"},
	},
	Check: eachService(checkMemoryLimit),
}

func checkMemoryLimit(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	c := s.Config
	if c.MemLimit > 0 || (c.Deploy != nil && c.Deploy.Resources.Limits != nil && c.Deploy.Resources.Limits.MemoryBytes > 0) {
		return
	}
	loc, written, unknown := limitWritten(proj, s, at("mem_limit"), at("deploy", "resources", "limits", "memory"))
	switch {
	case unknown:
	case written:
		report(p, s, loc, "service %q sets a memory limit that limits nothing: it can take all the host's memory, and the OOM killer then picks among every process on the host", s.Name)
	default:
		report(p, s, loc, "service %q has no memory limit (mem_limit or deploy.resources.limits.memory): it can take all the host's memory, and the OOM killer then picks among every process on the host", s.Name)
	}
}

var noCPULimit = &rules.Rule{
	ID:       "DC023",
	Title:    "no CPU limit",
	Severity: rules.Info,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "compose",
	Help: `The service has no CPU limit: neither ` + "`cpus`" + ` nor ` + "`deploy.resources.limits.cpus`" + ` (nor
the lower-level ` + "`cpu_quota`" + `, or ` + "`cpu_count`" + ` / ` + "`cpu_percent`" + ` on Windows). A busy or
compromised container — a runaway loop, a cryptominer — can then use every CPU of the
host and slow every other container down.

Both syntaxes count, in the service or in what it inherits. A variable without a value in
the scan is unknown and not reported. ` + "`cpu_shares`" + ` is a relative weight under contention,
not a limit, and ` + "`cpuset`" + ` pins the container to CPUs without bounding its use of them;
neither counts. Info: most single-host compose projects run without CPU limits and the
kernel's scheduler shares CPUs fairly by default.`,
	Remediation: `Set a limit in CPUs (fractions allowed):

` + "```yaml" + `
services:
  worker:
    image: example/worker:2.0
    cpus: "1.5"
    # or deploy.resources.limits.cpus: "1.5"
` + "```" + ``,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.12: Ensure that CPU priority is set appropriately on containers", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: cpus", URL: "https://docs.docker.com/reference/compose-file/services/#cpus"},
		{Title: "Compose deploy specification: resources", URL: "https://docs.docker.com/reference/compose-file/deploy/#resources"},
	},
	Check: eachService(checkCPULimit),
}

func checkCPULimit(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	c := s.Config
	if c.CPUS > 0 || c.CPUQuota > 0 || c.CPUCount > 0 || c.CPUPercent > 0 ||
		(c.Deploy != nil && c.Deploy.Resources.Limits != nil && c.Deploy.Resources.Limits.NanoCPUs > 0) {
		return
	}
	loc, written, unknown := limitWritten(proj, s, at("cpus"), at("deploy", "resources", "limits", "cpus"), at("cpu_quota"))
	switch {
	case unknown:
	case written:
		report(p, s, loc, "service %q sets a CPU limit that limits nothing: it can use every CPU of the host", s.Name)
	default:
		report(p, s, loc, "service %q has no CPU limit (cpus or deploy.resources.limits.cpus): it can use every CPU of the host", s.Name)
	}
}

var noPIDLimit = &rules.Rule{
	ID:       "DC024",
	Title:    "no PID limit",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "compose",
	Help: `The service has no limit on the number of processes it may run: ` + "`pids_limit`" + ` is unset,
` + "`-1`" + ` or ` + "`0`" + `, and so is ` + "`deploy.resources.limits.pids`" + `. Process IDs are shared by the
whole host: a fork bomb, or a service that leaks threads, exhausts them and then nothing
on the host — sshd, the Docker daemon, other containers — can start a process.

Both syntaxes count, in the service or in what it inherits. A variable without a value in
the scan is unknown and not reported. A value that limits nothing (` + "`pids_limit: -1`" + `) is
reported where it is written; an absent one at the service. The daemon's
` + "`default-pids-limit`" + `, if set, is not visible from the compose file.`,
	Remediation: `Set a limit comfortably above the service's normal process and thread count:

` + "```yaml" + `
services:
  api:
    image: example/api:1.4
    pids_limit: 200
    # or deploy.resources.limits.pids: 200
` + "```" + ``,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.29: Ensure that the PIDs cgroup limit is used", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: pids_limit", URL: "https://docs.docker.com/reference/compose-file/services/#pids_limit"},
		{Title: "Compose deploy specification: resources", URL: "https://docs.docker.com/reference/compose-file/deploy/#resources"},
	},
	Check: eachService(checkPIDLimit),
}

func checkPIDLimit(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	c := s.Config
	if c.PidsLimit > 0 || (c.Deploy != nil && c.Deploy.Resources.Limits != nil && c.Deploy.Resources.Limits.Pids > 0) {
		return
	}
	loc, written, unknown := limitWritten(proj, s, at("pids_limit"), at("deploy", "resources", "limits", "pids"))
	switch {
	case unknown:
	case written:
		report(p, s, loc, "service %q sets a PID limit that limits nothing (%s: %s): a fork bomb in it can exhaust the host's process IDs", s.Name, loc.At, writtenValue(loc))
	default:
		report(p, s, loc, "service %q has no PID limit (pids_limit or deploy.resources.limits.pids): a fork bomb in it can exhaust the host's process IDs", s.Name)
	}
}

// limitWritten finds the first of a service's limit settings that is
// written (in precedence order of the service's definitions), and whether
// its value comes from a variable the scan has no value for. When none is
// written it returns the service's own location.
func limitWritten(proj *pcompose.Project, s *pcompose.Service, paths ...yamlpos.Path) (loc pcompose.Location, written, unknown bool) {
	for _, path := range paths {
		if loc := proj.Locate(s, path); loc.Exact {
			return loc, true, unknownText(writtenValue(loc))
		}
	}
	return proj.ServiceLocation(s), false, false
}

// writtenValue is the scalar written at a location, or "".
func writtenValue(loc pcompose.Location) string {
	n := itemNode(loc)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
