package kube

import (
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// PodSpec is the pod template of a pod-bearing object, with where it sits.
type PodSpec struct {
	Object *Object
	Spec   *corev1.PodSpec
	// Meta is the pod's metadata: the template's for controllers (legacy
	// seccomp and AppArmor annotations live there), the object's for a Pod.
	Meta *metav1.ObjectMeta
	// Path is the PodSpec's path in the object: spec, spec.template.spec,
	// spec.jobTemplate.spec.template.spec, template.spec.
	Path     yamlpos.Path
	MetaPath yamlpos.Path
}

// PodSpec returns the pod template of every pod-bearing kind: Pod,
// PodTemplate, ReplicationController, Deployment, StatefulSet, DaemonSet,
// ReplicaSet, Job, CronJob. ok is false for other kinds.
func (o *Object) PodSpec() (*PodSpec, bool) {
	tmpl := func(t *corev1.PodTemplateSpec, at yamlpos.Path) (*PodSpec, bool) {
		return &PodSpec{Object: o, Spec: &t.Spec, Meta: &t.ObjectMeta, Path: at.Key("spec"), MetaPath: at.Key("metadata")}, true
	}
	switch t := o.Typed.(type) {
	case *corev1.Pod:
		return &PodSpec{Object: o, Spec: &t.Spec, Meta: &t.ObjectMeta, Path: yamlpos.P("spec"), MetaPath: yamlpos.P("metadata")}, true
	case *corev1.PodTemplate:
		return tmpl(&t.Template, yamlpos.P("template"))
	case *corev1.ReplicationController:
		if t.Spec.Template == nil {
			return nil, false
		}
		return tmpl(t.Spec.Template, yamlpos.P("spec", "template"))
	case *appsv1.Deployment:
		return tmpl(&t.Spec.Template, yamlpos.P("spec", "template"))
	case *appsv1.StatefulSet:
		return tmpl(&t.Spec.Template, yamlpos.P("spec", "template"))
	case *appsv1.DaemonSet:
		return tmpl(&t.Spec.Template, yamlpos.P("spec", "template"))
	case *appsv1.ReplicaSet:
		return tmpl(&t.Spec.Template, yamlpos.P("spec", "template"))
	case *batchv1.Job:
		return tmpl(&t.Spec.Template, yamlpos.P("spec", "template"))
	case *batchv1.CronJob:
		return tmpl(&t.Spec.JobTemplate.Spec.Template, yamlpos.P("spec", "jobTemplate", "spec", "template"))
	}
	return nil, false
}

// ContainerKind tells regular, init and ephemeral containers apart.
type ContainerKind string

// The kinds of container in a pod.
const (
	RegularContainer   ContainerKind = "container"
	InitContainer      ContainerKind = "init container"
	EphemeralContainer ContainerKind = "ephemeral container"
)

// Container is one container of a pod template with where it is written
// and its effective security settings.
type Container struct {
	Pod   *PodSpec
	Kind  ContainerKind
	Index int
	// C is the container. Ephemeral containers are converted to a
	// Container (the API defines them with the same fields).
	C *corev1.Container
	// Path is the container's path in the object, e.g.
	// spec.template.spec.initContainers[0].
	Path      yamlpos.Path
	Effective Effective
}

// Describe is `container "app"` / `init container "setup"` for messages.
func (c *Container) Describe() string {
	return string(c.Kind) + " \"" + c.C.Name + "\""
}

// Containers yields every container of the pod: init containers,
// containers, then ephemeral containers, each with its effective security
// context. Write container rules once, against this.
func (p *PodSpec) Containers() []*Container {
	var out []*Container
	add := func(kind ContainerKind, field string, c *corev1.Container, i int) {
		ct := &Container{Pod: p, Kind: kind, Index: i, C: c, Path: p.Path.Key(field).Index(i)}
		ct.Effective = effective(p, ct)
		out = append(out, ct)
	}
	for i := range p.Spec.InitContainers {
		add(InitContainer, "initContainers", &p.Spec.InitContainers[i], i)
	}
	for i := range p.Spec.Containers {
		add(RegularContainer, "containers", &p.Spec.Containers[i], i)
	}
	for i := range p.Spec.EphemeralContainers {
		c := corev1.Container(p.Spec.EphemeralContainers[i].EphemeralContainerCommon)
		add(EphemeralContainer, "ephemeralContainers", &c, i)
	}
	return out
}

// Setting is a security setting's effective value and where it is written:
// the container's securityContext, or the pod's when the container does
// not override it. Set is false when neither level sets it (Path is then
// the container, where a fix would go).
type Setting[T any] struct {
	Value   T
	Set     bool
	FromPod bool
	Path    yamlpos.Path
}

// Effective is a container's security context after inheritance from the
// pod securityContext (runAsUser, runAsGroup, runAsNonRoot, seccompProfile,
// seLinuxOptions, appArmorProfile, windowsOptions), plus the fields only a
// container can set.
type Effective struct {
	RunAsUser       Setting[int64]
	RunAsGroup      Setting[int64]
	RunAsNonRoot    Setting[bool]
	SeccompProfile  Setting[*corev1.SeccompProfile]
	SELinuxOptions  Setting[*corev1.SELinuxOptions]
	AppArmorProfile Setting[*corev1.AppArmorProfile]
	WindowsOptions  Setting[*corev1.WindowsSecurityContextOptions]

	Privileged               Setting[bool]
	AllowPrivilegeEscalation Setting[bool]
	ReadOnlyRootFilesystem   Setting[bool]
	Capabilities             Setting[*corev1.Capabilities]
	ProcMount                Setting[corev1.ProcMountType]
}

func effective(p *PodSpec, c *Container) Effective {
	csc := c.C.SecurityContext
	psc := p.Spec.SecurityContext
	if csc == nil {
		csc = &corev1.SecurityContext{}
	}
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	cPath := c.Path.Key("securityContext")
	pPath := p.Path.Key("securityContext")
	var e Effective
	e.RunAsUser = inherit(csc.RunAsUser, psc.RunAsUser, cPath, pPath, "runAsUser", c.Path)
	e.RunAsGroup = inherit(csc.RunAsGroup, psc.RunAsGroup, cPath, pPath, "runAsGroup", c.Path)
	e.RunAsNonRoot = inherit(csc.RunAsNonRoot, psc.RunAsNonRoot, cPath, pPath, "runAsNonRoot", c.Path)
	e.SeccompProfile = inheritPtr(csc.SeccompProfile, psc.SeccompProfile, cPath, pPath, "seccompProfile", c.Path)
	e.SELinuxOptions = inheritPtr(csc.SELinuxOptions, psc.SELinuxOptions, cPath, pPath, "seLinuxOptions", c.Path)
	e.AppArmorProfile = inheritPtr(csc.AppArmorProfile, psc.AppArmorProfile, cPath, pPath, "appArmorProfile", c.Path)
	e.WindowsOptions = inheritPtr(csc.WindowsOptions, psc.WindowsOptions, cPath, pPath, "windowsOptions", c.Path)
	e.Privileged = inherit(csc.Privileged, nil, cPath, pPath, "privileged", c.Path)
	e.AllowPrivilegeEscalation = inherit(csc.AllowPrivilegeEscalation, nil, cPath, pPath, "allowPrivilegeEscalation", c.Path)
	e.ReadOnlyRootFilesystem = inherit(csc.ReadOnlyRootFilesystem, nil, cPath, pPath, "readOnlyRootFilesystem", c.Path)
	e.Capabilities = inheritPtr(csc.Capabilities, nil, cPath, pPath, "capabilities", c.Path)
	e.ProcMount = inherit(csc.ProcMount, nil, cPath, pPath, "procMount", c.Path)
	return e
}

func inherit[T any](container, pod *T, cPath, pPath yamlpos.Path, field string, fallback yamlpos.Path) Setting[T] {
	switch {
	case container != nil:
		return Setting[T]{Value: *container, Set: true, Path: cPath.Key(field)}
	case pod != nil:
		return Setting[T]{Value: *pod, Set: true, FromPod: true, Path: pPath.Key(field)}
	}
	return Setting[T]{Path: fallback}
}

func inheritPtr[T any](container, pod *T, cPath, pPath yamlpos.Path, field string, fallback yamlpos.Path) Setting[*T] {
	switch {
	case container != nil:
		return Setting[*T]{Value: container, Set: true, Path: cPath.Key(field)}
	case pod != nil:
		return Setting[*T]{Value: pod, Set: true, FromPod: true, Path: pPath.Key(field)}
	}
	return Setting[*T]{Path: fallback}
}

// controlPlaneComponents are the programs of a control-plane static pod.
var controlPlaneComponents = []string{"kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler"}

// ControlPlane names the control-plane component a pod runs
// ("kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler"),
// or "" when it is not a control-plane static pod. A pod is one when its
// object is in kube-system and a container's command (or, without one,
// its first argument or image) is one of those programs. Such pods
// legitimately use hostNetwork and hostPaths under /etc/kubernetes,
// /var/lib/etcd and /etc/ssl/certs; the control-plane rules judge them.
func (p *PodSpec) ControlPlane() string {
	if p.Object.Namespace != "kube-system" && p.Meta.Namespace != "kube-system" {
		return ""
	}
	for _, c := range p.Spec.Containers {
		var prog string
		switch {
		case len(c.Command) > 0:
			prog = c.Command[0]
			if (prog == "/bin/sh" || prog == "sh") && len(c.Command) > 2 {
				prog = strings.Fields(c.Command[2] + " ")[0]
			}
		case len(c.Args) > 0:
			prog = c.Args[0]
		default:
			prog, _, _ = strings.Cut(c.Image, ":")
			prog, _, _ = strings.Cut(prog, "@")
		}
		prog = prog[strings.LastIndexByte(prog, '/')+1:]
		for _, comp := range controlPlaneComponents {
			if prog == comp {
				return comp
			}
		}
	}
	return ""
}

// ControlPlaneHostPath reports whether a host path is one a control-plane
// static pod legitimately mounts: /etc/kubernetes, /var/lib/etcd,
// /etc/ssl/certs and the other CA certificate directories kubeadm mounts.
func ControlPlaneHostPath(path string) bool {
	path = strings.TrimRight(path, "/")
	for _, prefix := range []string{"/etc/kubernetes", "/var/lib/etcd", "/etc/ssl/certs", "/etc/pki",
		"/etc/ca-certificates", "/usr/share/ca-certificates", "/usr/local/share/ca-certificates",
		"/usr/libexec/kubernetes/kubelet-plugins/volume/exec", "/var/log/kubernetes"} {
		if path == prefix || strings.HasPrefix(path, prefix+"/") {
			return true
		}
	}
	return false
}

// HostPathVolume is a hostPath volume of a pod with the containers that
// mount it.
type HostPathVolume struct {
	Name string
	// HostPath is the host directory or file, as written.
	HostPath string
	Type     string
	// Path is the volume's path in the object (…volumes[2]).
	Path   yamlpos.Path
	Mounts []Mount
}

// Mount is a container's mount of a volume.
type Mount struct {
	Container *Container
	Index     int
	MountPath string
	ReadOnly  bool
	// Path is the volumeMount's path in the object.
	Path yamlpos.Path
}

// HostPathVolumes lists the pod's hostPath volumes with their mounts (in
// init, regular and ephemeral containers).
func (p *PodSpec) HostPathVolumes() []HostPathVolume {
	var out []HostPathVolume
	containers := p.Containers()
	for i, v := range p.Spec.Volumes {
		if v.HostPath == nil {
			continue
		}
		hv := HostPathVolume{Name: v.Name, HostPath: v.HostPath.Path, Path: p.Path.Key("volumes").Index(i)}
		if v.HostPath.Type != nil {
			hv.Type = string(*v.HostPath.Type)
		}
		for _, c := range containers {
			for j, m := range c.C.VolumeMounts {
				if m.Name == v.Name {
					hv.Mounts = append(hv.Mounts, Mount{Container: c, Index: j, MountPath: m.MountPath, ReadOnly: m.ReadOnly,
						Path: c.Path.Key("volumeMounts").Index(j)})
				}
			}
		}
		out = append(out, hv)
	}
	return out
}
