package dockerfile

import "github.com/stridelint/stridelint/rules"

// secretRules returns this group's rules: secrets written into the
// Dockerfile (DF007) and secret files copied into the image (DF008). What
// a secret looks like is decided in rules/secrets, shared with the
// compose and Kubernetes packs.
func secretRules() []*rules.Rule { return []*rules.Rule{secretInEnv, secretFile} }
