package kube

import (
	"strconv"
	"strings"
	"time"

	"github.com/stridelint/stridelint/rules"
)

// kubeletSourcesHelp is the common paragraph of the kubelet rules.
const kubeletSourcesHelp = `

Settings are read from ` + "`KubeletConfiguration`" + ` files (` + "`kubelet.config.k8s.io/v1beta1`" + `, YAML or
JSON) and from kubelet flags: systemd units (with drop-ins, ` + "`Environment=`" + ` and the
` + "`EnvironmentFile=`" + `s the scan holds), ` + "`/etc/default/kubelet`" + ` and ` + "`/etc/sysconfig/kubelet`" + `
(` + "`KUBELET_ARGS`" + `, ` + "`KUBELET_EXTRA_ARGS`" + ` …), and kubeadm's ` + "`nodeRegistration.kubeletExtraArgs`" + `.
Defaults are those of Kubernetes 1.35 (unchanged since 1.10 for these settings) and differ
between the two: in a configuration file anonymous auth is off, authorization is ` + "`Webhook`" + `
and the read-only port is 0; as flags (the legacy defaults the kubelet keeps for command
lines) ` + "`--anonymous-auth`" + ` is true, ` + "`--authorization-mode`" + ` is ` + "`AlwaysAllow`" + ` and ` + "`--read-only-port`" + `
is 10255. A command line with ` + "`--config=FILE`" + ` leaves what it does not write to that file (and
a kubelet started with no argument at all is the packaged unit that drop-ins complete): it is
judged only on the flags it writes. Flags win over the file: a setting of a scanned
` + "`KubeletConfiguration`" + ` that a command line naming it overrides is not reported there. A
` + "`KubeletConfiguration`" + ` in a kubeadm configuration file gets what kubeadm adds (client CA,
anonymous auth off, ` + "`Webhook`" + `, certificate rotation); a drop-in (a file of ` + "`--config-dir`" + `) and
the extra arguments of environment files and kubeadm are judged only on what they write.`

var kubeletAuthnRef = rules.Reference{Title: "Kubernetes docs: Kubelet authentication/authorization", URL: "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/"}
var kubeletConfigRef = rules.Reference{Title: "Kubernetes docs: Kubelet Configuration (v1beta1)", URL: "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/"}

// kubeletDefaults are the settings whose default differs between a
// KubeletConfiguration and the command line: {file, flag}.
var kubeletDefaults = map[string][2]string{
	"anonymous-auth":     {"false", "true"},
	"authorization-mode": {"Webhook", "AlwaysAllow"},
	"read-only-port":     {"0", "10255"},
}

// kubeletValue is a kubelet setting as it is in effect in a component: the
// flag (or field) when written, else the default of its source. skip is
// true when a command line of the scan that names this configuration file
// overrides the setting with its own flag.
func kubeletValue(p *rules.ProjectPass, c *component, name string) (value string, f flag, set, skip bool) {
	if c.Config {
		for _, u := range configUsers(p, Kubelet, "config", c.Path, configCandidates(p, "kubelet", isKubeletConfig)) {
			if uf, ok := u.get(name); ok && !uf.Implied {
				return "", flag{}, false, true
			}
		}
	}
	f, set = c.get(name)
	if set {
		if !f.HasValue {
			return "true", f, true, false
		}
		return strings.Trim(f.Value, `"'`), f, true, false
	}
	d := kubeletDefaults[name]
	if c.Config {
		return d[0], f, false, false
	}
	return d[1], f, false, false
}

// defaultText says where an absent setting's value comes from.
func defaultText(c *component, name, value string) string {
	if c.Config {
		return c.settingName(name) + " unset, default " + value
	}
	return "--" + name + " defaults to " + value + " on the command line"
}

func isTrue(v string) bool {
	b, err := strconv.ParseBool(v)
	return err == nil && b
}

