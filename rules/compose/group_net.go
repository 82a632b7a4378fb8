package compose

import "github.com/stridelint/stridelint/rules"

// networkRules returns this group's rules.
func networkRules() []*rules.Rule { return nil }
