package kube

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

var noResourceLimits = &rules.Rule{
	ID:       "KW023",
	Title:    "no resource limits",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "kubernetes",
	Help: `A container does not say how much memory and CPU it may use or needs. One finding per
container and missing item, at its ` + "`resources:`" + ` key (or the container when it has none):

- **no memory limit — medium.** The container may take all of the node's memory, through a
  leak, a large request or an attacker who found a way to make it allocate (a zip bomb, a
  huge JSON body, a regex on attacker input). The node then runs out: the kernel's OOM
  killer and the kubelet's eviction pick among every pod on it, so one workload takes
  down its neighbours — and, when the kubelet or the container runtime is the victim, the
  node.
- **no CPU limit — low.** Without one the container may use every idle CPU cycle of the
  node; the CPU requests of the other pods still guarantee them their share, so the
  damage is slower neighbours and unpredictable latency rather than an outage. Many teams
  leave CPU limits off on purpose, because CFS throttling hurts latency more than it
  helps: that is a reasonable choice, which is why this item is only low — a
  ` + "`--fail-on medium`" + ` gate lets it pass while still failing on a missing memory limit.
- **no requests — low** (CPU, memory or both). The scheduler places the pod as if it
  needed nothing, so nodes are overcommitted, and a pod with neither requests nor
  limits is in the BestEffort class: the first evicted when the node is under pressure.

What counts, as the API server and kubelet apply it: a request defaults to the limit when
only the limit is written; pod-level ` + "`spec.resources`" + ` (PodLevelResources) bound every
container of the pod; a LimitRange of the scan (type ` + "`Container`" + `) in the workload's namespace
(the same one written, or none on either) fills in its ` + "`default`" + ` (or ` + "`max`" + `) as the limit and its
` + "`defaultRequest`" + ` (or ` + "`min`" + `, or the default limit) as the request. A LimitRange that exists only
in the cluster cannot be seen: then the finding stands. A limit of 0 counts as none.

Init containers count (they run before the others and can exhaust the node just as
well); ephemeral debug containers cannot have resources and are not judged.
Kustomize patches are not judged: a file a kustomization of the scan applies as a patch, an
object with a ` + "`$patch`" + ` directive, or a pod template without containers or images (which the
API server would reject) only changes part of a workload whose base says the rest.`,
	Remediation: `Give every container requests and a memory limit sized from its observed use (for
example with the Vertical Pod Autoscaler in recommendation mode):

` + "```yaml" + `
containers:
- name: api
  image: example/api:1.4.2
  resources:
    requests:
      cpu: 100m
      memory: 128Mi
    limits:
      memory: 256Mi
      cpu: "1"        # optional: leave it off if throttling hurts you more
` + "```" + `

To cover a whole namespace, add a LimitRange with ` + "`default`" + ` and ` + "`defaultRequest`" + ` and a
ResourceQuota.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Resource Management for Pods and Containers", URL: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"},
		{Title: "Kubernetes docs: Limit Ranges", URL: "https://kubernetes.io/docs/concepts/policy/limit-range/"},
		{Title: "Kubernetes docs: Pod Quality of Service Classes", URL: "https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/"},
		{Title: "Kubernetes docs: Node-pressure Eviction", URL: "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/"},
	},
	CheckProject: eachPodInScan(checkResourceLimits),
}

// resourceSources are the places, other than the container itself, a
// limit or request may come from.
type resourceSources struct {
	podLimits, podRequests corev1.ResourceList
	// defLimits and defRequests are what the namespace's LimitRanges fill
	// in (after the API server's own defaulting of LimitRange items).
	defLimits, defRequests corev1.ResourceList
}

func checkResourceLimits(p *rules.ProjectPass, idx *scanIndex, sp scanPod) {
	if idx.fragment(sp) {
		return
	}
	src := resourceSources{defLimits: corev1.ResourceList{}, defRequests: corev1.ResourceList{}}
	if r := sp.Pod.Spec.Resources; r != nil {
		src.podLimits, src.podRequests = r.Limits, r.Requests
	}
	for _, lr := range idx.limitRanges {
		if !sameNamespace(lr.Object.Namespace, sp.Object.Namespace) {
			continue
		}
		for _, item := range lr.Spec.Limits {
			if item.Type == corev1.LimitTypeContainer {
				addDefaults(src, item)
			}
		}
	}
	for _, c := range sp.Pod.Containers() {
		if c.Kind == pkube.EphemeralContainer {
			continue
		}
		judgeResources(p, sp, c, src)
	}
}

// addDefaults records what a Container LimitRange item gives containers
// that omit a value, as the API server defaults the item: the default
// limit falls back to max; the default request to the default limit, then
// to min.
func addDefaults(src resourceSources, item corev1.LimitRangeItem) {
	for _, l := range []corev1.ResourceList{item.Default, item.Max} {
		for name, q := range l {
			if !q.IsZero() {
				src.defLimits[name] = q
			}
		}
	}
	for _, l := range []corev1.ResourceList{item.DefaultRequest, item.Default, item.Max, item.Min} {
		for name, q := range l {
			if !q.IsZero() {
				src.defRequests[name] = q
			}
		}
	}
}

func judgeResources(p *rules.ProjectPass, sp scanPod, c *pkube.Container, src resourceSources) {
	limits, requests := c.C.Resources.Limits, c.C.Resources.Requests
	hasLimit := func(name corev1.ResourceName) bool {
		return quantity(limits, name) || quantity(src.podLimits, name) || quantity(src.defLimits, name)
	}
	hasRequest := func(name corev1.ResourceName) bool {
		// A request defaults to the limit when only the limit is written.
		return quantity(requests, name) || hasLimit(name) ||
			quantity(src.podRequests, name) || quantity(src.defRequests, name)
	}
	// Every item is reported at the resources key (or the container), and
	// anchored at the field that is missing.
	at := c.Path.Key("resources")
	r, _ := sp.Object.Range(at)
	report := func(missing []string, sev rules.Severity, format string, args ...any) {
		p.Report(rules.Finding{Path: sp.File, Range: r, Severity: sev, Anchor: sp.Object.Anchor(at.Key(missing...)),
			Message: fmt.Sprintf(format, args...)})
	}
	who := c.Describe() + " of " + sp.Object.Describe()
	if !hasLimit(corev1.ResourceMemory) {
		report([]string{"limits", "memory"}, 0,
			"%s has no memory limit: it can take all of the node's memory, and the OOM killer and kubelet eviction then take down other pods on the node", who)
	}
	if !hasLimit(corev1.ResourceCPU) {
		report([]string{"limits", "cpu"}, rules.Low,
			"%s has no CPU limit: it can use all of the node's spare CPU and slow its neighbours (often left off on purpose to avoid throttling)", who)
	}
	cpu, mem := hasRequest(corev1.ResourceCPU), hasRequest(corev1.ResourceMemory)
	if cpu && mem {
		return
	}
	// Eviction ranks first the pods whose memory use exceeds their request;
	// CPU is shared by request weight and never evicts.
	what, effect := "CPU and memory requests", "overcommitting the node, and it is among the first evicted under memory pressure"
	switch {
	case cpu:
		what, effect = "memory request", "overcommitting the node's memory, and it is among the first evicted under memory pressure"
	case mem:
		what, effect = "CPU request", "and under contention it gets the smallest share of the node's CPU"
	}
	report([]string{"requests"}, rules.Low,
		"%s has no %s: the scheduler places it as if it needed none, %s", who, what, effect)
}

// quantity reports whether a resource list gives a non-zero amount of name.
func quantity(l corev1.ResourceList, name corev1.ResourceName) bool {
	q, ok := l[name]
	return ok && !q.IsZero()
}
