package secrets

import (
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
)

// Kind is a credential format: "GitHub token", "AWS access key ID".
type Kind string

// shape is one credential format and how to show it without its secret.
type shape struct {
	kind Kind
	// find returns the display form of the first credential of this
	// shape in v.
	find func(v string) (shown string, ok bool)
}

// token is a credential that starts with a fixed, documented prefix
// (group 1 of re) followed by a random body (group 2). open, when true,
// lets the body continue with more characters of the same alphabet
// (formats whose length may grow).
func token(kind Kind, re string, open bool) shape {
	rx := regexp.MustCompile(re)
	return shape{kind: kind, find: func(v string) (string, bool) {
		for _, loc := range rx.FindAllStringSubmatchIndex(v, -1) {
			if loc[0] > 0 && isWordByte(v[loc[0]-1]) {
				continue
			}
			if !open && loc[1] < len(v) && isWordByte(v[loc[1]]) {
				continue
			}
			if !varied(v[loc[4]:loc[5]]) {
				continue
			}
			return v[loc[2]:loc[3]] + "… (" + strconv.Itoa(loc[1]-loc[0]) + " chars)", true
		}
		return "", false
	}}
}

// keyed is a secret given after a fixed key inside a longer value
// ("AccountKey=…", "Authorization: Bearer …"): group 1 is the key as
// shown, group 2 the secret.
func keyed(kind Kind, re string) shape {
	rx := regexp.MustCompile(re)
	return shape{kind: kind, find: func(v string) (string, bool) {
		for _, m := range rx.FindAllStringSubmatch(v, -1) {
			if literalSecret(m[2]) {
				return m[1] + "••••••", true
			}
		}
		return "", false
	}}
}

// shapes are the credential formats Value knows, most specific first.
// Each has a documented prefix or structure, so that a random string
// (a commit hash, a checksum, a GPG fingerprint) never matches. Formats
// without one (a Twilio auth token is 32 hex characters, an AWS secret
// access key 40 base64 characters) are only found next to their key.
var shapes = []shape{
	{kind: "private key", find: findPrivateKey},
	{kind: "base64-encoded private key", find: findEncodedPrivateKey},
	token("AWS access key ID", `(AKIA|ASIA)([A-Z2-7]{16})`, false),
	token("GitHub token", `(gh[pousr]_)([A-Za-z0-9]{36,})`, true),
	token("GitHub token", `(github_pat_)([A-Za-z0-9]{22}_[A-Za-z0-9]{59})`, false),
	token("GitLab token", `(gl(?:pat|dt|rt|ptt|ft|cbt|oas)-)([A-Za-z0-9_-]{20,})`, true),
	token("Slack token", `(xox[abposr]-)([0-9]{6,}-[0-9A-Za-z-]{10,})`, true),
	token("Slack token", `(xapp-)([0-9]-[A-Z0-9]{6,}-[0-9]{6,}-[a-z0-9]{20,})`, true),
	token("Slack webhook URL", `(https://hooks\.slack\.com/(?:services|workflows|triggers)/)([A-Za-z0-9_/]{20,})`, true),
	token("Stripe secret key", `((?:sk|rk)_(?:live|test)_)([0-9A-Za-z]{16,})`, true),
	token("Google API key", `(AIza)([0-9A-Za-z_-]{35})`, false),
	token("Google OAuth client secret", `(GOCSPX-)([A-Za-z0-9_-]{28})`, false),
	token("npm token", `(npm_)([A-Za-z0-9]{36})`, false),
	token("SendGrid API key", `(SG\.)([A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})`, false),
	token("PyPI token", `(pypi-)(AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})`, true),
	token("Docker Hub token", `(dckr_pat_)([A-Za-z0-9_-]{27,})`, true),
	token("Hugging Face token", `(hf_)([A-Za-z]{34})`, false),
	token("Anthropic API key", `(sk-ant-(?:api|admin)[0-9]{2}-)([A-Za-z0-9_-]{80,})`, true),
	token("OpenAI API key", `(sk-(?:proj-|svcacct-|admin-)?)([A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,})`, true),
	token("OpenAI API key", `(sk-(?:proj|svcacct|admin)-)([A-Za-z0-9_-]{80,})`, true),
	token("DigitalOcean token", `(do[opr]_v1_)([a-f0-9]{64})`, false),
	token("Shopify token", `(shp(?:at|ca|pa|ss)_)([a-fA-F0-9]{32})`, false),
	{kind: "JSON Web Token", find: findJWT},
	keyed("AWS secret access key", `(?i)(aws_?secret_?access_?key\s*[=:]\s*)["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|$)`),
	keyed("Azure storage account key", `(?i)(AccountKey=)([A-Za-z0-9+/]{40,}={0,2})`),
	keyed("Azure shared access key", `(?i)(SharedAccessKey=)([A-Za-z0-9+/]{40,}={0,2})`),
	keyed("HTTP authorization credential", `(?i)(authorization:\s*(?:basic|bearer|token)\s+)([A-Za-z0-9+/=._~-]{12,})`),
	keyed("npm registry token", `(?i)(:_auth(?:Token)?\s*=\s*)([^\s"']+)`),
	{kind: "URL with a password", find: findURLPassword},
	{kind: "connection string with a password", find: findConnPassword},
}

