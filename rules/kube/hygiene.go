package kube

import (
	"fmt"

	"go.yaml.in/yaml/v3"
	sigsyaml "sigs.k8s.io/yaml"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/stridelint/stridelint/parsers"
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// hygieneRules are the workload hygiene rules: resources, images, service
// account tokens, secrets in the environment and probes.
var hygieneRules = []*rules.Rule{
	noResourceLimits,      // KW023
	imageUntaggedOrLatest, // KW024
	imageNotPinned,        // KW025
	imagePullStale,        // KW026
	tokenAutomounted,      // KW027
	defaultServiceAccount, // KW028
	secretInEnvLiteral,    // KW029
	secretThroughEnv,      // KW030
	noProbes,              // KW033
}

// scanObject is an object of one of the scan's Kubernetes files.
type scanObject struct {
	File     string // Source.Path of its file
	DiskPath string // where the file was read from
	Object   *pkube.Object
}

// scanIndex is what the cross-file workload rules need to know about the
// other objects of the scan: the ServiceAccounts, which of them RBAC
// bindings name, and the LimitRanges.
type scanIndex struct {
	serviceAccounts []scanObject
	// bound lists the ServiceAccount subjects of every RoleBinding and
	// ClusterRoleBinding.
	bound       []rbacv1.Subject
	limitRanges []scanLimitRange
	// patchFiles are the files (absolute, cleaned disk paths) that a
	// kustomization of the scan applies as patches.
	patchFiles map[string]bool
	// built are the images skaffold configs of the scan build.
	built []builtImage
}

// scanLimitRange is a LimitRange of the scan. The parser does not type
// LimitRanges, so they are decoded here.
type scanLimitRange struct {
	scanObject
	Spec corev1.LimitRangeSpec
}

// decodeLimitRange decodes a LimitRange as kubectl reads it (through
// sigs.k8s.io/yaml); ok is false when it does not decode.
func decodeLimitRange(o *pkube.Object) (*corev1.LimitRange, bool) {
	y, err := yaml.Marshal(o.Node)
	if err != nil {
		return nil, false
	}
	lr := new(corev1.LimitRange)
	if err := sigsyaml.Unmarshal(y, lr); err != nil {
		return nil, false
	}
	return lr, true
}

// kubeIndex builds the scan's index once per scan.
func kubeIndex(p *rules.ProjectPass) *scanIndex {
	return p.Memo("kube/hygiene-index", func() any {
		idx := &scanIndex{patchFiles: kustomizePatches(p), built: skaffoldArtifacts(p)}
		eachScanObject(p, func(so scanObject) {
			switch t := so.Object.Typed.(type) {
			case *corev1.ServiceAccount:
				idx.serviceAccounts = append(idx.serviceAccounts, so)
			case *rbacv1.RoleBinding:
				idx.addSubjects(t.Subjects, so.Object.Namespace)
			case *rbacv1.ClusterRoleBinding:
				idx.addSubjects(t.Subjects, "")
			case nil:
				if so.Object.Kind == "LimitRange" && so.Object.Group() == "" {
					if lr, ok := decodeLimitRange(so.Object); ok {
						idx.limitRanges = append(idx.limitRanges, scanLimitRange{scanObject: so, Spec: lr.Spec})
					}
				}
			}
		})
		return idx
	}).(*scanIndex)
}

func (idx *scanIndex) addSubjects(subjects []rbacv1.Subject, bindingNS string) {
	for _, s := range subjects {
		if s.Kind != rbacv1.ServiceAccountKind {
			continue
		}
		if s.Namespace == "" {
			// A RoleBinding's subject defaults to the binding's namespace.
			s.Namespace = bindingNS
		}
		idx.bound = append(idx.bound, s)
	}
}

// eachScanObject calls fn for every object of every Kubernetes file of the
// scan, in path order.
func eachScanObject(p *rules.ProjectPass, fn func(scanObject)) {
	for _, f := range p.Files {
		kf, ok := f.Doc.(*pkube.File)
		if !ok || f.Source.Kind != parsers.KindKubernetes {
			continue
		}
		for _, o := range kf.Objects {
			fn(scanObject{File: f.Source.Path, DiskPath: f.Source.DiskPath, Object: o})
		}
	}
}

// sameNamespace reports whether two objects are in the same namespace as
// far as the files say: the same one written, or none written on either
// (both applied to whichever namespace kubectl or kustomize is given). One
// written and the other not is no match: the scan cannot tell.
func sameNamespace(a, b string) bool {
	return a == b
}

// scanPod is a pod-bearing object of the scan with its pod template.
type scanPod struct {
	scanObject
	Pod *pkube.PodSpec
}

// eachPodInScan adapts a per-pod check to a cross-file rule.
func eachPodInScan(check func(p *rules.ProjectPass, idx *scanIndex, sp scanPod)) func(*rules.ProjectPass) {
	return func(p *rules.ProjectPass) {
		idx := kubeIndex(p)
		eachScanObject(p, func(so scanObject) {
			if pod, ok := so.Object.PodSpec(); ok {
				check(p, idx, scanPod{scanObject: so, Pod: pod})
			}
		})
	}
}

// reportIn reports, from a cross-file rule, at a path of an object of the
// scan. A zero severity is the rule's.
func reportIn(p *rules.ProjectPass, so scanObject, path yamlpos.Path, sev rules.Severity, related []rules.Related, format string, args ...any) {
	r, _ := so.Object.Range(path)
	p.Report(rules.Finding{Path: so.File, Range: r, Severity: sev, Related: related,
		Anchor: so.Object.Anchor(path), Message: fmt.Sprintf(format, args...)})
}

// relatedAt is a related location at a path of an object of the scan.
func relatedAt(so scanObject, path yamlpos.Path, message string) rules.Related {
	r, _ := so.Object.Range(path)
	return rules.Related{Path: so.File, Range: r, Message: message}
}
