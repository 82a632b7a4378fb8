package kube

import "github.com/stridelint/stridelint/rules"

// networkRules (KN001–KN009) judge NetworkPolicies, namespaces and what the
// scan exposes outside the cluster. KN001, KN003 and KN008 read the whole
// scan (net_model.go).
var networkRules = []*rules.Rule{
	namespaceWithoutPolicy, policyAllowsAll, policySelectsNothing,
	serviceExposed, serviceExternalIPs, ingressWithoutTLS, nginxSnippets,
	namespaceWithoutPSA, kubeSystemWorkload,
}
