package kube

import (
	"slices"

	"github.com/stridelint/stridelint/rules"
)

// The scopes of the control-plane and RBAC rules: a repository of
// Deployments holds no kube-apiserver flags and may hold no Role, and the
// threat-model report must say those parts were not assessed rather than
// that they looked fine.

// ControlPlaneScope is a kube-apiserver, controller-manager or scheduler
// whose flags are in the scan (static pod, kubeadm ClusterConfiguration,
// systemd unit, environment file).
var ControlPlaneScope = &rules.Scope{
	ID:    "kube-control-plane",
	Title: "Kubernetes control-plane configuration",
	Missing: "No kube-apiserver, kube-controller-manager or kube-scheduler configuration is in the scan. " +
		"Add the control plane's static pod manifests (`/etc/kubernetes/manifests/`), its kubeadm " +
		"`ClusterConfiguration` or its systemd units, or scan a control-plane node with `--host-root DIR`. " +
		"Managed clusters (EKS, GKE, AKS) do not expose these flags: review the provider's settings instead.",
	Files: func(p *rules.ProjectPass) []rules.ScopeFile {
		var out []rules.ScopeFile
		for _, c := range componentsOf(p) {
			if c.Name == APIServer || c.Name == ControllerManager || c.Name == Scheduler {
				out = appendPath(out, c.Path)
			}
		}
		return out
	},
}

// RBACScope is the Roles, ClusterRoles and bindings of the scan.
var RBACScope = &rules.Scope{
	ID:    "kube-rbac",
	Title: "Kubernetes RBAC objects",
	Missing: "No Role, ClusterRole, RoleBinding or ClusterRoleBinding is in the scan. Add the manifests " +
		"(or the chart's rendered output) that grant permissions in the cluster.",
	Files: func(p *rules.ProjectPass) []rules.ScopeFile {
		idx := rbacOf(p)
		var out []rules.ScopeFile
		for _, r := range idx.Roles {
			if !r.Builtin && r.Path != "" {
				out = appendPath(out, r.Path)
			}
		}
		for _, b := range idx.Bindings {
			out = appendPath(out, b.Path)
		}
		return out
	},
}

func init() {
	for _, r := range controlPlaneRules {
		r.Scope = ControlPlaneScope
	}
	rbacWildcard.Scope = RBACScope
	for _, r := range rbacRules {
		r.Scope = RBACScope
	}
}

func appendPath(l []rules.ScopeFile, path string) []rules.ScopeFile {
	if path == "" || slices.ContainsFunc(l, func(f rules.ScopeFile) bool { return f.Path == path }) {
		return l
	}
	return append(l, rules.ScopeFile{Path: path})
}
