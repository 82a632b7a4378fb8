package kube

import (
	"cmp"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// The network model of a scan: the pods its objects run, the
// NetworkPolicies that select them and the Namespaces, across files.

// netWorkload is something of the scan that makes pods with labels: a
// pod-bearing object, or a custom resource with a pod template (an Argo
// Rollout, a prometheus-operator Prometheus) whose pods an operator makes.
type netWorkload struct {
	Obj  *pkube.Object
	Path string
	// Namespace is metadata.namespace as written, else the configured
	// default namespace ("" when unknown).
	Namespace string
	Labels    labels.Set
	// Pod is the pod template of a pod-bearing kind; nil for a custom
	// resource (which KN001 does not judge: its pods are the operator's).
	Pod *pkube.PodSpec
	// Kustomized is the Kustomization that lists the file and patches,
	// relabels or renamespaces what it lists: the labels and namespace
	// written here are not the ones applied.
	Kustomized string
}

// netPolicy is a NetworkPolicy with its parsed target selector.
type netPolicy struct {
	Obj       *pkube.Object
	Path      string
	Namespace string
	Spec      *networkingv1.NetworkPolicy
	// Selector is the policy's podSelector; nil when it does not parse
	// (the API server would reject the policy).
	Selector labels.Selector
	// Kustomized is as for netWorkload.
	Kustomized string
}

// netNamespace is a Namespace object of the scan.
type netNamespace struct {
	Obj  *pkube.Object
	Path string
	NS   *corev1.Namespace
}

// netIndex is the scan's network model.
type netIndex struct {
	Workloads  []*netWorkload
	Policies   []*netPolicy
	Namespaces map[string]*netNamespace
	// UsesNamespaces is true when some object of the scan sets
	// metadata.namespace or a Namespace object is defined: objects
	// without a namespace are then applied somewhere the scan does not
	// say (kustomize's namespace:, kubectl -n, a Helm release).
	UsesNamespaces bool
	// PSA is the cluster-wide Pod Security admission default found in an
	// AdmissionConfiguration or PodSecurityConfiguration; nil when none.
	PSA *psaDefaults
}

// psaDefaults is the PodSecurity plugin's configuration.
type psaDefaults struct {
	Enforce string
	Exempt  map[string]bool
	Obj     *pkube.Object
	Path    string
}

// networkOf returns the scan's network model, built once per scan.
func networkOf(p *rules.ProjectPass) *netIndex {
	return p.Memo("kube.network", func() any { return buildNetwork(p.Files, p.Settings.KubernetesDefaultNamespace) }).(*netIndex)
}

// buildNetwork models the scan's network. defaultNS is the namespace
// objects without metadata.namespace are applied to, when the user's
// configuration says (kubernetes.default-namespace); "" when unknown.
func buildNetwork(files []rules.File, defaultNS string) *netIndex {
	idx := &netIndex{Namespaces: map[string]*netNamespace{}, UsesNamespaces: defaultNS != ""}
	kustomized := kustomizedFiles(files)
	for _, f := range files {
		kf, ok := f.Doc.(*pkube.File)
		if !ok {
			continue
		}
		for _, o := range kf.Objects {
			if o.Namespace != "" {
				idx.UsesNamespaces = true
			}
			ns := cmp.Or(o.Namespace, defaultNS)
			if pod, ok := o.PodSpec(); ok {
				idx.Workloads = append(idx.Workloads, &netWorkload{Obj: o, Path: f.Source.Path, Namespace: ns,
					Labels: labels.Set(pod.Meta.Labels), Pod: pod, Kustomized: kustomized[cleanPath(f.Source.Path)]})
				continue
			}
			switch t := o.Typed.(type) {
			case *networkingv1.NetworkPolicy:
				np := &netPolicy{Obj: o, Path: f.Source.Path, Namespace: ns, Spec: t, Kustomized: kustomized[cleanPath(f.Source.Path)]}
				if s, err := metav1.LabelSelectorAsSelector(&t.Spec.PodSelector); err == nil {
					np.Selector = s
				}
				idx.Policies = append(idx.Policies, np)
				continue
			case *corev1.Namespace:
				idx.UsesNamespaces = true
				if _, dup := idx.Namespaces[t.Name]; !dup && t.Name != "" {
					idx.Namespaces[t.Name] = &netNamespace{Obj: o, Path: f.Source.Path, NS: t}
				}
				continue
			}
			if o.Typed == nil {
				if set, ok := templateLabels(o); ok {
					idx.Workloads = append(idx.Workloads, &netWorkload{Obj: o, Path: f.Source.Path, Namespace: ns, Labels: set,
						Kustomized: kustomized[cleanPath(f.Source.Path)]})
				}
				if d := psaConfig(o); d != nil && idx.PSA == nil {
					d.Path = f.Source.Path
					idx.PSA = d
				}
			}
		}
	}
	return idx
}

// kustomizeTransforms are the Kustomization fields that may change the
// labels, selectors or namespace of the resources it lists.
var kustomizeTransforms = []string{"patches", "patchesStrategicMerge", "patchesJson6902", "commonLabels", "labels",
	"namespace", "replacements", "transformers", "components"}

// kustomizedFiles maps each file that a Kustomization of the scan lists
// directly in its resources, and transforms, to that Kustomization's path.
// Directories listed as resources are other kustomizations (bases), which
// are deployable as written and keep their own judgement.
func kustomizedFiles(files []rules.File) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		kf, ok := f.Doc.(*pkube.File)
		if !ok {
			continue
		}
		for _, o := range kf.Objects {
			if o.Kind != "Kustomization" && o.Kind != "Component" || o.Group() != "kustomize.config.k8s.io" {
				continue
			}
			transforms := false
			for _, k := range kustomizeTransforms {
				if key, _ := yamlpos.MapGet(o.Node, k); key != nil {
					transforms = true
				}
			}
			_, res := yamlpos.MapGet(o.Node, "resources")
			if !transforms || res == nil || res.Kind != yaml.SequenceNode {
				continue
			}
			dir := path.Dir(cleanPath(f.Source.Path))
			for _, r := range res.Content {
				if r = yamlpos.Resolve(r); r.Kind == yaml.ScalarNode && !strings.Contains(r.Value, "://") {
					out[path.Join(dir, r.Value)] = f.Source.Path
				}
			}
		}
	}
	return out
}

