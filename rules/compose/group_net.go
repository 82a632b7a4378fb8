package compose

import "github.com/stridelint/stridelint/rules"

// networkRules returns this group's rules: published ports and networks
// (DC017–DC021), resource limits and availability (DC022–DC026), logging
// (DC030).
func networkRules() []*rules.Rule {
	return []*rules.Rule{
		portOnAllInterfaces,
		dockerAPIPortPublished,
		adminPortOnAllInterfaces,
		privilegedHostPort,
		onlyDefaultNetwork,
		noMemoryLimit,
		noCPULimit,
		noPIDLimit,
		unboundedRestart,
		disabledHealthcheck,
		loggingDisabled,
	}
}
