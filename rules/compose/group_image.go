package compose

import "github.com/stridelint/stridelint/rules"

// imageRules returns this group's rules: what the service runs and what
// it is given — the image it pulls, secrets and content trust in its
// environment and build arguments.
func imageRules() []*rules.Rule {
	return []*rules.Rule{imageNotPinned, secretInEnvironment, contentTrustDisabled}
}
