package kube

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var serviceExposed = &rules.Rule{
	ID:       "KN004",
	Title:    "Service exposed outside the cluster",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s3},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.DenialOfService},
	Kind:     "kubernetes",
	Help: `A Service of type ` + "`NodePort`" + ` or ` + "`LoadBalancer`" + ` publishes its pods outside the cluster:
- ` + "`LoadBalancer`" + ` asks the cloud for a load balancer, by default with a public address, open to
  the whole internet unless ` + "`spec.loadBalancerSourceRanges`" + ` (or the
  ` + "`service.beta.kubernetes.io/load-balancer-source-ranges`" + ` annotation) lists the networks
  allowed in. Admin interfaces, databases and metrics endpoints exposed this way are found by
  internet-wide scanners within hours.
- ` + "`NodePort`" + ` opens the port on every node's addresses; it has no source-range field at all, so
  it is always reported: whether it is reachable depends on the nodes' firewall, which the
  manifests do not show.

A ` + "`LoadBalancer`" + ` whose source ranges include ` + "`0.0.0.0/0`" + ` is reported like one without them. An
internal load balancer (` + "`service.beta.kubernetes.io/aws-load-balancer-internal`" + `,
` + "`service.beta.kubernetes.io/aws-load-balancer-scheme: internal`" + `,
` + "`networking.gke.io/load-balancer-type: Internal`" + `,
` + "`service.beta.kubernetes.io/azure-load-balancer-internal: \"true\"`" + `, and the OpenStack, Oracle,
IBM and Alibaba equivalents) is reachable from the private network only, and reported at info.`,
	Remediation: `Prefer a ` + "`ClusterIP`" + ` Service behind an Ingress or Gateway that terminates TLS and
authenticates. When a load balancer is needed, restrict it:

` + "```yaml" + `
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: ["203.0.113.0/24"]
` + "```" + `

or make it internal with your cloud's annotation. Replace NodePort Services by a load
balancer or an Ingress, or firewall the node ports.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Service type LoadBalancer", URL: "https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer"},
		{Title: "Kubernetes docs: Configure a firewall with loadBalancerSourceRanges", URL: "https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/"},
	},
	Check: eachObject(checkServiceExposed),
}

// internalLB are the annotations that make a cloud load balancer internal,
// with the values that do (case-insensitive; "" means any value but "false").
var internalLB = []struct{ key, value string }{
	{"service.beta.kubernetes.io/aws-load-balancer-internal", ""},
	{"service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"},
	{"networking.gke.io/load-balancer-type", "internal"},
	{"cloud.google.com/load-balancer-type", "internal"},
	{"service.beta.kubernetes.io/azure-load-balancer-internal", "true"},
	{"service.beta.kubernetes.io/openstack-internal-load-balancer", "true"},
	{"service.beta.kubernetes.io/oci-load-balancer-internal", "true"},
	{"oci-network-load-balancer.oraclecloud.com/internal", "true"},
	{"service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type", "private"},
	{"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type", "intranet"},
}

func internalAnnotation(ann map[string]string) string {
	for _, a := range internalLB {
		v, ok := ann[a.key]
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if a.value == "" && v != "" && !strings.EqualFold(v, "false") || a.value != "" && strings.EqualFold(v, a.value) {
			return a.key + ": " + v
		}
	}
	return ""
}

func checkServiceExposed(p *rules.Pass, o *pkube.Object) {
	svc, ok := o.Typed.(*corev1.Service)
	if !ok {
		return
	}
	at := yamlpos.P("spec", "type")
	ports := servicePorts(svc)
	switch svc.Spec.Type {
	case corev1.ServiceTypeNodePort:
		reportSev(p, o, at, 0, "Service %s is of type NodePort: every node's addresses forward %s to its %s, for whoever can reach a node (a NodePort Service cannot be limited to source ranges)",
			o.Name, nodePorts(svc), ports)
	case corev1.ServiceTypeLoadBalancer:
		if in := internalAnnotation(svc.Annotations); in != "" {
			reportSev(p, o, at, rules.Info, "Service %s is of type LoadBalancer without loadBalancerSourceRanges, but internal (%s): its %s can be reached from the private network, not the internet",
				o.Name, in, ports)
			return
		}
		ranges, rangesAt := svc.Spec.LoadBalancerSourceRanges, yamlpos.P("spec", "loadBalancerSourceRanges")
		if len(ranges) == 0 {
			if v := svc.Annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]; strings.TrimSpace(v) != "" {
				ranges = strings.Split(v, ",")
				rangesAt = yamlpos.P("metadata", "annotations", "service.beta.kubernetes.io/load-balancer-source-ranges")
			}
		}
		if len(ranges) == 0 {
			reportSev(p, o, at, 0, "Service %s is of type LoadBalancer without loadBalancerSourceRanges: the cloud load balancer opens %s to the whole internet",
				o.Name, ports)
			return
		}
		for i, r := range ranges {
			if allAddresses(r) {
				path := rangesAt
				if path[len(path)-1].Key == "loadBalancerSourceRanges" {
					path = path.Index(i)
				}
				reportSev(p, o, path, 0, "Service %s is of type LoadBalancer with source range %s: the cloud load balancer opens %s to the whole internet",
					o.Name, strings.TrimSpace(r), ports)
				return
			}
		}
	}
}

// servicePorts is "port 80" / "ports 80 and 443" for messages.
func servicePorts(svc *corev1.Service) string {
	var s []string
	for _, pt := range svc.Spec.Ports {
		s = append(s, strconv.Itoa(int(pt.Port)))
	}
	switch len(s) {
	case 0:
		return "ports"
	case 1:
		return "port " + s[0]
	}
	return "ports " + listText(s)
}

// nodePorts is "node port 30080" / "node ports 30080 and 30443", or "a
// node port" when the API server picks them.
func nodePorts(svc *corev1.Service) string {
	var s []string
	for _, pt := range svc.Spec.Ports {
		if pt.NodePort == 0 {
			if len(svc.Spec.Ports) == 1 {
				return "a node port"
			}
			return "node ports"
		}
		s = append(s, strconv.Itoa(int(pt.NodePort)))
	}
	switch len(s) {
	case 0:
		return "node ports"
	case 1:
		return "node port " + s[0]
	}
	return "node ports " + listText(s)
}

var serviceExternalIPs = &rules.Rule{
	ID:       "KN005",
	Title:    "Service externalIPs",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s3},
	STRIDE:   []rules.Category{rules.Spoofing, rules.InformationDisclosure, rules.Tampering},
	Kind:     "kubernetes",
	Help: `A Service sets ` + "`spec.externalIPs`" + `. Every node then sends traffic addressed to those IPs
