package kube

import (
	"fmt"
	"path"
	"slices"
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
// extraArgs, a systemd unit's ExecStart=, or KUBELET_ARGS-style variables.

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
	// Obj is the object it comes from (static pod or kubeadm config), nil
	// for units and environment files.
	Obj *pkube.Object
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
}

// parseFlags reads command-line words into flags. Each word carries its
// own position; a "--flag value" pair is located at the flag.
func parseFlags(words []parsers.Token, filePath string) []flag {
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
		f := flag{Name: name, Value: value, HasValue: has, Path: filePath, Range: w.Range()}
		if !has && !boolFlags[name] && i+1 < len(words) && !strings.HasPrefix(strings.TrimSpace(words[i+1].Text), "-") {
			i++
			f.Value, f.HasValue = strings.TrimSpace(words[i].Text), true
		}
		out = append(out, f)
	}
	return out
}

// componentOf names the component a program runs ("" for none).
func componentOf(prog string) string {
	base := path.Base(strings.TrimSpace(prog))
	for _, n := range componentNames {
		if base == n {
			return n
		}
	}
	// hyperkube kube-apiserver …
	return ""
}

// componentsOf returns the scan's components, built once per scan.
func componentsOf(p *rules.ProjectPass) []*component {
	return p.Memo("kube.components", func() any { return buildComponents(p.Files) }).([]*component)
}

func buildComponents(files []rules.File) []*component {
	var out []*component
	for _, f := range files {
		switch doc := f.Doc.(type) {
		case *pkube.File:
			for _, o := range doc.Objects {
				out = append(out, staticPodComponents(f.Source.Path, o)...)
				out = append(out, kubeadmComponents(f.Source.Path, o)...)
			}
		case *systemd.Unit:
			if c := unitComponent(f.Source.Path, doc); c != nil {
				out = append(out, c)
			}
		case *envfile.File:
			if c := envComponent(f.Source.Path, doc); c != nil {
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
	var out []*component
	for _, c := range pod.Containers() {
		words := yamlWords(o, c.Path.Key("command"))
		words = append(words, yamlWords(o, c.Path.Key("args"))...)
		// sh -c "kube-apiserver --a --b": the script's words.
		if len(words) >= 3 && (path.Base(words[0].Text) == "sh" || path.Base(words[0].Text) == "bash") && words[1].Text == "-c" {
			words = splitWords(words[2])
		}
		i := slices.IndexFunc(words, func(t parsers.Token) bool { return componentOf(t.Text) != "" })
		if i < 0 || i > 1 { // the program, or after a wrapper such as hyperkube
			continue
		}
		name := componentOf(words[i].Text)
		at, _ := o.Range(c.Path.Key("command"))
		if _, exact := o.Range(c.Path.Key("command")); !exact {
			at, _ = o.Range(c.Path)
		}
		out = append(out, &component{Name: name, Source: "static pod " + o.Name, Path: filePath, At: at,
			Anchor: o.Anchor(c.Path), Flags: parseFlags(words[i+1:], filePath), Obj: o})
	}
	return out
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
	},
}

// kubeadmComponents reads a kubeadm ClusterConfiguration: every component
// it configures, with kubeadm's own flags implied and extraArgs (the
// v1beta3 map or the v1beta4 list of name/value) over them.
func kubeadmComponents(filePath string, o *pkube.Object) []*component {
	if o.Kind != "ClusterConfiguration" || !strings.HasPrefix(o.APIVersion, "kubeadm.k8s.io/") {
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
		m := o.Lookup(sec.path)
		if m.Exact && m.Node != nil {
			switch m.Node.Kind {
			case yaml.MappingNode:
				yamlpos.Pairs(m.Node, func(k, v *yaml.Node) {
					c.Flags = append(c.Flags, flag{Name: strings.TrimLeft(k.Value, "-"), Value: v.Value, HasValue: true, Path: filePath, Range: o.Doc.NodeRange(k)})
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
					c.Flags = append(c.Flags, f)
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// unitComponent reads a systemd unit whose ExecStart= runs a component.
func unitComponent(filePath string, u *systemd.Unit) *component {
	es := u.ExecStart()
	if len(es) == 0 {
		return nil
	}
	e := es[len(es)-1]
	cmd, err := e.Command()
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
	env := map[string]string{}
	for _, a := range u.Environment() {
		env[a.Name] = a.Value
	}
	var words []parsers.Token
	for _, t := range systemd.Expand(argv[1:], func(n string) (string, bool) { v, ok := env[n]; return v, ok }) {
		words = append(words, t.Token)
	}
	return &component{Name: name, Source: "systemd unit " + path.Base(filePath), Path: filePath, At: argv[0].Range(),
		Anchor: "unit:" + name, Flags: parseFlags(words, filePath)}
}

// kubeletVars are the variables of /etc/default/kubelet and
// /etc/sysconfig/kubelet that hold kubelet flags.
var kubeletVars = []string{"KUBELET_ARGS", "KUBELET_EXTRA_ARGS", "KUBELET_OPTS"}

// envComponent reads kubelet flags from an environment file.
func envComponent(filePath string, f *envfile.File) *component {
	if path.Base(filePath) != "kubelet" && !strings.Contains(path.Base(filePath), "kubelet") {
		return nil
	}
	for _, v := range kubeletVars {
		if a, ok := f.Lookup(v); ok {
			return &component{Name: Kubelet, Source: "environment file " + path.Base(filePath), Path: filePath,
				At: a.Range(), Anchor: "env:" + v, Flags: parseFlags(a.Fields, filePath)}
		}
	}
	return nil
}

// reportFlag reports at a written flag (or, for an implied or absent one,
// at the component's command line).
func reportFlag(p *rules.ProjectPass, c *component, f flag, ok bool, key string, sev rules.Severity, format string, args ...any) {
	at := c.At
	if ok && !f.Implied {
		at = f.Range
	}
	p.Report(rules.Finding{Path: c.Path, Range: at, Anchor: c.Anchor + "#" + key, Severity: sev,
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

// flagText is "--anonymous-auth=true" as it is in effect.
func flagText(f flag) string {
	if !f.HasValue {
		return "--" + f.Name
	}
	return "--" + f.Name + "=" + f.Value
}