// Value reports whether v contains a credential of a known format, and
// which: private keys (PEM, OpenSSH, PGP blocks, also base64-encoded as in
// a kubeconfig's client-key-data), AWS access key IDs
// (AKIA…, ASIA…), GitHub, GitLab, Slack, Stripe, npm, PyPI, Docker Hub,
// Hugging Face, OpenAI, Anthropic, SendGrid, DigitalOcean and Shopify
// tokens, Google API keys and OAuth client secrets, Slack webhook URLs,
// signed JSON Web Tokens, and passwords written into a URL
// (scheme://user:pass@host, ?password=…), a connection string
// (Password=…;), an Authorization header or an .npmrc _authToken.
//
// A credential of the right shape whose body is obviously made up
// (AKIAIOSFODNN7EXAMPLE, ghp_xxxx…, a password that is a ${VAR}
// reference or <placeholder>) is not reported.
func Value(v string) (Kind, bool) {
	k, _, ok := find(v)
	return k, ok
}

func find(v string) (Kind, string, bool) {
	if len(v) < 8 {
		return "", "", false
	}
	for _, s := range shapes {
		if shown, ok := s.find(v); ok {
			return s.kind, shown, true
		}
	}
	return "", "", false
}

var privateKeyRe = regexp.MustCompile(`-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----`)

// base64Run is what follows a real key's header: a long run of base64
// (a documentation stub has "..." or nothing).
var base64Run = regexp.MustCompile(`[A-Za-z0-9+/=]{24,}`)

func findPrivateKey(v string) (string, bool) {
	loc := privateKeyRe.FindStringIndex(v)
	if loc == nil {
		return "", false
	}
	body := v[loc[1]:]
	if end := strings.Index(body, "-----END"); end >= 0 {
		body = body[:end]
	}
	// Escaped newlines ("\n" written out) glue a letter to the base64.
	body = strings.ReplaceAll(body, `\n`, " ")
	if !base64Run.MatchString(body) {
		return "", false
	}
	return v[loc[0]:loc[1]] + "…", true
}

// encodedKeyRe is a PEM block encoded once more in base64, as kubeconfig
// (client-key-data) and Kubernetes Secrets hold them: "LS0tLS1CRUdJTi" is
// "-----BEGIN".
var encodedKeyRe = regexp.MustCompile(`LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,}={0,2}`)

// findEncodedPrivateKey finds a base64-encoded private key block (not a
// certificate, which encodes the same way).
func findEncodedPrivateKey(v string) (string, bool) {
	for _, loc := range encodedKeyRe.FindAllStringIndex(v, -1) {
		if loc[0] > 0 && (isWordByte(v[loc[0]-1]) || v[loc[0]-1] == '+' || v[loc[0]-1] == '/') {
			continue
		}
		enc := v[loc[0]:loc[1]]
		d, err := base64.StdEncoding.DecodeString(enc[:len(enc)/4*4])
		if err != nil {
			continue
		}
		if _, ok := findPrivateKey(string(d)); ok {
			return "LS0tLS1CRUdJTi… (" + strconv.Itoa(len(enc)) + " chars)", true
		}
	}
	return "", false
}

var jwtRe = regexp.MustCompile(`(eyJ[A-Za-z0-9_-]{8,})\.(eyJ[A-Za-z0-9_-]{8,})\.([A-Za-z0-9_-]{16,})`)

