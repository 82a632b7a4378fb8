package kube

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

var hostPortBound = &rules.Rule{
	ID:       "KW009",
	Title:    "host port",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s3},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.DenialOfService},
	Kind:     "kubernetes",
	Help: `A container port sets ` + "`hostPort`" + `: the node forwards that port of its own address to the
container. The workload is then reachable by anything that can reach the node — other
networks, other tenants' pods, the internet for nodes with public addresses — without a
Service, an Ingress or a load balancer's source ranges in front of it, and the exposure
follows the pod to whichever node it is scheduled on. A ` + "`hostIP`" + ` narrows the address but
the port is still the node's. Host ports also pin the pod to nodes where the port is free,
and a pod that takes a well-known port first can intercept traffic meant for a node
service. The Pod Security Standards forbid host ports at the Baseline level.

Not flagged: ` + "`hostPort: 0`" + ` (unset), and the ports of host-network pods, whose every port is
a host port already: KW005 reports those pods.`,
	Remediation: `Remove ` + "`hostPort`" + ` and expose the container through a Service (` + "`ClusterIP`" + ` for
in-cluster clients; a ` + "`LoadBalancer`" + ` with ` + "`loadBalancerSourceRanges`" + ` or an Ingress for outside
ones). A node agent that must answer on the node's address should bind ` + "`hostIP: 127.0.0.1`" + ` if
only node-local clients use it.`,
	References: []rules.Reference{
		{Title: "Kubernetes Pod Security Standards (Baseline: Host Ports)", URL: "https://kubernetes.io/docs/concepts/security/pod-security-standards/"},
		{Title: "Kubernetes docs: Configuration best practices (avoid hostPort)", URL: "https://kubernetes.io/docs/concepts/configuration/overview/#services"},
		{Title: "CIS Kubernetes Benchmark 5.2.13: Minimize the admission of containers which use HostPorts", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachContainer(checkPodHostPort),
}

func checkPodHostPort(p *rules.Pass, c *pkube.Container) {
	if c.Pod.Spec.HostNetwork {
		return // KW005
	}
	for i, port := range c.C.Ports {
		if port.HostPort == 0 {
			continue
		}
		on := ""
		if port.HostIP != "" {
			on = " on host IP " + port.HostIP
		}
		reportAt(p, c.Pod.Object, c.Path.Key("ports").Index(i).Key("hostPort"), "%s of %s binds host port %d%s (container port %s): it is reachable on the node's own address by anything that can reach the node, not only through a Service",
			c.Describe(), c.Pod.Object.Describe(), port.HostPort, on, containerPortText(port))
	}
}

// containerPortText is "80/TCP", or "80/TCP, http" for a named port.
func containerPortText(port corev1.ContainerPort) string {
	proto := string(port.Protocol)
	if proto == "" {
		proto = "TCP"
	}
	s := fmt.Sprintf("%d/%s", port.ContainerPort, proto)
	if port.Name != "" {
		s += " \"" + port.Name + "\""
	}
	return s
}

var sshPortDeclared = &rules.Rule{
	ID:       "KW031",
	Title:    "SSH port",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Help: `A container declares TCP port 22, or a port named ` + "`ssh`" + ` or ` + "`sshd`" + `: it runs an SSH server.
That is a second way into the container that bypasses the cluster's own access control
— ` + "`kubectl exec`" + ` goes through the API server's authentication, RBAC and audit log; an SSH
login does not — and it brings long-lived keys or passwords to steal or brute-force, and a
daemon running as root to keep patched. A container that needs sshd usually is a VM in
disguise, with several processes and mutable state.

Not flagged: UDP or SCTP port 22 (not SSH). Git servers (Gitea, GitLab) serve Git over SSH
on purpose: accept the finding for them, with the SSH server confined to Git commands.`,
	Remediation: `Remove the SSH server and the port. Use ` + "`kubectl exec`" + ` or ` + "`kubectl debug`" + ` for
interactive access (authorized by RBAC, recorded in the audit log), and ` + "`kubectl cp`" + ` or a
volume for files.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Get a Shell to a Running Container", URL: "https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/"},
		{Title: "Kubernetes docs: Auditing", URL: "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/"},
	},
	Check: eachContainer(checkPodSSHPort),
}

func checkPodSSHPort(p *rules.Pass, c *pkube.Container) {
	for i, port := range c.C.Ports {
		if port.Protocol != "" && port.Protocol != corev1.ProtocolTCP {
			continue
		}
		at := c.Path.Key("ports").Index(i)
		switch name := strings.ToLower(port.Name); {
		case port.ContainerPort == 22:
			at = at.Key("containerPort")
		case name == "ssh" || name == "sshd":
			at = at.Key("name")
		default:
			continue
		}
		reportAt(p, c.Pod.Object, at, "%s of %s declares SSH port %s: an SSH login bypasses the API server's authentication, RBAC and audit that kubectl exec goes through",
			c.Describe(), c.Pod.Object.Describe(), containerPortText(port))
	}
}