func cleanPath(p string) string { return path.Clean(filepath.ToSlash(p)) }

// templateLabels reads the pod labels of an object that is not decoded
// into a pod-bearing type: spec.template.metadata.labels (Argo Rollouts,
// OpenKruise, a Deployment that failed to decode) or
// spec.podMetadata.labels (prometheus-operator's Prometheus, Alertmanager).
func templateLabels(o *pkube.Object) (labels.Set, bool) {
	for _, path := range []yamlpos.Path{
		yamlpos.P("spec", "template", "metadata", "labels"),
		yamlpos.P("spec", "podMetadata", "labels"),
		yamlpos.P("spec", "jobTemplate", "spec", "template", "metadata", "labels"),
	} {
		m := yamlpos.LookupNode(o.Node, path)
		if !m.Exact || m.Node == nil || m.Node.Kind != yaml.MappingNode {
			continue
		}
		set := labels.Set{}
		yamlpos.Pairs(m.Node, func(k, v *yaml.Node) {
			if v != nil && v.Kind == yaml.ScalarNode {
				set[k.Value] = v.Value
			}
		})
		return set, true
	}
	return nil, false
}

// psaConfig reads the cluster-wide Pod Security admission defaults from
// an AdmissionConfiguration (plugins[].name PodSecurity) or a
// PodSecurityConfiguration document.
func psaConfig(o *pkube.Object) *psaDefaults {
	var conf *yaml.Node
	switch o.Kind {
	case "PodSecurityConfiguration":
		conf = o.Node
	case "AdmissionConfiguration":
		_, plugins := yamlpos.MapGet(o.Node, "plugins")
		if plugins == nil || plugins.Kind != yaml.SequenceNode {
			return nil
		}
		for _, pl := range plugins.Content {
			if _, name := yamlpos.MapGet(pl, "name"); name != nil && name.Value == "PodSecurity" {
				_, conf = yamlpos.MapGet(pl, "configuration")
			}
		}
	}
	if conf == nil {
		return nil
	}
	d := &psaDefaults{Obj: o, Exempt: map[string]bool{}}
	if _, enforce := yamlpos.MapGet(yamlpos.LookupNode(conf, yamlpos.P("defaults")).Node, "enforce"); enforce != nil {
		d.Enforce = enforce.Value
	}
	if m := yamlpos.LookupNode(conf, yamlpos.P("exemptions", "namespaces")); m.Exact && m.Node.Kind == yaml.SequenceNode {
		for _, n := range m.Node.Content {
			d.Exempt[yamlpos.Resolve(n).Value] = true
		}
	}
	return d
}

// selects reports whether the policy's podSelector matches the labels.
func (np *netPolicy) selects(set labels.Set) bool {
	return np.Selector != nil && np.Selector.Matches(set)
}

// selectsAll is true for `podSelector: {}`: every pod of the namespace.
func (np *netPolicy) selectsAll() bool {
	return np.Selector != nil && np.Selector.Empty()
}

// directions are the policy's effective policyTypes: without
// policyTypes, Ingress always and Egress when egress rules are written.
func (np *netPolicy) directions() (ingress, egress bool) {
	if len(np.Spec.Spec.PolicyTypes) == 0 {
		return true, len(np.Spec.Spec.Egress) > 0
	}
	for _, t := range np.Spec.Spec.PolicyTypes {
		switch t {
		case networkingv1.PolicyTypeIngress:
			ingress = true
		case networkingv1.PolicyTypeEgress:
			egress = true
		}
	}
	return ingress, egress
}

// mayApplyIn reports whether an object with namespace ns (as written) may
// end up in namespace target: the same one, or an unknown one.
func mayApplyIn(ns, target string) bool {
	return ns == "" || ns == target
}

// fragment is true for an apps/v1 controller without spec.selector: the
// API server rejects it, so it is a piece that kustomize or another tool
// merges into a complete object (its labels come from elsewhere).
func fragment(o *pkube.Object) bool {
	switch t := o.Typed.(type) {
	case *appsv1.Deployment:
		return t.Spec.Selector == nil
	case *appsv1.StatefulSet:
		return t.Spec.Selector == nil
	case *appsv1.DaemonSet:
		return t.Spec.Selector == nil
	case *appsv1.ReplicaSet:
		return t.Spec.Selector == nil
	}
	return false
}

// hostNetwork pods are outside NetworkPolicy's reach: the policy selects
// them but the CNI cannot filter the node's own interfaces.
func hostNetwork(w *netWorkload) bool {
	return w.Pod != nil && w.Pod.Spec.HostNetwork
}
