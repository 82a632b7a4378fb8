package compose

import "github.com/stridelint/stridelint/rules"

// privilegeRules returns this group's rules.
func privilegeRules() []*rules.Rule { return nil }
