// Package secrets tells secrets from configuration, for every rule that
// must not let one be baked into an image, a compose file or a manifest:
// Dockerfile ARG/ENV/LABEL and copied files (DF007, DF008), compose
// environment (DC029), Kubernetes env literals, ConfigMaps and values
// anywhere (KW029, KD002, KD003).
//
// It judges three things, each on its own and together:
//
//   - Name: does a variable or key name say it holds a secret
//     (DB_PASSWORD, apiKey, spring.datasource.password) rather than a
//     reference to one or metadata about one (PASSWORD_FILE, TOKEN_TTL,
//     AWS_ACCESS_KEY_ID)?
//   - Value: does a value have the shape of a known credential, whatever
//     its name (an AWS access key ID, a GitHub token, a private key, a URL
//     with a password in it)?
//   - Placeholder: is a value obviously not a secret (empty, a ${VAR}
//     reference, a file path, "true", "<your-token>")?
//
// Literal combines them the way every rule should: a credential-shaped
// value is a secret whatever its name; a secret-looking name with a value
// that is not a placeholder is a secret. A weak default (changeme,
// password) is not a placeholder: it is a real password baked into the
// artefact.
//
// No output of stridelint may contain a secret: messages show Redact(v)
// at most, or only the name and the kind.
package secrets

import "strings"

// Match says why a name=value pair holds a secret.
type Match struct {
	// Reason is what the name says ("password", "API key"); "" when only
	// the value gave the secret away.
	Reason Reason
	// Kind is the credential format of the value ("GitHub token"); ""
	// when only the name gave it away.
	Kind Kind
	// Shown is the value's redacted display form (see Redact).
	Shown string
}

// What is the secret for a message: "a GitHub token (ghp_…, 40 chars)" when
// the value's shape is known, else "a password", "an API key".
func (m Match) What() string {
	if m.Kind != "" {
		return article(string(m.Kind)) + " (" + m.Shown + ")"
	}
	return article(string(m.Reason))
}

// Literal judges a name given a literal value: the caller has already
// resolved what it can and knows the value does not come from a variable
// it cannot see (a value that still holds a ${VAR} reference is not a
// literal and is not reported here).
func Literal(name, value string) (Match, bool) {
	r, named := Name(name)
	if k, ok := Value(value); ok {
		return Match{Reason: r, Kind: k, Shown: Redact(value)}, true
	}
	if named && !Placeholder(value) {
		return Match{Reason: r, Shown: Redact(value)}, true
	}
	return Match{}, false
}

// article puts "a" or "an" before a kind or reason, by how it is said:
// "an API key", "an SSH key", "a URL".
func article(s string) string {
	if s == "" {
		return "a secret"
	}
	for _, p := range []string{"SSH", "HTTP", "HMAC", "npm", "RSA"} {
		if strings.HasPrefix(s, p) {
			return "an " + s
		}
	}
	if strings.HasPrefix(s, "URL") || strings.HasPrefix(s, "user") {
		return "a " + s
	}
	if strings.ContainsRune("aeiouAEIOU", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}
