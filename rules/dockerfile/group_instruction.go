package dockerfile

import "github.com/stridelint/stridelint/rules"

// instructionRules returns this group's rules.
func instructionRules() []*rules.Rule { return nil }
