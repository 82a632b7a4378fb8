package kube

import (
	"fmt"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/stridelint/stridelint/parsers"
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var clusterAdminTooling = &rules.Rule{
	ID:       "KW038",
	Title:    "cluster-admin tooling deployed",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s4},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A workload runs a tool whose job is to administer the cluster on behalf of whoever reaches it:

- **Tiller**, Helm 2's in-cluster server (image ` + "`gcr.io/kubernetes-helm/tiller`" + ` or ` + "`ghcr.io/helm/tiller`" + `, or a
  workload named ` + "`tiller-deploy`" + `) → high. Tiller listens on gRPC port 44134 without authentication
  by default and installs whatever chart it is sent with its own ServiceAccount — usually
  cluster-admin —, so any pod in the cluster can take the cluster over; Helm 2 has been
  unsupported since 2020.
- **Kubernetes Dashboard** with ` + "`--enable-skip-login`" + ` (anyone who reaches the UI acts as the
  dashboard's ServiceAccount), ` + "`--authentication-mode=basic`" + `, or whose ServiceAccount a
  ClusterRoleBinding in the scanned files binds to ` + "`cluster-admin`" + ` (or to a ClusterRole granting
  ` + "`*`" + ` on everything) → high: exposed dashboards with such rights are how clusters were taken over
  to mine cryptocurrency (Tesla, 2018).
- Kubernetes Dashboard otherwise → low: a web UI that acts with the rights of the tokens given
  to it, worth knowing about and keeping off public networks.

Bindings are looked up across every scanned file; the finding then points at the binding too.
Service accounts bound in the cluster but not in the files are unknown and not assumed.
The dashboard's metrics scraper is not the dashboard and is not reported.`,
	Remediation: `Remove Tiller: migrate to Helm 3, which has no in-cluster component (` + "`helm 2to3`" + `). For the
dashboard, drop ` + "`--enable-skip-login`" + ` and basic authentication (users log in with their own
tokens), bind its ServiceAccount to the minimal ClusterRole the upstream manifests ship rather
than cluster-admin, keep its Service internal and reach it with ` + "`kubectl port-forward`" + ` or
behind an authenticating proxy — or do without it.`,
	References: []rules.Reference{
		{Title: "Helm docs: Securing your Helm installation (Helm 2, Tiller)", URL: "https://v2.helm.sh/docs/securing_installation/"},
		{Title: "Kubernetes Dashboard: access control", URL: "https://github.com/kubernetes/dashboard/blob/master/docs/user/access-control/README.md"},
		{Title: "Kubernetes docs: Deploy and Access the Kubernetes Dashboard", URL: "https://kubernetes.io/docs/tasks/access-application-cluster/web-ui-dashboard/"},
		{Title: "CIS Kubernetes Benchmark 5.1.1: Ensure that the cluster-admin role is only used where required", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	CheckProject: checkClusterAdminTooling,
}

// adminBinding is a ClusterRoleBinding that makes its subjects
// cluster-admin, with where it is written.
type adminBinding struct {
	src     *parsers.Source
	obj     *pkube.Object
	role    string
	binding *rbacv1.ClusterRoleBinding
}

func checkClusterAdminTooling(p *rules.ProjectPass) {
	objs := kubeObjects(p.Files)
	bindings := clusterAdminBindings(objs)
	for _, fo := range objs {
		pod, ok := fo.obj.PodSpec()
		if !ok {
			continue
		}
		checkToolingPod(p, fo, pod, bindings)
	}
}

func checkToolingPod(p *rules.ProjectPass, fo fileObject, pod *pkube.PodSpec, bindings []adminBinding) {
	o := fo.obj
	report := func(sev rules.Severity, path yamlpos.Path, related []rules.Related, format string, args ...any) {
		r, _ := o.Range(path)
		p.Report(rules.Finding{Severity: sev, Path: fo.src.Path, Range: r, Anchor: o.Anchor(path),
			Message: fmt.Sprintf(format, args...), Related: related})
	}
	var dashboard *pkube.Container
	for _, c := range pod.Containers() {
		switch toolImage(c.C.Image) {
		case "tiller":
			report(rules.High, c.Path.Key("image"), nil, "%s of %s runs Tiller (%s): Helm 2's server installs any chart sent to its unauthenticated gRPC port with its own, usually cluster-admin, rights",
				c.Describe(), o.Describe(), c.C.Image)
			return
		case "dashboard":
			if dashboard == nil {
				dashboard = c
			}
		}
	}
	if o.Name == "tiller-deploy" {
		report(rules.High, yamlpos.P("metadata", "name"), nil, "%s is Tiller's deployment (tiller-deploy): Helm 2's server installs any chart sent to its unauthenticated gRPC port with its own, usually cluster-admin, rights",
			o.Describe())
		return
	}
	if dashboard == nil {
		return
	}
	c := dashboard
	high := false
	for _, f := range dashboardFlags(c) {
		high = true
		report(rules.High, f.path, nil, "%s of %s runs the Kubernetes Dashboard with %s: %s",
			c.Describe(), o.Describe(), f.flag, f.risk)
	}
	sa := pod.Spec.ServiceAccountName
	if sa == "" {
		sa = pod.Spec.DeprecatedServiceAccount
	}
	if sa == "" {
		sa = "default"
	}
	ns := o.Namespace
	if ns == "" {
		ns = pod.Meta.Namespace
	}
	for _, b := range bindings {
		if !bindsServiceAccount(b.binding, ns, sa) {
			continue
		}
		high = true
		br, _ := b.obj.Range(yamlpos.P("roleRef", "name"))
		report(rules.High, pod.Path.Key("serviceAccountName"),
			[]rules.Related{{Path: b.src.Path, Range: br, Message: fmt.Sprintf("%s grants %s", b.obj.Describe(), b.role)}},
			"%s of %s runs the Kubernetes Dashboard as ServiceAccount %s, which %s binds to %s: everyone who gets into the dashboard administers the cluster",
			c.Describe(), o.Describe(), sa, b.obj.Describe(), b.role)
		break
	}
	if !high {
		report(rules.Low, c.Path.Key("image"), nil, "%s of %s runs the Kubernetes Dashboard: a web UI that acts with the rights of the tokens it is given — keep it off public networks and its ServiceAccount minimal",
			c.Describe(), o.Describe())
	}
}

// toolImage recognises the images of Tiller and of the Kubernetes
// Dashboard (v1 kubernetes-dashboard-<arch>, v2 kubernetesui/dashboard,
// v7 kubernetesui/dashboard-api, -web, -auth); "" for anything else.
func toolImage(image string) string {
	repo := image
	if i := strings.IndexByte(repo, '@'); i >= 0 {
		repo = repo[:i]
	}
	if i := strings.LastIndexByte(repo, ':'); i > strings.LastIndexByte(repo, '/') {
		repo = repo[:i]
	}
	parts := strings.Split(strings.ToLower(repo), "/")
	name := parts[len(parts)-1]
	org := ""
	if len(parts) > 1 {
		org = parts[len(parts)-2]
	}
	switch {
	case name == "tiller" && (org == "kubernetes-helm" || org == "helm"):
		return "tiller"
	case strings.HasPrefix(name, "kubernetes-dashboard"):
		return "dashboard"
	case org == "kubernetesui" && slices.Contains([]string{"dashboard", "dashboard-api", "dashboard-web", "dashboard-auth"}, name):
		return "dashboard"
	}
	return ""
}

// dashboardFlag is a dangerous dashboard argument and where it is written.
type dashboardFlag struct {
	flag, risk string
	path       yamlpos.Path
}

// dashboardFlags finds --enable-skip-login and basic authentication in a
// dashboard container's command and args.
func dashboardFlags(c *pkube.Container) []dashboardFlag {
	var out []dashboardFlag
	for _, field := range []struct {
		key  string
		args []string
	}{{"command", c.C.Command}, {"args", c.C.Args}} {
		for i, arg := range field.args {
			toks := strings.Fields(arg)
			for j, tok := range toks {
				name, value, hasValue := strings.Cut(tok, "=")
				if !hasValue && j+1 < len(toks) && !strings.HasPrefix(toks[j+1], "-") {
					value = toks[j+1]
				}
				if !hasValue && name == "--authentication-mode" && i+1 < len(field.args) && j == len(toks)-1 {
					value = field.args[i+1]
				}
				at := c.Path.Key(field.key).Index(i)
				switch name {
				case "--enable-skip-login":
					if !hasValue || value == "true" {
						out = append(out, dashboardFlag{"--enable-skip-login", "anyone who reaches the UI can skip login and act with the dashboard's own ServiceAccount", at})
					}
				case "--authentication-mode":
					if slices.Contains(strings.Split(value, ","), "basic") {
						out = append(out, dashboardFlag{"basic authentication", "users log in with passwords from the API server's static basic-auth file — shared, never rotated and open to guessing through the login form", at})
					}
				}
			}
		}
	}
	return out
}

// clusterAdminBindings are the ClusterRoleBindings of the scan that grant
// cluster-admin, or a ClusterRole of the scan with "*" on everything.
func clusterAdminBindings(objs []fileObject) []adminBinding {
	superRoles := map[string]bool{"cluster-admin": true}
	for _, fo := range objs {
		if cr, ok := fo.obj.Typed.(*rbacv1.ClusterRole); ok && slices.ContainsFunc(cr.Rules, func(r rbacv1.PolicyRule) bool {
			return slices.Contains(r.Verbs, "*") && slices.Contains(r.Resources, "*") && slices.Contains(r.APIGroups, "*")
		}) {
			superRoles[cr.Name] = true
		}
	}
	var out []adminBinding
	for _, fo := range objs {
		b, ok := fo.obj.Typed.(*rbacv1.ClusterRoleBinding)
		if !ok || b.RoleRef.Kind != "ClusterRole" || !superRoles[b.RoleRef.Name] {
			continue
		}
		role := b.RoleRef.Name
		if role != "cluster-admin" {
			role = fmt.Sprintf("ClusterRole %s (\"*\" on everything, cluster-admin under another name)", role)
		}
		out = append(out, adminBinding{src: fo.src, obj: fo.obj, role: role, binding: b})
	}
	return out
}

// bindsServiceAccount reports whether a binding's subjects include the
// service account ns/name (ns "" when the workload names no namespace:
// matched on the name, which for a dashboard is distinctive), directly or
// through the system:serviceaccounts groups.
func bindsServiceAccount(b *rbacv1.ClusterRoleBinding, ns, name string) bool {
	for _, s := range b.Subjects {
		switch s.Kind {
		case rbacv1.ServiceAccountKind:
			if s.Name == name && (ns == "" || s.Namespace == ns) {
				return true
			}
		case rbacv1.GroupKind:
			if s.Name == "system:serviceaccounts" || ns != "" && s.Name == "system:serviceaccounts:"+ns {
				return true
			}
		}
	}
	return false
}