to the Service's pods — whoever owns the address. Kubernetes does not check that the
addresses belong to the cluster: this is CVE-2020-8554, which has no patch. Where Services
with externalIPs are accepted, anyone allowed to create or edit a Service in any namespace
can claim any IP (another tenant's database, a public DNS resolver, the cloud metadata
address) and intercept the cluster's traffic to it — a man-in-the-middle inside the cluster.
A manifest that relies on externalIPs means the cluster has not closed that hole.`,
	Remediation: `Use a ` + "`LoadBalancer`" + ` Service (or a Gateway) to give a Service an outside address, and
block externalIPs cluster-wide with the ` + "`DenyServiceExternalIPs`" + ` admission plugin (Kubernetes
1.22+), or with a policy (Kyverno, Gatekeeper) that allows only an approved list.`,
	References: []rules.Reference{
		{Title: "CVE-2020-8554: Man in the middle using LoadBalancer or ExternalIPs", URL: "https://github.com/kubernetes/kubernetes/issues/97076"},
		{Title: "Kubernetes docs: Service external IPs", URL: "https://kubernetes.io/docs/concepts/services-networking/service/#external-ips"},
		{Title: "Kubernetes docs: DenyServiceExternalIPs admission plugin", URL: "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips"},
	},
	Check: eachObject(func(p *rules.Pass, o *pkube.Object) {
		svc, ok := o.Typed.(*corev1.Service)
		if !ok || len(svc.Spec.ExternalIPs) == 0 {
			return
		}
		reportAt(p, o, yamlpos.P("spec", "externalIPs"), "Service %s claims externalIPs %s: every node routes traffic for those addresses to its pods, whoever owns them (CVE-2020-8554 — a cluster that accepts this lets any Service author intercept traffic to any IP)",
			o.Name, listText(svc.Spec.ExternalIPs))
	}),
}

var ingressWithoutTLS = &rules.Rule{
	ID:       "KN006",
	Title:    "Ingress without TLS",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s3},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering},
	Kind:     "kubernetes",
	Help: `An Ingress (` + "`networking.k8s.io/v1`" + `, ` + "`networking.k8s.io/v1beta1`" + ` or ` + "`extensions/v1beta1`" + `) has no
