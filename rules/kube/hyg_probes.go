package kube

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

var noProbes = &rules.Rule{
	ID:       "KW033",
	Title:    "no liveness/readiness probe",
	Severity: rules.Info,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "kubernetes",
	Help: `A long-running container has no readiness probe, no liveness probe, or neither. One finding
per container, naming what is missing:

- without a **readiness probe** the container is sent traffic (it is added to its Services'
  endpoints) as soon as it starts, before it can serve, and stays there when it stops
  being able to; a rolling update counts it available at once, so a broken release
  replaces every working replica before anyone notices;
- without a **liveness probe** a process that hangs — a deadlock, an exhausted connection
  pool, a stuck event loop, or a slow-request attack that ties up every worker — is never
  restarted: the pod stays Running while the service is down.

Judged: the containers of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets and
ReplicationControllers, and sidecar init containers (` + "`restartPolicy: Always`" + `), which run for
the pod's whole life. Not judged: Jobs and CronJobs and Pods whose ` + "`restartPolicy`" + ` is ` + "`Never`" + ` or
` + "`OnFailure`" + ` (they run to completion), ordinary init containers (they must exit), and ephemeral
debug containers (the API does not allow probes on them). A startup probe does not
replace either: it only delays them.
Kustomize patches are not judged: a file a kustomization of the scan applies as a patch, an
object with a ` + "`$patch`" + ` directive, or a pod template without containers or images (which the
API server would reject) only changes part of a workload whose base says the rest.`,
	Remediation: `Add probes that check what the container needs to serve, with a cheap endpoint:

` + "```yaml" + `
containers:
- name: api
  image: example/api:1.4.2
  readinessProbe:
    httpGet: {path: /ready, port: 8080}
    periodSeconds: 5
  livenessProbe:
    httpGet: {path: /healthz, port: 8080}
    periodSeconds: 10
    failureThreshold: 3
` + "```" + `

Keep the liveness check local (not the database): a dependency outage should make pods
unready, not restart all of them. Add a ` + "`startupProbe`" + ` for slow starters instead of a long
` + "`initialDelaySeconds`" + `.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Liveness, Readiness, and Startup Probes", URL: "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/"},
		{Title: "Kubernetes docs: Configure Liveness, Readiness and Startup Probes", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"},
		{Title: "Kubernetes docs: Sidecar containers", URL: "https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/"},
	},
	CheckProject: eachPodInScan(checkProbes),
}

func checkProbes(p *rules.ProjectPass, idx *scanIndex, sp scanPod) {
	if !longRunning(sp.Object) || idx.fragment(sp) {
		return
	}
	for _, c := range sp.Pod.Containers() {
		switch c.Kind {
		case pkube.EphemeralContainer:
			continue
		case pkube.InitContainer:
			if c.C.RestartPolicy == nil || *c.C.RestartPolicy != corev1.ContainerRestartPolicyAlways {
				continue
			}
		}
		var missing string
		switch {
		case c.C.ReadinessProbe == nil && c.C.LivenessProbe == nil:
			missing = "no readiness or liveness probe: it receives traffic before it can serve, and is never restarted when it hangs"
		case c.C.ReadinessProbe == nil:
			missing = "no readiness probe: it receives traffic before it can serve and while it cannot"
		case c.C.LivenessProbe == nil:
			missing = "no liveness probe: it is never restarted when it hangs"
		default:
			continue
		}
		who := c.Describe()
		if c.Kind == pkube.InitContainer {
			who = "sidecar " + who
		}
		reportIn(p, sp.scanObject, c.Path, 0, nil, "%s of %s has %s", who, sp.Object.Describe(), missing)
	}
}

// longRunning reports whether the object runs pods meant to stay up: the
// controllers of services and daemons, and bare Pods that restart always
// (the default).
func longRunning(o *pkube.Object) bool {
	switch t := o.Typed.(type) {
	case *corev1.Pod:
		return t.Spec.RestartPolicy == "" || t.Spec.RestartPolicy == corev1.RestartPolicyAlways
	case *appsv1.Deployment, *appsv1.StatefulSet, *appsv1.DaemonSet, *appsv1.ReplicaSet, *corev1.ReplicationController:
		return true
	}
	return false
}
