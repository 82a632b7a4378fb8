package kube

import (
	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// controlPlaneRules are the control-plane rules (KC001–KC022), in ID order.
var controlPlaneRules = []*rules.Rule{
	apiAnonymous, apiStaticTokens, apiAlwaysAllow, apiInsecureServing, apiAdmission, apiKubeletAuth,
	apiEtcdTLS, apiNoEncryption, encryptionInClear, etcdClientAuth, etcdPeerTLS, apiNoAudit,
	auditBlindSpots, cpProfiling, controllersExposed, kubeletAnonymous, kubeletAlwaysAllow,
	kubeletReadOnlyPort, kubeletTLS, kubeletProtections, apiWeakCiphers, apiSATokens,
}

// cpReads are the kinds the control-plane rules read besides manifests.
var cpReads = []parsers.Kind{parsers.KindSystemd, parsers.KindEnv}

func cisK8s(section, title string) rules.Reference {
	return rules.Reference{Title: "CIS Kubernetes Benchmark " + section + ": " + title, URL: "https://www.cisecurity.org/benchmark/kubernetes"}
}

// sourcesHelp is the common paragraph about where flags are read.
const sourcesHelp = `

Flags are read from static pod manifests (the container's ` + "`command`" + ` and ` + "`args`" + `), from
kubeadm ` + "`ClusterConfiguration`" + ` ` + "`extraArgs`" + ` (map and list forms; the flags kubeadm sets itself
are taken into account) and from systemd units (` + "`ExecStart=`" + ` with continuation lines, drop-ins,
` + "`Environment=`" + ` and the ` + "`EnvironmentFile=`" + `s the scan holds). A flag given twice counts once,
the last one. An absent flag has the component's default (Kubernetes 1.30+); a finding about it
sits on the command line. A command line that takes variables defined outside the scanned files
is judged only on the flags it writes: what it leaves out is unknown, not insecure.`