var kubeletAnonymous = &rules.Rule{
	ID:       "KC016",
	Title:    "kubelet anonymous auth",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `The kubelet's API (port 10250) runs commands in containers (` + "`/exec`" + `, ` + "`/run`" + `), streams
logs and lists pods with their environment. With anonymous authentication on
(` + "`authentication.anonymous.enabled: true`" + `, ` + "`--anonymous-auth=true`" + ` — the flag's default) a request
without credentials is served as ` + "`system:anonymous`" + `. With ` + "`AlwaysAllow`" + ` authorization (KC017)
that is remote code execution in every pod of the node for anyone who reaches it (critical);
with ` + "`Webhook`" + ` authorization the API server's RBAC decides, and one binding for
` + "`system:anonymous`" + ` or ` + "`system:unauthenticated`" + ` opens the node (high).` + kubeletSourcesHelp,
	Remediation: "Set `authentication.anonymous.enabled: false` in the KubeletConfiguration (or `--anonymous-auth=false`), with `authentication.webhook.enabled: true` and `authentication.x509.clientCAFile` so the API server and monitoring still authenticate.",
	References: []rules.Reference{
		cisK8s("4.2.1", "Ensure that the --anonymous-auth argument is set to false"),
		kubeletAuthnRef, kubeletConfigRef,
	},
	CheckProject: eachComponent(Kubelet, func(p *rules.ProjectPass, c *component) {
		v, f, set, skip := kubeletValue(p, c, "anonymous-auth")
		if skip || !isTrue(v) {
			return
		}
		mode, _, modeSet, _ := kubeletValue(p, c, "authorization-mode")
		sev, what := rules.Severity(0), "anyone who reaches port 10250 can exec into every pod of the node"
		if (modeSet || c.Partial == "") && !strings.Contains(mode, "AlwaysAllow") {
			sev, what = rules.High, "requests without credentials run as system:anonymous, and one RBAC binding for it opens the node"
		}
		reportFlag(p, c, f, set, "anonymous-auth", sev, "%s accepts anonymous requests (%s): %s", c.describe(), valueText(f, set, defaultText(c, "anonymous-auth", v)), what)
	}),
}

var kubeletAlwaysAllow = &rules.Rule{
	ID:       "KC017",
	Title:    "kubelet authorization AlwaysAllow",
	Severity: rules.Critical,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `With ` + "`authorization.mode: AlwaysAllow`" + ` (` + "`--authorization-mode=AlwaysAllow`" + `, the flag's
default) the kubelet lets every request it authenticates do everything: any service account
token, any client certificate of the cluster CA — and, with anonymous auth (KC016), anyone —
can exec into every pod of the node, read their logs and environment, and from there take the
node's and the pods' credentials. ` + "`Webhook`" + ` asks the API server (SubjectAccessReview) instead,
so RBAC on ` + "`nodes/proxy`" + ` and the other node subresources applies.` + kubeletSourcesHelp,
	Remediation: "Set `authorization.mode: Webhook` (or `--authorization-mode=Webhook`) with `authentication.webhook.enabled: true`, and grant `nodes/proxy` only to the API server and monitoring.",
	References: []rules.Reference{
		cisK8s("4.2.2", "Ensure that the --authorization-mode argument is not set to AlwaysAllow"),
		kubeletAuthnRef, kubeletConfigRef,
	},
	CheckProject: eachComponent(Kubelet, func(p *rules.ProjectPass, c *component) {
		v, f, set, skip := kubeletValue(p, c, "authorization-mode")
		if skip || !strings.Contains(v, "AlwaysAllow") {
			return
		}
		reportFlag(p, c, f, set, "authorization-mode", 0, "%s authorizes every authenticated request (%s): any token or client certificate can exec into every pod of the node", c.describe(), valueText(f, set, defaultText(c, "authorization-mode", v)))
	}),
}

