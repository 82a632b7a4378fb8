package kube

import (
	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

var seccompProfile = &rules.Rule{
	ID:       "KW017",
	Title:    "seccomp unconfined or unset",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container runs without a seccomp filter. Seccomp is what keeps a container's processes
away from the system calls that kernel exploits use (` + "`unshare`" + `, ` + "`keyctl`" + `, ` + "`bpf`" + `,
` + "`userfaultfd`" + `, ` + "`io_uring`" + `, ` + "`add_key`" + ` …): without it, one kernel bug reachable from the
container is a way out to the node, and every other pod on it. The Pod Security Standards'
Restricted profile requires ` + "`RuntimeDefault`" + ` or ` + "`Localhost`" + `.

- **high**, at the setting: the effective profile is ` + "`Unconfined`" + ` — a ` + "`seccompProfile.type`" + `
  of the container or, inherited, of the pod, or a legacy annotation with the value
  ` + "`unconfined`" + `.
- **low**, at the container: nothing sets a profile. Kubernetes then runs the container
  ` + "`Unconfined`" + `, unless the kubelet's ` + "`seccompDefault`" + ` is on, which a manifest cannot tell.

The profile is resolved as the API server and kubelet resolve it: the container's
` + "`securityContext.seccompProfile`" + `, else its legacy annotation
` + "`container.seccomp.security.alpha.kubernetes.io/<container name>`" + `, else the pod's
` + "`securityContext.seccompProfile`" + `, else the pod annotation
` + "`seccomp.security.alpha.kubernetes.io/pod`" + ` (annotation values ` + "`runtime/default`" + `,
` + "`docker/default`" + `, ` + "`localhost/<file>`" + `, ` + "`unconfined`" + `). At each level the field wins over the
annotation. A pod-level setting is reported once, naming the containers that inherit it.

Not flagged: ` + "`RuntimeDefault`" + ` and ` + "`Localhost`" + ` profiles; an unset profile in a manifest
fragment — a container without an image, as in a Kustomize patch, whose base may set it (an
` + "`Unconfined`" + ` a patch sets is reported); Windows pods (` + "`spec.os.name: windows`" + `
or a ` + "`kubernetes.io/os: windows`" + ` node selector), where seccomp does not exist. A privileged
container runs without seccomp whatever its profile says; KW001 reports it.`,
	Remediation: `Set the runtime's default profile once for the whole pod (it blocks the rarely-needed,
often-exploited system calls and very rarely breaks an application); write a ` + "`Localhost`" + `
profile for a workload that needs more, rather than ` + "`Unconfined`" + `:

` + "```yaml" + `
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
` + "```" + `

Cluster-wide, the kubelet's ` + "`seccompDefault: true`" + ` makes ` + "`RuntimeDefault`" + ` the default for pods
that set nothing. The legacy annotations are deprecated: move them to the field.

A privileged container runs unconfined whatever profile it names: KW001 reports it, and its
missing profile is not reported here.`,
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Restricted: Seccomp)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Restrict a Container's Syscalls with seccomp", URL: "https://kubernetes.io/docs/tutorials/security/seccomp/"},
		{Title: "CIS Kubernetes Benchmark 5.7.2: Ensure that the seccomp profile is set to docker/default in your Pod definitions", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachLinuxPod(checkSeccompProfile),
}

func checkSeccompProfile(p *rules.Pass, pod *pkube.PodSpec) {
	var g placed
	partial := pod.Fragment()
	for _, c := range pod.Containers() {
		pr := effectiveSeccomp(c)
		switch {
		case !pr.Set:
			// A privileged container runs unconfined whatever profile it
			// names (KW001 reports it); its missing profile adds nothing.
			if !partial && !(c.Effective.Privileged.Set && c.Effective.Privileged.Value) {
				g.add(pr.Path, rules.Low, c, "", "")
			}
		case pr.Type == string(corev1.SeccompProfileTypeUnconfined):
			g.add(pr.Path, rules.High, c, "Unconfined", pr.Source)
		}
	}
	g.each(func(it *placement) {
		if it.Detail == "" {
			it.report(p, pod.Object, "%s no seccomp profile (neither the container nor the pod sets seccompProfile): %s Unconfined unless the kubelet's seccompDefault is on, and every system call reaches the kernel",
				it.verb("has", "have"), it.verb("it runs", "they run"))
			return
		}
		it.report(p, pod.Object, "%s seccomp profile Unconfined (from %s): every system call reaches the kernel, including those kernel exploits use to escape to the node",
			it.verb("runs with", "run with"), it.Source)
	})
}
