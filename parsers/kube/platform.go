package kube

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// Windows says what makes a pod a Windows pod, or "" when nothing does.
// Most Linux-only securityContext fields (runAsUser, capabilities,
// allowPrivilegeEscalation, readOnlyRootFilesystem, procMount) cannot be set
// on a Windows pod — the API server rejects them when spec.os.name is
// windows, and a Windows kubelet ignores them otherwise — so rules about
// them do not ask a Windows pod for them.
func (p *PodSpec) Windows() string {
	s := p.Spec
	if s.OS != nil && s.OS.Name != "" {
		if strings.EqualFold(string(s.OS.Name), string(corev1.Windows)) {
			return "spec.os.name is windows"
		}
		// spec.os.name: linux is definitive, whatever else is written.
		return ""
	}
	for _, k := range []string{"kubernetes.io/os", "beta.kubernetes.io/os"} {
		if strings.EqualFold(s.NodeSelector[k], "windows") {
			return "its nodeSelector requires " + k + "=windows"
		}
	}
	if requiresWindowsNode(s.Affinity) {
		return "its node affinity requires kubernetes.io/os=windows"
	}
	if s.SecurityContext != nil && s.SecurityContext.WindowsOptions != nil {
		return "it sets windowsOptions"
	}
	for _, c := range s.InitContainers {
		if c.SecurityContext != nil && c.SecurityContext.WindowsOptions != nil {
			return "it sets windowsOptions"
		}
	}
	for _, c := range s.Containers {
		if c.SecurityContext != nil && c.SecurityContext.WindowsOptions != nil {
			return "it sets windowsOptions"
		}
	}
	for _, c := range s.EphemeralContainers {
		if c.SecurityContext != nil && c.SecurityContext.WindowsOptions != nil {
			return "it sets windowsOptions"
		}
	}
	return ""
}

// requiresWindowsNode reports whether required node affinity lets the pod
// schedule only on Windows nodes: every term (terms are ORed) requires
// kubernetes.io/os In [windows].
func requiresWindowsNode(a *corev1.Affinity) bool {
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return false
	}
	terms := a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
	if len(terms) == 0 {
		return false
	}
	for _, t := range terms {
		windows := false
		for _, e := range t.MatchExpressions {
			if (e.Key == "kubernetes.io/os" || e.Key == "beta.kubernetes.io/os") && e.Operator == corev1.NodeSelectorOpIn &&
				len(e.Values) > 0 && allEqualFold(e.Values, "windows") {
				windows = true
			}
		}
		if !windows {
			return false
		}
	}
	return true
}

func allEqualFold(values []string, want string) bool {
	for _, v := range values {
		if !strings.EqualFold(v, want) {
			return false
		}
	}
	return true
}

// Fragment reports whether the container is a fragment completed
// elsewhere — a Kustomize strategic-merge patch, or a template whose image
// configuration management fills in (the API documents Container.image as
// optional for exactly that) — because it names no image. A field absent
// from a fragment may be set by the base it is merged into, so rules judge
// only what a fragment writes, never what it leaves out.
func (c *Container) Fragment() bool {
	return strings.TrimSpace(c.C.Image) == ""
}

// Fragment reports whether the pod template is only part of a workload — a
// patch whose base is elsewhere: an object with a `$patch` directive, a
// template without containers, or one with a fragment container. Fields it
// leaves out are unknown, not absent. (Files a kustomization applies as
// patches are fragments too; only the cross-file rules can know that.)
func (p *PodSpec) Fragment() bool {
	if k, _ := yamlpos.MapGet(p.Object.Node, "$patch"); k != nil {
		return true
	}
	if len(p.Spec.Containers) == 0 {
		return true
	}
	for _, c := range p.Containers() {
		if c.Fragment() {
			return true
		}
	}
	return false
}
