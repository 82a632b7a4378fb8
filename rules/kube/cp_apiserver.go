package kube

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var apiServerRef = rules.Reference{Title: "Kubernetes docs: kube-apiserver reference", URL: "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"}

var apiAnonymous = &rules.Rule{
	ID:       "KC001",
	Title:    "API server anonymous auth",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.Spoofing, rules.InformationDisclosure},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `The API server accepts requests without credentials as user ` + "`system:anonymous`" + ` unless
` + "`--anonymous-auth=false`" + ` (the default is true). What anonymous requests can do is then
decided by RBAC alone: one careless binding (KR003) exposes the cluster to anyone who reaches
the API server, and the discovery and version endpoints are open to scanners. When
` + "`--authentication-config`" + ` is given, anonymous access is configured in that file
(Kubernetes 1.32+, with per-endpoint conditions) and the flag is not judged.` + sourcesHelp,
	Remediation: "Set `--anonymous-auth=false`, or, where load balancers need `/healthz`, an `AuthenticationConfiguration` whose `anonymous` section allows only `/healthz`, `/livez` and `/readyz`.",
	References: []rules.Reference{
		cisK8s("1.2.1", "Ensure that the --anonymous-auth argument is set to false"),
		apiServerRef,
	},
	CheckProject: eachComponent(APIServer, func(p *rules.ProjectPass, c *component) {
		if _, _, set := c.boolValue("authentication-config"); set {
			return
		}
		if v, f, set := c.boolValue("anonymous-auth"); !set || v {
			reportFlag(p, c, f, set, "anonymous-auth", 0, "%s accepts anonymous requests (%s): every request without credentials is served as system:anonymous", c.describe(), valueText(f, set, "--anonymous-auth defaults to true"))
		}
	}),
}

// valueText says what a flag is: "--x=y" as written or the default.
func valueText(f flag, set bool, dflt string) string {
	if set && !f.Implied {
		return flagText(f)
	}
	if set {
		return flagText(f) + " set by kubeadm"
	}
	return dflt
}

var apiStaticTokens = &rules.Rule{
	ID:       "KC002",
	Title:    "static token or basic-auth file",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.Spoofing, rules.Repudiation},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `` + "`--token-auth-file`" + ` (and the removed ` + "`--basic-auth-file`" + `) authenticate users with long-lived
bearer tokens or passwords kept in a CSV file on the control-plane node: they never expire,
cannot be revoked without restarting the API server, are shared by copy-paste, and are
usually kept in plain text in provisioning repositories.` + sourcesHelp,
	Remediation: "Remove the flag; authenticate people through OIDC (`--oidc-*` or `--authentication-config`) and automation with service account tokens or client certificates.",
	References: []rules.Reference{
		cisK8s("1.2.2", "Ensure that the --token-auth-file parameter is not set"),
		apiServerRef,
	},
	CheckProject: eachComponent(APIServer, func(p *rules.ProjectPass, c *component) {
		for _, name := range []string{"token-auth-file", "basic-auth-file"} {
			if f, ok := c.get(name); ok {
				reportFlag(p, c, f, ok, name, 0, "%s authenticates with the static credentials of %s: tokens that never expire and cannot be revoked", c.describe(), flagText(f))
			}
		}
	}),
}

