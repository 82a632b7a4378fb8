package kube

import (
	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

var appArmorProfile = &rules.Rule{
	ID:       "KW018",
	Title:    "AppArmor unconfined or unset",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container runs without an AppArmor profile, or its manifest does not say it has one. On nodes
with AppArmor (Ubuntu, Debian, SUSE), the runtime's default profile denies a container
mounts, writes to ` + "`/proc/sys`" + ` and ` + "`/sys`" + `, raw access to kernel interfaces and other steps of
known container escapes; without it, only capabilities and seccomp stand in the way.

- **medium**, at the setting: the effective profile is unconfined — an ` + "`appArmorProfile`" + ` of
  type ` + "`Unconfined`" + ` (the container's or, inherited, the pod's), or the legacy annotation
  ` + "`container.apparmor.security.beta.kubernetes.io/<container name>: unconfined`" + `. The Pod
  Security Standards' Baseline profile forbids it.
- **info**, at the container: nothing in the manifest sets a profile. The runtime applies its
  default profile where AppArmor is enabled, so this is a note that the protection depends on
  the node, not a weakness of its own.

The profile is resolved as the API server and kubelet resolve it: the container's
` + "`securityContext.appArmorProfile`" + `, else its annotation, else the pod's
` + "`securityContext.appArmorProfile`" + `. The field wins over the annotation. A pod-level setting is
reported once, naming the containers that inherit it.

Not flagged: ` + "`RuntimeDefault`" + ` and ` + "`Localhost`" + ` profiles (annotation values ` + "`runtime/default`" + ` and
` + "`localhost/<profile>`" + `); an unset profile in a manifest fragment — a container without an
image, as in a Kustomize patch, whose base may set it; Windows pods, which have no AppArmor. A privileged container runs
unconfined whatever its profile says; KW001 reports it.`,
	Remediation: `Ask for the runtime's default profile explicitly (or a ` + "`Localhost`" + ` profile loaded on the
nodes), once for the pod; remove ` + "`Unconfined`" + ` settings and the deprecated annotations:

` + "```yaml" + `
spec:
  securityContext:
    appArmorProfile:
      type: RuntimeDefault
` + "```",
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Baseline: AppArmor)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Restrict a Container's Access to Resources with AppArmor", URL: "https://kubernetes.io/docs/tutorials/security/apparmor/"},
		{Title: "CIS Kubernetes Benchmark 5.7.3: Apply Security Context to Your Pods and Containers", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachLinuxPod(checkAppArmorProfile),
}

func checkAppArmorProfile(p *rules.Pass, pod *pkube.PodSpec) {
	var g placed
	partial := pod.Fragment()
	for _, c := range pod.Containers() {
		pr := effectiveAppArmor(c)
		switch {
		case !pr.Set:
			// A privileged container runs unconfined whatever profile it
			// names (KW001 reports it); its missing profile adds nothing.
			if !partial && !(c.Effective.Privileged.Set && c.Effective.Privileged.Value) {
				g.add(pr.Path, rules.Info, c, "", "")
			}
		case pr.Type == string(corev1.AppArmorProfileTypeUnconfined):
			g.add(pr.Path, rules.Medium, c, "Unconfined", pr.Source)
		}
	}
	g.each(func(it *placement) {
		if it.Detail == "" {
			it.report(p, pod.Object, "%s no AppArmor profile in the manifest (no appArmorProfile or annotation on the container or the pod): %s confinement depends on the node's runtime default",
				it.verb("has", "have"), it.verb("its", "their"))
			return
		}
		it.report(p, pod.Object, "%s AppArmor unconfined (from %s): AppArmor no longer denies %s mounts, writes to /proc/sys and /sys, and other steps of known container escapes",
			it.verb("runs", "run"), it.Source, it.verb("it", "them"))
	})
}
