package kube

import "github.com/stridelint/stridelint/rules"

// securityContextRules judge a container's effective securityContext (the
// container's value, else the pod's): KW002–KW004, KW015, KW016, KW020,
// KW022. Each rule is in its own sc_*.go file.
var securityContextRules = []*rules.Rule{
	privilegeEscalation,    // KW002
	runsAsRoot,             // KW003
	lowUIDGID,              // KW004
	capabilitiesNotDropped, // KW015
	writableRootFS,         // KW016
	unmaskedProc,           // KW020
	windowsHostProcess,     // KW022
}