var apiAlwaysAllow = &rules.Rule{
	ID:       "KC003",
	Title:    "authorization AlwaysAllow",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `` + "`--authorization-mode`" + ` decides who may do what. With ` + "`AlwaysAllow`" + ` (the default when the
flag is absent and no ` + "`--authorization-config`" + ` is given) every authenticated request is
allowed — every service account token is cluster-admin. Without ` + "`RBAC`" + ` no Role or binding
means anything; without ` + "`Node`" + ` kubelets are not limited to their own node's objects.` + sourcesHelp,
	Remediation: "Set `--authorization-mode=Node,RBAC` (kubeadm's setting), or an `--authorization-config` file with the Node and RBAC authorizers.",
	References: []rules.Reference{
		cisK8s("1.2.6", "Ensure that the --authorization-mode argument is not set to AlwaysAllow"),
		cisK8s("1.2.7", "Ensure that the --authorization-mode argument includes Node"),
		cisK8s("1.2.8", "Ensure that the --authorization-mode argument includes RBAC"),
		apiServerRef,
	},
	CheckProject: eachComponent(APIServer, func(p *rules.ProjectPass, c *component) {
		if _, ok := c.get("authorization-config"); ok {
			return
		}
		modes, f, set := c.list("authorization-mode")
		switch {
		case !set:
			reportFlag(p, c, f, set, "authorization-mode", 0, "%s has no --authorization-mode: it defaults to AlwaysAllow, and every authenticated request is allowed", c.describe())
		case slices.Contains(modes, "AlwaysAllow"):
			reportFlag(p, c, f, set, "authorization-mode", 0, "%s authorizes with AlwaysAllow (%s): every authenticated request is allowed", c.describe(), flagText(f))
		default:
			var missing []string
			for _, m := range []string{"Node", "RBAC"} {
				if !slices.Contains(modes, m) {
					missing = append(missing, m)
				}
			}
			if len(missing) > 0 {
				reportFlag(p, c, f, set, "authorization-mode", rules.High, "%s authorization lacks %s (%s)", c.describe(), joinAnd(missing), flagText(f))
			}
		}
	}),
}

var apiInsecureServing = &rules.Rule{
	ID:       "KC004",
	Title:    "insecure serving",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `` + "`--insecure-port`" + ` other than 0 and ` + "`--insecure-bind-address`" + ` serve the API over plain HTTP with
no authentication and no authorization: full cluster-admin for anyone who reaches the port
(8080 by convention). The flags were removed in Kubernetes 1.24, but clusters and
provisioning code older than that still carry them. ` + "`--secure-port=0`" + ` turns the HTTPS
API off, which only makes sense together with the insecure port.` + sourcesHelp,
	Remediation: "Remove `--insecure-port` and `--insecure-bind-address` (or set `--insecure-port=0` on releases before 1.20), and serve on `--secure-port` only.",
	References: []rules.Reference{
		{Title: "Kubernetes 1.24 changelog: --insecure-port and --insecure-bind-address removed", URL: "https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.24.md"},
		apiServerRef,
	},
	CheckProject: eachComponent(APIServer, func(p *rules.ProjectPass, c *component) {
		if f, ok := c.get("insecure-port"); ok && strings.Trim(f.Value, `"'`) != "0" {
			reportFlag(p, c, f, ok, "insecure-port", 0, "%s serves the API without authentication or authorization on port %s (%s)", c.describe(), f.Value, flagText(f))
		}
		if f, ok := c.get("insecure-bind-address"); ok {
			if pf, pok := c.get("insecure-port"); !pok || strings.Trim(pf.Value, `"'`) != "0" {
				reportFlag(p, c, f, ok, "insecure-bind-address", 0, "%s binds its unauthenticated HTTP API to %s (%s)", c.describe(), f.Value, flagText(f))
			}
		}
		if f, ok := c.get("secure-port"); ok && strings.Trim(f.Value, `"'`) == "0" {
			reportFlag(p, c, f, ok, "secure-port", rules.High, "%s turns its HTTPS API off (%s)", c.describe(), flagText(f))
		}
	}),
}

// defaultAdmission are the admission plugins kube-apiserver enables by
// default (1.30+).
var defaultAdmission = []string{"CertificateApproval", "CertificateSigning", "CertificateSubjectRestriction",
	"DefaultIngressClass", "DefaultStorageClass", "DefaultTolerationSeconds", "LimitRanger",
	"MutatingAdmissionWebhook", "NamespaceLifecycle", "PersistentVolumeClaimResize", "PodSecurity", "Priority",
	"ResourceQuota", "RuntimeClass", "ServiceAccount", "StorageObjectInUseProtection", "TaintNodesByCondition",
	"ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook"}

