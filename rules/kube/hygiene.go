package kube

import "github.com/stridelint/stridelint/rules"

// hygieneRules are filled in by this file's rules.
var hygieneRules = []*rules.Rule{}
