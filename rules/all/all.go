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
		reg, err = rules.NewRegistry(rs...)
	})
	return reg, err
}