` + "`tls:`" + ` section, or has one that leaves some of its hosts out. Those hosts are served over
plain HTTP: passwords, session cookies and API tokens cross the network in clear text, and
anyone on the path (a café Wi-Fi, a compromised router, a cloud neighbour) can read or
change the pages.

A ` + "`tls`" + ` entry covers the hosts it lists (` + "`*.example.com`" + ` covers one label under
example.com); an entry without ` + "`hosts`" + ` covers every host. Without any ` + "`tls`" + ` section the
finding is on ` + "`spec.rules`" + `; otherwise each uncovered host is reported on its rule. A rule without
a host is not reported when a ` + "`tls`" + ` section exists (the controller's default certificate may
serve it).

Not reported: an Ingress whose TLS is terminated by the cloud load balancer and configured by
annotation — ` + "`alb.ingress.kubernetes.io/certificate-arn`" + ` or an HTTPS
` + "`alb.ingress.kubernetes.io/listen-ports`" + ` (AWS), ` + "`ingress.gcp.kubernetes.io/pre-shared-cert`" + ` or
` + "`networking.gke.io/managed-certificates`" + ` (GKE), ` + "`appgw.ingress.kubernetes.io/appgw-ssl-certificate`" + `
(Azure).`,
	Remediation: `Add a ` + "`tls`" + ` section that lists every host with a certificate Secret (cert-manager can
issue and renew it from an annotation), and redirect HTTP to HTTPS:

` + "```yaml" + `
spec:
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
` + "```",
	References: []rules.Reference{
		{Title: "Kubernetes docs: Ingress TLS", URL: "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"},
		{Title: "cert-manager: Securing Ingress resources", URL: "https://cert-manager.io/docs/usage/ingress/"},
	},
	Check: eachObject(checkIngressTLS),
}

// isIngress is true for the Ingress kinds of every API version.
func isIngress(o *pkube.Object) bool {
	g := o.Group()
	return o.Kind == "Ingress" && (g == "networking.k8s.io" || g == "extensions")
}

// cloudTLS are annotations that configure TLS on a cloud load balancer
// in front of the Ingress instead of in its tls section.
var cloudTLS = []string{
	"alb.ingress.kubernetes.io/certificate-arn",
	"ingress.gcp.kubernetes.io/pre-shared-cert",
	"networking.gke.io/managed-certificates",
	"appgw.ingress.kubernetes.io/appgw-ssl-certificate",
}

// nodeAnnotations reads metadata.annotations from the object's YAML (the
// Ingress has no typed form here); values that are not scalars are left out.
func nodeAnnotations(o *pkube.Object) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	m := yamlpos.LookupNode(o.Node, yamlpos.P("metadata", "annotations"))
	if m.Exact {
		yamlpos.Pairs(m.Node, func(k, v *yaml.Node) {
			if v != nil && v.Kind == yaml.ScalarNode {
				out[k.Value] = v
			}
		})
	}
	return out
}

