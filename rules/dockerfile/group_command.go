package dockerfile

import "github.com/stridelint/stridelint/rules"

// commandRules returns the rules that judge what the build runs — the
// commands of RUN (and other shell) steps, the files ADD brings in, and
// the environment that changes how tools behave — in ID order.
func commandRules() []*rules.Rule {
	return []*rules.Rule{
		sudoInRun,           // DF003
		tlsVerifyDisabled,   // DF009
		remoteScriptPiped,   // DF011
		addRemoteURL,        // DF012
		addLocalFiles,       // DF013
		pipeWithoutPipefail, // DF030
		passwordInImage,     // DF031
		worldWritable,       // DF032
		setuidBits,          // DF033
		daemonSocket,        // DF034
		contentTrustOff,     // DF035
		cdInRun,             // DF037
		hostTools,           // DF038
	}
}
