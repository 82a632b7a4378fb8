package dockerfile

import "github.com/stridelint/stridelint/rules"

// instructionRules returns the rules that judge Dockerfile instructions
// themselves — FROM, USER, EXPOSE, HEALTHCHECK, CMD, ENTRYPOINT, WORKDIR,
// COPY --from, MAINTAINER — rather than the shell code of RUN.
func instructionRules() []*rules.Rule {
	return []*rules.Rule{
		userByName,                 // DF002
		baseImageLatest,            // DF004
		baseImageNoDigest,          // DF005
		baseImageUntrustedRegistry, // DF006
		sshPortExposed,             // DF021
		dockerAPIPortExposed,       // DF022
		exposedPortInvalid,         // DF023
		noHealthcheck,              // DF024
		overriddenInstruction,      // DF025
		workdirRelativeOrSystem,    // DF026
		brokenStageReference,       // DF027
		wholeStageCopied,           // DF028
		shellFormEntrypoint,        // DF029
		maintainerDeprecated,       // DF036
	}
}
