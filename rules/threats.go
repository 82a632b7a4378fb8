package rules

import "strings"

// Category is one of the six STRIDE threat categories.
type Category string

// The STRIDE categories, by their letter.
const (
	Spoofing              Category = "S"
	Tampering             Category = "T"
	Repudiation           Category = "R"
	InformationDisclosure Category = "I"
	DenialOfService       Category = "D"
	ElevationOfPrivilege  Category = "E"
)

// STRIDE lists the categories in the order of the acronym.
var STRIDE = []Category{Spoofing, Tampering, Repudiation, InformationDisclosure, DenialOfService, ElevationOfPrivilege}

// Name is the category's full name.
func (c Category) Name() string {
	switch c {
	case Spoofing:
		return "Spoofing"
	case Tampering:
		return "Tampering"
	case Repudiation:
		return "Repudiation"
	case InformationDisclosure:
		return "Information disclosure"
	case DenialOfService:
		return "Denial of service"
	case ElevationOfPrivilege:
		return "Elevation of privilege"
	}
	return string(c)
}

// Tag is the category as a SARIF tag ("stride/elevation-of-privilege").
func (c Category) Tag() string {
	return "stride/" + strings.ReplaceAll(strings.ToLower(c.Name()), " ", "-")
}

// ThreatID names a threat of the user's threat model (threats.md).
type ThreatID string

// The ten threats of the user's threat model.
const (
	Docker1 ThreatID = "DOCKER-1"
	Docker2 ThreatID = "DOCKER-2"
	Docker3 ThreatID = "DOCKER-3"
	Docker4 ThreatID = "DOCKER-4"
	Docker5 ThreatID = "DOCKER-5"
	K8s1    ThreatID = "K8S-1"
	K8s2    ThreatID = "K8S-2"
	K8s3    ThreatID = "K8S-3"
	K8s4    ThreatID = "K8S-4"
	K8s5    ThreatID = "K8S-5"
)

// Threat is one entry of the user's threat model, in the seed's own words.
type Threat struct {
	ID          ThreatID
	Group       string // "Docker" or "Kubernetes"
	Title       string
	Description string
	STRIDE      []Category
	Details     string
	// Evidence says what in a repository shows the threat (threats.md).
	Evidence string
}

