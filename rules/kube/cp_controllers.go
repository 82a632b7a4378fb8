package kube

import (
	"strings"

	"github.com/stridelint/stridelint/rules"
)

var controllersExposed = &rules.Rule{
	ID:       "KC015",
	Title:    "controller-manager / scheduler exposed",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.K8s1},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.ElevationOfPrivilege},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `The controller manager and the scheduler serve ` + "`/healthz`" + `, ` + "`/metrics`" + `, ` + "`/configz`" + ` and (with
profiling, KC014) ` + "`/debug/pprof`" + ` on their secure port (10257, 10259). ` + "`--bind-address`" + `
defaults to ` + "`0.0.0.0`" + `: every interface of the control-plane node, so a bug or a weak delegated
authorization exposes them to the network (kubeadm binds them to ` + "`127.0.0.1`" + `). For the
controller manager the rule also reports:

- ` + "`--use-service-account-credentials`" + ` not true (the default is false): every controller then
  runs with the controller manager's own credentials, which must hold the union of all their
  permissions — no per-controller least privilege, and one confused controller can do what any
  of them can;
- ` + "`--feature-gates`" + ` with ` + "`RotateKubeletServerCertificate=false`" + `: kubelet serving certificates are
  not signed and rotated through the API, so kubelets serve self-signed certificates;
- no ` + "`--terminated-pod-gc-threshold`" + ` (low): the default keeps 12,500 terminated pods, which can
  slow the controller manager and fill etcd on busy clusters.

A ` + "`--secure-port=0`" + ` (serving off) is not reported for its bind address.` + sourcesHelp,
	Remediation: "Set `--bind-address=127.0.0.1` on both (kubeadm does), `--use-service-account-credentials=true` and a `--terminated-pod-gc-threshold` suited to the cluster (CIS suggests 10) on the controller manager, and leave `RotateKubeletServerCertificate` on.",
	References: []rules.Reference{
		cisK8s("1.3.1", "Ensure that the --terminated-pod-gc-threshold argument is set as appropriate"),
		cisK8s("1.3.3", "Ensure that the --use-service-account-credentials argument is set to true"),
		cisK8s("1.3.6", "Ensure that the RotateKubeletServerCertificate argument is set to true"),
		cisK8s("1.3.7", "Ensure that the --bind-address argument is set to 127.0.0.1 (controller manager)"),
		cisK8s("1.4.2", "Ensure that the --bind-address argument is set to 127.0.0.1 (scheduler)"),
		{Title: "Kubernetes docs: kube-controller-manager reference", URL: "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/"},
	},
	CheckProject: func(p *rules.ProjectPass) {
		for _, c := range componentsOf(p) {
			if c.Name != ControllerManager && c.Name != Scheduler {
				continue
			}
			if sp, ok := c.get("secure-port"); !ok || strings.Trim(sp.Value, `"'`) != "0" {
				f, set := c.get("bind-address")
				if !set || !loopbackHost(strings.Trim(f.Value, `"'[]`)) {
					reportFlag(p, c, f, set, "bind-address", 0, "%s serves /metrics, /healthz and /configz on every interface (%s): bind it to 127.0.0.1", c.describe(), valueText(f, set, "--bind-address defaults to 0.0.0.0"))
				}
			}
			if c.Name != ControllerManager {
				continue
			}
			if v, f, set := c.boolValue("use-service-account-credentials"); !set || !v {
				reportFlag(p, c, f, set, "use-service-account-credentials", 0, "%s runs every controller with its own credentials (%s): they must hold the permissions of all controllers together", c.describe(), valueText(f, set, "--use-service-account-credentials defaults to false"))
			}
			if v, f, set := c.featureGate("RotateKubeletServerCertificate"); set && !v {
				reportFlag(p, c, f, set, "RotateKubeletServerCertificate", 0, "%s turns RotateKubeletServerCertificate off (%s): kubelet serving certificates are not signed and rotated through the API", c.describe(), flagText(f))
			}
			if f, ok := c.get("terminated-pod-gc-threshold"); !ok {
				reportFlag(p, c, f, ok, "terminated-pod-gc-threshold", rules.Low, "%s has no --terminated-pod-gc-threshold: it keeps up to 12,500 terminated pods", c.describe())
			}
		}
	},
}