var kubeletReadOnlyPort = &rules.Rule{
	ID:       "KC018",
	Title:    "kubelet read-only port",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.InformationDisclosure},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `A ` + "`readOnlyPort`" + ` other than 0 (` + "`--read-only-port`" + `, 10255 by default on the command line)
serves ` + "`/pods`" + `, ` + "`/spec`" + ` and ` + "`/stats`" + ` over plain HTTP with no authentication and no
authorization: anyone who reaches the node reads the spec of every pod on it — images,
commands, environment variables with the credentials people put there — and the node's
details, a first step of most kubelet attacks.` + kubeletSourcesHelp,
	Remediation: "Set `readOnlyPort: 0` (or `--read-only-port=0`), and scrape metrics from the authenticated port 10250.",
	References: []rules.Reference{
		cisK8s("4.2.4", "Verify that the --read-only-port argument is set to 0"),
		kubeletConfigRef,
	},
	CheckProject: eachComponent(Kubelet, func(p *rules.ProjectPass, c *component) {
		v, f, set, skip := kubeletValue(p, c, "read-only-port")
		if skip || v == "0" || v == "" {
			return
		}
		reportFlag(p, c, f, set, "read-only-port", 0, "%s serves its read-only API without authentication on port %s (%s): pod specs and their environment are open to anyone who reaches the node", c.describe(), v, valueText(f, set, defaultText(c, "read-only-port", v)))
	}),
}

// kubeletStrongCiphers are the suites CIS 4.2.12 accepts for the kubelet:
// the API server's list and the two RSA key exchange AES-GCM suites.
var kubeletStrongCiphers = map[string]bool{
	"TLS_RSA_WITH_AES_128_GCM_SHA256": true, "TLS_RSA_WITH_AES_256_GCM_SHA384": true,
}