// Threats is the user's threat model (shared/seeds), in its order.
var Threats = []Threat{
	{ID: Docker1, Group: "Docker", Title: "Container Image Vulnerabilities",
		Description: "Vulnerabilities in the base images or third-party libraries can be exploited.",
		STRIDE:      []Category{Tampering, InformationDisclosure},
		Details:     "Attackers may tamper with images or exploit vulnerabilities to gain unauthorized access, leading to information disclosure.",
		Evidence:    "base image `latest` or untagged, no digest pin, `ADD` from a URL, `curl … | sh`, packages from unpinned or insecure sources, secrets baked into layers, insecure registries in daemon.json"},
	{ID: Docker2, Group: "Docker", Title: "Docker Daemon API Exposure",
		Description: "The Docker daemon API can be accessed remotely if not secured properly.",
		STRIDE:      []Category{Spoofing, ElevationOfPrivilege},
		Details:     "An attacker could spoof legitimate requests to the Docker daemon to gain elevated privileges.",
		Evidence:    "daemon.json or dockerd flags listening on `tcp://` without `tlsverify`, port 2375 published, `DOCKER_HOST=tcp://…` without TLS, the daemon socket mounted into a container"},
	{ID: Docker3, Group: "Docker", Title: "Insecure Networking Between Containers",
		Description: "Poorly configured network settings may allow unauthorized access between containers.",
		STRIDE:      []Category{InformationDisclosure, DenialOfService},
		Details:     "Sensitive data can be intercepted during container communication, or an attacker can disrupt services.",
		Evidence:    "`icc` not false, `network_mode: host`, services on the default bridge, ports bound to 0.0.0.0, userland proxy on (CIS 2.16), iptables disabled"},
	{ID: Docker4, Group: "Docker", Title: "Misconfigured Docker Volumes",
		Description: "Improper permissions on mounted volumes can lead to data exposure.",
		STRIDE:      []Category{InformationDisclosure, Tampering},
		Details:     "Unauthorized access to sensitive data stored in volumes may occur, allowing attackers to tamper with the data.",
		Evidence:    "host paths like `/`, `/etc`, `/proc`, `/var/run/docker.sock` mounted, writable mounts of sensitive paths, `:shared` propagation, world-writable files copied in"},
	{ID: Docker5, Group: "Docker", Title: "Container Escape Vulnerabilities",
		Description: "Flaws that allow attackers to escape the container and gain access to the host system.",
		STRIDE:      []Category{ElevationOfPrivilege},
		Details:     "An attacker could exploit these vulnerabilities to escalate privileges and compromise the host.",
		Evidence:    "`privileged`, dangerous `cap_add`, `seccomp=unconfined`, `apparmor=unconfined`, `pid/ipc/userns: host`, root user, no `no-new-privileges`, devices passed through"},
	{ID: K8s1, Group: "Kubernetes", Title: "API Server Authentication Flaws",
		Description: "Weak authentication mechanisms in the API server can be exploited.",
		STRIDE:      []Category{Spoofing, ElevationOfPrivilege},
		Details:     "Attackers could impersonate legitimate users to gain unauthorized access to the control plane.",
		Evidence:    "kube-apiserver `--anonymous-auth=true`, `--authorization-mode=AlwaysAllow`, token/basic-auth files, insecure port, kubelet anonymous auth or `AlwaysAllow`, bindings to `system:anonymous` / `system:unauthenticated`"},
	{ID: K8s2, Group: "Kubernetes", Title: "etcd Data Storage Vulnerabilities",
		Description: "Sensitive configuration data is stored in etcd, which can be improperly secured.",
		STRIDE:      []Category{InformationDisclosure, Tampering},
		Details:     "An attacker could access or modify sensitive data stored in etcd, compromising cluster integrity.",
		Evidence:    "EncryptionConfiguration with `identity` first or missing, etcd without client-cert auth or with auto-TLS, apiserver without etcd TLS flags, Secrets committed in plain YAML"},
	{ID: K8s3, Group: "Kubernetes", Title: "Network Policies Misconfiguration",
		Description: "Improperly configured network policies may allow unauthorized traffic.",
		STRIDE:      []Category{InformationDisclosure, DenialOfService},
		Details:     "Sensitive services may be exposed, allowing attackers to intercept data or launch denial of service attacks.",
		Evidence:    "namespaces with workloads and no NetworkPolicy, policies that allow all ingress/egress, `0.0.0.0/0` ipBlocks, NodePort/LoadBalancer exposure, hostPort"},
	{ID: K8s4, Group: "Kubernetes", Title: "RBAC Misconfigurations",
		Description: "Incorrectly defined Role-Based Access Control (RBAC) policies can lead to excessive permissions.",
		STRIDE:      []Category{ElevationOfPrivilege, Repudiation},
		Details:     "Users may gain unauthorized access to resources, and actions may be repudiated due to lack of proper logging.",
		Evidence:    "wildcard verbs/resources, `cluster-admin` bound to users or default service accounts, `escalate`/`bind`/`impersonate`, secrets read, `pods/exec`, create pods, nodes/proxy; no audit policy (repudiation)"},
	{ID: K8s5, Group: "Kubernetes", Title: "Pod Security Policy Violations",
		Description: "Weak Pod Security Policies may allow the deployment of insecure containers.",
		STRIDE:      []Category{Tampering, DenialOfService},
		Details:     "Attackers can deploy malicious containers that disrupt services or tamper with existing workloads.",
		Evidence:    "privileged, hostPID/hostIPC/hostNetwork, hostPath, added capabilities, `allowPrivilegeEscalation`, root, no resource limits (DoS), no `readOnlyRootFilesystem`, no seccomp, namespaces labelled `enforce: privileged` or no Pod Security Admission label"},
}

// ThreatByID returns the threat with that ID.
func ThreatByID(id ThreatID) (Threat, bool) {
	for _, t := range Threats {
		if t.ID == id {
			return t, true
		}
	}
	return Threat{}, false
}

// BenchCheck is a CIS Docker Benchmark item of the user's docker-bench run.
type BenchCheck struct {
	ID     string // CIS Docker Benchmark section, e.g. "2.16"
	Title  string
	Threat ThreatID
	// Reason and Fix are the seed's own words.
	Reason, Fix string
}

// SeedBenchChecks are the docker-bench items that failed in the user's run
// and that stridelint reproduces from files.
var SeedBenchChecks = []BenchCheck{
	{ID: "2.16", Title: "Ensure Userland Proxy is Disabled", Threat: Docker3,
		Reason: "The Docker daemon starts a userland proxy service for port forwarding whenever a port is exposed. Where hairpin NAT is available, this service is generally superfluous to requirements and can be disabled.",
		Fix:    "dockerd --userland-proxy=false (or \"userland-proxy\": false in daemon.json)"},
	{ID: "3.17", Title: "Ensure that the daemon.json file ownership is set to root:root", Threat: Docker2,
		Reason: "The daemon.json file contains sensitive parameters that could alter the behavior of the docker daemon. It should therefore be owned and group owned by root to ensure it can not be modified by less privileged users.",
		Fix:    "chown root:root /etc/docker/daemon.json"},
	{ID: "4.5", Title: "Ensure Content trust for Docker is Enabled", Threat: Docker1,
		Reason: "Content trust provides the ability to use digital signatures for data sent to and received from remote Docker registries. These signatures allow client-side verification of the identity and the publisher of specific image tags and ensures the provenance of container images.",
		Fix:    "export DOCKER_CONTENT_TRUST=1"},
}
