package secrets

// masked is how a secret without a known shape is shown.
const masked = "••••••"

// Redact is the form of v that a message may show: for a credential of a
// known format its public prefix and length ("AKIA… (20 chars)",
// "ghp_… (40 chars)"), the header of a private key, a URL with its
// credentials masked ("postgres://••••••@db:5432"); for anything else
// "••••••". It never contains the secret part of v.
func Redact(v string) string {
	if _, shown, ok := find(v); ok {
		return shown
	}
	return masked
}
