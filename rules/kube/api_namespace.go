package kube

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var defaultNamespace = &rules.Rule{
	ID:       "KW034",
	Title:    "workload in default namespace",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s3},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering},
	Kind:     "kubernetes",
	Help: `A pod-bearing object (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
ReplicationController, Job, CronJob, PodTemplate) is placed in the ` + "`default`" + ` namespace:
` + "`metadata.namespace: default`" + `, or no namespace at all when the scanned manifests use namespaces
elsewhere — then the object lands wherever the kubectl context points, which is ` + "`default`" + `
unless someone remembers ` + "`-n`" + `.

Namespaces are the unit of isolation Kubernetes policy is written against: RBAC RoleBindings,
NetworkPolicies, ResourceQuotas and Pod Security admission labels all apply per namespace.
` + "`default`" + ` usually has none of them, and it is shared by everything deployed without thought, so
a workload there can reach and be reached by unrelated pods, and anyone granted rights in
` + "`default`" + ` for one application gets them over this one too.

Not reported: objects without a namespace when no scanned object sets one (a repository of
namespace-agnostic manifests applied with ` + "`kubectl apply -n`" + `, which is a legitimate style) — objects
in the ` + "`kube-*`" + ` system namespaces do not count as the project using namespaces, they only say
where an add-on lives —, and
objects that a ` + "`kustomization.yaml`" + ` of the scan places in a namespace (` + "`namespace:`" + ` applies to the
resources it lists, and to its own directory).

When the configuration sets ` + "`kubernetes.default-namespace`" + ` (the namespace the manifests are applied
to), objects without a namespace are in that namespace: reported when it is ` + "`default`" + `, not
reported otherwise.`,
	Remediation: `Give each application its own namespace — set ` + "`metadata.namespace`" + ` in the manifests or
` + "`namespace:`" + ` in the kustomization — and attach the namespace's policies there: a default-deny
NetworkPolicy, a ResourceQuota, RoleBindings for the people who operate it and the
` + "`pod-security.kubernetes.io/enforce`" + ` label.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Namespaces", URL: "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"},
		{Title: "Kubernetes docs: Multi-tenancy (namespaces as isolation boundary)", URL: "https://kubernetes.io/docs/concepts/security/multi-tenancy/"},
		{Title: "CIS Kubernetes Benchmark 5.7.4: The default namespace should not be used", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	CheckProject: checkDefaultNamespace,
}

func checkDefaultNamespace(p *rules.ProjectPass) {
	objs := kubeObjects(p.Files)
	placed := kustomizeNamespaces(objs)
	// The evidence that the project organises workloads by namespace: an
	// object placed in one of its own (the kube-* system namespaces say
	// only that an add-on lives there), or a kustomization that sets one.
	var evidence *rules.Related
	for _, fo := range objs {
		if ns := fo.obj.Namespace; ns != "" && ns != "default" && !strings.HasPrefix(ns, "kube-") {
			at := yamlpos.P("metadata", "namespace")
			r, _ := fo.obj.Range(at)
			evidence = &rules.Related{Path: fo.src.Path, Range: r, Message: fmt.Sprintf("%s is placed in namespace %s", fo.obj.Describe(), ns)}
			break
		}
	}
	if evidence == nil && placed.evidence != nil {
		evidence = placed.evidence
	}
	for _, fo := range objs {
		o := fo.obj
		if _, ok := o.PodSpec(); !ok {
			continue
		}
		f := rules.Finding{Path: fo.src.Path}
		var at yamlpos.Path
		defaultNS := p.Settings.KubernetesDefaultNamespace
		switch {
		case o.Namespace == "" && defaultNS == "default" && !placed.covers(fo.src.Path):
			at = yamlpos.P("metadata")
			f.Message = fmt.Sprintf("%s has no namespace and the configuration's kubernetes.default-namespace is default: it is placed in the default namespace, which it shares with everything deployed without one and which rarely has NetworkPolicies, quotas or Pod Security labels of its own",
				o.Describe())
		case o.Namespace == "" && defaultNS != "":
			continue // applied to the configured namespace, or placed by a kustomization
		case o.Namespace == "default":
			at = yamlpos.P("metadata", "namespace")
			f.Message = fmt.Sprintf("%s is placed in the default namespace, which it shares with everything deployed without one and which rarely has NetworkPolicies, quotas or Pod Security labels of its own",
				o.Describe())
		case o.Namespace == "" && evidence != nil && !placed.covers(fo.src.Path):
			at = yamlpos.P("metadata")
			f.Message = fmt.Sprintf("%s has no namespace while the scanned manifests place objects in namespaces of their own: it lands in whatever namespace the kubectl context points at, default unless someone passes -n",
				o.Describe())
			f.Related = []rules.Related{*evidence}
		default:
			continue
		}
		f.Range, _ = o.Range(at)
		f.Anchor = o.Anchor(at)
		p.Report(f)
	}
}

// kustomizePlacement is what the scan's kustomizations with a namespace
// cover: the files they list and the directories of their resources
// (kustomizations inside those are followed).
type kustomizePlacement struct {
	// evidence is the first kustomization that sets a namespace.
	evidence *rules.Related
	files    map[string]bool
	dirs     map[string]bool
}

func (k kustomizePlacement) covers(file string) bool {
	if k.files[file] {
		return true
	}
	for d := path.Dir(file); ; d = path.Dir(d) {
		if k.dirs[d] {
			return true
		}
		if d == "." || d == "/" {
			return false
		}
	}
}

// kustomizeNamespaces reads the Kustomization objects of the scan: those
// that set namespace place every resource they list (directories with
// their own kustomization followed transitively) and their own directory.
func kustomizeNamespaces(objs []fileObject) kustomizePlacement {
	k := kustomizePlacement{files: map[string]bool{}, dirs: map[string]bool{}}
	resources := map[string][]string{} // kustomization dir → resource paths
	var roots []string
	for _, fo := range objs {
		o := fo.obj
		if o.Kind != "Kustomization" || !strings.HasPrefix(o.Group(), "kustomize.config.k8s.io") {
			continue
		}
		dir := path.Dir(fo.src.Path)
		for _, key := range []string{"resources", "bases", "components"} {
			_, list := yamlpos.MapGet(o.Node, key)
			if list == nil || list.Kind != yaml.SequenceNode {
				continue
			}
			for _, it := range list.Content {
				it = yamlpos.Resolve(it)
				if it.Kind != yaml.ScalarNode || strings.Contains(it.Value, "://") || strings.HasPrefix(it.Value, "github.com/") {
					continue // remote bases are not in the scan
				}
				resources[dir] = append(resources[dir], path.Join(dir, it.Value))
			}
		}
		_, ns := yamlpos.MapGet(o.Node, "namespace")
		// namespace: default places nothing anywhere better: its
		// resources are judged as if it were not there.
		if ns != nil && ns.Kind == yaml.ScalarNode && ns.Value != "" && ns.Value != "default" {
			if k.evidence == nil {
				r, _ := o.Range(yamlpos.P("namespace"))
				k.evidence = &rules.Related{Path: fo.src.Path, Range: r, Message: "this kustomization places its resources in namespace " + ns.Value}
			}
			roots = append(roots, dir)
		}
	}
	queue := roots
	for len(queue) > 0 {
		dir := queue[0]
		queue = queue[1:]
		if k.dirs[dir] {
			continue
		}
		k.dirs[dir] = true
		for _, r := range resources[dir] {
			switch path.Ext(r) {
			case ".yaml", ".yml", ".json":
				k.files[r] = true
			default:
				queue = append(queue, r)
			}
		}
	}
	return k
}