// findJWT finds a signed JSON Web Token: a header that decodes to JSON
// naming its algorithm. A Supabase "anon" key is a JWT meant to be public
// (it ships in every browser bundle) and is not reported.
func findJWT(v string) (string, bool) {
	for _, m := range jwtRe.FindAllStringSubmatchIndex(v, -1) {
		if m[0] > 0 && (isWordByte(v[m[0]-1]) || v[m[0]-1] == '.') {
			continue
		}
		header, err := base64.RawURLEncoding.DecodeString(v[m[2]:m[3]])
		if err != nil || !strings.Contains(string(header), `"alg"`) {
			continue
		}
		payload, _ := base64.RawURLEncoding.DecodeString(strings.TrimRight(v[m[4]:m[5]], "="))
		if p := strings.ReplaceAll(string(payload), " ", ""); strings.Contains(p, `"role":"anon"`) {
			continue
		}
		return "eyJ… (" + strconv.Itoa(m[1]-m[0]) + " chars)", true
	}
	return "", false
}

var (
	urlUserinfoRe = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*)://([^/\s:@?#]*):([^/\s@?#]*)@([^/\s@?#'"]+)`)
	urlQueryRe    = regexp.MustCompile(`(?i)([A-Za-z][A-Za-z0-9+.-]*)://([^/\s?#'"]+)[^\s?#'"]*\?(?:[^\s#'"]*&)?(?:password|passwd|pwd|pass)=([^&\s#'"]*)`)
)

// findURLPassword finds scheme://user:pass@host and ?password=… with a
// literal password. Hosts under example.com/.org/.net are documentation.
func findURLPassword(v string) (string, bool) {
	for _, m := range urlUserinfoRe.FindAllStringSubmatch(v, -1) {
		if literalSecret(m[3]) && !exampleHost(m[4]) {
			return m[1] + "://••••••@" + m[4], true
		}
	}
	for _, m := range urlQueryRe.FindAllStringSubmatch(v, -1) {
		host := m[2]
		if i := strings.LastIndexByte(host, '@'); i >= 0 {
			host = host[i+1:]
		}
		if literalSecret(m[3]) && !exampleHost(host) {
			return m[1] + "://" + host + "/…?password=••••••", true
		}
	}
	return "", false
}

func exampleHost(host string) bool {
	h := strings.ToLower(host)
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	for _, d := range []string{"example.com", "example.org", "example.net"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}

var (
	connPasswordRe = regexp.MustCompile(`(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*([^;]*)`)
	connOtherKeyRe = regexp.MustCompile(`(?i)(?:^|;)\s*(?:server|host|data source|user id|uid|user|username|database|initial catalog|address|addr|port)\s*=`)
)

// findConnPassword finds Password=… in a semicolon-separated connection
// string (ADO.NET, ODBC, JDBC-style), one that names a server or user too.
func findConnPassword(v string) (string, bool) {
	if !strings.Contains(v, ";") || !connOtherKeyRe.MatchString(v) {
		return "", false
	}
	for _, m := range connPasswordRe.FindAllStringSubmatch(v, -1) {
		if literalSecret(strings.Trim(strings.TrimSpace(m[1]), `"'{}`)) {
			return "Password=••••••", true
		}
	}
	return "", false
}

// literalSecret reports whether a password or key found inside a longer
// value is a literal one: not empty, not a reference, not a placeholder.
func literalSecret(s string) bool {
	if s == "" || Placeholder(s) {
		return false
	}
	l := strings.ToLower(s)
	return !strings.HasPrefix(l, "%24") && !strings.HasPrefix(l, "%7b") && !strings.HasPrefix(s, "%")
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// varied reports whether a token body looks random rather than made up:
// enough distinct characters, no filler words, no long runs of ascending
// characters (1234567890abcdef…).
func varied(body string) bool {
	l := strings.ToLower(body)
	for _, w := range []string{"example", "xxxx", "sample", "dummy", "placeholder", "redacted", "0000", "your"} {
		if strings.Contains(l, w) {
			return false
		}
	}
	distinct := map[rune]bool{}
	for _, r := range l {
		distinct[r] = true
	}
	need := len(body) / 3
	if need > 8 {
		need = 8
	}
	if len(distinct) < need {
		return false
	}
	run := 1
	for i := 1; i < len(l); i++ {
		if l[i] == l[i-1]+1 {
			run++
			if run >= 8 {
				return false
			}
		} else {
			run = 1
		}
	}
	return true
}
