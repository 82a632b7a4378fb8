package kube

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var networkPolicyDocs = rules.Reference{Title: "Kubernetes docs: Network Policies", URL: "https://kubernetes.io/docs/concepts/services-networking/network-policies/"}

var namespaceWithoutPolicy = &rules.Rule{
	ID:       "KN001",
	Title:    "namespace without NetworkPolicy",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s3},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering},
	Kind:     "kubernetes",
	Help: `A namespace holds workloads in the scan, and no NetworkPolicy of the scan selects them. Without
a policy that selects it, a pod accepts connections from every pod of every namespace and
may connect anywhere: one compromised pod (a vulnerable web app, a poisoned dependency)
can reach databases, internal admin endpoints and the cloud metadata service of the whole
cluster. Kubernetes networking is flat by default; NetworkPolicy is the only built-in way
to segment it.

Policies and workloads are matched across files, as ` + "`kubectl apply`" + ` would put them together: a
policy selects a workload when its ` + "`podSelector`" + ` (` + "`matchLabels`" + ` and ` + "`matchExpressions`" + `) matches the
labels of the workload's pod template, in the same namespace. A namespace-wide default-deny
policy (` + "`podSelector: {}`" + `) selects every pod of its namespace. The finding is reported once per
namespace — on its Namespace object when the scan has one, otherwise on the first workload
not selected — and names the workloads left out.

Not reported:
- workloads with ` + "`hostNetwork: true`" + `: a NetworkPolicy cannot filter a pod that uses the node's
  network (KW005 reports them);
- PodTemplate objects, which run nothing themselves; pods that operators create from custom
  resources (the resources are not pod-bearing kinds);
- objects without ` + "`metadata.namespace`" + ` when other objects of the scan name namespaces: their
  namespace is decided when they are applied (kustomize's ` + "`namespace:`" + `, ` + "`kubectl -n`" + `, a
  Helm release), which the files do not say, and it is not "default". When no object of the
  scan names a namespace, the objects without one are judged together as one namespace.
  When the configuration sets ` + "`kubernetes.default-namespace`" + `, objects without a namespace are
  in that one, and so are NetworkPolicies without a namespace (which otherwise count for
  every namespace);
- workloads in a file that a Kustomization of the scan lists and transforms (` + "`patches`" + `,
  ` + "`commonLabels`" + `, ` + "`labels`" + `, ` + "`namespace`" + `…): the labels and namespace written in the file are
  not the ones applied;
- Deployments, StatefulSets, DaemonSets and ReplicaSets without ` + "`spec.selector`" + `, which the
  API server rejects: they are fragments another tool completes.

A NetworkPolicy without a namespace may be applied to any namespace, so it counts for every
namespace of the scan.

This rule does not judge what the selecting policies allow, nor whether they isolate
ingress, egress or both (a pod selected only by an Egress policy still accepts every
connection): KN002 reports policies that allow everything.`,
	Remediation: `Add a default-deny policy to each namespace and then allow the flows each workload needs:

` + "```yaml" + `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
` + "```" + `

Remember to allow DNS egress (to kube-dns on port 53) once egress is denied.`,
	References: []rules.Reference{
		networkPolicyDocs,
		{Title: "Kubernetes docs: Default deny all ingress and all egress traffic", URL: "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-and-all-egress-traffic"},
		{Title: "CIS Kubernetes Benchmark 5.3.2: Ensure that all Namespaces have Network Policies defined", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	CheckProject: checkNamespaceWithoutPolicy,
}

func checkNamespaceWithoutPolicy(p *rules.ProjectPass) {
	idx := networkOf(p)
	var order []string
	uncovered := map[string][]*netWorkload{}
	judged := map[string]bool{}
	for _, w := range idx.Workloads {
		if w.Pod == nil || w.Obj.Kind == "PodTemplate" || hostNetwork(w) || w.Kustomized != "" || fragment(w.Obj) || w.Namespace == "" && idx.UsesNamespaces {
			continue
		}
		ns := w.Namespace
		if !judged[ns] {
			judged[ns] = true
			order = append(order, ns)
		}
		covered := false
		for _, np := range idx.Policies {
			if mayApplyIn(np.Namespace, ns) && np.selects(w.Labels) {
				covered = true
				break
			}
		}
		if !covered {
			uncovered[ns] = append(uncovered[ns], w)
		}
	}
	for _, ns := range order {
		ws := uncovered[ns]
		if len(ws) == 0 {
			continue
		}
		policies := 0
		for _, np := range idx.Policies {
			if mayApplyIn(np.Namespace, ns) {
				policies++
			}
		}
		var names []string
		seen := map[string]bool{}
		for _, w := range ws {
			if d := w.Obj.Describe(); !seen[d] {
				seen[d] = true
				names = append(names, d)
			}
		}
		where := "namespace " + ns
		if ns == "" {
			where = "the scan, which names no namespace,"
		}
		they := "they accept connections from every pod of the cluster and may connect anywhere"
		if len(names) == 1 {
			they = "it accepts connections from every pod of the cluster and may connect anywhere"
		}
		msg := fmt.Sprintf("no NetworkPolicy of %s selects %s: %s", where, listText(names), they)
		if policies == 0 {
			msg = fmt.Sprintf("%s has no NetworkPolicy: %s %s", where, listText(names), strings.TrimPrefix(strings.TrimPrefix(they, "they "), "it "))
		}
		f := rules.Finding{Message: msg, Anchor: "Namespace/" + nsAnchor(ns) + ":networkPolicy"}
		nameAt := yamlpos.P("metadata", "name")
		if nsObj, ok := idx.Namespaces[ns]; ok && ns != "" {
			f.Path = nsObj.Path
			f.Range, _ = nsObj.Obj.Range(nameAt)
		} else {
			f.Path = ws[0].Path
			f.Range, _ = ws[0].Obj.Range(nameAt)
			ws = ws[1:]
		}
		for i, w := range ws {
			if i == 5 {
				break
			}
			r, _ := w.Obj.Range(nameAt)
			f.Related = append(f.Related, rules.Related{Path: w.Path, Range: r, Message: w.Obj.Describe() + " is selected by no NetworkPolicy"})
		}
		p.Report(f)
	}
}

func nsAnchor(ns string) string {
	if ns == "" {
		return "-"
	}
	return ns
}

var policyAllowsAll = &rules.Rule{
	ID:       "KN002",
	Title:    "NetworkPolicy allows all",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s3},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering},
	Kind:     "kubernetes",
	Help: `A NetworkPolicy rule lets everyone through, which undoes the isolation the policy gives the pods
it selects:
- an ingress or egress rule ` + "`{}`" + ` (no ` + "`from`" + `/` + "`to`" + `, no ` + "`ports`" + `): every source or destination on
  every port;
- a peer ` + "`namespaceSelector: {}`" + ` without a ` + "`podSelector`" + ` (or with an empty one): every pod of every
  namespace;
- a peer ` + "`ipBlock`" + ` whose CIDR is ` + "`0.0.0.0/0`" + ` or ` + "`::/0`" + `: every address, inside and outside the
  cluster.

Such rules are often written to "make it work" and stay: a policy that looks like
segmentation in review but lets a compromised pod anywhere in the cluster (or the internet,
through a LoadBalancer) reach the pod, or lets the pod exfiltrate anywhere.

Severity: on every port, high. When the rule lists ports, medium (the message names them).
Egress to everyone on port 53 only (DNS) is low, and so is an ` + "`ipBlock`" + ` of ` + "`0.0.0.0/0`" + ` with
` + "`except`" + ` entries, which is narrower (often "the internet, not the cluster").

Not reported: a default-deny policy (no rules); ` + "`podSelector: {}`" + ` as the policy's target
(that selects the pods the policy isolates, it allows nothing); a peer ` + "`podSelector: {}`" + `
alone (every pod of the policy's own namespace); a rule that lists ports without
` + "`from`" + `/` + "`to`" + ` (that is how a policy publishes a service port); rules of a direction the
policy's ` + "`policyTypes`" + ` leave out, which have no effect.`,
	Remediation: `Name the peers: a ` + "`podSelector`" + ` for pods of the same namespace, a ` + "`namespaceSelector`" + ` on
` + "`kubernetes.io/metadata.name`" + ` plus a ` + "`podSelector`" + ` for another namespace's pods, the CIDRs of the
networks that must reach the pod — and the ports. For internet egress, exclude the cluster's
and the cloud metadata service's ranges with ` + "`except`" + `.`,
	References: []rules.Reference{
		networkPolicyDocs,
		{Title: "Kubernetes docs: Behavior of to and from selectors", URL: "https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors"},
	},
	Check: eachObject(checkPolicyAllowsAll),
}

