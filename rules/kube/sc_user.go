package kube

import (
	"fmt"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var runsAsRoot = &rules.Rule{
	ID:       "KW003",
	Title:    "runs as root",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container runs as root, or nothing stops it from doing so. Judged on the effective
values — the container's securityContext, else the pod's:

- ` + "`runAsUser: 0`" + `: root, reported where it is written. With ` + "`runAsNonRoot: true`" + ` as well it is a
  contradiction the kubelet refuses to start (CreateContainerConfigError): still reported at
  ` + "`runAsUser`" + `, the value to fix;
- neither ` + "`runAsNonRoot: true`" + ` nor a ` + "`runAsUser`" + `: the container runs as its image's ` + "`USER`" + `, which is
  root unless the image says otherwise, and nothing checks it. Reported at ` + "`runAsNonRoot: false`" + `
  when written, at the container (its ` + "`- name:`" + ` line) otherwise;
- ` + "`runAsGroup: 0`" + ` with a non-root user: the process's primary group is root's, reported at
  ` + "`runAsGroup`" + `.

Root in a container owns every file of the image, holds the runtime's default capabilities
(CHOWN, DAC_OVERRIDE, SETUID, NET_RAW …) in full, and is root on the node the moment a runtime
or kernel bug, a hostPath, a mounted socket or an added capability lets it out (the runc escape
CVE-2019-5736, for one, needs root in the container). Group
0 reads and writes whatever root's group may on the image and on every mounted volume. Init
containers are judged like the others: they run to completion, but as root, with the pod's
volumes and service account, before the application starts; ephemeral containers too.

Not flagged:

- a non-zero ` + "`runAsUser`" + ` without ` + "`runAsNonRoot`" + `: the container runs as that UID, not root. The
  Pod Security Standards (Restricted) still require ` + "`runAsNonRoot: true`" + ` and will reject such a
  pod, but the threat here is root; KW004 judges low UIDs;
- ` + "`runAsNonRoot: true`" + ` without ` + "`runAsUser`" + `: the kubelet refuses to start an image whose user is
  root (or a name it cannot check is not root);
- Windows pods (` + "`spec.os.name: windows`" + `, a ` + "`kubernetes.io/os: windows`" + ` node selector or required
  node affinity, or ` + "`windowsOptions`" + ` set): ` + "`runAsUser`" + ` and ` + "`runAsGroup`" + ` are Linux fields the API server
  rejects on them, and a Windows container's identity is ` + "`windowsOptions.runAsUserName`" + `
  (` + "`ContainerUser`" + ` or ` + "`ContainerAdministrator`" + `), which this rule does not judge (KW022 reports host
  process containers).

` + "`hostUsers: false`" + ` (a user namespace) maps the container's root to an unprivileged UID of the
node, which blunts escapes; the container still runs as root in it and is reported.

A container without an ` + "`image`" + ` is a fragment — a kustomize patch, or a template whose image
configuration management fills in — and what it leaves out may come from the base it is
merged into: only what it writes is judged.`,
	Remediation: `Run as a non-root numeric user and let the kubelet check it. Set it once on the pod;
containers inherit it:

` + "```yaml" + `
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
` + "```" + `

Build the image with a numeric ` + "`USER 10001`" + ` so that ` + "`runAsNonRoot`" + ` alone suffices; files the
process writes then need that owner (an ` + "`emptyDir`" + `, or ` + "`fsGroup`" + ` for volumes). An init container
that must ` + "`chown`" + ` a volume can often be replaced by ` + "`fsGroup`" + `.`,
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Restricted: Running as Non-root, Running as Non-root user)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Configure a Security Context", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"},
		{Title: "Kubernetes docs: Security for Windows nodes", URL: "https://kubernetes.io/docs/concepts/security/windows-security/"},
		{Title: "CIS Kubernetes Benchmark 5.2.7: Minimize the admission of root containers", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachContainer(checkRunsAsRoot),
}

func checkRunsAsRoot(p *rules.Pass, c *pkube.Container) {
	if c.Pod.Windows() != "" {
		return
	}
	o := c.Pod.Object
	who := fmt.Sprintf("%s of %s", c.Describe(), o.Describe())
	e := c.Effective
	user, group, nonRoot := e.RunAsUser, e.RunAsGroup, e.RunAsNonRoot
	rootGroup := group.Set && group.Value == 0
	andGroup := ""
	if rootGroup {
		andGroup = " and runAsGroup: 0" + inPod(group)
	}
	switch {
	case user.Set && user.Value == 0:
		if nonRoot.Set && nonRoot.Value {
			reportAt(p, o, user.Path, "%s has runAsUser: 0%s and runAsNonRoot: true%s%s: the kubelet refuses to start it, and without runAsNonRoot it would run as root",
				who, inPod(user), inPod(nonRoot), andGroup)
			return
		}
		reportAt(p, o, user.Path, "%s runs as root, with runAsUser: 0%s%s: root in the container is one runtime or kernel bug, hostPath or added capability away from root on the node",
			who, inPod(user), andGroup)
	case user.Set || nonRoot.Set && nonRoot.Value:
		// A non-root user, named or verified by the kubelet.
		if rootGroup {
			reportAt(p, o, group.Path, "%s runs with root's group, runAsGroup: 0%s: it reads and writes every file group-owned by root that is group-accessible, in the image and on its volumes",
				who, inPod(group))
		}
	case c.Fragment() && !nonRoot.Set:
		// The base this is merged into may set the user.
	default:
		what := "has no runAsNonRoot: true and no runAsUser"
		if nonRoot.Set {
			what = "has runAsNonRoot: false" + inPod(nonRoot) + " and no runAsUser"
		}
		reportAt(p, o, nonRoot.Path, "%s %s%s: it runs as its image's user, which is root unless the image sets another, and nothing checks it",
			who, what, andGroup)
	}
}

var lowUIDGID = &rules.Rule{
	ID:       "KW004",
	Title:    "low UID/GID",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.InformationDisclosure},
	Kind:     "kubernetes",
	Help: `A container's effective ` + "`runAsUser`" + ` or ` + "`runAsGroup`" + ` is between 1 and 9999. That range is
where nodes allocate their own accounts: system users and groups (daemons, ` + "`docker`" + `, ` + "`adm`" + `,
` + "`systemd-journal`" + `) below 1000 and people from 1000. Without a user namespace a container's UID
is the same number on the node, so a process that shares a UID or GID with a host account
acts as that account on every host file it can reach — through a hostPath or a shared volume,
or after an escape from the container — and a GID such as the node's ` + "`docker`" + ` group can be
worth root. UIDs of 10000 and above are, by convention, clear of host accounts.

Each value is reported where it is written: at the container's ` + "`runAsUser`" + ` or ` + "`runAsGroup`" + `, or
at the pod's when the container inherits it (one finding per container that inherits it).
Init and ephemeral containers are judged like the others.

Not flagged: 0 (KW003 reports root); values of 10000 and above; unset values (the image's
` + "`USER`" + ` is not known from the manifest); Windows pods, on which these fields do not exist.`,
	Remediation: `Pick a UID and GID of 10000 or more, set on the pod (containers inherit them), and
build the image with the same numeric ` + "`USER`" + `:

` + "```yaml" + `
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
` + "```",
	References: []rules.Reference{
		{Title: "Kubernetes docs: Configure a Security Context", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"},
		{Title: "Kubernetes docs: User namespaces", URL: "https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/"},
		{Title: "CIS Kubernetes Benchmark 5.7.3: Apply SecurityContext to your Pods and Containers", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachObject(checkLowUIDGID),
}

// firstSafeID is the first UID/GID clear of the accounts a node allocates.
const firstSafeID = 10000

func checkLowUIDGID(p *rules.Pass, o *pkube.Object) {
	pod, ok := o.PodSpec()
	if !ok || pod.Windows() != "" {
		return
	}
	// A value written once in the pod securityContext is one finding, at
	// that line, naming the containers that inherit it.
	type lowID struct {
		what, field string
		value       int64
		path        yamlpos.Path
		fromPod     bool
		containers  []string
	}
	var found []*lowID
	byPath := map[string]*lowID{}
	for _, c := range pod.Containers() {
		for _, s := range []struct {
			field, what string
			set         pkube.Setting[int64]
		}{
			{"runAsUser", "UID", c.Effective.RunAsUser},
			{"runAsGroup", "GID", c.Effective.RunAsGroup},
		} {
			if !s.set.Set || s.set.Value <= 0 || s.set.Value >= firstSafeID {
				continue
			}
			key := s.set.Path.String()
			l := byPath[key]
			if l == nil {
				l = &lowID{what: s.what, field: s.field, value: s.set.Value, path: s.set.Path, fromPod: s.set.FromPod}
				byPath[key] = l
				found = append(found, l)
			}
			l.containers = append(l.containers, c.Describe())
		}
	}
	for _, l := range found {
		who := l.containers[0]
		field := l.field
		if l.fromPod {
			field += " from the pod securityContext"
			if len(l.containers) > 1 {
				who = listText(l.containers)
			}
		}
		reportAt(p, o, l.path, "%s of %s run%s with %s %d (%s), below %d: it can be a node account's, and act as that account on the host files it reaches",
			who, o.Describe(), map[bool]string{true: "", false: "s"}[len(l.containers) > 1 && l.fromPod], l.what, l.value, field, firstSafeID)
	}
}