var apiAdmission = &rules.Rule{
	ID:       "KC005",
	Title:    "admission plugins weak",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.Tampering, rules.DenialOfService},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `Admission plugins are the API server's last word on what may be created. This rule reads
` + "`--enable-admission-plugins`" + ` and ` + "`--disable-admission-plugins`" + ` over the default set of the
current release and reports, each by name: ` + "`AlwaysAdmit`" + ` enabled (high: admission is
off); ` + "`NodeRestriction`" + ` not enabled (medium: a kubelet's credentials can modify other
nodes and any pod), ` + "`ServiceAccount`" + `, ` + "`NamespaceLifecycle`" + ` or ` + "`PodSecurity`" + ` disabled
(medium); ` + "`EventRateLimit`" + `, ` + "`AlwaysPullImages`" + ` and ` + "`DenyServiceExternalIPs`" + ` not enabled
(low: CIS recommendations whose cost depends on the cluster).` + sourcesHelp,
	Remediation: "Enable `NodeRestriction` (kubeadm does), keep the defaults enabled, and consider `EventRateLimit` (with its config), `AlwaysPullImages` on multi-tenant clusters and `DenyServiceExternalIPs`.",
	References: []rules.Reference{
		cisK8s("1.2.9", "Ensure that the admission control plugin EventRateLimit is set"),
		cisK8s("1.2.10", "Ensure that the admission control plugin AlwaysAdmit is not set"),
		cisK8s("1.2.11", "Ensure that the admission control plugin AlwaysPullImages is set"),
		cisK8s("1.2.12", "Ensure that the admission control plugin ServiceAccount is set"),
		cisK8s("1.2.13", "Ensure that the admission control plugin NamespaceLifecycle is set"),
		cisK8s("1.2.14", "Ensure that the admission control plugin NodeRestriction is set"),
		{Title: "Kubernetes docs: Admission controllers", URL: "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/"},
	},
	CheckProject: eachComponent(APIServer, checkAdmission),
}