func checkPolicyAllowsAll(p *rules.Pass, o *pkube.Object) {
	np, ok := o.Typed.(*networkingv1.NetworkPolicy)
	if !ok {
		return
	}
	ingress, egress := (&netPolicy{Spec: np}).directions()
	if ingress {
		for i, r := range np.Spec.Ingress {
			judgeRule(p, o, "ingress", i, "from", r.From, r.Ports)
		}
	}
	if egress {
		for i, r := range np.Spec.Egress {
			judgeRule(p, o, "egress", i, "to", r.To, r.Ports)
		}
	}
}

func judgeRule(p *rules.Pass, o *pkube.Object, dir string, i int, peersKey string, peers []networkingv1.NetworkPolicyPeer, ports []networkingv1.NetworkPolicyPort) {
	at := yamlpos.P("spec", dir, i)
	what := fmt.Sprintf("%s %s rule %d", o.Describe(), dir, i+1)
	verb := "accepts connections from"
	if dir == "egress" {
		verb = "allows connections to"
	}
	if len(peers) == 0 {
		if len(ports) == 0 {
			everyone := "every source"
			if dir == "egress" {
				everyone = "every destination"
			}
			reportSev(p, o, at, 0, "%s (`{}`) %s %s on every port, inside and outside the cluster", what, verb, everyone)
		}
		return
	}
	for j, peer := range peers {
		peerAt := at.Key(peersKey).Index(j)
		switch {
		case peer.IPBlock != nil && allAddresses(peer.IPBlock.CIDR):
			cidrAt := peerAt.Key("ipBlock", "cidr")
			if len(peer.IPBlock.Except) > 0 {
				reportSev(p, o, cidrAt, rules.Low, "%s %s %s except %s%s: narrower, but still every other address inside and outside the cluster",
					what, verb, peer.IPBlock.CIDR, listText(peer.IPBlock.Except), portsText(ports))
				continue
			}
			sev, tail := portSeverity(dir, ports)
			reportSev(p, o, cidrAt, sev, "%s %s %s — every address, inside and outside the cluster —%s", what, verb, peer.IPBlock.CIDR, tail)
		case peer.NamespaceSelector != nil && emptySelector(peer.NamespaceSelector) && (peer.PodSelector == nil || emptySelector(peer.PodSelector)):
			sev, tail := portSeverity(dir, ports)
			how := "`namespaceSelector: {}`"
			if peer.PodSelector != nil {
				how = "`namespaceSelector: {}` with `podSelector: {}`"
			}
			reportSev(p, o, peerAt.Key("namespaceSelector"), sev, "%s %s every pod of every namespace (%s)%s", what, verb, how, tail)
		}
	}
}

