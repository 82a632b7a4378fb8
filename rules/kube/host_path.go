package kube

import (
	"fmt"
	"path"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/hostpath"
)

const controlPlaneHostPathNote = `Not flagged: in the control-plane static pods (` + "`kube-apiserver`" + `, ` + "`etcd`" + `,
` + "`kube-controller-manager`" + ` and ` + "`kube-scheduler`" + ` in ` + "`kube-system`" + `), the host paths they mount by
design — ` + "`/etc/kubernetes`" + `, ` + "`/var/lib/etcd`" + `, ` + "`/etc/ssl/certs`" + `, ` + "`/etc/pki`" + `,
` + "`/etc/ca-certificates`" + `, ` + "`/usr/share/ca-certificates`" + `, ` + "`/usr/local/share/ca-certificates`" + `,
` + "`/var/log/kubernetes`" + `, and the FlexVolume plugin directory (mounted at
` + "`/usr/libexec/kubernetes/kubelet-plugins/volume/exec`" + `, wherever the node keeps it); the
control-plane rules (KC) judge those pods. Any other host path they mount is reported.`

var refHostPath = rules.Reference{Title: "Kubernetes docs: Volumes (hostPath)", URL: "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"}

var refCISHostPath = rules.Reference{Title: "CIS Kubernetes Benchmark 5.2.12: Minimize the admission of HostPath volumes", URL: "https://www.cisecurity.org/benchmark/kubernetes"}

