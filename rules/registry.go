package rules

import (
	"cmp"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
)

// Registry is the set of every rule stridelint has, by ID.
type Registry struct {
	rules []*Rule
	byID  map[string]*Rule
}

// NewRegistry checks every rule's metadata and that IDs are unique.
func NewRegistry(rs ...*Rule) (*Registry, error) {
	reg := &Registry{byID: map[string]*Rule{}}
	var errs []error
	for _, r := range rs {
		if err := r.validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		if _, dup := reg.byID[r.ID]; dup {
			errs = append(errs, fmt.Errorf("rule %s registered twice", r.ID))
			continue
		}
		reg.byID[r.ID] = r
		reg.rules = append(reg.rules, r)
	}
	slices.SortFunc(reg.rules, func(a, b *Rule) int { return cmp.Compare(a.ID, b.ID) })
	return reg, errors.Join(errs...)
}

// Rules returns every rule, by ID.
func (g *Registry) Rules() []*Rule { return slices.Clone(g.rules) }

// Lookup finds a rule by ID (case-insensitive).
func (g *Registry) Lookup(id string) (*Rule, bool) {
	r, ok := g.byID[strings.ToUpper(strings.TrimSpace(id))]
	return r, ok
}

// Match returns the rules a selector names: an ID ("DF001"), a glob over
// IDs ("DF*", "KW0?1"), or "all". It is an error for a selector to match
// nothing, so that a typo in --disable does not silently disable nothing.
func (g *Registry) Match(selector string) ([]*Rule, error) {
	sel := strings.ToUpper(strings.TrimSpace(selector))
	if sel == "ALL" {
		return g.Rules(), nil
	}
	var out []*Rule
	for _, r := range g.rules {
		if ok, err := path.Match(sel, r.ID); err != nil {
			return nil, fmt.Errorf("bad rule pattern %q: %v", selector, err)
		} else if ok {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("unknown rule %q (see `stridelint rules`)", selector)
	}
	return out, nil
}

// Select returns the rules to run: every rule that is on by default, plus
// those enabled, minus those disabled (disable wins) — except that
// disabling "all" is applied first, so that `--disable all --enable KC*`
// runs the KC rules only.
func (g *Registry) Select(enable, disable []string) ([]*Rule, error) {
	return g.SelectLayers(Selection{Enable: enable, Disable: disable})
}

// Selection is one layer of rule choices: the configuration file's, then
// the command line's.
type Selection struct {
	Enable, Disable []string
}

// SelectLayers applies the layers in order, each as Select does, starting
// from the rules that are on by default: a later layer wins over an
// earlier one (a flag's --enable DF001 runs DF001 that the configuration
// file disables).
func (g *Registry) SelectLayers(layers ...Selection) ([]*Rule, error) {
	on := map[string]bool{}
	for _, r := range g.rules {
		on[r.ID] = !r.DefaultOff
	}
	for _, layer := range layers {
		var disableAll, disableSome []string
		for _, s := range layer.Disable {
			if strings.EqualFold(strings.TrimSpace(s), "all") {
				disableAll = append(disableAll, s)
			} else {
				disableSome = append(disableSome, s)
			}
		}
		for _, list := range []struct {
			sels []string
			val  bool
		}{{disableAll, false}, {layer.Enable, true}, {disableSome, false}} {
			for _, s := range list.sels {
				rs, err := g.Match(s)
				if err != nil {
					return nil, err
				}
				for _, r := range rs {
					on[r.ID] = list.val
				}
			}
		}
	}
	var out []*Rule
	for _, r := range g.rules {
		if on[r.ID] {
			out = append(out, r)
		}
	}
	return out, nil
}