func checkAdmission(p *rules.ProjectPass, c *component) {
	enabled, ef, eset := c.list("enable-admission-plugins")
	if !eset {
		// The removed --admission-control replaced the whole list.
		enabled, ef, eset = c.list("admission-control")
	}
	disabled, df, dset := c.list("disable-admission-plugins")
	on := map[string]bool{}
	if _, legacy := c.get("admission-control"); !legacy {
		for _, d := range defaultAdmission {
			on[d] = true
		}
	}
	for _, e := range enabled {
		on[e] = true
	}
	for _, d := range disabled {
		on[d] = false
	}
	if on["AlwaysAdmit"] {
		reportFlag(p, c, ef, eset, "AlwaysAdmit", rules.High, "%s enables AlwaysAdmit (%s): admission control accepts everything", c.describe(), flagText(ef))
	}
	if !on["NodeRestriction"] {
		reportFlag(p, c, ef, eset, "NodeRestriction", rules.Medium, "%s does not enable NodeRestriction: a kubelet's credentials can change other nodes and the pods on them", c.describe())
	}
	for _, name := range []string{"ServiceAccount", "NamespaceLifecycle", "PodSecurity"} {
		if !on[name] {
			f, set := df, dset
			if !slices.Contains(disabled, name) {
				f, set = ef, eset
			}
			reportFlag(p, c, f, set, name, rules.Medium, "%s runs without the %s admission plugin", c.describe(), name)
		}
	}
	var missing []string
	for _, name := range []string{"EventRateLimit", "AlwaysPullImages", "DenyServiceExternalIPs"} {
		if !on[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		reportFlag(p, c, ef, eset, "recommended-plugins", rules.Low, "%s does not enable %s", c.describe(), joinAnd(missing))
	}
}

var apiKubeletAuth = &rules.Rule{
	ID:       "KC006",
	Title:    "kubelet client auth to API missing",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.Spoofing, rules.InformationDisclosure},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `The API server connects to kubelets for logs, exec and port-forward. Without
` + "`--kubelet-client-certificate`" + ` and ` + "`--kubelet-client-key`" + ` it cannot authenticate to them
(so kubelets must accept anonymous requests); without ` + "`--kubelet-certificate-authority`" + ` it
does not verify the kubelet's certificate, and anyone who can impersonate a node's address
receives the exec streams and the credentials that travel in them.` + sourcesHelp,
	Remediation: "Set `--kubelet-client-certificate`/`--kubelet-client-key` (kubeadm does) and `--kubelet-certificate-authority` with kubelet serving certificates signed by that CA (`serverTLSBootstrap: true` and CSR approval).",
	References: []rules.Reference{
		cisK8s("1.2.4", "Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate"),
		cisK8s("1.2.5", "Ensure that the --kubelet-certificate-authority argument is set as appropriate"),
		apiServerRef,
	},
	CheckProject: eachComponent(APIServer, func(p *rules.ProjectPass, c *component) {
		_, certOK := c.get("kubelet-client-certificate")
		_, keyOK := c.get("kubelet-client-key")
		if !certOK || !keyOK {
			reportFlag(p, c, flag{}, false, "kubelet-client-certificate", 0, "%s has no kubelet client certificate and key: it cannot authenticate to kubelets", c.describe())
		}
		if _, ok := c.get("kubelet-certificate-authority"); !ok {
			reportFlag(p, c, flag{}, false, "kubelet-certificate-authority", 0, "%s does not verify kubelet certificates (no --kubelet-certificate-authority): exec, logs and port-forward go to whoever answers at a node's address", c.describe())
		}
	}),
}

var apiEtcdTLS = &rules.Rule{
	ID:       "KC007",
	Title:    "etcd client TLS from API server missing",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s2},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `etcd holds every object of the cluster, Secrets included. Without ` + "`--etcd-certfile`" + `,
` + "`--etcd-keyfile`" + ` and ` + "`--etcd-cafile`" + ` the API server talks to etcd without TLS client
authentication — which means etcd accepts unauthenticated clients — or without verifying
etcd's certificate. An ` + "`http://`" + ` URL in ` + "`--etcd-servers`" + ` sends every Secret in clear text.` + sourcesHelp,
	Remediation: "Serve etcd over `https://` with `--client-cert-auth=true`, and give the API server `--etcd-cafile`, `--etcd-certfile` and `--etcd-keyfile` (kubeadm does).",
	References: []rules.Reference{
		cisK8s("1.2.23", "Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate"),
		cisK8s("1.2.26", "Ensure that the --etcd-cafile argument is set as appropriate"),
		apiServerRef,
	},
	CheckProject: eachComponent(APIServer, func(p *rules.ProjectPass, c *component) {
		servers, f, ok := c.list("etcd-servers")
		plain, remote, secure := classifyURLs(servers)
		switch {
		case len(remote) > 0:
			reportFlag(p, c, f, ok, "etcd-servers", 0, "%s reaches etcd over plain HTTP (%s): every Secret crosses the network in clear text, to an etcd that authenticates no client", c.describe(), remote[0])
			return
		case len(plain) > 0 && !secure:
			reportFlag(p, c, f, ok, "etcd-servers", 0, "%s reaches etcd over plain HTTP on loopback (%s): an etcd without TLS authenticates no client, so any process on the node reads every Secret", c.describe(), plain[0])
			return
		}
		var missing []string
		for _, name := range []string{"etcd-certfile", "etcd-keyfile", "etcd-cafile"} {
			if _, ok := c.get(name); !ok {
				missing = append(missing, "--"+name)
			}
		}
		if len(missing) > 0 {
			reportFlag(p, c, flag{}, false, "etcd-tls", 0, "%s connects to etcd without %s: no client authentication or verification of etcd", c.describe(), joinAnd(missing))
		}
	}),
}