func checkIngressTLS(p *rules.Pass, o *pkube.Object) {
	if !isIngress(o) {
		return
	}
	ann := nodeAnnotations(o)
	for _, k := range cloudTLS {
		if v, ok := ann[k]; ok && strings.TrimSpace(v.Value) != "" {
			return
		}
	}
	if v, ok := ann["alb.ingress.kubernetes.io/listen-ports"]; ok && strings.Contains(strings.ToUpper(v.Value), "HTTPS") {
		return
	}
	_, spec := yamlpos.MapGet(o.Node, "spec")
	if spec == nil {
		return
	}
	var hosts []string
	var hostAt []yamlpos.Path
	_, rulesNode := yamlpos.MapGet(spec, "rules")
	if rulesNode != nil && rulesNode.Kind == yaml.SequenceNode {
		for i, r := range rulesNode.Content {
			if _, h := yamlpos.MapGet(r, "host"); h != nil && h.Kind == yaml.ScalarNode && h.Value != "" {
				hosts = append(hosts, h.Value)
				hostAt = append(hostAt, yamlpos.P("spec", "rules", i, "host"))
			}
		}
	}
	_, tls := yamlpos.MapGet(spec, "tls")
	if tls == nil || tls.Kind != yaml.SequenceNode || len(tls.Content) == 0 {
		at := yamlpos.P("spec")
		if rulesNode != nil {
			at = at.Key("rules")
		}
		served := "all its traffic is"
		switch {
		case len(hosts) == 1:
			served = hosts[0] + " is"
		case len(hosts) > 1:
			served = listText(hosts) + " are"
		}
		reportAt(p, o, at, "%s has no tls section: %s served over plain HTTP, so credentials, cookies and tokens cross the network in clear text",
			o.Describe(), served)
		return
	}
	var covered []string
	for _, entry := range tls.Content {
		_, hs := yamlpos.MapGet(entry, "hosts")
		if hs == nil || hs.Kind != yaml.SequenceNode || len(hs.Content) == 0 {
			return // an entry without hosts covers every host
		}
		for _, h := range hs.Content {
			covered = append(covered, yamlpos.Resolve(h).Value)
		}
	}
	for i, h := range hosts {
		if !slices.ContainsFunc(covered, func(c string) bool { return hostCovered(c, h) }) {
			reportAt(p, o, hostAt[i], "%s serves %s over plain HTTP: no tls entry lists it, so credentials, cookies and tokens for it cross the network in clear text",
				o.Describe(), h)
		}
	}
}

// hostCovered reports whether a tls host (possibly *.example.com) covers
// an Ingress host.
func hostCovered(tlsHost, host string) bool {
	tlsHost, host = strings.ToLower(strings.TrimSpace(tlsHost)), strings.ToLower(strings.TrimSpace(host))
	if tlsHost == host {
		return true
	}
	if rest, ok := strings.CutPrefix(tlsHost, "*."); ok {
		label, domain, found := strings.Cut(host, ".")
		return found && label != "" && label != "*" && domain == rest
	}
	return false
}

var nginxSnippets = &rules.Rule{
	ID:       "KN007",
	Title:    "ingress-nginx snippet annotations",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.InformationDisclosure},
	Kind:     "kubernetes",
	Help: `An Ingress carries an annotation that writes raw configuration into the NGINX of the ingress
controller. The controller runs with a service account that, in the default ingress-nginx
installation, reads every Secret of the cluster; whoever can create an Ingress with a
snippet can make NGINX serve that token or any file (an ` + "`alias`" + ` directive), or run Lua code
(` + "`content_by_lua_block`" + `) — CVE-2021-25742. ingress-nginx rates these annotations "Critical",
disables them by default since v1.9 and will not accept them unless
` + "`allow-snippet-annotations`" + ` is turned back on.

Reported:
- the snippet annotations ` + "`nginx.ingress.kubernetes.io/configuration-snippet`" + `, ` + "`server-snippet`" + `,
  ` + "`auth-snippet`" + `, ` + "`stream-snippet`" + ` and ` + "`modsecurity-snippet`" + ` (and F5 NGINX Ingress Controller's
  ` + "`nginx.org/server-snippets`" + ` and ` + "`nginx.org/location-snippets`" + `), always — the message says when
  the snippet holds Lua code or an ` + "`alias`" + `/` + "`root`" + ` directive;
- annotations whose values ingress-nginx pasted into its configuration unchecked, when the
  value holds NGINX syntax (` + "`;`" + `, ` + "`{`" + `, ` + "`}`" + `, quotes, a line break):
  ` + "`permanent-redirect`" + ` (CVE-2023-5044), ` + "`temporal-redirect`" + ` and ` + "`server-alias`" + ` (CVE-2021-25746), ` + "`auth-url`" + ` (CVE-2025-24514),
  ` + "`auth-tls-match-cn`" + ` (CVE-2025-1097), ` + "`mirror-target`" + ` and ` + "`mirror-host`" + ` (CVE-2025-1098),
  ` + "`auth-proxy-set-headers`" + ` (CVE-2025-15566). With a plain URL or host name
  these are ordinary features and not reported.`,
	Remediation: `Use the dedicated annotations (` + "`rewrite-target`" + `, ` + "`custom-headers`" + `, ` + "`auth-url`" + `…) or the
controller's ConfigMap instead of snippets; keep ` + "`allow-snippet-annotations: \"false\"`" + ` and
` + "`annotations-risk-level`" + ` below Critical, run ingress-nginx v1.12.1 or later with annotation
validation on, and restrict who may create Ingresses.`,
	References: []rules.Reference{
		{Title: "CVE-2021-25742: Ingress-nginx custom snippets allows retrieval of ingress-nginx serviceaccount token and secrets", URL: "https://github.com/kubernetes/ingress-nginx/issues/7837"},
		{Title: "CVE-2023-5044: Code injection via nginx.ingress.kubernetes.io/permanent-redirect annotation", URL: "https://github.com/kubernetes/ingress-nginx/issues/10572"},
		{Title: "ingress-nginx: Annotations scope and risk", URL: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations-risk/"},
	},
	Check: eachObject(checkNginxSnippets),
}

