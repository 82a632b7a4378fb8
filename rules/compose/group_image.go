package compose

import "github.com/stridelint/stridelint/rules"

// imageRules returns this group's rules.
func imageRules() []*rules.Rule { return nil }