var apiNoEncryption = &rules.Rule{
	ID:       "KC008",
	Title:    "encryption at rest not configured",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s2},
	STRIDE:   []rules.Category{rules.InformationDisclosure},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `Without ` + "`--encryption-provider-config`" + ` the API server writes Secrets to etcd as plain
base64: anyone who reads etcd's data directory, a snapshot or a backup reads every Secret of
the cluster. (Managed control planes encrypt the disk, which does not protect backups or a
compromised etcd member.) The provider file itself is judged by KC009.` + sourcesHelp,
	Remediation: "Write an `EncryptionConfiguration` with a `kms` v2 (or `aescbc`/`secretbox`) provider first for `secrets`, pass it with `--encryption-provider-config`, then rewrite existing Secrets (`kubectl get secrets -A -o json | kubectl replace -f -`).",
	References: []rules.Reference{
		cisK8s("1.2.27", "Ensure that the --encryption-provider-config argument is set as appropriate"),
		{Title: "Kubernetes docs: Encrypting confidential data at rest", URL: "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/"},
	},
	CheckProject: eachComponent(APIServer, func(p *rules.ProjectPass, c *component) {
		if _, ok := c.get("encryption-provider-config"); !ok {
			reportFlag(p, c, flag{}, false, "encryption-provider-config", 0, "%s has no --encryption-provider-config: Secrets are stored in etcd unencrypted", c.describe())
		}
	}),
}

var apiNoAudit = &rules.Rule{
	ID:       "KC012",
	Title:    "no audit log",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s4},
	STRIDE:   []rules.Category{rules.Repudiation},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `Without ` + "`--audit-policy-file`" + ` and an audit backend (` + "`--audit-log-path`" + ` or
` + "`--audit-webhook-config-file`" + `) the API server records nothing of who read which Secret,
exec'd into which pod or changed which binding. Log retention below CIS's minimums
(` + "`--audit-log-maxage`" + ` 30 days, ` + "`--audit-log-maxbackup`" + ` 10 files, ` + "`--audit-log-maxsize`" + `
100 MB) is reported at low.` + sourcesHelp,
	Remediation: "Set `--audit-policy-file` (a policy that logs Secret, exec and RBAC access: see KC013) and `--audit-log-path` with `--audit-log-maxage=30 --audit-log-maxbackup=10 --audit-log-maxsize=100`, or ship events with `--audit-webhook-config-file`.",
	References: []rules.Reference{
		cisK8s("1.2.16", "Ensure that the --audit-log-path argument is set"),
		cisK8s("1.2.17", "Ensure that the --audit-log-maxage argument is set to 30 or as appropriate"),
		cisK8s("1.2.18", "Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate"),
		cisK8s("1.2.19", "Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate"),
		{Title: "Kubernetes docs: Auditing", URL: "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/"},
	},
	CheckProject: eachComponent(APIServer, func(p *rules.ProjectPass, c *component) {
		_, policy := c.get("audit-policy-file")
		_, logPath := c.get("audit-log-path")
		_, webhook := c.get("audit-webhook-config-file")
		switch {
		case !policy && !logPath && !webhook:
			reportFlag(p, c, flag{}, false, "audit", 0, "%s keeps no audit log (no --audit-policy-file, no --audit-log-path)", c.describe())
			return
		case !policy:
			reportFlag(p, c, flag{}, false, "audit-policy-file", 0, "%s has an audit backend but no --audit-policy-file: without a policy no event is recorded", c.describe())
		case !logPath && !webhook:
			reportFlag(p, c, flag{}, false, "audit-log-path", 0, "%s has an audit policy but no backend (--audit-log-path or --audit-webhook-config-file): events go nowhere", c.describe())
		}
		if !logPath {
			return
		}
		for _, lim := range []struct {
			name string
			min  int
		}{{"audit-log-maxage", 30}, {"audit-log-maxbackup", 10}, {"audit-log-maxsize", 100}} {
			f, ok := c.get(lim.name)
			n, err := strconv.Atoi(strings.Trim(f.Value, `"'`))
			if ok && err == nil && n >= lim.min {
				continue
			}
			what := "is not set"
			if ok {
				what = fmt.Sprintf("is %s", f.Value)
			}
			reportFlag(p, c, f, ok, lim.name, rules.Low, "%s --%s %s (CIS: at least %d)", c.describe(), lim.name, what, lim.min)
		}
	}),
}

