package kube

import (
	"slices"
	"strings"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

// containerSELinuxTypes are the SELinux types the Pod Security Standards'
// Baseline profile allows (container_engine_t since Kubernetes 1.31): the
// container policy's own process types.
var containerSELinuxTypes = []string{"container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

var seLinuxType = &rules.Rule{
	ID:       "KW019",
	Title:    "custom SELinux type",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container's effective ` + "`seLinuxOptions`" + ` set an SELinux type other than the container
policy's own, or set an SELinux user or role. On SELinux nodes (RHEL, Fedora, OpenShift) the
type is what keeps a container's processes away from the node's files and processes:
` + "`container_t`" + ` may touch only files labelled for containers. ` + "`spc_t`" + ` ("super privileged
container") and ` + "`unconfined_t`" + ` are unconfined domains, and any other type brings whatever its
policy allows — often host files a container must not reach. A custom user or role changes
which domains the process may enter. The Pod Security Standards' Baseline profile allows only
` + "`container_t`" + `, ` + "`container_init_t`" + `, ` + "`container_kvm_t`" + ` and (since Kubernetes 1.31)
` + "`container_engine_t`" + `, and no user or role.

Each offending key (` + "`type`" + `, ` + "`user`" + `, ` + "`role`" + `) is reported at its line. Container options
replace the pod's as a whole, so a pod-level setting is judged for the containers that inherit
it, and reported once, naming them.

Not flagged: ` + "`level`" + ` alone (the MCS categories that separate pods from each other); the
allowed types; pod-level options every container overrides; Windows pods.`,
	Remediation: `Remove ` + "`seLinuxOptions`" + ` and let the runtime assign ` + "`container_t`" + ` with a unique MCS level per
pod; set only ` + "`level`" + ` when pods must share files. A node agent that truly needs another
domain belongs in a namespace whose admission policy is the one place that allows it:

` + "```yaml" + `
securityContext:
  seLinuxOptions:
    level: "s0:c123,c456"   # only if pods must share labelled volumes
` + "```",
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Baseline: SELinux)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Assign SELinux labels to a Container", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container"},
		{Title: "CIS Kubernetes Benchmark 5.7.3: Apply Security Context to Your Pods and Containers", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachLinuxPod(checkSELinuxType),
}

func checkSELinuxType(p *rules.Pass, pod *pkube.PodSpec) {
	var g placed
	for _, c := range pod.Containers() {
		s := c.Effective.SELinuxOptions
		if !s.Set || s.Value == nil {
			continue
		}
		source := "its securityContext"
		if s.FromPod {
			source = "the pod securityContext"
		}
		if t := s.Value.Type; t != "" && !slices.Contains(containerSELinuxTypes, t) {
			g.add(s.Path.Key("type"), rules.Medium, c, "type "+t, source)
		}
		if u := s.Value.User; u != "" {
			g.add(s.Path.Key("user"), rules.Medium, c, "user "+u, source)
		}
		if r := s.Value.Role; r != "" {
			g.add(s.Path.Key("role"), rules.Medium, c, "role "+r, source)
		}
	}
	g.each(func(it *placement) {
		it.report(p, pod.Object, "%s with SELinux %s (from %s): %s",
			it.verb("runs", "run"), it.Detail, it.Source, seLinuxRisk(it.Detail))
	})
}

// seLinuxRisk says what a custom SELinux setting gives away.
func seLinuxRisk(detail string) string {
	switch detail {
	case "type spc_t", "type unconfined_t", "type kernel_t", "type init_t":
		return "an unconfined domain, so SELinux no longer keeps it from the node's files and processes"
	}
	if strings.HasPrefix(detail, "type ") {
		return "a type outside the container policy's process types, so it gets whatever that type's policy allows — often node files container_t is denied"
	}
	return "a custom SELinux user or role changes which domains its processes may enter, and can lift container_t's confinement"
}
