package kube

import "github.com/stridelint/stridelint/rules"

// dataRules (KD001–KD003) are filled in by this file's rules.
var dataRules = []*rules.Rule{}
