// Package all gathers every rule pack into the one registry the engine, the
// CLI, the SARIF rule objects and the documentation are generated from.
// The analyzer asks it for the registry and never names a pack.
package all

import (
	"sync"

	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/compose"
	"github.com/stridelint/stridelint/rules/daemon"
	"github.com/stridelint/stridelint/rules/dockerfile"
	"github.com/stridelint/stridelint/rules/kube"
	"github.com/stridelint/stridelint/rules/meta"
)

var (
	once sync.Once
	reg  *rules.Registry
	err  error
)

// Registry returns every rule of every pack. The registry is validated
// (complete metadata, unique IDs) when first built; the package tests make
// sure that never fails in a release.
func Registry() (*rules.Registry, error) {
	once.Do(func() {
		var rs []*rules.Rule
		rs = append(rs, dockerfile.Rules()...)
		rs = append(rs, compose.Rules()...)
		rs = append(rs, daemon.Rules()...)
		rs = append(rs, kube.Rules()...)
		rs = append(rs, meta.Rules(known)...)
		reg, err = rules.NewRegistry(rs...)
	})
	return reg, err
}

// known reports whether a selector in an ignore comment names a rule of the
// registry (SL001 asks while a scan runs, when the registry is built).
func known(selector string) bool {
	if reg == nil {
		return true
	}
	_, err := reg.Match(selector)
	return err == nil
}