var cpProfiling = &rules.Rule{
	ID:       "KC014",
	Title:    "profiling enabled",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.DenialOfService},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `` + "`--profiling`" + ` defaults to true on the API server, the controller manager and the scheduler:
` + "`/debug/pprof`" + ` then exposes heap dumps and execution profiles (which can hold request data)
and lets a caller with access burn CPU on the control plane.` + sourcesHelp,
	Remediation: "Set `--profiling=false` on kube-apiserver, kube-controller-manager and kube-scheduler (kubeadm: `extraArgs`).",
	References: []rules.Reference{
		cisK8s("1.2.15", "Ensure that the --profiling argument is set to false (API server)"),
		cisK8s("1.3.2", "Ensure that the --profiling argument is set to false (controller manager)"),
		cisK8s("1.4.1", "Ensure that the --profiling argument is set to false (scheduler)"),
	},
	CheckProject: func(p *rules.ProjectPass) {
		for _, c := range componentsOf(p) {
			if c.Name != APIServer && c.Name != ControllerManager && c.Name != Scheduler {
				continue
			}
			if cf, ok := c.get("config"); ok && c.Name == Scheduler {
				schedulerProfiling(p, c, cf)
				continue
			}
			if v, f, set := c.boolValue("profiling"); !set || v {
				reportFlag(p, c, f, set, "profiling", 0, "%s serves /debug/pprof (%s)", c.describe(), valueText(f, set, "--profiling defaults to true"))
			}
		}
	},
}

// strongCiphers are the TLS 1.2 cipher suites CIS accepts (TLS 1.3 suites
// are not configurable and always strong).
var strongCiphers = map[string]bool{
	"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256": true, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256": true,
	"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305": true, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384": true,
	"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305": true, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384": true,
	"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256": true, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256": true,
	"TLS_AES_128_GCM_SHA256": true, "TLS_AES_256_GCM_SHA384": true, "TLS_CHACHA20_POLY1305_SHA256": true,
}

var apiWeakCiphers = &rules.Rule{
	ID:       "KC021",
	Title:    "weak TLS cipher suites on API server",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `` + "`--tls-cipher-suites`" + ` lists a suite outside the strong AEAD set (CBC-mode, RSA key
exchange, 3DES, RC4): a client can be made to negotiate a suite without forward secrecy or
with known weaknesses. An absent flag uses Go's defaults, which are sound, and is not
reported.` + sourcesHelp,
	Remediation: "List only ECDHE AES-GCM and ChaCha20-Poly1305 suites, or leave the flag out and set `--tls-min-version=VersionTLS12` (or 13).",
	References: []rules.Reference{
		cisK8s("1.2.30", "Ensure that the API Server only makes use of Strong Cryptographic Ciphers"),
		apiServerRef,
	},
	CheckProject: eachComponent(APIServer, func(p *rules.ProjectPass, c *component) {
		suites, f, ok := c.list("tls-cipher-suites")
		var weak []string
		for _, s := range suites {
			if !strongCiphers[s] {
				weak = append(weak, s)
			}
		}
		if ok && len(weak) > 0 {
			reportFlag(p, c, f, ok, "tls-cipher-suites", 0, "%s allows weak TLS cipher suites: %s", c.describe(), listText(weak))
		}
	}),
}