const nginxPrefix = "nginx.ingress.kubernetes.io/"

// snippetAnnotations paste raw NGINX configuration.
var snippetAnnotations = map[string]bool{
	nginxPrefix + "configuration-snippet": true, nginxPrefix + "server-snippet": true, nginxPrefix + "auth-snippet": true,
	nginxPrefix + "stream-snippet": true, nginxPrefix + "modsecurity-snippet": true,
	"nginx.org/server-snippets": true, "nginx.org/location-snippets": true,
}

// injectableAnnotations were pasted into the configuration without
// sanitizing; the CVE names the injection.
var injectableAnnotations = map[string]string{
	"permanent-redirect":     "CVE-2023-5044",
	"temporal-redirect":      "CVE-2021-25746",
	"auth-url":               "CVE-2025-24514",
	"auth-tls-match-cn":      "CVE-2025-1097",
	"mirror-target":          "CVE-2025-1098",
	"mirror-host":            "CVE-2025-1098",
	"auth-proxy-set-headers": "CVE-2025-15566",
	"server-alias":           "CVE-2021-25746",
}

func checkNginxSnippets(p *rules.Pass, o *pkube.Object) {
	if !isIngress(o) {
		return
	}
	ann := nodeAnnotations(o)
	keys := make([]string, 0, len(ann))
	for k := range ann {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := ann[k].Value
		at := yamlpos.P("metadata", "annotations", k)
		if snippetAnnotations[k] {
			reportAt(p, o, at, "%s's %s pastes raw NGINX configuration into the ingress controller, whose service account can read every Secret in a default installation%s (CVE-2021-25742)",
				o.Describe(), k, snippetDetail(v))
			continue
		}
		name, ok := strings.CutPrefix(k, nginxPrefix)
		if !ok {
			continue
		}
		if cve, ok := injectableAnnotations[name]; ok {
			if c := nginxSyntax(v); c != "" {
				reportAt(p, o, at, "%s's %s holds NGINX syntax (%s): the configuration injection of %s — code execution in the ingress controller and every Secret it can read",
					o.Describe(), k, c, cve)
			}
		}
	}
}

// snippetDetail says what makes a snippet worse than arbitrary config.
func snippetDetail(v string) string {
	var what []string
	if strings.Contains(v, "_by_lua") || strings.Contains(v, "lua_") {
		what = append(what, "Lua code")
	}
	for _, line := range strings.Split(v, "\n") {
		f := strings.Fields(strings.TrimSpace(line))
		if len(f) > 0 && (f[0] == "alias" || f[0] == "root") {
			what = append(what, "an `"+f[0]+"` directive that serves files of the controller's filesystem")
			break
		}
	}
	if len(what) == 0 {
		return ""
	}
	return "; this one holds " + joinAnd(what)
}

// nginxSyntax returns a description of the first NGINX syntax character
// in an annotation value that should be a URL, host name or regex.
func nginxSyntax(v string) string {
	for _, c := range []struct{ s, name string }{
		{";", "`;`"}, {"{", "`{`"}, {"}", "`}`"}, {"\n", "a line break"}, {"\"", "a quote"}, {"'", "a quote"}, {"`", "a backquote"},
	} {
		if strings.Contains(strings.TrimRight(v, "\n"), c.s) {
			return c.name
		}
	}
	return ""
}
