package kube

import "github.com/stridelint/stridelint/rules"

// confinementRules are filled in by this file's rules.
var confinementRules = []*rules.Rule{}
