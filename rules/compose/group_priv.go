package compose

import "github.com/stridelint/stridelint/rules"

// privilegeRules returns this group's rules: what a service is allowed to
// do to its host (privilege, namespaces, capabilities, confinement,
// devices, kernel parameters) and which host paths it mounts.
func privilegeRules() []*rules.Rule {
	return []*rules.Rule{
		privilegedService,
		sensitiveHostPath,
		writableHostPath,
		hostNetwork,
		hostPID,
		hostIPC,
		hostUserNS,
		hostUTS,
		dangerousCapability,
		capabilitiesNotDropped,
		noNewPrivileges,
		confinementDisabled,
		hostDevices,
		writableRootFS,
		sharedPropagation,
		unsafeSysctls,
		cgroupParent,
	}
}
