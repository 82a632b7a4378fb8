package kube

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// windowsPod says what makes a pod a Windows pod, or "" when nothing does.
// Most Linux-only securityContext fields (runAsUser, capabilities,
// allowPrivilegeEscalation, readOnlyRootFilesystem, procMount) cannot be set
// on a Windows pod — the API server rejects them when spec.os.name is
// windows, and a Windows kubelet ignores them otherwise — so rules about
// them do not ask a Windows pod for them.
func windowsPod(pod *pkube.PodSpec) string {
	s := pod.Spec
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

// hostProcess is the container's effective windowsOptions.hostProcess. The
// kubelet merges windowsOptions field by field (a container that sets only
// runAsUserName still inherits the pod's hostProcess), so this is not
// Effective.WindowsOptions, which takes the container's struct whole.
func hostProcess(c *pkube.Container) (value bool, path yamlpos.Path, set bool) {
	if sc := c.C.SecurityContext; sc != nil && sc.WindowsOptions != nil && sc.WindowsOptions.HostProcess != nil {
		return *sc.WindowsOptions.HostProcess, c.Path.Key("securityContext", "windowsOptions", "hostProcess"), true
	}
	if sc := c.Pod.Spec.SecurityContext; sc != nil && sc.WindowsOptions != nil && sc.WindowsOptions.HostProcess != nil {
		return *sc.WindowsOptions.HostProcess, c.Pod.Path.Key("securityContext", "windowsOptions", "hostProcess"), true
	}
	return false, c.Path, false
}

// capName normalises a capability as the container runtimes read it:
// case-insensitive, with or without the CAP_ prefix.
func capName(c corev1.Capability) string {
	s := strings.ToUpper(strings.TrimSpace(string(c)))
	if s == "ALL" {
		return s
	}
	return strings.TrimPrefix(s, "CAP_")
}

// fragment reports whether a container is a fragment completed elsewhere —
// a kustomize patch, or a template whose image configuration management
// fills in (the API documents Container.image as optional for exactly
// that) — because it names no image. A field absent from a fragment may
// be set by the base it is merged into, so rules judge only what a
// fragment writes, never what it leaves out.
func fragment(c *pkube.Container) bool {
	return strings.TrimSpace(c.C.Image) == ""
}

// inPod is " (from the pod securityContext)" for a value a container
// inherits, so that a message says where the value to change is written.
func inPod[T any](s pkube.Setting[T]) string {
	if s.FromPod {
		return " (from the pod securityContext)"
	}
	return ""
}
