package secrets

import (
	"regexp"
	"strings"
)

// Hit is a secret found in a text body (a config file held in a ConfigMap,
// a heredoc, a file's content).
type Hit struct {
	// Line is the 1-based line of the text the secret is on.
	Line int
	// Name is the key of the assignment the secret is in; "" when the
	// line is not an assignment.
	Name string
	Match
}

// assignRe reads one "key = value" line of the common config formats:
// KEY=value and export KEY=value (env files, shell), key: value (YAML),
// "key": "value", (JSON), key = value (INI, TOML, properties).
var assignRe = regexp.MustCompile(`^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[:=]\s*(.*)$`)

// maxKeyLines bounds how far after a BEGIN line the body of a private key
// is looked for (a 16384-bit RSA key is under 200 lines).
const maxKeyLines = 200

// privateKeyBody reports whether a key's body follows its BEGIN line: a
// long run of base64 on the rest of the line or on the lines after it,
// before the END line (a documentation stub has "..." or nothing).
func privateKeyBody(rest string, next []string) bool {
	if base64Run.MatchString(rest) {
		return true
	}
	for j, l := range next {
		if j >= maxKeyLines || strings.Contains(l, "-----END") || strings.Contains(l, "-----BEGIN") {
			return false
		}
		if base64Run.MatchString(l) {
			return true
		}
	}
	return false
}

// ScanText finds the secrets in a text, line by line: assignments that
// Literal judges a secret, and credential-shaped values anywhere (a
// private key block is reported at its BEGIN line).
func ScanText(text string) []Hit {
	var hits []Hit
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		if loc := privateKeyRe.FindStringIndex(line); loc != nil {
			if privateKeyBody(line[loc[1]:], lines[i+1:]) {
				hits = append(hits, Hit{Line: i + 1, Match: Match{Kind: "private key", Shown: line[loc[0]:loc[1]] + "…"}})
			}
			continue
		}
		if m := assignRe.FindStringSubmatch(line); m != nil {
			if match, ok := Literal(m[1], configValue(m[2])); ok {
				hits = append(hits, Hit{Line: i + 1, Name: m[1], Match: match})
				continue
			}
		}
		if k, shown, ok := find(line); ok {
			hits = append(hits, Hit{Line: i + 1, Match: Match{Kind: k, Shown: shown}})
		}
	}
	return hits
}

// configValue is the value of an assignment without its quotes, trailing
// comma (JSON) or trailing comment.
func configValue(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimSuffix(v, ",")
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
		if end := strings.IndexByte(v[1:], v[0]); end >= 0 {
			return v[1 : end+1]
		}
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}
