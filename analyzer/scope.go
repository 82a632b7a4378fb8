package analyzer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stridelint/stridelint/rules"
)

// scopes finds, for every scope of the selected rules (Rule.Scope), the
// parsed files that hold it: what the threat-model report needs to tell
// "judged and fine" from "not in the scan". A scope's detector runs even
// when none of its rules had a file to run on.
func (e *engine) scopes(selected []*rules.Rule, files []rules.File) (map[string][]rules.ScopeFile, []rules.FileError) {
	var out map[string][]rules.ScopeFile
	var errs []rules.FileError
	done := map[string]bool{}
	memo := map[string]any{}
	for _, r := range selected {
		s := r.Scope
		if s == nil || done[s.ID] {
			continue
		}
		done[s.ID] = true
		var found []rules.ScopeFile
		if err := runRule(func() {
			found = s.Files(rules.NewProjectPass(r, files, e.settings, memo, func(rules.Finding) {}))
		}); err != nil {
			errs = append(errs, rules.FileError{Internal: true, Message: fmt.Sprintf("internal error in scope %s: %v", s.ID, err)})
			continue
		}
		if len(found) == 0 {
			continue
		}
		found = slices.Clone(found)
		for i := range found {
			found[i].CIS = slices.Clone(found[i].CIS)
			slices.Sort(found[i].CIS)
		}
		slices.SortFunc(found, func(a, b rules.ScopeFile) int { return strings.Compare(a.Path, b.Path) })
		if out == nil {
			out = map[string][]rules.ScopeFile{}
		}
		out[s.ID] = found
	}
	return out, errs
}
