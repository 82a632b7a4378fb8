package kube

import "github.com/stridelint/stridelint/rules"

// hostAccessRules are filled in by this file's rules.
var hostAccessRules = []*rules.Rule{}
