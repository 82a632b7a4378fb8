package kube

import "github.com/stridelint/stridelint/rules"

// apiRules judge objects as API objects: their namespace, API version and
// fields, legacy policy objects and cluster-admin tooling (KW034–KW038).
var apiRules = []*rules.Rule{removedAPIVersion, unknownField, permissivePSP}
