package kube

import "github.com/stridelint/stridelint/rules"

// securityContextRules are filled in by this file's rules.
var securityContextRules = []*rules.Rule{}
