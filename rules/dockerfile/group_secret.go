package dockerfile

import "github.com/stridelint/stridelint/rules"

// secretRules returns this group's rules.
func secretRules() []*rules.Rule { return nil }
