package compose

import (
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var privilegedService = &rules.Rule{
	ID:       "DC001",
	Title:    "privileged service",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service sets ` + "`privileged: true`" + `. Its container gets every Linux capability, every
host device, and no seccomp, AppArmor or SELinux confinement: root in the container is
root on the host (it can mount the host's disks, load kernel modules, or write to
` + "`/proc/sys`" + `). The setting is judged on the merged service, so an override file or an
` + "`extends`" + ` base that turns it on is reported where it is written.`,
	Remediation: `Remove ` + "`privileged: true`" + `. Give the service only what it needs instead: a specific
capability after dropping all, a specific device.

` + "```yaml" + `
services:
  vpn:
    cap_drop: [ALL]
    cap_add: [NET_ADMIN]
    devices:
      - /dev/net/tun:/dev/net/tun
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.5: Ensure that privileged containers are not used", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: privileged", URL: "https://docs.docker.com/reference/compose-file/services/#privileged"},
		{Title: "Docker docs: Runtime privilege and Linux capabilities", URL: "https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities"},
	},
	Check: eachService(checkPrivileged),
}

func checkPrivileged(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	if !s.Config.Privileged {
		return
	}
	report(p, s, proj.Locate(s, at("privileged")), "service %q runs privileged: every capability, every host device and no confinement — root in it is root on the host", s.Name)
}
