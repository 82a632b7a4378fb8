package dockerfile

import "github.com/stridelint/stridelint/rules"

// commandRules returns this group's rules.
func commandRules() []*rules.Rule { return nil }