// portSeverity scales a finding about an allow-everyone peer by the
// rule's ports: every port is the rule's severity, DNS egress low, other
// listed ports medium.
func portSeverity(dir string, ports []networkingv1.NetworkPolicyPort) (rules.Severity, string) {
	switch {
	case len(ports) == 0:
		return 0, " on every port"
	case dir == "egress" && dnsOnly(ports):
		return rules.Low, portsText(ports) + " (DNS only)"
	}
	return rules.Medium, portsText(ports)
}

func reportSev(p *rules.Pass, o *pkube.Object, path yamlpos.Path, sev rules.Severity, format string, args ...any) {
	r, _ := o.Range(path)
	p.Report(rules.Finding{Range: r, Anchor: o.Anchor(path), Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// allAddresses is true for a CIDR of prefix length 0 (0.0.0.0/0, ::/0).
func allAddresses(cidr string) bool {
	_, n, err := net.ParseCIDR(strings.TrimSpace(cidr))
	if err != nil {
		return false
	}
	ones, _ := n.Mask.Size()
	return ones == 0
}

func emptySelector(s *metav1.LabelSelector) bool {
	return len(s.MatchLabels) == 0 && len(s.MatchExpressions) == 0
}

func dnsOnly(ports []networkingv1.NetworkPolicyPort) bool {
	for _, pt := range ports {
		if pt.Port == nil || pt.EndPort != nil {
			return false
		}
		if v := pt.Port.String(); v != "53" && v != "dns" && v != "dns-tcp" {
			return false
		}
	}
	return true
}

// portsText is " on TCP 8080 and UDP 53".
func portsText(ports []networkingv1.NetworkPolicyPort) string {
	if len(ports) == 0 {
		return ""
	}
	var s []string
	for _, pt := range ports {
		proto := "TCP"
		if pt.Protocol != nil && *pt.Protocol != "" {
			proto = string(*pt.Protocol)
		}
		switch {
		case pt.Port == nil:
			s = append(s, "every "+proto+" port")
		case pt.EndPort != nil:
			s = append(s, proto+" "+pt.Port.String()+"-"+strconv.Itoa(int(*pt.EndPort)))
		default:
			s = append(s, proto+" "+pt.Port.String())
		}
	}
	return " on " + listText(s)
}

var policySelectsNothing = &rules.Rule{
	ID:       "KN003",
	Title:    "NetworkPolicy selects nothing",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s3},
	STRIDE:   []rules.Category{rules.InformationDisclosure},
	Kind:     "kubernetes",
	Help: `A NetworkPolicy's ` + "`podSelector`" + ` matches none of the pods the scan's workloads run in the
policy's namespace. A policy that selects nothing protects nothing: usually a label was
renamed in the Deployment and not in the policy, or the selector has a typo — and the pods
the policy was written for are open, while a reviewer reading the policy believes they are
isolated.

Workloads are matched across files: every pod-bearing kind by its pod template labels, and
custom resources that carry pod labels (` + "`spec.template.metadata.labels`" + ` of an Argo Rollout,
` + "`spec.podMetadata.labels`" + ` of a prometheus-operator Prometheus or Alertmanager). A workload
without ` + "`metadata.namespace`" + ` may be applied to any namespace, so it counts for every policy, and
a policy without one is matched against every workload. A workload or policy in a file that a
Kustomization of the scan lists and transforms (` + "`patches`" + `, ` + "`commonLabels`" + `, ` + "`namespace`" + `…)
has labels the file does not show: such a policy is not judged, and such a workload may match
any policy.

Severity: low when the policy's namespace has workloads in the scan (they are here and none
matches); info when it has none — the pods may be deployed from elsewhere. An empty
` + "`podSelector: {}`" + ` selects every pod of the namespace and is never reported.`,
	Remediation: `Make the selector match the labels of the pod template it is meant for (` + "`kubectl get pods -l ...`" + `
shows what it selects), or delete the policy.`,
	References: []rules.Reference{
		networkPolicyDocs,
		{Title: "Kubernetes docs: Labels and selectors", URL: "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/"},
	},
	CheckProject: checkPolicySelectsNothing,
}

func checkPolicySelectsNothing(p *rules.ProjectPass) {
	idx := networkOf(p)
	for _, np := range idx.Policies {
		if np.Selector == nil || np.selectsAll() || np.Kustomized != "" {
			continue
		}
		matched, local := false, false
		for _, w := range idx.Workloads {
			if np.Namespace != "" && !mayApplyIn(w.Namespace, np.Namespace) {
				continue
			}
			if np.selects(w.Labels) || w.Kustomized != "" {
				matched = true // a kustomized workload's labels are unknown: it may match
				break
			}
			if w.Namespace == np.Namespace && (np.Namespace != "" || !idx.UsesNamespaces) {
				local = true
			}
		}
		if matched {
			continue
		}
		sel := metav1.FormatLabelSelector(&np.Spec.Spec.PodSelector)
		where := "namespace " + np.Namespace
		if np.Namespace == "" {
			where = "the scan"
		}
		at := yamlpos.P("spec", "podSelector")
		r, _ := np.Obj.Range(at)
		f := rules.Finding{Path: np.Path, Range: r, Anchor: np.Obj.Anchor(at)}
		if local {
			f.Message = fmt.Sprintf("%s selects pods with %s, and no workload of %s has them: the policy protects nothing, and the pods it was written for are open",
				np.Obj.Describe(), sel, where)
		} else {
			f.Severity = rules.Info
			f.Message = fmt.Sprintf("%s selects pods with %s, and %s has no workloads in the scan to match: if none exists elsewhere, the policy protects nothing",
				np.Obj.Describe(), sel, where)
		}
		p.Report(f)
	}
}
