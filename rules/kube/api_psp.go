package kube

import (
	"encoding/json"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	sigsyaml "sigs.k8s.io/yaml"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var permissivePSP = &rules.Rule{
	ID:       "KW037",
	Title:    "legacy PodSecurityPolicy permissive",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A PodSecurityPolicy (` + "`policy/v1beta1`" + ` or ` + "`extensions/v1beta1`" + `) lets the pods of whoever may ` + "`use`" + ` it
escape the isolation a policy exists to enforce. Each permissive setting is one finding, at
its key (or at ` + "`spec`" + ` when the setting is permissive by being absent):

- ` + "`privileged: true`" + `, ` + "`hostPID`" + `, ` + "`hostIPC`" + `, ` + "`hostNetwork`" + `: root on the node, other processes,
  shared memory and the node's network;
- ` + "`hostPorts`" + `: binding ports on the node's addresses;
- ` + "`volumes`" + ` with ` + "`hostPath`" + ` or ` + "`*`" + `: mounting the node's filesystem;
- ` + "`allowPrivilegeEscalation`" + ` true or absent (absent allows it): setuid binaries regain root;
- ` + "`runAsUser.rule: RunAsAny`" + `, or a ` + "`MustRunAs`" + ` range that includes UID 0: containers run as root;
- ` + "`allowedCapabilities`" + ` or ` + "`defaultAddCapabilities`" + ` beyond the container runtime's default set
  (` + "`*`" + ` is every capability, ` + "`SYS_ADMIN`" + ` alone is nearly root on the node);
- ` + "`requiredDropCapabilities`" + ` with neither ` + "`ALL`" + ` nor ` + "`NET_RAW`" + `: raw sockets stay available for
  spoofing and ARP/DNS poisoning inside the cluster network;
- ` + "`allowedProcMountTypes: [Unmasked]`" + `: the host's /proc is visible unmasked;
- no ` + "`seccomp.security.alpha.kubernetes.io/defaultProfileName`" + ` annotation (or ` + "`unconfined`" + `) while
  pods may run without a profile: containers run with every system call.

A PSP whose ` + "`allowedProfileNames`" + ` annotation lists only real profiles forces pods to pick one,
so it is not reported for seccomp. PodSecurityPolicy was removed in Kubernetes 1.25 (KW035
reports the version): on a current cluster it enforces nothing, and a permissive one is often
copied into its replacement — judge what it allowed before migrating it.`,
	Remediation: `Migrate to Pod Security admission: label namespaces with
` + "`pod-security.kubernetes.io/enforce: restricted`" + ` (or ` + "`baseline`" + ` where the workload needs it) and
confine privileged system components to their own namespace. While a PSP is still in use,
make it restrictive: ` + "`privileged: false`" + `, no host namespaces or ports, a volume list without
` + "`hostPath`" + `, ` + "`allowPrivilegeEscalation: false`" + `, ` + "`runAsUser.rule: MustRunAsNonRoot`" + `,
` + "`requiredDropCapabilities: [ALL]`" + `, and a ` + "`runtime/default`" + ` seccomp default profile.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Pod Security Policies (removed in 1.25)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-policy/"},
		{Title: "Kubernetes docs: Migrate from PodSecurityPolicy to the Built-In PodSecurity Admission Controller", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/migrate-from-psp/"},
		{Title: "Kubernetes Pod Security Standards", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "CIS Kubernetes Benchmark 5.2: Pod Security Standards (formerly Pod Security Policies)", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachObject(checkPermissivePSP),
}

// psp is the part of a PodSecurityPolicy the rule judges. k8s.io/api no
// longer has the type, and a lenient decode suits a legacy object: a field
// it cannot read stays zero and is not judged (unknown is not insecure).
type psp struct {
	Metadata struct {
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata"`
	Spec struct {
		Privileged       bool       `json:"privileged"`
		HostPID          bool       `json:"hostPID"`
		HostIPC          bool       `json:"hostIPC"`
		HostNetwork      bool       `json:"hostNetwork"`
		HostPorts        []pspRange `json:"hostPorts"`
		Volumes          []string   `json:"volumes"`
		AllowedHostPaths []struct {
			PathPrefix string `json:"pathPrefix"`
		} `json:"allowedHostPaths"`
		AllowPrivilegeEscalation *bool `json:"allowPrivilegeEscalation"`
		RunAsUser                *struct {
			Rule   string     `json:"rule"`
			Ranges []pspRange `json:"ranges"`
		} `json:"runAsUser"`
		AllowedCapabilities      []string `json:"allowedCapabilities"`
		DefaultAddCapabilities   []string `json:"defaultAddCapabilities"`
		RequiredDropCapabilities []string `json:"requiredDropCapabilities"`
		AllowedProcMountTypes    []string `json:"allowedProcMountTypes"`
	} `json:"spec"`
}

type pspRange struct {
	Min int64 `json:"min"`
	Max int64 `json:"max"`
}

const (
	seccompDefaultAnnotation = "seccomp.security.alpha.kubernetes.io/defaultProfileName"
	seccompAllowedAnnotation = "seccomp.security.alpha.kubernetes.io/allowedProfileNames"
)

// runtimeDefaultCaps are the capabilities the Pod Security Standards'
// Baseline level lets a container add: the container runtime's defaults
// without NET_RAW. Allowing them grants nothing a plain container lacks.
var runtimeDefaultCaps = []string{"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"}

func decodePSP(o *pkube.Object) (*psp, bool) {
	y, err := yaml.Marshal(o.Node)
	if err != nil {
		return nil, false
	}
	// sigs.k8s.io/yaml reads YAML 1.1 booleans (yes, on) as kubectl does.
	j, err := sigsyaml.YAMLToJSON(y)
	if err != nil {
		return nil, false
	}
	var v psp
	// A type error leaves the field it is about zero; the rest is read.
	_ = json.Unmarshal(j, &v)
	return &v, true
}

func checkPermissivePSP(p *rules.Pass, o *pkube.Object) {
	if o.Kind != "PodSecurityPolicy" || (o.Group() != "policy" && o.Group() != "extensions") {
		return
	}
	v, ok := decodePSP(o)
	if !ok {
		return
	}
	s := &v.Spec
	spec := yamlpos.P("spec")
	name := o.Describe()
	if s.Privileged {
		reportAt(p, o, spec.Key("privileged"), "%s allows privileged containers: any pod its users create can take over the node", name)
	}
	for _, h := range []struct {
		set  bool
		key  string
		what string
	}{
		{s.HostPID, "hostPID", "the host's PID namespace: pods see and signal every process on the node"},
		{s.HostIPC, "hostIPC", "the host's IPC namespace: pods read the shared memory of the node's processes"},
		{s.HostNetwork, "hostNetwork", "the host's network: pods bypass NetworkPolicies and reach services bound to the node's loopback"},
	} {
		if h.set {
			reportAt(p, o, spec.Key(h.key), "%s allows %s", name, h.what)
		}
	}
	if slices.ContainsFunc(s.HostPorts, func(r pspRange) bool { return r.Max > 0 }) {
		reportAt(p, o, spec.Key("hostPorts"), "%s allows host ports: pods bind ports on the node's addresses, outside Service and NetworkPolicy control", name)
	}
	for i, vol := range s.Volumes {
		switch vol {
		case "*":
			reportAt(p, o, spec.Key("volumes").Index(i), "%s allows every volume type, hostPath included: pods can mount the node's filesystem%s", name, hostPathLimit(v))
		case "hostPath":
			reportAt(p, o, spec.Key("volumes").Index(i), "%s allows hostPath volumes: pods can mount the node's filesystem%s", name, hostPathLimit(v))
		}
	}
	switch ape := s.AllowPrivilegeEscalation; {
	case ape == nil:
		reportAt(p, o, spec, "%s does not set allowPrivilegeEscalation, which then defaults to allowed: setuid binaries in a container regain the privileges its user gave up", name)
	case *ape:
		reportAt(p, o, spec.Key("allowPrivilegeEscalation"), "%s allows privilege escalation: setuid binaries in a container regain the privileges its user gave up", name)
	}
	if ru := s.RunAsUser; ru != nil {
		switch ru.Rule {
		case "RunAsAny":
			reportAt(p, o, spec.Key("runAsUser", "rule"), "%s lets containers run as any user, root included (runAsUser rule RunAsAny)", name)
		case "MustRunAs":
			for i, r := range ru.Ranges {
				if r.Min <= 0 {
					reportAt(p, o, spec.Key("runAsUser", "ranges").Index(i), "%s lets containers run as root: its runAsUser range starts at UID %d", name, r.Min)
					break
				}
			}
		}
	}
	for _, c := range []struct {
		key  string
		caps []string
		verb string
	}{
		{"allowedCapabilities", s.AllowedCapabilities, "lets pods add"},
		{"defaultAddCapabilities", s.DefaultAddCapabilities, "adds to every container"},
	} {
		if i := slices.Index(c.caps, "*"); i >= 0 {
			reportAt(p, o, spec.Key(c.key).Index(i), "%s %s every capability (\"*\"): SYS_ADMIN, SYS_MODULE and the rest make a container root on the node", name, c.verb)
			continue
		}
		var extra []string
		first := -1
		for i, cp := range c.caps {
			if !slices.Contains(runtimeDefaultCaps, normCap(cp)) {
				extra = append(extra, normCap(cp))
				if first < 0 {
					first = i
				}
			}
		}
		if len(extra) > 0 {
			reportAt(p, o, spec.Key(c.key).Index(first), "%s %s capabilities beyond the runtime's defaults: %s", name, c.verb, listText(extra))
		}
	}
	drops := make([]string, len(s.RequiredDropCapabilities))
	for i, cp := range s.RequiredDropCapabilities {
		drops[i] = normCap(cp)
	}
	if !slices.Contains(drops, "ALL") && !slices.Contains(drops, "NET_RAW") {
		reportAt(p, o, spec.Key("requiredDropCapabilities"), "%s does not require dropping ALL capabilities (or at least NET_RAW): containers keep raw sockets to spoof traffic and poison ARP and DNS on the pod network", name)
	}
	if i := slices.Index(s.AllowedProcMountTypes, "Unmasked"); i >= 0 {
		reportAt(p, o, spec.Key("allowedProcMountTypes").Index(i), "%s allows an Unmasked /proc: containers see the host's kernel interfaces that the default mount hides", name)
	}
	ann := v.Metadata.Annotations
	def := ann[seccompDefaultAnnotation]
	allowed := strings.Split(strings.ReplaceAll(ann[seccompAllowedAnnotation], " ", ""), ",")
	switch {
	case def == "unconfined":
		reportAt(p, o, yamlpos.P("metadata", "annotations", seccompDefaultAnnotation), "%s makes unconfined the default seccomp profile: containers may make every system call", name)
	case def == "" && slices.Contains(allowed, "*"):
		reportAt(p, o, yamlpos.P("metadata", "annotations", seccompAllowedAnnotation), "%s allows any seccomp profile and sets no default (%s): containers may run unconfined, making every system call", name, seccompDefaultAnnotation)
	case def == "" && ann[seccompAllowedAnnotation] == "":
		reportAt(p, o, yamlpos.P("metadata", "annotations"), "%s sets no default seccomp profile (%s): containers run without one, making every system call", name, seccompDefaultAnnotation)
	}
}

// hostPathLimit says which prefixes allowedHostPaths restricts hostPath
// volumes to, if any.
func hostPathLimit(v *psp) string {
	var prefixes []string
	for _, h := range v.Spec.AllowedHostPaths {
		prefixes = append(prefixes, h.PathPrefix)
	}
	if len(prefixes) == 0 {
		return ""
	}
	return " (under " + listText(prefixes) + ")"
}

// normCap is a capability name as PSPs and pods write it: upper case,
// without the CAP_ prefix.
func normCap(c string) string {
	return strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(c)), "CAP_")
}
