package compose

import (
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var hostDevices = &rules.Rule{
	ID:       "DC014",
	Title:    "host devices passed through",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service is given host devices: each ` + "`devices:`" + ` entry (short
` + "`/dev/ttyUSB0:/dev/ttyUSB0:rwm`" + `, long syntax with ` + "`source`" + `/` + "`target`" + `, or a CDI name
such as ` + "`nvidia.com/gpu=all`" + `), and each ` + "`device_cgroup_rules`" + ` entry that grants access to
every device (` + "`a *:* rwm`" + `) or every device of a type (` + "`c *:* rwm`" + `, ` + "`b *:* rw`" + `).
A device is a direct line to a kernel driver and to the hardware behind it: a block device
is the host's disk, and driver bugs are a classic way out of a container. Each entry is
reported at its line; review that each one is needed and as narrow as it can be.

Not flagged: cgroup rules for one device class (` + "`c 189:* rmw`" + `, USB) or one device, rules
granting only ` + "`m`" + ` (mknod); GPUs requested through ` + "`deploy.resources.reservations.devices`" + `,
which go through the runtime's device plugin rather than naming device nodes.`,
	Remediation: `Pass only the device the service uses, with the least access it needs (` + "`r`" + `,
` + "`rw`" + ` without ` + "`m`" + `), and never a whole class of devices:

` + "```yaml" + `
services:
  zigbee:
    devices:
      - /dev/serial/by-id/usb-zigbee-if00:/dev/ttyACM0:rw
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.18: Ensure that host devices are not directly exposed to containers", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: devices", URL: "https://docs.docker.com/reference/compose-file/services/#devices"},
		{Title: "Compose file reference: device_cgroup_rules", URL: "https://docs.docker.com/reference/compose-file/services/#device_cgroup_rules"},
	},
	Check: eachService(checkHostDevices),
}

func checkHostDevices(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	for _, d := range s.Config.Devices {
		loc := proj.LocateItem(s, at("devices"), matchDevice(d))
		what := d.Source
		if d.Target != "" && d.Target != d.Source {
			what += " (as " + d.Target + ")"
		}
		report(p, s, loc, "service %q is given host device %s: a direct line to a kernel driver and the hardware behind it", s.Name, what)
	}
	for _, rule := range s.Config.DeviceCgroupRules {
		what, ok := broadDeviceRule(rule)
		if !ok {
			continue
		}
		loc := proj.LocateItem(s, at("device_cgroup_rules"), func(n *yaml.Node) bool {
			return n.Kind == yaml.ScalarNode && strings.Join(strings.Fields(n.Value), " ") == strings.Join(strings.Fields(rule), " ")
		})
		report(p, s, loc, "service %q has device cgroup rule %q, which allows %s: any such device node it can create or find is open to it", s.Name, rule, what)
	}
}

// matchDevice accepts the devices entry that declares d.
func matchDevice(d types.DeviceMapping) func(*yaml.Node) bool {
	return func(item *yaml.Node) bool {
		switch item.Kind {
		case yaml.ScalarNode:
			parts := strings.Split(item.Value, ":")
			return slices.Contains(parts, d.Source) || slices.Contains(parts, d.Target)
		case yaml.MappingNode:
			_, src := yamlpos.MapGet(item, "source")
			_, dst := yamlpos.MapGet(item, "target")
			return (src != nil && src.Value == d.Source) || (dst != nil && dst.Value == d.Target)
		}
		return false
	}
}

// broadDeviceRule says whether a device cgroup rule ("type major:minor
// access") grants read or write access to all devices, or to all devices
// of a type.
func broadDeviceRule(rule string) (what string, ok bool) {
	f := strings.Fields(rule)
	if len(f) == 0 {
		return "", false
	}
	typ, major, access := f[0], "*", "rwm"
	if len(f) >= 2 {
		major, _, _ = strings.Cut(f[1], ":")
	}
	if len(f) >= 3 {
		access = f[2]
	}
	if !strings.ContainsAny(access, "rw") {
		return "", false
	}
	switch {
	case typ == "a":
		return "every device", true
	case typ == "c" && major == "*":
		return "every character device", true
	case typ == "b" && major == "*":
		return "every block device, the host's disks included", true
	}
	return "", false
}
