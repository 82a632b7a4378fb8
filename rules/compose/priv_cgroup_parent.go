package compose

import (
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var cgroupParent = &rules.Rule{
	ID:       "DC033",
	Title:    "cgroup parent set",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.DenialOfService},
	Kind:     "compose",
	Help: `A service sets ` + "`cgroup_parent`" + `, placing its container in a cgroup of the host's choosing
instead of the one Docker creates. The container then shares that cgroup's resource limits
(and their absence) with whatever else runs there — possibly host services — and escapes the
limits and accounting the daemon applies to containers. Review that the parent is intended
and limited.`,
	Remediation: `Remove ` + "`cgroup_parent`" + ` unless the host's resource management requires it, and set the
service's own limits:

` + "```yaml" + `
services:
  worker:
    mem_limit: 512m
    cpus: 1.0
    pids_limit: 200
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.25: Ensure that cgroup usage is confirmed", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: cgroup_parent", URL: "https://docs.docker.com/reference/compose-file/services/#cgroup_parent"},
	},
	Check: eachService(checkCgroupParent),
}

func checkCgroupParent(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	cp := s.Config.CgroupParent
	if cp == "" || pcompose.Unresolved(cp) {
		return
	}
	report(p, s, proj.Locate(s, at("cgroup_parent")), "service %q sets cgroup_parent %s: its container runs in that host cgroup, sharing its limits with whatever else runs there, instead of the one Docker manages for it", s.Name, cp)
}