var hostPathVolume = &rules.Rule{
	ID:       "KW010",
	Title:    "hostPath volume",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.InformationDisclosure, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A pod declares a ` + "`hostPath`" + ` volume: a file or directory of the node's own filesystem,
shared with the containers that mount it. It is the most common way out of a container:
the pod reads whatever the node keeps there (other pods' logs and data, credentials), and
if the mount is writable it can plant files the node or other pods later execute or trust.
A writable one can hold symlinks that a later ` + "`subPath`" + ` mount or a node process follows out
of the directory (CVE-2017-1002101, CVE-2021-25741). It also ties the pod to the layout of one node. The Pod Security Standards
forbid hostPath volumes at the Baseline level.

Every hostPath volume is reported once, at its ` + "`hostPath`" + ` key, whether or not a container
mounts it yet. The rules that follow judge what it exposes: KW011 for container runtime
sockets, KW012 for sensitive host directories, KW013 for each writable mount.

` + controlPlaneHostPathNote,
	Remediation: `Use storage that is not the node's: an ` + "`emptyDir`" + ` for scratch space shared by the
pod's containers, a ` + "`configMap`" + `/` + "`secret`" + `/` + "`projected`" + ` volume for configuration, a
PersistentVolumeClaim for data, a CSI driver for hardware or node services. Node agents that
must read the node (log collectors, monitoring) should mount only the directories they
read, with ` + "`readOnly: true`" + `, from a namespace whose Pod Security admission level allows it.`,
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Baseline: HostPath Volumes)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		refHostPath,
		refCISHostPath,
		refBishopFoxBadPods,
	},
	Check: eachPod(checkPodHostPathVolume),
}

func checkPodHostPathVolume(p *rules.Pass, pod *pkube.PodSpec) {
	for _, v := range exposedHostPaths(pod) {
		if len(v.Mounts) == 0 {
			reportAt(p, pod.Object, v.Path.Key("hostPath"), "%s declares host path %s (volume %q), mounted by no container yet: any container given it reaches the node's own files there, outside any storage isolation",
				pod.Object.Describe(), v.HostPath, v.Name)
			continue
		}
		reportAt(p, pod.Object, v.Path.Key("hostPath"), "%s mounts host path %s (volume %q) in %s: its containers reach the node's own files there, outside any storage isolation",
			pod.Object.Describe(), v.HostPath, v.Name, hostPathMountsText(v.Mounts))
	}
}

var runtimeSocketMounted = &rules.Rule{
	ID:       "KW011",
	Title:    "container runtime socket mounted",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Spoofing, rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container mounts the socket of a container runtime — ` + "`docker.sock`" + `, ` + "`containerd.sock`" + `,
` + "`crio.sock`" + `, ` + "`cri-dockerd.sock`" + `, ` + "`podman.sock`" + `, ` + "`dockershim.sock`" + ` wherever it lives — or a
directory that contains one (` + "`/var/run`" + `, ` + "`/run`" + `, ` + "`/var/run/docker`" + `, ` + "`/run/containerd`" + `,
` + "`/run/crio`" + `, ` + "`/run/podman`" + `, ` + "`/run/k3s/containerd`" + `). Whoever can talk to that socket can start
a privileged container with the node's root filesystem mounted, read every other pod's
files and secrets, and exec into any container on the node, outside Kubernetes' admission,
RBAC and audit: a compromise of this pod is a compromise of the node. ` + "`readOnly: true`" + ` does
not help — it protects the socket file, not the API behind it.

A ` + "`subPath`" + ` is followed: a volume of ` + "`/var/run`" + ` mounted with ` + "`subPath: docker.sock`" + ` is the
socket; one mounted with ` + "`subPath: xtables.lock`" + ` is not. A volume that no container mounts
is left to KW010.`,
	Remediation: `Remove the mount. Build images with a daemonless builder (BuildKit rootless, kaniko,
buildah) instead of the node's Docker; read container metadata from the Kubernetes API or the
kubelet instead of the runtime; if a node agent truly needs the runtime, give it the CRI
socket through a filtering proxy that allows only the calls it makes, in a dedicated,
locked-down namespace.`,
	References: []rules.Reference{
		refHostPath,
		{Title: "Kubernetes docs: Migrating telemetry and security agents from dockershim", URL: "https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/migrating-telemetry-and-security-agents/"},
		{Title: "OWASP Kubernetes Security Cheat Sheet", URL: "https://cheatsheetseries.owasp.org/cheatsheets/Kubernetes_Security_Cheat_Sheet.html"},
		refCISHostPath,
	},
	Check: eachPod(checkPodRuntimeSocket),
}

func checkPodRuntimeSocket(p *rules.Pass, pod *pkube.PodSpec) {
	for _, v := range pod.HostPathVolumes() {
		var runtime, socket string
		var via []pkube.Mount
		readOnly := true
		for _, m := range v.Mounts {
			hp := mountedHostPath(v, m)
			rt, ok := hostpath.RuntimeSocket(hp)
			if !ok {
				continue
			}
			if runtime == "" {
				runtime, socket = rt, hp
			}
			via = append(via, m)
			readOnly = readOnly && m.ReadOnly
		}
		if len(via) == 0 {
			continue
		}
		what := "the " + runtime + " socket " + socket
		if runtime == hostpath.RuntimeDir {
			what = socket + ", which contains the container runtime sockets,"
		}
		ro := ""
		if readOnly {
			ro = " (readOnly does not help: it protects the file, not the API)"
		}
		reportAt(p, pod.Object, v.Path.Key("hostPath", "path"), "%s mounts %s in %s%s: whoever controls the container can start a privileged container and take over the node",
			pod.Object.Describe(), what, hostPathMountsText(via), ro)
	}
}

var sensitiveHostPathMounted = &rules.Rule{
	ID:       "KW012",
	Title:    "sensitive host path mounted",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container mounts a host path that holds the node's secrets or controls the node
itself. Read-only does not make these safe: ` + "`/etc`" + ` read-only still hands over the password
hashes and keys, ` + "`/var/lib/kubelet`" + ` every pod's service account tokens and secrets on the
node, ` + "`/etc/kubernetes`" + ` the kubelet's credentials (enough to read the secrets of every pod
scheduled there), ` + "`/var/lib/etcd`" + ` the whole cluster's data. Read-write, most of them are a
direct path to root on the node (` + "`/`" + `: write a cron job or an SSH key).

Flagged host paths:

- ` + "`/`" + `, and with everything under them: ` + "`/proc`" + `, ` + "`/sys`" + `, ` + "`/boot`" + `, ` + "`/root`" + `,
  ` + "`/var/lib/kubelet`" + `, ` + "`/var/lib/etcd`" + `, ` + "`/var/lib/docker`" + `, ` + "`/var/lib/containerd`" + `;
- ` + "`/etc`" + ` as a whole, and the secrets under it: ` + "`/etc/kubernetes`" + `, ` + "`/etc/shadow`" + `,
  ` + "`/etc/gshadow`" + `, ` + "`/etc/sudoers`" + `, ` + "`/etc/ssh`" + `, ` + "`/etc/docker`" + `, ` + "`/etc/ssl/private`" + `,
  ` + "`/etc/pki/tls/private`" + `;
- ` + "`/dev`" + ` as a whole, and ` + "`/dev/pts`" + `, ` + "`/dev/shm`" + `, ` + "`/dev/mqueue`" + `, ` + "`/dev/mem`" + `,
  ` + "`/dev/kmem`" + `, ` + "`/dev/port`" + `;
- home directories (` + "`/home`" + `, ` + "`/home/<user>`" + `) and credential directories anywhere
  (` + "`.ssh`" + `, ` + "`.aws`" + `, ` + "`.kube`" + `, ` + "`.docker`" + `, ` + "`.gnupg`" + ` …), ` + "`/root/.ssh`" + ` included;
- for writable mounts only, because read-only they disclose nothing secret but writable
  they are code execution on the node: the node's programs, libraries and kernel modules
  (` + "`/usr`" + `, ` + "`/bin`" + `, ` + "`/lib`" + `, ` + "`/lib/modules`" + ` …) and the files deciding what the node runs and
  who logs in (` + "`/etc/passwd`" + `, cron, ` + "`/etc/systemd`" + `, ` + "`/etc/ld.so.preload`" + `, ` + "`/etc/pam.d`" + ` …).

A ` + "`subPath`" + ` is followed (a volume of ` + "`/`" + ` mounted with ` + "`subPath: var/log`" + ` is ` + "`/var/log`" + `).
Not flagged: the harmless files pods are routinely given (` + "`/etc/localtime`" + `,
` + "`/etc/ssl/certs`" + `, ` + "`/var/log`" + `, ` + "`/dev/fuse`" + `), runtime sockets and ` + "`/var/run`" + ` (KW011's), and
volumes no container mounts.

` + controlPlaneHostPathNote,
	Remediation: `Mount only the specific files the workload needs, read-only, and deliver credentials
as Kubernetes Secrets or projected service account tokens rather than from the node. Node
agents that read ` + "`/proc`" + ` or ` + "`/sys`" + ` by design (node-exporter, cAdvisor) need those mounts: keep
them read-only, give the agent nothing else, run it in a dedicated namespace, and accept
the finding there.`,
	References: []rules.Reference{
		refHostPath,
		{Title: "Kubernetes docs: Pod Security Standards (Baseline: HostPath Volumes)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		refCISHostPath,
		refBishopFoxBadPods,
	},
	Check: eachPod(checkPodSensitiveHostPath),
}

func checkPodSensitiveHostPath(p *rules.Pass, pod *pkube.PodSpec) {
	for _, v := range exposedHostPaths(pod) {
		var what, sensitive string
		var via []pkube.Mount
		writable := false
		for _, m := range v.Mounts {
			hp := mountedHostPath(v, m)
			if _, socket := hostpath.RuntimeSocket(hp); socket {
				continue // KW011
			}
			w, ok := hostpath.Sensitive(hp)
			if !m.ReadOnly {
				w, ok = hostpath.SensitiveWritable(hp)
			}
			if !ok {
				continue
			}
			if what == "" {
				what, sensitive = w, hp
			}
			via = append(via, m)
			writable = writable || !m.ReadOnly
		}
		if len(via) == 0 {
			continue
		}
		mode, can := "read-only", "read"
		if writable {
			mode, can = "read-write", "read and change"
		}
		reportAt(p, pod.Object, v.Path.Key("hostPath", "path"), "%s mounts %s (%s) %s in %s: whoever compromises the container can %s it",
			pod.Object.Describe(), sensitive, what, mode, hostPathMountsText(via), can)
	}
}

var writableHostPathMount = &rules.Rule{
	ID:       "KW013",
	Title:    "writable hostPath",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Tampering, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container mounts a hostPath volume without ` + "`readOnly: true`" + `. Whatever runs in the
container — including an attacker who compromises it — can change, delete or plant files on
the node there: configuration and scripts the node or other pods read and run, data they
trust, or a symlink that a node process later follows out of the directory. Each writable
mount is reported, at its ` + "`volumeMounts`" + ` entry (at its ` + "`readOnly: false`" + ` when written), so
that a pod whose agent writes and whose sidecar only reads gets one finding.

Runtime sockets are reported here too when writable: KW011 judges the socket, this rule
the mount mode. Not reported: the iptables lock file (` + "`/run/xtables.lock`" + `) that kube-proxy
and CNI plugins share with the node — it must be writable to be locked and holds nothing
(KW010 still lists the volume).

` + controlPlaneHostPathNote,
	Remediation: `Add ` + "`readOnly: true`" + ` to every hostPath mount the container only reads (on Kubernetes
1.30+ also ` + "`recursiveReadOnly: Enabled`" + ` so that sub-mounts are read-only too). Give it an
` + "`emptyDir`" + ` or a PersistentVolumeClaim for what it writes:

` + "```yaml" + `
volumeMounts:
- name: varlog
  mountPath: /var/log
  readOnly: true
` + "```",
	References: []rules.Reference{
		refHostPath,
		{Title: "Kubernetes docs: Volumes (read-only mounts)", URL: "https://kubernetes.io/docs/concepts/storage/volumes/#read-only-mounts"},
		refCISHostPath,
	},
	Check: eachPod(checkPodWritableHostPath),
}

func checkPodWritableHostPath(p *rules.Pass, pod *pkube.PodSpec) {
	for _, v := range exposedHostPaths(pod) {
		for _, m := range v.Mounts {
			hp := mountedHostPath(v, m)
			if m.ReadOnly || iptablesLockFile(hp) {
				continue
			}
			at := m.Path
			if r, exact := pod.Object.Range(m.Path.Key("readOnly")); exact && r.StartLine > 0 {
				at = m.Path.Key("readOnly")
			}
			reportAt(p, pod.Object, at, "%s of %s mounts host path %s (volume %q) writable at %s: it can change and plant files on the node there; set readOnly: true if it only reads them",
				m.Container.Describe(), pod.Object.Describe(), hp, v.Name, m.MountPath)
		}
	}
}

// exposedHostPaths are the pod's hostPath volumes less those a control-plane
// static pod mounts by design.
func exposedHostPaths(pod *pkube.PodSpec) []pkube.HostPathVolume {
	vols := pod.HostPathVolumes()
	if pod.ControlPlane() == "" {
		return vols
	}
	var out []pkube.HostPathVolume
	for _, v := range vols {
		if !pkube.ControlPlaneHostPath(v.HostPath) && !flexVolumeDir(v) {
			out = append(out, v)
		}
	}
	return out
}

// flexVolumePluginDir is where kube-controller-manager looks for FlexVolume
// drivers.
const flexVolumePluginDir = "/usr/libexec/kubernetes/kubelet-plugins/volume/exec"

// flexVolumeDir reports whether every mount of a volume puts it at the
// controller manager's FlexVolume plugin directory: the node's plugin
// directory, wherever the distribution keeps it on the host (Typhoon:
// /var/lib/kubelet/volumeplugins).
func flexVolumeDir(v pkube.HostPathVolume) bool {
	for _, m := range v.Mounts {
		if path.Clean(m.MountPath) != flexVolumePluginDir {
			return false
		}
	}
	return len(v.Mounts) > 0
}

// iptablesLockFile reports whether a host path is the iptables lock, which kube-proxy
// and CNI plugins share with the node's own iptables: it must be writable to
// be locked, and holds nothing.
func iptablesLockFile(hostPath string) bool {
	switch path.Clean(hostPath) {
	case "/run/xtables.lock", "/var/run/xtables.lock":
		return true
	}
	return false
}

// mountedHostPath is the host path a mount exposes: the volume's, or the
// file or directory under it that a subPath selects. A subPathExpr is
// unknown until the pod runs, so the volume's path stands for it.
func mountedHostPath(v pkube.HostPathVolume, m pkube.Mount) string {
	vm := m.Container.C.VolumeMounts[m.Index]
	if vm.SubPath == "" || v.HostPath == "" {
		return v.HostPath
	}
	return path.Join(v.HostPath, vm.SubPath)
}

// hostPathMountsText is `container "a" at /host, init container "b" at /x`.
func hostPathMountsText(ms []pkube.Mount) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = fmt.Sprintf("%s at %s", m.Container.Describe(), m.MountPath)
	}
	return joinAnd(parts)
}
