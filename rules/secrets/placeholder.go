package secrets

import (
	"regexp"
	"strings"
)

var (
	// $VAR, ${VAR}, $(cmd): shell, Dockerfile and compose references.
	dollarRefRe = regexp.MustCompile(`\$(?:[A-Za-z_{(])`)
	// %VAR% (Windows), %(name)s (Python), #{name} (Ruby, Octopus).
	otherRefRe = regexp.MustCompile(`^%[A-Za-z_][A-Za-z0-9_]*%$|%\([A-Za-z_][A-Za-z0-9_]*\)s|#\{[^}]*\}`)
	// A file name with an extension that holds data, not a password.
	fileExtRe = regexp.MustCompile(`(?i)^[A-Za-z0-9_./\\-]*\.(json|ya?ml|txt|pem|key|crt|cer|p12|pfx|jks|keystore|env|conf|cfg|ini|properties|xml|toml|secret|gpg|asc)$`)
)

// secretStores are prefixes of references into secret managers.
var secretStores = []string{
	"arn:aws:secretsmanager:", "arn:aws:ssm:", "arn:aws:kms:",
	"ref+", "vault:", "vault://", "op://", "sm://", "gcp:secretmanager:",
	"secretmanager://", "keyvault://", "azurekeyvault://", "akv://",
	"@microsoft.keyvault(", "file://", "projects/",
}

// Reference reports whether v points at a secret kept elsewhere instead of
// holding one: a variable ($VAR, ${VAR}, $(cmd), %VAR%, {{ .Values.x }},
// #{x}), a file path (/run/secrets/db, ./key.json, C:\keys\x.pfx,
// credentials.json), or a secret manager (arn:aws:secretsmanager:…,
// vault:…, op://…, projects/…/secrets/…).
func Reference(v string) bool {
	v = strings.TrimSpace(unquote(v))
	if v == "" {
		return false
	}
	if dollarRefRe.MatchString(v) || strings.Contains(v, "{{") || strings.Contains(v, "{%") ||
		otherRefRe.MatchString(v) {
		return true
	}
	l := strings.ToLower(v)
	for _, p := range secretStores {
		if strings.HasPrefix(l, p) {
			return p != "projects/" || strings.Contains(l, "/secrets/")
		}
	}
	return path(v)
}

// path reports whether v is a file path: absolute, relative with ./ ../
// or ~/, a Windows path, or a name with a data file's extension.
func path(v string) bool {
	if strings.ContainsAny(v, " \t\n") {
		return false
	}
	switch {
	case strings.HasPrefix(v, "/") && len(v) > 1 && !strings.HasPrefix(v, "//"),
		strings.HasPrefix(v, "./"), strings.HasPrefix(v, "../"), strings.HasPrefix(v, "~/"),
		strings.HasPrefix(v, `\\`), strings.HasPrefix(v, `.\`):
		return true
	case len(v) > 3 && (v[0] >= 'A' && v[0] <= 'Z' || v[0] >= 'a' && v[0] <= 'z') && v[1] == ':' && (v[2] == '\\' || v[2] == '/'):
		return true
	}
	return fileExtRe.MatchString(v)
}

// nonValues are whole values that say "nothing here" or are a switch.
var nonValues = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
	"y": true, "n": true, "none": true, "null": true, "nil": true, "undefined": true,
	"empty": true, "unset": true, "notset": true, "not_set": true, "not-set": true,
	"n/a": true, "na": true, "enabled": true, "disabled": true, "-": true,
	"todo": true, "tbd": true, "fixme": true, "tba": true,
	"replaceme": true, "replace_me": true, "replace-me": true, "replace": true,
	"placeholder": true, "dummy": true, "example": true, "sample": true, "fake": true,
	"redacted": true, "hidden": true, "masked": true, "unused": true, "notused": true,
	"required": true, "optional": true, "auto": true, "random": true, "generate": true,
	"generated": true, "prompt": true, "ask": true, "env": true, "file": true,
	// Metasyntactic fillers (English, Japanese).
	"foo": true, "bar": true, "baz": true, "foobar": true, "hoge": true, "hogehoge": true,
	"fuga": true, "piyo": true,
}

// placeholderWords, found anywhere in a value (letters and digits only,
// lower case), mark it as made up.
var placeholderWords = []string{
	"dummy", "placeholder", "example", "replaceme", "replacewith", "replacethis",
	"sample", "redacted", "notreal", "fakesecret", "fakepassword", "faketoken",
	"xxxx", "insertyour", "enteryour", "putyour", "pasteyour", "setyour",
}

// Placeholder reports whether v is obviously not a real secret: empty, a
// Reference, a switch or empty marker (true, no, none, null, TODO), a
// made-up value (<your-token>, [TOKEN], REPLACE_ME, xxxx, ****,
// your_api_key_here, anything containing "dummy", "example",
// "placeholder"), a number of fewer than four digits (0/1 flags, counts).
//
// A weak default is not a placeholder: changeme, password, secret, admin
// as the value of a password are real passwords baked into the artefact,
// and anyone can guess them.
func Placeholder(v string) bool {
	v = strings.TrimSpace(unquote(strings.TrimSpace(v)))
	if v == "" || Reference(v) {
		return true
	}
	l := strings.ToLower(v)
	if nonValues[l] {
		return true
	}
	if (strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">")) ||
		(strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") && len(v) > 2) {
		return true
	}
	if strings.Contains(v, "***") || strings.Contains(v, "•••") || strings.Contains(v, "...") || strings.Contains(v, "…") {
		return true
	}
	alnum := alnumLower(l)
	if alnum == "" {
		return true // only punctuation
	}
	if allDigits(l) && len(l) < 4 || strings.Trim(alnum, "x") == "" {
		return true
	}
	if strings.HasPrefix(alnum, "your") || (strings.HasPrefix(alnum, "my") && strings.HasSuffix(alnum, "here")) {
		return true
	}
	for _, w := range placeholderWords {
		if strings.Contains(alnum, w) {
			return true
		}
	}
	return false
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}

func alnumLower(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if r >= 'A' && r <= 'Z' {
			b.WriteRune(r + 'a' - 'A')
		}
	}
	return b.String()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
