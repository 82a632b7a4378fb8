package kube

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/secrets"
)

// dataRules (KD001–KD003) are the credentials written into manifests: in
// Secrets (data_secret.go), in ConfigMaps (data_configmap.go) and anywhere
// else (data_anywhere.go). None of them ever shows a value: messages name
// the key, the kind of credential and at most secrets.Redact's public
// prefix.
var dataRules = []*rules.Rule{secretManifest, configMapCredential, credentialAnywhere}

// coreObject reports whether o is a core/v1 object of kind: a Secret or a
// ConfigMap, not a SealedSecret or an ExternalSecret.
func coreObject(o *pkube.Object, kind string) bool {
	return o.APIVersion == "v1" && o.Kind == kind
}

// sopsEncrypted reports whether o's document was encrypted with SOPS: it
// then carries its metadata under a top-level `sops:` key, and its values
// are ciphertext (or left in clear on purpose by encrypted_regex).
func sopsEncrypted(o *pkube.Object) bool {
	_, v := yamlpos.MapGet(o.Doc.Root, "sops")
	return v != nil && v.Kind == yaml.MappingNode
}

// sopsValueRe is a value SOPS encrypted: ENC[AES256_GCM,data:…,type:str].
var sopsValueRe = regexp.MustCompile(`ENC\[[A-Z0-9_]+,data:`)

// sopsValue reports whether a value (or a line of a file) holds a
// SOPS-encrypted value.
func sopsValue(v string) bool {
	return sopsValueRe.MatchString(v)
}

// decodeData decodes a Secret's or ConfigMap's base64 value as the API
// server does (line breaks in a block scalar are allowed).
func decodeData(v string) (string, bool) {
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(v), ""))
	if err != nil {
		return "", false
	}
	return string(b), true
}

// multiline reports whether a value is a file rather than one value: its
// text, trimmed, spans lines.
func multiline(text string) bool {
	return strings.Contains(strings.TrimSpace(text), "\n")
}

// asFile is the text of a value to read line by line when the value is a
// file rather than one value: a text on several lines, or one line under a
// configuration file's name (application.properties, .env), as it is (own:
// its lines are the value's); a JSON document on one line indented, one
// member a line.
func asFile(key, text string) (scan string, own, ok bool) {
	if multiline(text) {
		return text, true, true
	}
	t := strings.TrimSpace(text)
	if (strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")) && json.Valid([]byte(t)) {
		var b bytes.Buffer
		if json.Indent(&b, []byte(t), "", "  ") == nil {
			return b.String(), false, true
		}
	}
	if configFileName(key) {
		return text, true, true
	}
	return "", false, false
}

// configExts are the extensions of configuration files held in a key.
var configExts = map[string]bool{
	"properties": true, "env": true, "yaml": true, "yml": true, "json": true, "conf": true,
	"cfg": true, "cnf": true, "ini": true, "toml": true, "xml": true, "txt": true,
}

// configFileName reports whether a key names a configuration file:
// application.properties, .env, settings.yaml.
func configFileName(key string) bool {
	i := strings.LastIndexByte(key, '.')
	return i >= 0 && configExts[strings.ToLower(key[i+1:])]
}

// binary reports whether decoded data is not text (a key store, a
// compressed blob).
func binary(text string) bool {
	return !utf8.ValidString(text) || strings.ContainsRune(text, 0)
}

// publicText reports whether a text holds only public key material:
// certificates and public keys, no private key.
func publicText(text string) bool {
	if strings.Contains(text, "PRIVATE KEY") {
		return false
	}
	t := strings.TrimSpace(text)
	return strings.Contains(t, "-----BEGIN CERTIFICATE-----") || strings.Contains(t, "PUBLIC KEY-----") ||
		strings.HasPrefix(t, "ssh-rsa ") || strings.HasPrefix(t, "ssh-ed25519 ") || strings.HasPrefix(t, "ecdsa-sha2-")
}

// placeholderText reports whether every line of a file is a template
// or a placeholder: {{ .Values.htpasswd }}, ${NETRC}, <your-key>. A line
// with other dollar signs is not a reference: htpasswd and crypt hashes
// ($apr1$…, $2y$…) are written so.
func placeholderText(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.Contains(l, "{{") || strings.Contains(l, "${") {
			continue
		}
		if strings.Contains(l, "$") || !secrets.Placeholder(l) {
			return false
		}
	}
	return true
}

// fileHits are the secrets in a file held in a manifest value, without
// the lines SOPS encrypted.
func fileHits(text string) []secrets.Hit {
	var out []secrets.Hit
	lines := strings.Split(text, "\n")
	for _, h := range secrets.ScanText(text) {
		if h.Line <= len(lines) && sopsValue(lines[h.Line-1]) {
			continue
		}
		out = append(out, h)
	}
	return out
}

// textLine is where line i (1-based) of the text of scalar n is written,
// when n is a literal block scalar (`key: |`): each line of its text is a
// line of the file, after the indicator's. Folded, quoted and plain
// scalars join or escape lines: false.
func textLine(o *pkube.Object, n *yaml.Node, i int) (parsers.Range, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Style&yaml.LiteralStyle == 0 {
		return parsers.Range{}, false
	}
	lines := strings.Split(n.Value, "\n")
	if i < 1 || i > len(lines) {
		return parsers.Range{}, false
	}
	line := n.Line + i
	src := o.Doc.Line(line)
	// The text of the line must be the file's line: an indentation
	// indicator or a comment between would shift them.
	if strings.TrimSpace(src) != strings.TrimSpace(lines[i-1]) || strings.TrimSpace(src) == "" {
		return parsers.Range{}, false
	}
	rs := []rune(src)
	start := len(rs) - len([]rune(strings.TrimLeft(src, " \t")))
	end := len([]rune(strings.TrimRight(src, " \t")))
	return parsers.Range{StartLine: line, StartCol: start + 1, EndLine: line, EndCol: end + 1}, true
}

// fileHitList is "spring.datasource.password set to a password (line 3),
// a GitHub token (ghp_… (40 chars)) (line 7)" for a finding that cannot
// point into the file; without the lines when they are not the file's own
// (an indented JSON).
func fileHitList(hits []secrets.Hit, lines bool) string {
	parts := make([]string, len(hits))
	for i, h := range hits {
		parts[i] = hitWhat(h)
		if lines {
			parts[i] += " (line " + strconv.Itoa(h.Line) + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// hitWhat is what a hit is, with the assignment it is in:
// "spring.datasource.password set to a password".
func hitWhat(h secrets.Hit) string {
	if h.Name != "" {
		return h.Name + " set to " + h.What()
	}
	return h.What()
}
