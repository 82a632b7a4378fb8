package kube

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// confinementRules are the kernel-confinement rules: capabilities, seccomp,
// AppArmor, SELinux and sysctls.
var confinementRules = []*rules.Rule{dangerousCapability, seccompProfile, appArmorProfile, seLinuxType, unsafeSysctls}

// eachLinuxPod adapts a per-pod check to a rule check, skipping Windows pods.
func eachLinuxPod(check func(p *rules.Pass, pod *pkube.PodSpec)) func(*rules.Pass) {
	return eachPod(func(p *rules.Pass, pod *pkube.PodSpec) {
		if pod.Windows() == "" {
			check(p, pod)
		}
	})
}

// profile is a container's effective seccomp or AppArmor profile, with the
// legacy annotations taken into account, and where it is decided.
type profile struct {
	// Set is false when nothing sets a profile.
	Set bool
	// Type is RuntimeDefault, Localhost or Unconfined as written.
	Type string
	// Path is the type key or the annotation; the container when unset.
	Path yamlpos.Path
	// Source says where the profile comes from, for messages: "its
	// securityContext", "the pod securityContext", "annotation …".
	Source string
}

// profileAnnotationType maps a legacy seccomp or AppArmor annotation value
// to the field's type, as the API server does when it copies annotations
// into fields; "" for a value it does not accept.
func profileAnnotationType(v string) string {
	switch {
	case v == "runtime/default" || v == "docker/default":
		return string(corev1.SeccompProfileTypeRuntimeDefault)
	case v == "unconfined":
		return string(corev1.SeccompProfileTypeUnconfined)
	case strings.HasPrefix(v, "localhost/"):
		return string(corev1.SeccompProfileTypeLocalhost)
	}
	return ""
}

// annotationProfile reads a profile annotation of the pod's metadata.
func annotationProfile(pod *pkube.PodSpec, key string) (profile, bool) {
	v, ok := pod.Meta.Annotations[key]
	if !ok {
		return profile{}, false
	}
	t := profileAnnotationType(strings.TrimSpace(v))
	if t == "" {
		return profile{}, false
	}
	return profile{Set: true, Type: t, Path: pod.MetaPath.Key("annotations", key), Source: "annotation " + key}, true
}

// The legacy annotation keys.
const (
	seccompPodAnnotation             = "seccomp.security.alpha.kubernetes.io/pod"
	seccompContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/"
	appArmorAnnotationPrefix         = "container.apparmor.security.beta.kubernetes.io/"
)

// effectiveSeccomp resolves a container's seccomp profile as the API server
// and kubelet do: at each level the field wins over the annotation (the API
// server copies an annotation into the field only when the field is unset),
// and the container level wins over the pod level.
func effectiveSeccomp(c *pkube.Container) profile {
	s := c.Effective.SeccompProfile
	if s.Set && !s.FromPod {
		return profile{Set: true, Type: string(s.Value.Type), Path: s.Path.Key("type"), Source: "its securityContext"}
	}
	if pr, ok := annotationProfile(c.Pod, seccompContainerAnnotationPrefix+c.C.Name); ok {
		return pr
	}
	if s.Set {
		return profile{Set: true, Type: string(s.Value.Type), Path: s.Path.Key("type"), Source: "the pod securityContext"}
	}
	if pr, ok := annotationProfile(c.Pod, seccompPodAnnotation); ok {
		return pr
	}
	return profile{Path: c.Path}
}

// effectiveAppArmor resolves a container's AppArmor profile: container
// field, container annotation, pod field (there is no pod annotation).
func effectiveAppArmor(c *pkube.Container) profile {
	s := c.Effective.AppArmorProfile
	if s.Set && !s.FromPod {
		return profile{Set: true, Type: string(s.Value.Type), Path: s.Path.Key("type"), Source: "its securityContext"}
	}
	if pr, ok := annotationProfile(c.Pod, appArmorAnnotationPrefix+c.C.Name); ok {
		return pr
	}
	if s.Set {
		return profile{Set: true, Type: string(s.Value.Type), Path: s.Path.Key("type"), Source: "the pod securityContext"}
	}
	return profile{Path: c.Path}
}

// placed gathers containers by where the setting that condemns them is
// written, so that a pod-level setting every container inherits is reported
// once, at its line, naming the containers it applies to.
type placed struct {
	keys  []string
	items map[string]*placement
}

type placement struct {
	Path       yamlpos.Path
	Severity   rules.Severity
	Containers []*pkube.Container
	// Detail is what the rule needs to word the message.
	Detail string
	Source string
}

func (g *placed) add(path yamlpos.Path, sev rules.Severity, c *pkube.Container, detail, source string) {
	if g.items == nil {
		g.items = map[string]*placement{}
	}
	key := path.String() + "\x00" + detail
	it, ok := g.items[key]
	if !ok {
		it = &placement{Path: path, Severity: sev, Detail: detail, Source: source}
		g.items[key] = it
		g.keys = append(g.keys, key)
	}
	it.Containers = append(it.Containers, c)
}

func (g *placed) each(fn func(*placement)) {
	for _, k := range g.keys {
		fn(g.items[k])
	}
}

// report reports a placement: "container "a" and init container "b" of
// Deployment web <text>".
func (it *placement) report(p *rules.Pass, o *pkube.Object, format string, args ...any) {
	r, _ := o.Range(it.Path)
	p.Report(rules.Finding{Severity: it.Severity, Range: r, Anchor: o.Anchor(it.Path),
		Message: it.subject(o) + " " + fmt.Sprintf(format, args...)})
}

// subject names the containers of a placement and their object.
func (it *placement) subject(o *pkube.Object) string {
	names := make([]string, len(it.Containers))
	for i, c := range it.Containers {
		names[i] = c.Describe()
	}
	return joinAnd(names) + " of " + o.Describe()
}

// verb picks the singular or plural form for a placement's subject.
func (it *placement) verb(one, many string) string {
	if len(it.Containers) == 1 {
		return one
	}
	return many
}
