package dockerfile

import "github.com/stridelint/stridelint/rules"

// packageRules returns this group's rules.
func packageRules() []*rules.Rule { return nil }
