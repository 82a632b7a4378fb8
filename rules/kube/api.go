package kube

import "github.com/stridelint/stridelint/rules"

// apiRules are filled in by this file's rules.
var apiRules = []*rules.Rule{}
