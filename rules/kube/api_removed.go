package kube

import (
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var removedAPIVersion = &rules.Rule{
	ID:       "KW035",
	Title:    "deprecated or removed API version",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `An object uses an ` + "`apiVersion`" + ` that Kubernetes has stopped serving for its kind:
` + "`extensions/v1beta1`" + `, ` + "`apps/v1beta1`" + ` and ` + "`apps/v1beta2`" + ` workloads (removed in 1.16),
` + "`networking.k8s.io/v1beta1`" + ` Ingress, ` + "`rbac.authorization.k8s.io/v1beta1`" + `, ` + "`apiextensions.k8s.io/v1beta1`" + `
and the other beta APIs of 1.22, ` + "`batch/v1beta1`" + ` CronJob, ` + "`policy/v1beta1`" + ` PodDisruptionBudget and
PodSecurityPolicy (1.25), ` + "`autoscaling/v2beta2`" + ` and ` + "`flowcontrol.apiserver.k8s.io/v1beta1`" + ` (1.26),
` + "`storage.k8s.io/v1beta1`" + ` CSIStorageCapacity (1.27), ` + "`flowcontrol.apiserver.k8s.io/v1beta2`" + ` (1.29) and
` + "`v1beta3`" + ` (1.32).

A current cluster rejects such a manifest, and what happens next is where the security problem
lies: the object is converted by hand or by ` + "`kubectl convert`" + `, which silently drops the fields the
new version does not have and fills in different defaults; security controls that only exist
in the old API are gone without a trace — a PodSecurityPolicy is not enforced by anything
since 1.25, so a repository that still carries one describes a protection the cluster does not
have. Manifests on removed APIs are also a sign of configuration nobody has reviewed for years.

Each finding says in which release the version stopped being served and what to use instead.
Alpha versions and API groups of add-ons (CRDs) are not judged: their lifecycle is not
Kubernetes'.`,
	Remediation: `Move the object to the version the finding names (` + "`kubectl convert -f file --output-version apps/v1`" + `
gives a starting point) and review the result against the migration guide: ` + "`apps/v1`" + `
workloads require ` + "`spec.selector`" + `, Ingress backends are renamed, CRDs carry a schema per version. Replace
PodSecurityPolicies with Pod Security admission labels on the namespace (or a policy engine).`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Deprecated API Migration Guide", URL: "https://kubernetes.io/docs/reference/using-api/deprecation-guide/"},
		{Title: "Kubernetes docs: Kubernetes Deprecation Policy", URL: "https://kubernetes.io/docs/reference/using-api/deprecation-policy/"},
		{Title: "Kubernetes docs: Migrate from PodSecurityPolicy to the Built-In PodSecurity Admission Controller", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/migrate-from-psp/"},
	},
	Check: eachObject(checkRemovedAPIVersion),
}

// removedAPI is an apiVersion (for one kind, or every kind when the whole
// version went) that Kubernetes stopped serving.
type removedAPI struct {
	removedIn string
	// use is the apiVersion to use instead; "" when nothing replaces the
	// kind (PodSecurityPolicy).
	use string
	// note is the migration detail that matters most, or "".
	note string
}

// removedAPIs maps "apiVersion kind" (kind "*": every kind of the version)
// to its removal, as the Deprecated API Migration Guide lists them.
var removedAPIs = map[string]removedAPI{
	// 1.16
	"extensions/v1beta1 Deployment":        {"1.16", "apps/v1", "spec.selector becomes required"},
	"extensions/v1beta1 DaemonSet":         {"1.16", "apps/v1", "spec.selector becomes required and updateStrategy defaults to RollingUpdate"},
	"extensions/v1beta1 ReplicaSet":        {"1.16", "apps/v1", "spec.selector becomes required"},
	"extensions/v1beta1 NetworkPolicy":     {"1.16", "networking.k8s.io/v1", ""},
	"extensions/v1beta1 PodSecurityPolicy": {"1.16", "", "policy/v1beta1, its successor, was removed in 1.25 in turn"},
	"apps/v1beta1 *":                       {"1.16", "apps/v1", "spec.selector becomes required"},
	"apps/v1beta2 *":                       {"1.16", "apps/v1", "spec.selector becomes required"},
	// 1.22
	"extensions/v1beta1 Ingress":                                          {"1.22", "networking.k8s.io/v1", "backends become service.name and service.port, pathType is required"},
	"networking.k8s.io/v1beta1 Ingress":                                   {"1.22", "networking.k8s.io/v1", "backends become service.name and service.port, pathType is required"},
	"networking.k8s.io/v1beta1 IngressClass":                              {"1.22", "networking.k8s.io/v1", ""},
	"admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration":   {"1.22", "admissionregistration.k8s.io/v1", "failurePolicy defaults to Fail and sideEffects is required"},
	"admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration": {"1.22", "admissionregistration.k8s.io/v1", "failurePolicy defaults to Fail and sideEffects is required"},
	"apiextensions.k8s.io/v1beta1 CustomResourceDefinition":               {"1.22", "apiextensions.k8s.io/v1", "each version needs a structural schema"},
	"apiregistration.k8s.io/v1beta1 APIService":                           {"1.22", "apiregistration.k8s.io/v1", ""},
	"authentication.k8s.io/v1beta1 TokenReview":                           {"1.22", "authentication.k8s.io/v1", ""},
	"authorization.k8s.io/v1beta1 *":                                      {"1.22", "authorization.k8s.io/v1", "spec.group is renamed spec.groups"},
	"certificates.k8s.io/v1beta1 CertificateSigningRequest":               {"1.22", "certificates.k8s.io/v1", "spec.signerName and spec.usages are required"},
	"coordination.k8s.io/v1beta1 Lease":                                   {"1.22", "coordination.k8s.io/v1", ""},
	"rbac.authorization.k8s.io/v1beta1 *":                                 {"1.22", "rbac.authorization.k8s.io/v1", ""},
	"scheduling.k8s.io/v1beta1 PriorityClass":                             {"1.22", "scheduling.k8s.io/v1", ""},
	"storage.k8s.io/v1beta1 CSIDriver":                                    {"1.22", "storage.k8s.io/v1", ""},
	"storage.k8s.io/v1beta1 CSINode":                                      {"1.22", "storage.k8s.io/v1", ""},
	"storage.k8s.io/v1beta1 StorageClass":                                 {"1.22", "storage.k8s.io/v1", ""},
	"storage.k8s.io/v1beta1 VolumeAttachment":                             {"1.22", "storage.k8s.io/v1", ""},
	// 1.25
	"batch/v1beta1 CronJob":                       {"1.25", "batch/v1", ""},
	"discovery.k8s.io/v1beta1 EndpointSlice":      {"1.25", "discovery.k8s.io/v1", "topology becomes per-endpoint nodeName and zone"},
	"events.k8s.io/v1beta1 Event":                 {"1.25", "events.k8s.io/v1", ""},
	"autoscaling/v2beta1 HorizontalPodAutoscaler": {"1.25", "autoscaling/v2", ""},
	"policy/v1beta1 PodDisruptionBudget":          {"1.25", "policy/v1", "an empty selector now selects every pod of the namespace"},
	"policy/v1beta1 PodSecurityPolicy":            {"1.25", "", ""},
	"node.k8s.io/v1beta1 RuntimeClass":            {"1.25", "node.k8s.io/v1", ""},
	// 1.26
	"autoscaling/v2beta2 HorizontalPodAutoscaler": {"1.26", "autoscaling/v2", ""},
	"flowcontrol.apiserver.k8s.io/v1beta1 *":      {"1.26", "flowcontrol.apiserver.k8s.io/v1", ""},
	// 1.27
	"storage.k8s.io/v1beta1 CSIStorageCapacity": {"1.27", "storage.k8s.io/v1", ""},
	// 1.29
	"flowcontrol.apiserver.k8s.io/v1beta2 *": {"1.29", "flowcontrol.apiserver.k8s.io/v1", ""},
	// 1.32
	"flowcontrol.apiserver.k8s.io/v1beta3 *": {"1.32", "flowcontrol.apiserver.k8s.io/v1", "nominalConcurrencyShares: 0 is no longer raised to 30"},
}

// lookupRemovedAPI reports when an apiVersion stopped being served for a kind.
func lookupRemovedAPI(apiVersion, kind string) (removedAPI, bool) {
	if r, ok := removedAPIs[apiVersion+" "+kind]; ok {
		return r, true
	}
	r, ok := removedAPIs[apiVersion+" *"]
	return r, ok
}

func checkRemovedAPIVersion(p *rules.Pass, o *pkube.Object) {
	r, ok := lookupRemovedAPI(o.APIVersion, o.Kind)
	if !ok {
		return
	}
	use := "use " + r.use + " instead"
	if r.use == "" {
		use = "nothing replaces it: enforce pod security with Pod Security admission labels on the namespace"
	}
	note := ""
	if r.note != "" {
		note = " (" + r.note + ")"
	}
	reportAt(p, o, yamlpos.P("apiVersion"), "%s uses %s, which Kubernetes %s stopped serving: current clusters reject it — %s%s",
		o.Describe(), o.APIVersion, r.removedIn, use, note)
}
