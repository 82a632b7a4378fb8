package kube

import (
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

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

// inPod is " (from the pod securityContext)" for a value a container
// inherits, so that a message says where the value to change is written.
func inPod[T any](s pkube.Setting[T]) string {
	if s.FromPod {
		return " (from the pod securityContext)"
	}
	return ""
}
