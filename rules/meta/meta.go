// Package meta holds the rules about stridelint's own input rather than the
// configuration it judges (SLxxx): the ignore comments and annotations users
// write to suppress findings.
package meta

import (
	"github.com/stridelint/stridelint/rules"
)

// Rules returns the meta rules. known tells whether a rule selector (an
// ID, a glob over IDs, or "all") names at least one rule of the registry;
// the registry is built from these rules too, so it is asked only when a
// check runs.
func Rules(known func(selector string) bool) []*rules.Rule {
	return []*rules.Rule{unknownIgnoreRule(known)}
}