var kubeletTLS = &rules.Rule{
	ID:       "KC019",
	Title:    "kubelet TLS and rotation",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.Spoofing, rules.InformationDisclosure},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `The kubelet's API carries exec sessions, logs and secrets in volumes. This rule reports:

- no client CA (` + "`authentication.x509.clientCAFile`" + `, ` + "`--client-ca-file`" + `): client certificates —
  the API server's included — authenticate nobody, so the kubelet falls back on tokens or
  anonymous access;
- no serving certificate (` + "`tlsCertFile`" + `/` + "`tlsPrivateKeyFile`" + `) and no ` + "`serverTLSBootstrap`" + `: the
  kubelet serves a self-signed certificate, and the API server cannot tell it from an
  impostor at the node's address (KC006's ` + "`--kubelet-certificate-authority`" + ` cannot work);
- ` + "`rotateCertificates: false`" + ` (` + "`--rotate-certificates=false`" + `) written explicitly, or the
  ` + "`RotateKubeletServerCertificate`" + ` feature gate turned off: credentials that never change;
- ` + "`tlsCipherSuites`" + ` outside the strong list of CIS 4.2.12 (the ECDHE AES-GCM and ChaCha20 suites,
  plus the two RSA key exchange AES-GCM suites CIS accepts for the kubelet).

An absent ` + "`rotateCertificates`" + ` is not reported (kubeadm sets it; other installers give
kubelets credentials they rotate themselves).` + kubeletSourcesHelp,
	Remediation: "Set `authentication.x509.clientCAFile` to the cluster CA, `serverTLSBootstrap: true` (with CSR approval) or `tlsCertFile`/`tlsPrivateKeyFile`, keep `rotateCertificates` and `RotateKubeletServerCertificate` on, and list only strong `tlsCipherSuites`.",
	References: []rules.Reference{
		cisK8s("4.2.3", "Ensure that the --client-ca-file argument is set as appropriate"),
		cisK8s("4.2.9", "Verify that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate"),
		cisK8s("4.2.10", "Ensure that the --rotate-certificates argument is not set to false"),
		cisK8s("4.2.11", "Verify that the RotateKubeletServerCertificate argument is set to true"),
		cisK8s("4.2.12", "Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers"),
		{Title: "Kubernetes docs: Certificate rotation for the kubelet", URL: "https://kubernetes.io/docs/tasks/tls/certificate-rotation/"},
		kubeletConfigRef,
	},
	CheckProject: eachComponent(Kubelet, func(p *rules.ProjectPass, c *component) {
		if _, f, set, skip := kubeletValue(p, c, "client-ca-file"); !skip && !set {
			reportFlag(p, c, f, set, "client-ca-file", 0, "%s has no client CA (%s unset): client certificates, the API server's included, authenticate nobody", c.describe(), c.settingName("client-ca-file"))
		}
		_, cf, certSet, skipCert := kubeletValue(p, c, "tls-cert-file")
		_, _, keySet, skipKey := kubeletValue(p, c, "tls-private-key-file")
		boot, _, _, skipBoot := kubeletValue(p, c, "rotate-server-certificates")
		if !skipCert && !skipKey && !skipBoot && (!certSet || !keySet) && !isTrue(boot) {
			missing := c.settingName("tls-cert-file")
			if certSet {
				missing = c.settingName("tls-private-key-file")
			} else if !keySet {
				missing += " and " + c.settingName("tls-private-key-file")
			}
			reportFlag(p, c, cf, certSet && keySet, "tls-cert-file", 0, "%s serves a self-signed certificate (no %s, no %s): the API server cannot verify it is talking to this kubelet", c.describe(), missing, c.settingName("rotate-server-certificates"))
		}
		if v, f, set, skip := kubeletValue(p, c, "rotate-certificates"); !skip && set && !isTrue(v) {
			reportFlag(p, c, f, set, "rotate-certificates", 0, "%s does not rotate its client certificate (%s): a stolen credential stays valid until it expires", c.describe(), flagText(f))
		}
		if v, f, set := c.featureGate("RotateKubeletServerCertificate"); set && !v {
			if _, _, _, skip := kubeletValue(p, c, "feature-gates"); !skip {
				reportFlag(p, c, f, set, "RotateKubeletServerCertificate", 0, "%s turns RotateKubeletServerCertificate off (%s): its serving certificate is never renewed through the API", c.describe(), flagText(f))
			}
		}
		if _, f, set, skip := kubeletValue(p, c, "tls-cipher-suites"); !skip && set {
			var weak []string
			for _, s := range strings.Split(strings.Trim(f.Value, `"'`), ",") {
				if s = strings.TrimSpace(s); s != "" && !strongCiphers[s] && !kubeletStrongCiphers[s] {
					weak = append(weak, s)
				}
			}
			if len(weak) > 0 {
				reportFlag(p, c, f, set, "tls-cipher-suites", 0, "%s allows weak TLS cipher suites: %s", c.describe(), listText(weak))
			}
		}
	}),
}

