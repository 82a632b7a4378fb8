package kube

import (
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

var writableRootFS = &rules.Rule{
	ID:       "KW016",
	Title:    "writable root filesystem",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "kubernetes",
	Help: `A container's ` + "`readOnlyRootFilesystem`" + ` is not ` + "`true`" + `, so its processes can write anywhere
in the image's filesystem their user may. An attacker with code execution downloads tools
and implants into it, replaces the application's binaries, scripts or configuration (a web
shell beside the application, a modified entrypoint that survives a process restart in the
same container), and writes wherever the image's permissions are loose. A read-only root
filesystem confines writes to the volumes the pod declares.

Where findings point: at ` + "`readOnlyRootFilesystem: false`" + ` when written, at the container (its
` + "`- name:`" + ` line) when absent — the field exists only on containers. Init and ephemeral
containers are judged too.

Not flagged: ` + "`readOnlyRootFilesystem: true`" + `; Windows pods, on which the field is not supported (the
API server rejects it).

A container without an ` + "`image`" + ` is a fragment — a kustomize patch, or a template whose image
configuration management fills in — and what it leaves out may come from the base it is
merged into: only what it writes is judged.`,
	Remediation: `Set ` + "`readOnlyRootFilesystem: true`" + ` and give the process the writable places it needs as
volumes:

` + "```yaml" + `
containers:
- name: app
  securityContext:
    readOnlyRootFilesystem: true
  volumeMounts:
  - {name: tmp, mountPath: /tmp}
volumes:
- name: tmp
  emptyDir: {}
` + "```",
	References: []rules.Reference{
		{Title: "Kubernetes docs: Configure a Security Context", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"},
		{Title: "CIS Kubernetes Benchmark 5.7.3: Apply SecurityContext to your Pods and Containers", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachContainer(checkWritableRootFS),
}

func checkWritableRootFS(p *rules.Pass, c *pkube.Container) {
	if c.Pod.Windows() != "" {
		return
	}
	o := c.Pod.Object
	ro := c.Effective.ReadOnlyRootFilesystem
	switch {
	case ro.Set && ro.Value:
	case ro.Set:
		reportAt(p, o, ro.Path, "%s of %s sets readOnlyRootFilesystem: false: an attacker in it can write tools and implants and modify the application's files",
			c.Describe(), o.Describe())
	case c.Fragment():
		// The base this is merged into may set it.
	default:
		reportAt(p, o, ro.Path, "%s of %s does not set readOnlyRootFilesystem: true: an attacker in it can write tools and implants and modify the application's files",
			c.Describe(), o.Describe())
	}
}