var apiSATokens = &rules.Rule{
	ID:       "KC022",
	Title:    "service account token hygiene",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.Spoofing},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `Service account tokens are the credentials of every pod. ` + "`--service-account-lookup=false`" + `
makes the API server accept tokens of deleted service accounts (and of deleted Secrets); an
API server without ` + "`--service-account-key-file`" + ` verifies tokens with its TLS key, so the
signing key cannot be rotated separately; a controller manager without
` + "`--service-account-private-key-file`" + ` or ` + "`--root-ca-file`" + ` cannot sign tokens or give pods the
CA to verify the API server.` + sourcesHelp,
	Remediation: "Keep `--service-account-lookup` at its default (true); set `--service-account-key-file` and `--service-account-signing-key-file` on the API server and `--service-account-private-key-file` and `--root-ca-file` on the controller manager (kubeadm does).",
	References: []rules.Reference{
		cisK8s("1.2.24", "Ensure that the --service-account-lookup argument is set to true"),
		cisK8s("1.2.25", "Ensure that the --service-account-key-file argument is set as appropriate"),
		cisK8s("1.3.4", "Ensure that the --service-account-private-key-file argument is set as appropriate"),
		cisK8s("1.3.5", "Ensure that the --root-ca-file argument is set as appropriate"),
	},
	CheckProject: func(p *rules.ProjectPass) {
		for _, c := range componentsOf(p) {
			switch c.Name {
			case APIServer:
				if v, f, set := c.boolValue("service-account-lookup"); set && !v {
					reportFlag(p, c, f, set, "service-account-lookup", 0, "%s accepts tokens of deleted service accounts (%s)", c.describe(), flagText(f))
				}
				if _, ok := c.get("service-account-key-file"); !ok {
					reportFlag(p, c, flag{}, false, "service-account-key-file", 0, "%s has no --service-account-key-file: tokens are verified with the TLS serving key", c.describe())
				}
			case ControllerManager:
				for _, name := range []string{"service-account-private-key-file", "root-ca-file"} {
					if _, ok := c.get(name); !ok {
						reportFlag(p, c, flag{}, false, name, 0, "%s has no --%s", c.describe(), name)
					}
				}
			}
		}
	},
}

// schedulerProfiling judges a kube-scheduler started with --config: it
// ignores --profiling then and reads enableProfiling (default true) from
// the KubeSchedulerConfiguration, judged when the scan holds it.
func schedulerProfiling(p *rules.ProjectPass, c *component, cf flag) {
	file := configFileOf(cf.Value, c.Path, configCandidates(p, "scheduler", isSchedulerConfig))
	if file == "" {
		return
	}
	var cfg *pkube.Object
	for _, f := range p.Files {
		if doc, ok := f.Doc.(*pkube.File); ok && f.Source.Path == file {
			cfg = doc.Objects[slices.IndexFunc(doc.Objects, isSchedulerConfig)]
		}
	}
	field := yamlpos.P("enableProfiling")
	m := cfg.Lookup(field)
	if !m.Exact || m.Node == nil {
		reportFlag(p, c, cf, true, "profiling", 0, "%s serves /debug/pprof: its configuration %s leaves enableProfiling at its default, true", c.describe(), path.Base(file))
		return
	}
	if v := strings.ToLower(m.Node.Value); v != "false" {
		r, _ := cfg.Range(field)
		p.Report(rules.Finding{Path: file, Range: r, Anchor: cfg.Anchor(field), Message: fmt.Sprintf("%s serves /debug/pprof (enableProfiling: %s in its configuration)", c.describe(), m.Node.Value)})
	}
}

func isSchedulerConfig(o *pkube.Object) bool {
	return o.Kind == "KubeSchedulerConfiguration" && strings.HasPrefix(o.APIVersion, "kubescheduler.config.k8s.io/")
}
