package kube

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/envfile"
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/systemd"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// The control-plane model: every instance of a Kubernetes component
// (kube-apiserver, etcd, kube-controller-manager, kube-scheduler, kubelet)
// the scan configures, with its flags where they are written — from a
// static pod's command and args, a kubeadm ClusterConfiguration's
// extraArgs or an Init/JoinConfiguration's kubeletExtraArgs, a systemd
// unit's ExecStart= (with its drop-ins and environment files), or
// KUBELET_ARGS-style variables. A KubeletConfiguration is read as the
// kubelet flags its fields stand for, so one set of checks judges both.

// Component names.
const (
	APIServer         = "kube-apiserver"
	Etcd              = "etcd"
	ControllerManager = "kube-controller-manager"
	Scheduler         = "kube-scheduler"
	Kubelet           = "kubelet"
)

var componentNames = []string{APIServer, Etcd, ControllerManager, Scheduler, Kubelet}

// flag is one --name[=value] of a command line, where it is written.
type flag struct {
	Name  string
	Value string
	// HasValue is false for a boolean flag given alone (--profiling).
	HasValue bool
	Path     string
	Range    parsers.Range
	// Implied is true for a flag kubeadm sets itself (not written in the
	// file): it can make a setting secure but is never reported as
	// written somewhere.
	Implied bool
	// Text is how the setting is written when it is not a flag: the field
	// of a configuration file ("readOnlyPort: 10255").
	Text string
}

// component is one configured instance of a component.
type component struct {
	Name string
	// Source says how it is configured: "static pod", "kubeadm", "systemd
	// unit", "environment file".
	Source string
	Path   string
	// At is where an absent flag is reported: the command line (the
	// container's command, the extraArgs key or section, ExecStart=).
	At     parsers.Range
	Anchor string
	Flags  []flag
	// Obj is the object it comes from (static pod, kubeadm config,
	// KubeletConfiguration), nil for units and environment files.
	Obj *pkube.Object
	// Config is true for settings read from a configuration file (a
	// KubeletConfiguration): an absent setting has the file's default,
	// which may differ from the flag's.
	Config bool
	// Partial says why a setting absent here is not known to be at its
	// default: the command line delegates to --config=FILE, takes
	// variables the scan does not define, or is only the extra arguments
	// of a kubelet; the file is a drop-in. Empty when the component's
	// whole configuration is here. Rules judge only what is written in a
	// partial component: unknown is not insecure.
	Partial string
}

// get returns the last occurrence of a flag (pflag: last wins).
func (c *component) get(name string) (flag, bool) {
	for i := len(c.Flags) - 1; i >= 0; i-- {
		if c.Flags[i].Name == name {
			return c.Flags[i], true
		}
	}
	return flag{}, false
}

// boolValue is a boolean flag's value, and whether it is set.
func (c *component) boolValue(name string) (value bool, f flag, set bool) {
	f, set = c.get(name)
	if !set {
		return false, f, false
	}
	if !f.HasValue {
		return true, f, true
	}
	switch strings.ToLower(strings.Trim(f.Value, `"'`)) {
	case "false", "0", "f":
		return false, f, true
	}
	return true, f, true
}

