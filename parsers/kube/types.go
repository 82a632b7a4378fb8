package kube

import (
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
)

// typedKinds maps group/kind to a constructor of its k8s.io/api type. The
// workload kinds of older API versions (extensions/v1beta1, apps/v1beta2,
// batch/v1beta1) have the same pod template, so they decode into the
// current types; fields that only the old versions had are then reported
// as unknown by strict decoding, which is why strictVersions says which
// apiVersions match their type exactly.
var typedKinds = map[string]func() any{
	"/Pod":                                  func() any { return new(corev1.Pod) },
	"/PodTemplate":                          func() any { return new(corev1.PodTemplate) },
	"/ReplicationController":                func() any { return new(corev1.ReplicationController) },
	"/Namespace":                            func() any { return new(corev1.Namespace) },
	"/Service":                              func() any { return new(corev1.Service) },
	"/ServiceAccount":                       func() any { return new(corev1.ServiceAccount) },
	"/Secret":                               func() any { return new(corev1.Secret) },
	"/ConfigMap":                            func() any { return new(corev1.ConfigMap) },
	"apps/Deployment":                       func() any { return new(appsv1.Deployment) },
	"apps/StatefulSet":                      func() any { return new(appsv1.StatefulSet) },
	"apps/DaemonSet":                        func() any { return new(appsv1.DaemonSet) },
	"apps/ReplicaSet":                       func() any { return new(appsv1.ReplicaSet) },
	"extensions/Deployment":                 func() any { return new(appsv1.Deployment) },
	"extensions/DaemonSet":                  func() any { return new(appsv1.DaemonSet) },
	"extensions/ReplicaSet":                 func() any { return new(appsv1.ReplicaSet) },
	"batch/Job":                             func() any { return new(batchv1.Job) },
	"batch/CronJob":                         func() any { return new(batchv1.CronJob) },
	"networking.k8s.io/NetworkPolicy":       func() any { return new(networkingv1.NetworkPolicy) },
	"rbac.authorization.k8s.io/Role":        func() any { return new(rbacv1.Role) },
	"rbac.authorization.k8s.io/ClusterRole": func() any { return new(rbacv1.ClusterRole) },
	"rbac.authorization.k8s.io/RoleBinding": func() any { return new(rbacv1.RoleBinding) },
	"rbac.authorization.k8s.io/ClusterRoleBinding": func() any { return new(rbacv1.ClusterRoleBinding) },
}

// strictVersions are the apiVersions whose schema is exactly the type they
// decode into; for the others unknown-field errors are not reported.
var strictVersions = map[string]bool{
	"v1": true, "apps/v1": true, "batch/v1": true, "networking.k8s.io/v1": true,
	"rbac.authorization.k8s.io/v1": true,
}

func newTyped(apiVersion, kind string) any {
	group := ""
	for i := 0; i < len(apiVersion); i++ {
		if apiVersion[i] == '/' {
			group = apiVersion[:i]
			break
		}
	}
	if mk, ok := typedKinds[group+"/"+kind]; ok {
		return mk()
	}
	return nil
}