var kubeletProtections = &rules.Rule{
	ID:       "KC020",
	Title:    "kubelet protections off",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.DenialOfService},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `Hardening settings of the kubelet that are off by default (CIS Kubernetes Benchmark 4.2):

- ` + "`protectKernelDefaults`" + ` not true: the kubelet changes kernel tunables it disagrees with
  instead of refusing to start, so the node's hardening can be undone silently;
- ` + "`podPidsLimit`" + ` unset, 0 or -1: one pod can fork until the node runs out of process IDs;
- ` + "`seccompDefault`" + ` not true: containers that set no seccomp profile run unconfined
  (KW018 judges each workload; this is the node-wide safety net);
- ` + "`makeIPTablesUtilChains: false`" + `: the kubelet does not maintain its iptables hint chain
  (since 1.28 only ` + "`KUBE-IPTABLES-HINT`" + `);
- ` + "`streamingConnectionIdleTimeout: 0`" + `: exec and port-forward sessions never time out (the
  field is deprecated since 1.34 — the container runtime's stream timeout decides with CRI
  runtimes — but a 0 still says what the operator wants).

Settings written with a bad value are reported where they are written; those left at their
default are reported together, once per configuration.` + kubeletSourcesHelp,
	Remediation: "Set `protectKernelDefaults: true` (with the sysctls the kubelet expects: `vm.overcommit_memory=1`, `kernel.panic=10`, `kernel.panic_on_oops=1`), a `podPidsLimit` such as 4096, `seccompDefault: true`, and leave `makeIPTablesUtilChains` and `streamingConnectionIdleTimeout` at their defaults.",
	References: []rules.Reference{
		cisK8s("4.2.5", "Verify that the --streaming-connection-idle-timeout argument is not set to 0"),
		cisK8s("4.2.6", "Ensure that the --make-iptables-util-chains argument is set to true"),
		cisK8s("4.2.13", "Ensure that a limit is set on pod PIDs"),
		{Title: "CIS Kubernetes Benchmark v1.7 4.2.6: Ensure that the --protect-kernel-defaults argument is set to true", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
		{Title: "Kubernetes docs: Process ID limits and reservations", URL: "https://kubernetes.io/docs/concepts/policy/pid-limiting/"},
		{Title: "Kubernetes docs: Enable seccomp by default", URL: "https://kubernetes.io/docs/tutorials/security/seccomp/#enable-the-use-of-runtimedefault-as-the-default-seccomp-profile-for-all-workloads"},
		kubeletConfigRef,
	},
	CheckProject: eachComponent(Kubelet, func(p *rules.ProjectPass, c *component) {
		var unset, effects []string
		for _, name := range []string{"protect-kernel-defaults", "seccomp-default"} {
			v, f, set, skip := kubeletValue(p, c, name)
			switch {
			case skip:
			case !set:
				unset, effects = append(unset, c.settingName(name)), append(effects, protectionEffects[name])
			case !isTrue(v):
				reportFlag(p, c, f, set, name, 0, "%s turns a protection off (%s): %s", c.describe(), flagText(f), protectionEffects[name])
			}
		}
		if v, f, set, skip := kubeletValue(p, c, "pod-max-pids"); !skip {
			if !set {
				unset, effects = append(unset, c.settingName("pod-max-pids")), append(effects, protectionEffects["pod-max-pids"])
			} else if n, err := strconv.Atoi(v); err == nil && n <= 0 {
				reportFlag(p, c, f, set, "pod-max-pids", 0, "%s sets no PID limit per pod (%s): one pod can exhaust the node's process IDs", c.describe(), flagText(f))
			}
		}
		if v, f, set, skip := kubeletValue(p, c, "make-iptables-util-chains"); !skip && set && !isTrue(v) {
			reportFlag(p, c, f, set, "make-iptables-util-chains", 0, "%s does not manage its iptables chains (%s)", c.describe(), flagText(f))
		}
		if v, f, set, skip := kubeletValue(p, c, "streaming-connection-idle-timeout"); !skip && set {
			if d, err := time.ParseDuration(v); (err == nil && d == 0) || v == "0" {
				reportFlag(p, c, f, set, "streaming-connection-idle-timeout", 0, "%s never closes idle exec and port-forward sessions (%s)", c.describe(), flagText(f))
			}
		}
		if len(unset) > 0 {
			reportFlag(p, c, flag{}, false, "protections", 0, "%s leaves %s unset: %s", c.describe(), joinAnd(unset), strings.Join(effects, "; "))
		}
	}),
}

// protectionEffects say what a kubelet protection left off allows.
var protectionEffects = map[string]string{
	"protect-kernel-defaults": "the kubelet rewrites kernel tunables instead of refusing to start",
	"seccomp-default":         "containers that set no seccomp profile run unconfined",
	"pod-max-pids":            "one pod can exhaust the node's process IDs",
}