// list is a comma-separated flag's items.
func (c *component) list(name string) ([]string, flag, bool) {
	f, ok := c.get(name)
	if !ok {
		return nil, f, false
	}
	var out []string
	for _, s := range strings.Split(strings.Trim(f.Value, `"'`), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, f, true
}

// describe is "kube-apiserver (static pod kube-apiserver)" for messages.
func (c *component) describe() string {
	return c.Name + " (" + c.Source + ")"
}

// boolFlags are the flags of the components that take no separate value:
// "--profiling false" is not how pflag reads them.
var boolFlags = map[string]bool{
	"anonymous-auth": true, "profiling": true, "client-cert-auth": true, "peer-client-cert-auth": true,
	"auto-tls": true, "peer-auto-tls": true, "use-service-account-credentials": true,
	"service-account-lookup": true, "allow-privileged": true, "enable-bootstrap-token-auth": true,
	"rotate-certificates": true, "protect-kernel-defaults": true, "make-iptables-util-chains": true,
	"enable-admission-plugins-default": true, "authentication-token-webhook": true,
	"kubelet-https": true, "enable-aggregator-routing": true, "enable-garbage-collector": true,
	"leader-elect": true, "enable-v2": true, "experimental-initial-corrupt-check": true,
	"strict-reconfig-check": true, "enable-pprof": true, "enable-debugging-handlers": true,
	"serialize-image-pulls": true, "fail-swap-on": true, "cgroups-per-qos": true,
	"enable-server": true, "event-qps-unset": true, "logtostderr": true, "alsologtostderr": true,
	"debug": true, "enable-grpc-gateway": true, "feature-gates-unset": true,
	"rotate-server-certificates": true, "seccomp-default": true,
}

// parseFlags reads command-line words, all written in one file, into
// flags.
func parseFlags(words []parsers.Token, filePath string) []flag {
	fw := make([]flagWord, len(words))
	for i, w := range words {
		fw[i] = flagWord{w, filePath}
	}
	return parseFlagWords(fw)
}

// flagWord is a word of a command line with the file it is written in (a
// unit's, or the environment file a variable comes from).
type flagWord struct {
	parsers.Token
	path string
}

// parseFlagWords reads command-line words into flags. Each word carries
// its own position; a "--flag value" pair is located at the flag.
func parseFlagWords(words []flagWord) []flag {
	var out []flag
	for i := 0; i < len(words); i++ {
		w := words[i]
		t := strings.TrimSpace(w.Text)
		if !strings.HasPrefix(t, "-") || t == "-" || t == "--" {
			continue
		}
		name, value, has := strings.Cut(strings.TrimLeft(t, "-"), "=")
		if name == "" {
			continue
		}
		f := flag{Name: name, Value: value, HasValue: has, Path: w.path, Range: w.Range()}
		if !has && !boolFlags[name] && i+1 < len(words) && !strings.HasPrefix(strings.TrimSpace(words[i+1].Text), "-") {
			i++
			f.Value, f.HasValue = strings.TrimSpace(words[i].Text), true
		}
		out = append(out, f)
	}
	return out
}

// componentOf names the component a program runs ("" for none): the
// program's file name, so "/usr/local/bin/kube-apiserver" but not
// "--kubelet-service=kube-system/kubelet".
func componentOf(prog string) string {
	prog = strings.TrimSpace(prog)
	if strings.HasPrefix(prog, "-") || strings.ContainsAny(prog, "=$") {
		return ""
	}
	base := path.Base(prog)
	for _, n := range componentNames {
		if base == n {
			return n
		}
	}
	return ""
}

// componentsOf returns the scan's components, built once per scan.
func componentsOf(p *rules.ProjectPass) []*component {
	return p.Memo("kube.components", func() any { return buildComponents(p.Files) }).([]*component)
}

func buildComponents(files []rules.File) []*component {
	envs := map[string]*envfile.File{}
	for _, f := range files {
		if e, ok := f.Doc.(*envfile.File); ok {
			envs[f.Source.Path] = e
		}
	}
	consumed := map[string]bool{} // environment files a unit of the scan reads
	var out []*component
	for _, f := range files {
		doc, ok := f.Doc.(*pkube.File)
		if !ok {
			continue
		}
		kubeadm := slices.ContainsFunc(doc.Objects, func(o *pkube.Object) bool { return strings.HasPrefix(o.APIVersion, "kubeadm.k8s.io/") })
		for _, o := range doc.Objects {
			out = append(out, staticPodComponents(f.Source.Path, o)...)
			out = append(out, kubeadmComponents(f.Source.Path, o)...)
			if c := kubeletConfigComponent(f.Source.Path, o, kubeadm); c != nil {
				out = append(out, c)
			}
		}
	}
	for _, st := range unitStacks(files) {
		if c := unitComponent(st, envs, consumed); c != nil {
			out = append(out, c)
		}
	}
	for _, f := range files {
		if e, ok := f.Doc.(*envfile.File); ok && !consumed[f.Source.Path] {
			if c := envComponent(f.Source.Path, e); c != nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// staticPodComponents reads the containers of a pod that run a component.
func staticPodComponents(filePath string, o *pkube.Object) []*component {
	pod, ok := o.PodSpec()
	if !ok {
		return nil
	}
	source := o.Describe()
	if o.Kind == "Pod" {
		source = "static pod " + o.Name
	}
	var out []*component
	for _, c := range pod.Containers() {
		words := yamlWords(o, c.Path.Key("command"))
		words = append(words, yamlWords(o, c.Path.Key("args"))...)
		// sh -c "kube-apiserver --a --b": the script's words.
		if len(words) >= 3 && (path.Base(words[0].Text) == "sh" || path.Base(words[0].Text) == "bash") && words[1].Text == "-c" {
			words = splitWords(words[2])
		}
		i := slices.IndexFunc(words, func(t parsers.Token) bool { return componentOf(t.Text) != "" })
		if i < 0 || i > 1 || (i == 1 && strings.HasPrefix(words[0].Text, "-")) {
			continue // the program, or the word after a wrapper such as hyperkube
		}
		name := componentOf(words[i].Text)
		if name == Etcd && !clusterEtcd(pod) {
			continue
		}
		at, _ := o.Range(c.Path.Key("command"))
		if _, exact := o.Range(c.Path.Key("command")); !exact {
			at, _ = o.Range(c.Path)
		}
		comp := &component{Name: name, Source: source, Path: filePath, At: at, Anchor: o.Anchor(c.Path), Obj: o}
		if name == Etcd {
			comp.Flags = etcdEnvFlags(podEnv(o, c.Path), filePath)
		}
		comp.Flags = append(comp.Flags, parseFlags(words[i+1:], filePath)...)
		comp.delegates()
		out = append(out, comp)
	}
	return out
}

// clusterEtcd reports whether a pod running etcd may be the cluster's: in
// kube-system, or on the host network. Any other etcd is an
// application's, which may rely on etcd's own password authentication.
func clusterEtcd(pod *pkube.PodSpec) bool {
	return pod.Object.Namespace == "kube-system" || pod.Meta.Namespace == "kube-system" || pod.Spec.HostNetwork
}

// envVar is a NAME=value of a process's environment, where it is written.
type envVar struct {
	Name, Value string
	Path        string
	Range       parsers.Range
}

// podEnv is a container's env entries with a literal value.
func podEnv(o *pkube.Object, container yamlpos.Path) []envVar {
	m := o.Lookup(container.Key("env"))
	if !m.Exact || m.Node == nil || m.Node.Kind != yaml.SequenceNode {
		return nil
	}
	var out []envVar
	for _, it := range m.Node.Content {
		it = yamlpos.Resolve(it)
		_, n := yamlpos.MapGet(it, "name")
		_, v := yamlpos.MapGet(it, "value")
		if n == nil || v == nil || v.Kind != yaml.ScalarNode {
			continue
		}
		out = append(out, envVar{Name: n.Value, Value: v.Value, Range: o.Doc.NodeRange(it)})
	}
	return out
}

// etcdEnvFlags are the flags etcd reads from ETCD_* variables
// (ETCD_CLIENT_CERT_AUTH=true is --client-cert-auth=true). They come
// before the command line's flags, which win over them.
func etcdEnvFlags(env []envVar, filePath string) []flag {
	var out []flag
	for _, e := range env {
		name, ok := strings.CutPrefix(e.Name, "ETCD_")
		if !ok || name == "" {
			continue
		}
		p := filePath
		if e.Path != "" {
			p = e.Path
		}
		n := strings.ToLower(strings.ReplaceAll(name, "_", "-"))
		out = append(out, flag{Name: n, Value: e.Value, HasValue: true, Path: p, Range: e.Range,
			Text: e.Name + "=" + e.Value})
	}
	return out
}

// delegates marks a command line whose absent settings live elsewhere: a
// kubelet with --config=FILE, etcd with --config-file (which makes etcd
// ignore its other flags), a kubelet started with no argument at all (the
// packaged unit that drop-ins or environment files complete). A
// kube-scheduler's --config is KC014's concern: the other rules' flags
// stay on its command line.
func (c *component) delegates() {
	if c.Partial != "" || c.Config {
		return
	}
	switch c.Name {
	case Kubelet:
		if f, ok := c.get("config"); ok {
			c.Partial = flagText(f)
		} else if len(c.Flags) == 0 {
			c.Partial = "a kubelet command line without arguments (the packaged unit, completed by drop-ins)"
		}
	case Etcd:
		if f, ok := c.get("config-file"); ok {
			c.Partial = flagText(f)
		}
	}
}

// yamlWords are the items of a YAML list of strings at p, each with its
// position (a scalar holding several words is split on spaces).
func yamlWords(o *pkube.Object, p yamlpos.Path) []parsers.Token {
	m := o.Lookup(p)
	if !m.Exact || m.Node == nil {
		return nil
	}
	var out []parsers.Token
	add := func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode {
			return
		}
		r := o.Doc.NodeRange(n)
		col := r.StartCol
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			col++
		}
		out = append(out, parsers.Token{Text: n.Value, Line: r.StartLine, Col: col})
	}
	switch m.Node.Kind {
	case yaml.SequenceNode:
		for _, it := range m.Node.Content {
			add(yamlpos.Resolve(it))
		}
	case yaml.ScalarNode:
		add(m.Node)
	}
	var split []parsers.Token
	for _, t := range out {
		split = append(split, splitWords(t)...)
	}
	return split
}

// splitWords splits a token holding several words ("kube-apiserver --a=1
// --b") on whitespace; words on later lines of a block keep the token's
// line, and their column when on its first line.
func splitWords(t parsers.Token) []parsers.Token {
	if !strings.ContainsAny(t.Text, " \t\n") {
		return []parsers.Token{t}
	}
	var out []parsers.Token
	line, col := t.Line, t.Col
	off := 0
	for i, part := range strings.Split(t.Text, "\n") {
		if i > 0 {
			line, col, off = line+1, 0, 0
		}
		for _, w := range strings.Fields(part) {
			j := strings.Index(part[off:], w) + off
			c := 0
			if col > 0 {
				c = col + len([]rune(part[:j]))
			}
			out = append(out, parsers.Token{Text: strings.Trim(w, `"'\`), Line: line, Col: c})
			off = j + len(w)
		}
	}
	return out
}

// kubeadmSections maps a ClusterConfiguration section to its component.
var kubeadmSections = []struct {
	path yamlpos.Path
	name string
}{
	{yamlpos.P("apiServer", "extraArgs"), APIServer},
	{yamlpos.P("controllerManager", "extraArgs"), ControllerManager},
	{yamlpos.P("scheduler", "extraArgs"), Scheduler},
	{yamlpos.P("etcd", "local", "extraArgs"), Etcd},
}

// kubeadmDefaults are the flags kubeadm writes into the static pods it
// generates, whatever the ClusterConfiguration says (kubeadm v1.30+): a
// kubeadm cluster has them unless extraArgs overrides them.
var kubeadmDefaults = map[string][]flag{
	APIServer: {
		{Name: "authorization-mode", Value: "Node,RBAC", HasValue: true},
		{Name: "enable-admission-plugins", Value: "NodeRestriction", HasValue: true},
		{Name: "client-ca-file", Value: "/etc/kubernetes/pki/ca.crt", HasValue: true},
		{Name: "etcd-cafile", Value: "/etc/kubernetes/pki/etcd/ca.crt", HasValue: true},
		{Name: "etcd-certfile", Value: "/etc/kubernetes/pki/apiserver-etcd-client.crt", HasValue: true},
		{Name: "etcd-keyfile", Value: "/etc/kubernetes/pki/apiserver-etcd-client.key", HasValue: true},
		{Name: "kubelet-client-certificate", Value: "/etc/kubernetes/pki/apiserver-kubelet-client.crt", HasValue: true},
		{Name: "kubelet-client-key", Value: "/etc/kubernetes/pki/apiserver-kubelet-client.key", HasValue: true},
		{Name: "secure-port", Value: "6443", HasValue: true},
		{Name: "service-account-key-file", Value: "/etc/kubernetes/pki/sa.pub", HasValue: true},
		{Name: "service-account-signing-key-file", Value: "/etc/kubernetes/pki/sa.key", HasValue: true},
		{Name: "tls-cert-file", Value: "/etc/kubernetes/pki/apiserver.crt", HasValue: true},
		{Name: "tls-private-key-file", Value: "/etc/kubernetes/pki/apiserver.key", HasValue: true},
		{Name: "enable-bootstrap-token-auth", Value: "true", HasValue: true},
		{Name: "allow-privileged", Value: "true", HasValue: true},
	},
	ControllerManager: {
		{Name: "bind-address", Value: "127.0.0.1", HasValue: true},
		{Name: "use-service-account-credentials", Value: "true", HasValue: true},
		{Name: "root-ca-file", Value: "/etc/kubernetes/pki/ca.crt", HasValue: true},
		{Name: "service-account-private-key-file", Value: "/etc/kubernetes/pki/sa.key", HasValue: true},
		{Name: "leader-elect", Value: "true", HasValue: true},
	},
	Scheduler: {
		{Name: "bind-address", Value: "127.0.0.1", HasValue: true},
		{Name: "leader-elect", Value: "true", HasValue: true},
	},
	Etcd: {
		{Name: "client-cert-auth", Value: "true", HasValue: true},
		{Name: "peer-client-cert-auth", Value: "true", HasValue: true},
		{Name: "cert-file", Value: "/etc/kubernetes/pki/etcd/server.crt", HasValue: true},
		{Name: "key-file", Value: "/etc/kubernetes/pki/etcd/server.key", HasValue: true},
		{Name: "peer-cert-file", Value: "/etc/kubernetes/pki/etcd/peer.crt", HasValue: true},
		{Name: "peer-key-file", Value: "/etc/kubernetes/pki/etcd/peer.key", HasValue: true},
		{Name: "trusted-ca-file", Value: "/etc/kubernetes/pki/etcd/ca.crt", HasValue: true},
		{Name: "peer-trusted-ca-file", Value: "/etc/kubernetes/pki/etcd/ca.crt", HasValue: true},
		{Name: "listen-client-urls", Value: "https://127.0.0.1:2379,https://node-ip:2379", HasValue: true},
		{Name: "listen-peer-urls", Value: "https://node-ip:2380", HasValue: true},
	},
}

// kubeadmComponents reads a kubeadm ClusterConfiguration: every component
// it configures, with kubeadm's own flags implied and extraArgs (the
// v1beta3 map or the v1beta4 list of name/value) over them; and the
// kubelet flags of an InitConfiguration's or JoinConfiguration's
// nodeRegistration.kubeletExtraArgs.
func kubeadmComponents(filePath string, o *pkube.Object) []*component {
	if !strings.HasPrefix(o.APIVersion, "kubeadm.k8s.io/") {
		return nil
	}
	switch o.Kind {
	case "InitConfiguration", "JoinConfiguration":
		p := yamlpos.P("nodeRegistration", "kubeletExtraArgs")
		m := o.Lookup(p)
		if !m.Exact {
			return nil
		}
		at, _ := o.Range(p)
		return []*component{{Name: Kubelet, Source: "kubeadm " + o.Kind, Path: filePath, At: at, Anchor: o.Anchor(p), Obj: o,
			Flags: extraArgFlags(o, m, filePath), Partial: "kubeadm starts the kubelet with --config=/var/lib/kubelet/config.yaml"}}
	case "ClusterConfiguration":
	default:
		return nil
	}
	var out []*component
	for _, sec := range kubeadmSections {
		if sec.name == Etcd {
			// An external etcd is not configured here.
			if m := o.Lookup(yamlpos.P("etcd", "external")); m.Exact {
				continue
			}
		}
		c := &component{Name: sec.name, Source: "kubeadm " + o.Kind, Path: filePath, Obj: o, Anchor: o.Anchor(sec.path)}
		at, exact := o.Range(sec.path)
		if !exact {
			at, _ = o.Range(sec.path[:len(sec.path)-1])
			if _, e := o.Range(sec.path[:len(sec.path)-1]); !e {
				at, _ = o.Range(nil)
			}
		}
		c.At = at
		for _, d := range kubeadmDefaults[sec.name] {
			d.Path, d.Range, d.Implied = filePath, at, true
			c.Flags = append(c.Flags, d)
		}
		c.Flags = append(c.Flags, extraArgFlags(o, o.Lookup(sec.path), filePath)...)
		out = append(out, c)
	}
	return out
}

// extraArgFlags reads kubeadm extraArgs: the v1beta3 map of name: value,
// or the v1beta4 list of {name, value} (where a name may repeat).
func extraArgFlags(o *pkube.Object, m yamlpos.Match, filePath string) []flag {
	if !m.Exact || m.Node == nil {
		return nil
	}
	var out []flag
	switch m.Node.Kind {
	case yaml.MappingNode:
		yamlpos.Pairs(m.Node, func(k, v *yaml.Node) {
			out = append(out, flag{Name: strings.TrimLeft(k.Value, "-"), Value: v.Value, HasValue: true, Path: filePath, Range: o.Doc.NodeRange(k)})
		})
	case yaml.SequenceNode:
		for _, it := range m.Node.Content {
			it = yamlpos.Resolve(it)
			_, n := yamlpos.MapGet(it, "name")
			_, v := yamlpos.MapGet(it, "value")
			if n == nil {
				continue
			}
			f := flag{Name: strings.TrimLeft(n.Value, "-"), HasValue: true, Path: filePath, Range: o.Doc.NodeRange(it)}
			if v != nil {
				f.Value = v.Value
			}
			out = append(out, f)
		}
	}
	return out
}

// kubeletFields are the KubeletConfiguration fields the rules judge, with
// the flag each stands for: a KubeletConfiguration is read as the kubelet
// flags it sets, so that one set of checks judges both.
var kubeletFields = []struct {
	flag  string
	field yamlpos.Path
}{
	{"anonymous-auth", yamlpos.P("authentication", "anonymous", "enabled")},
	{"authentication-token-webhook", yamlpos.P("authentication", "webhook", "enabled")},
	{"client-ca-file", yamlpos.P("authentication", "x509", "clientCAFile")},
	{"authorization-mode", yamlpos.P("authorization", "mode")},
	{"address", yamlpos.P("address")},
	{"read-only-port", yamlpos.P("readOnlyPort")},
	{"tls-cert-file", yamlpos.P("tlsCertFile")},
	{"tls-private-key-file", yamlpos.P("tlsPrivateKeyFile")},
	{"tls-cipher-suites", yamlpos.P("tlsCipherSuites")},
	{"rotate-certificates", yamlpos.P("rotateCertificates")},
	{"rotate-server-certificates", yamlpos.P("serverTLSBootstrap")},
	{"feature-gates", yamlpos.P("featureGates")},
	{"protect-kernel-defaults", yamlpos.P("protectKernelDefaults")},
	{"make-iptables-util-chains", yamlpos.P("makeIPTablesUtilChains")},
	{"streaming-connection-idle-timeout", yamlpos.P("streamingConnectionIdleTimeout")},
	{"pod-max-pids", yamlpos.P("podPidsLimit")},
	{"seccomp-default", yamlpos.P("seccompDefault")},
}

// kubeletField is the KubeletConfiguration field of a kubelet flag.
func kubeletField(flagName string) (yamlpos.Path, bool) {
	for _, kf := range kubeletFields {
		if kf.flag == flagName {
			return kf.field, true
		}
	}
	return nil, false
}

// kubeadmKubelet are the KubeletConfiguration settings kubeadm applies
// when it writes /var/lib/kubelet/config.yaml (kubeadm 1.30+): the first
// ones only when the field is unset, rotateCertificates always.
var kubeadmKubelet = []flag{
	{Name: "client-ca-file", Value: "/etc/kubernetes/pki/ca.crt", HasValue: true},
	{Name: "anonymous-auth", Value: "false", HasValue: true},
	{Name: "authentication-token-webhook", Value: "true", HasValue: true},
	{Name: "authorization-mode", Value: "Webhook", HasValue: true},
}

// kubeletConfigComponent reads a KubeletConfiguration (YAML or JSON) as
// the kubelet flags its fields stand for. One in a kubeadm config file
// gets kubeadm's settings; a drop-in (a file of --config-dir, a name
// saying drop-in) is partial: what it leaves out is in the main file.
func kubeletConfigComponent(filePath string, o *pkube.Object, kubeadm bool) *component {
	if !isKubeletConfig(o) {
		return nil
	}
	at, _ := o.Range(yamlpos.P("kind"))
	c := &component{Name: Kubelet, Source: "KubeletConfiguration " + path.Base(filePath), Path: filePath, At: at,
		Anchor: o.Anchor(nil), Obj: o, Config: true}
	if kubeadm {
		c.Source = "KubeletConfiguration for kubeadm in " + path.Base(filePath)
		for _, d := range kubeadmKubelet {
			d.Path, d.Range, d.Implied = filePath, at, true
			c.Flags = append(c.Flags, d)
		}
	}
	for _, kf := range kubeletFields {
		m := o.Lookup(kf.field)
		if !m.Exact || m.Node == nil {
			continue
		}
		r := o.Doc.MatchRange(m)
		f := flag{Name: kf.flag, HasValue: true, Path: filePath, Range: r}
		switch m.Node.Kind {
		case yaml.ScalarNode:
			if m.Node.Tag == "!!null" {
				continue
			}
			f.Value = m.Node.Value
			f.Text = kf.field.String() + ": " + m.Node.Value
		case yaml.SequenceNode:
			var items []string
			for _, it := range m.Node.Content {
				if it = yamlpos.Resolve(it); it.Kind == yaml.ScalarNode {
					items = append(items, it.Value)
				}
			}
			f.Value = strings.Join(items, ",")
			f.Text = kf.field.String() + ": [" + strings.Join(items, ", ") + "]"
		case yaml.MappingNode:
			// featureGates: one flag per gate, each where it is written.
			yamlpos.Pairs(m.Node, func(k, v *yaml.Node) {
				c.Flags = append(c.Flags, flag{Name: kf.flag, Value: k.Value + "=" + v.Value, HasValue: true, Path: filePath,
					Range: o.Doc.MatchRange(yamlpos.Match{Key: k, Node: v}), Text: kf.field.String() + "." + k.Value + ": " + v.Value})
			})
			continue
		default:
			continue
		}
		c.Flags = append(c.Flags, f)
	}
	if kubeadm {
		// kubeadm overwrites rotateCertificates whatever the file says.
		c.Flags = append(c.Flags, flag{Name: "rotate-certificates", Value: "true", HasValue: true, Path: filePath, Range: at, Implied: true})
	}
	base := strings.ToLower(path.Base(filePath))
	if strings.Contains(base, "drop-in") || strings.Contains(base, "dropin") || strings.HasSuffix(path.Dir(filePath), ".d") {
		c.Partial = "a drop-in of the kubelet's --config-dir"
	}
	return c
}

func isKubeletConfig(o *pkube.Object) bool {
	return o.Kind == "KubeletConfiguration" && strings.HasPrefix(o.APIVersion, "kubelet.config.k8s.io/")
}

// absentAt is where a setting that is not written is reported: for a
// configuration file, its nearest parent that is (the authentication:
// section for a missing clientCAFile), else the kind; for a command line,
// the program.
func (c *component) absentAt(flagName string) parsers.Range {
	if c.Config && c.Obj != nil {
		if field, ok := kubeletField(flagName); ok {
			if m := c.Obj.Lookup(field); m.Depth > 0 {
				return c.Obj.Doc.MatchRange(m)
			}
		}
	}
	return c.At
}

// settingName is how a setting is called in this component: the field of
// a configuration file, else the flag.
func (c *component) settingName(flagName string) string {
	if c.Config {
		if field, ok := kubeletField(flagName); ok {
			return field.String()
		}
	}
	return "--" + flagName
}

// featureGate is a feature gate as the component sets it: --feature-gates
// lists Name=bool pairs; repeated flags (and featureGates entries) merge,
// the last one for a gate wins.
func (c *component) featureGate(name string) (value bool, f flag, set bool) {
	for _, fl := range c.Flags {
		if fl.Name != "feature-gates" {
			continue
		}
		for _, kv := range strings.Split(strings.Trim(fl.Value, `"'`), ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || strings.TrimSpace(k) != name {
				continue
			}
			if b, err := strconv.ParseBool(strings.TrimSpace(v)); err == nil {
				value, f, set = b, fl, true
			}
		}
	}
	return value, f, set
}

// unitFile is one systemd unit file of the scan.
type unitFile struct {
	path string
	unit *systemd.Unit
}

// unitStacks groups the scan's units: each unit with its drop-ins
// (<dir>/<name>.d/*.conf beside <dir>/<name>, in file-name order), and
// drop-ins whose unit is not in the scan on their own.
func unitStacks(files []rules.File) [][]unitFile {
	type key struct{ dir, name string }
	bases := map[key]unitFile{}
	dropins := map[key][]unitFile{}
	var keys []key
	seen := map[key]bool{}
	for _, f := range files {
		u, ok := f.Doc.(*systemd.Unit)
		if !ok {
			continue
		}
		dir, name := path.Split(f.Source.Path)
		dir = strings.TrimSuffix(dir, "/")
		k := key{dir, name}
		if strings.HasSuffix(dir, ".d") {
			k = key{path.Dir(dir), strings.TrimSuffix(path.Base(dir), ".d")}
			dropins[k] = append(dropins[k], unitFile{f.Source.Path, u})
		} else {
			bases[k] = unitFile{f.Source.Path, u}
		}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	var out [][]unitFile
	for _, k := range keys {
		var st []unitFile
		if b, ok := bases[k]; ok {
			st = append(st, b)
		}
		ds := dropins[k]
		slices.SortFunc(ds, func(a, b unitFile) int { return strings.Compare(path.Base(a.path), path.Base(b.path)) })
		out = append(out, append(st, ds...))
	}
	return out
}

// unitVar is a variable a unit's command line can use, where its value
// is written.
type unitVar struct {
	value  string
	path   string
	fields []parsers.Token
}

// unitComponent reads a unit (with its drop-ins) whose ExecStart= runs a
// component. Variables come from Environment= and from the
// EnvironmentFile=s the scan holds (matched by path); a flag that comes
// from a variable is located where the variable's value is written. A
// variable the scan does not define makes the command line partial.
func unitComponent(stack []unitFile, envs map[string]*envfile.File, consumed map[string]bool) *component {
	var exec *systemd.Entry
	var execPath string
	for _, uf := range stack {
		for _, e := range uf.unit.Entries("Service", "ExecStart") {
			if e.Value == "" {
				exec = nil
				continue
			}
			exec, execPath = e, uf.path
		}
	}
	if exec == nil {
		return nil
	}
	cmd, err := exec.Command()
	if err != nil || len(cmd.Argv) == 0 {
		return nil
	}
	argv := cmd.Argv
	name := componentOf(argv[0].Text)
	if name == "" && len(argv) > 1 && path.Base(argv[0].Text) == "hyperkube" {
		name, argv = componentOf(argv[1].Text), argv[1:]
	}
	if name == "" {
		return nil
	}
	vars := map[string]unitVar{}
	var envVars []envVar
	for _, uf := range stack {
		for _, a := range uf.unit.Environment() {
			vars[a.Name] = unitVar{value: a.Value, path: uf.path, fields: assignmentFields(a)}
			envVars = append(envVars, envVar{Name: a.Name, Value: a.Value, Path: uf.path, Range: a.Token.Range()})
		}
	}
	// Variables of an environment file override Environment='s.
	for _, uf := range stack {
		for _, ef := range uf.unit.EnvironmentFiles() {
			p, e := envFileOf(ef.Path, envs)
			if e == nil {
				continue
			}
			consumed[p] = true
			for _, a := range e.Assignments {
				if !a.Prefix {
					vars[a.Name] = unitVar{value: a.Value, path: p, fields: a.Fields}
					envVars = append(envVars, envVar{Name: a.Name, Value: a.Value, Path: p, Range: a.Range()})
				}
			}
		}
	}
	c := &component{Name: name, Source: "systemd unit " + path.Base(stack[0].path), Path: execPath, At: argv[0].Range(),
		Anchor: "unit:" + name}
	var words []flagWord
	for _, t := range argv[1:] {
		ref, whole := wholeVar(t.Text)
		if whole {
			v, ok := vars[ref]
			if !ok {
				c.Partial = "$" + ref + " is set outside the scanned files"
				continue
			}
			if len(v.fields) > 0 && strings.Join(tokenTexts(v.fields), " ") == strings.Join(strings.Fields(v.value), " ") {
				for _, ft := range v.fields {
					words = append(words, flagWord{ft, v.path})
				}
				continue
			}
			for _, w := range strings.Fields(v.value) {
				words = append(words, flagWord{parsers.Token{Text: w, Line: t.Line, Col: t.Col}, execPath})
			}
			continue
		}
		for _, et := range systemd.Expand([]parsers.Token{t}, func(n string) (string, bool) { v, ok := vars[n]; return v.value, ok }) {
			if et.From != "" {
				if _, ok := vars[et.From]; !ok {
					c.Partial = "${" + et.From + "} is set outside the scanned files"
				}
			}
			words = append(words, flagWord{et.Token, execPath})
		}
	}
	if name == Etcd {
		c.Flags = etcdEnvFlags(envVars, execPath)
	}
	c.Flags = append(c.Flags, parseFlagWords(words)...)
	c.delegates()
	return c
}

// wholeVar reports whether a word is exactly $NAME or ${NAME}.
func wholeVar(s string) (string, bool) {
	if n, ok := strings.CutPrefix(s, "${"); ok && strings.HasSuffix(n, "}") && validVarName(n[:len(n)-1]) {
		return n[:len(n)-1], true
	}
	if n, ok := strings.CutPrefix(s, "$"); ok && validVarName(n) {
		return n, true
	}
	return "", false
}

func validVarName(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func tokenTexts(ts []parsers.Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text
	}
	return out
}

// assignmentFields are the words of an Environment= value, each where it
// is written.
func assignmentFields(a systemd.Assignment) []parsers.Token {
	col := a.Token.Col + len([]rune(a.Name)) + 1
	var out []parsers.Token
	off := 0
	for _, f := range strings.Fields(a.Value) {
		i := strings.Index(a.Value[off:], f) + off
		out = append(out, parsers.Token{Text: f, Line: a.Token.Line, Col: col + len([]rune(a.Value[:i]))})
		off = i + len(f)
	}
	return out
}

// envFileOf finds the scanned environment file an EnvironmentFile= names:
// the one whose path ends with the most segments of it (at least the
// directory and the name: default/kubelet).
func envFileOf(ref string, envs map[string]*envfile.File) (string, *envfile.File) {
	best, bestPath := 1, ""
	for p := range envs {
		if n := refersTo(ref, p); n > best || (n == best && n > 1 && p < bestPath) {
			best, bestPath = n, p
		}
	}
	if bestPath == "" {
		return "", nil
	}
	return bestPath, envs[bestPath]
}

// refersTo is how many trailing path segments a path written in a
// configuration (/var/lib/kubelet/config.yaml) shares with a scanned
// file's path: 0 when even the file names differ.
func refersTo(ref, file string) int {
	rs := strings.Split(strings.Trim(path.Clean("/"+strings.Trim(ref, `"'`)), "/"), "/")
	fs := strings.Split(strings.Trim(path.Clean("/"+file), "/"), "/")
	n := 0
	for n < len(rs) && n < len(fs) && rs[len(rs)-1-n] == fs[len(fs)-1-n] && rs[len(rs)-1-n] != "" {
		n++
	}
	return n
}

// kubeletVarPrefix starts the variables of /etc/default/kubelet and
// /etc/sysconfig/kubelet that hold kubelet flags (KUBELET_ARGS,
// KUBELET_EXTRA_ARGS, KUBELET_OPTS, KUBELET_ADDRESS …).
const kubeletVarPrefix = "KUBELET_"

// envComponent reads kubelet flags from an environment file that no unit
// of the scan reads: the extra arguments of a kubelet whose command line
// is elsewhere, so only what they set is judged.
func envComponent(filePath string, f *envfile.File) *component {
	if !strings.Contains(path.Base(filePath), "kubelet") {
		return nil
	}
	var c *component
	for _, a := range f.Assignments {
		if !strings.HasPrefix(a.Name, kubeletVarPrefix) || a.Prefix {
			continue
		}
		flags := parseFlags(a.Fields, filePath)
		if len(flags) == 0 {
			continue
		}
		if c == nil {
			c = &component{Name: Kubelet, Source: "environment file " + path.Base(filePath), Path: filePath,
				At: a.Range(), Anchor: "env:" + a.Name, Partial: "extra arguments of the kubelet's unit"}
		}
		c.Flags = append(c.Flags, flags...)
	}
	return c
}

// reportFlag reports at a written flag (or, for an implied or absent one,
// at the component's command line). A partial component is judged only on
// what it writes: an absent setting there is unknown, not insecure.
func reportFlag(p *rules.ProjectPass, c *component, f flag, ok bool, key string, sev rules.Severity, format string, args ...any) {
	at, file := c.At, c.Path
	switch {
	case ok && !f.Implied:
		at = f.Range
		if f.Path != "" {
			file = f.Path
		}
	case !ok && c.Partial != "":
		return
	case !ok:
		at = c.absentAt(key)
	}
	p.Report(rules.Finding{Path: file, Range: at, Anchor: c.Anchor + "#" + key, Severity: sev,
		Message: fmt.Sprintf(format, args...)})
}

// eachComponent runs check over the scan's instances of one component.
func eachComponent(name string, check func(p *rules.ProjectPass, c *component)) func(*rules.ProjectPass) {
	return func(p *rules.ProjectPass) {
		for _, c := range componentsOf(p) {
			if c.Name == name {
				check(p, c)
			}
		}
	}
}

// flagText is "--anonymous-auth=true" (or "readOnlyPort: 10255") as it is
// in effect.
func flagText(f flag) string {
	if f.Text != "" {
		return f.Text
	}
	if !f.HasValue {
		return "--" + f.Name
	}
	return "--" + f.Name + "=" + f.Value
}

// configUsers are the components of a kind whose flag names file, one of
// the scanned candidates for it (the files holding the right kind of
// configuration). Each component is matched to one candidate its flag
// names (by file name at least): the nearest to the component's own file
// (a repository may hold several clusters, each with its
// audit-policy.yaml), then the one that shares the most trailing path
// segments with the flag.
func configUsers(p *rules.ProjectPass, name, flagName, file string, candidates []string) []*component {
	var out []*component
	for _, c := range componentsOf(p) {
		if c.Name != name {
			continue
		}
		if f, ok := c.get(flagName); ok && !f.Implied && configFileOf(f.Value, c.Path, candidates) == file {
			out = append(out, c)
		}
	}
	return out
}

// configFileOf is the candidate a path written in a flag names ("" for
// none); see configUsers.
func configFileOf(ref, from string, candidates []string) string {
	bestNear, best, out := -1, 0, ""
	for _, cand := range candidates {
		n := refersTo(ref, cand)
		if n == 0 {
			continue
		}
		near := commonDirs(from, cand)
		if near > bestNear || (near == bestNear && (n > best || (n == best && cand < out))) {
			bestNear, best, out = near, n, cand
		}
	}
	return out
}

// commonDirs is how many leading directories two paths share.
func commonDirs(a, b string) int {
	as, bs := strings.Split(path.Dir(a), "/"), strings.Split(path.Dir(b), "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	return n
}

// configCandidates are the scanned files holding an object match accepts.
func configCandidates(p *rules.ProjectPass, key string, match func(*pkube.Object) bool) []string {
	return p.Memo("kube.config-candidates."+key, func() any {
		var out []string
		for _, f := range p.Files {
			if doc, ok := f.Doc.(*pkube.File); ok && slices.ContainsFunc(doc.Objects, match) {
				out = append(out, f.Source.Path)
			}
		}
		return out
	}).([]string)
}

// describeAll is "kube-apiserver (systemd unit a) and kube-apiserver (…)".
func describeAll(cs []*component) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.describe()
	}
	return joinAnd(s)
}
