package secrets

import (
	"strings"
	"unicode"
)

// Reason is what a name says it holds: "password", "token", "API key".
type Reason string

// secretWords are the words that, alone, make a name a secret's name.
var secretWords = map[string]Reason{
	"password":      "password",
	"passwd":        "password",
	"pwd":           "password",
	"pass":          "password",
	"passphrase":    "passphrase",
	"secret":        "secret",
	"secrets":       "secret",
	"token":         "token",
	"credential":    "credential",
	"credentials":   "credential",
	"creds":         "credential",
	"bearer":        "token",
	"apikey":        "API key",
	"privatekey":    "private key",
	"privkey":       "private key",
	"accesskey":     "access key",
	"secretkey":     "secret key",
	"sessionkey":    "session key",
	"encryptionkey": "encryption key",
	"signingkey":    "signing key",
	"masterkey":     "master key",
	"licensekey":    "license key",
	"dbpass":        "password",
}

// keyWords are the words before "key" that make it a secret key: API_KEY,
// PRIVATE_KEY, APP_KEY (Laravel), ACCOUNT_KEY (Azure storage). GPG_KEY and
// SIGNING_KEY_FINGERPRINT are not here or stop at a qualifier: official
// images set GPG_KEY to a public key's fingerprint.
var keyWords = map[string]Reason{
	"api":        "API key",
	"private":    "private key",
	"access":     "access key",
	"secret":     "secret key",
	"session":    "session key",
	"encryption": "encryption key",
	"encrypt":    "encryption key",
	"signing":    "signing key",
	"master":     "master key",
	"auth":       "authentication key",
	"ssh":        "SSH key",
	"app":        "application key",
	"hmac":       "HMAC key",
	"license":    "license key",
	"account":    "account key",
	"storage":    "storage key",
	"crypto":     "encryption key",
	"cipher":     "encryption key",
	"aes":        "encryption key",
	"jwt":        "JWT key",
	"client":     "client key",
	"service":    "service key",
}

// suffixWords are secret words that may end a run-together word:
// GITHUBTOKEN, MYSQLPASSWORD, clientsecret.
var suffixWords = []struct {
	suffix string
	reason Reason
}{
	{"password", "password"},
	{"passwd", "password"},
	{"passphrase", "passphrase"},
	{"secret", "secret"},
	{"token", "token"},
	{"apikey", "API key"},
	{"privatekey", "private key"},
	{"accesskey", "access key"},
	{"secretkey", "secret key"},
	{"credentials", "credential"},
}

// qualifiers are words that, after the secret word, turn a name into one
// for a reference to a secret or for metadata about it: PASSWORD_FILE,
// TOKEN_ENDPOINT, PASSWORD_MIN_LENGTH, AWS_ACCESS_KEY_ID, SECRET_NAME.
// A URL qualifier is fine: a URL that embeds a password is caught by its
// value (see Value).
var qualifiers = map[string]bool{
	"file": true, "files": true, "path": true, "paths": true, "dir": true, "dirs": true,
	"directory": true, "folder": true, "location": true, "mount": true, "volume": true,
	"url": true, "uri": true, "urls": true, "endpoint": true, "endpoints": true,
	"host": true, "hostname": true, "port": true, "server": true,
	"length": true, "len": true, "size": true, "bits": true, "min": true, "max": true,
	"minimum": true, "maximum": true, "limit": true, "count": true, "rounds": true,
	"iterations": true, "cost": true, "complexity": true, "strength": true,
	"ttl": true, "expiry": true, "expires": true, "expire": true, "expiration": true,
	"lifetime": true, "timeout": true, "age": true, "duration": true, "interval": true,
	"period": true, "validity": true, "rotation": true, "refresh": true,
	"enabled": true, "enable": true, "disabled": true, "disable": true, "required": true,
	"require": true, "mode": true, "type": true, "kind": true, "format": true,
	"algorithm": true, "algo": true, "alg": true, "scheme": true, "header": true,
	"headers": true, "name": true, "names": true, "user": true, "username": true,
	"login": true, "id": true, "ids": true, "ref": true, "refs": true, "reference": true,
	"arn": true, "version": true, "var": true, "variable": true, "field": true,
	"param": true, "parameter": true, "prefix": true, "suffix": true, "pattern": true,
	"regex": true, "policy": true, "policies": true, "rule": true, "rules": true,
	"store": true, "backend": true, "provider": true, "helper": true, "manager": true,
	"config": true, "cfg": true, "conf": true, "source": true, "command": true,
	"cmd": true, "script": true, "prompt": true, "hint": true, "label": true,
	"description": true, "issuer": true, "audience": true, "scope": true,
	"scopes": true, "realm": true, "service": true, "cache": true, "reset": true,
	"generator": true, "placeholder": true, "env": true, "storage": true,
	"hasher": true, "hashers": true, "hashing": true, "encoder": true, "encoding": true,
	"method": true, "methods": true, "strategy": true, "validator": true, "validators": true,
	"validation": true, "checker": true, "handler": true, "class": true,
}

// notSecretNames are whole names that contain a secret word but are not:
// the shell's working directory.
var notSecretNames = map[string]bool{"pwd": true, "oldpwd": true}

// Name reports whether a variable or key name says it holds a secret, and
// what kind. It reads the name word by word, whatever its style
// (DB_PASSWORD, db-password, dbPassword, spring.datasource.password): a
// secret word (password, passwd, pwd, pass, secret, token, credentials,
// API key, private key, access key, …) that is not followed by a
// qualifier (PASSWORD_FILE, TOKEN_ENDPOINT, SECRET_NAME, ACCESS_KEY_ID,
// PASSWORD_MIN_LENGTH). TOKEN and SECRET alone count; KEY alone and
// GPG_KEY do not.
func Name(name string) (Reason, bool) {
	ws := words(name)
	if len(ws) == 0 || notSecretNames[strings.Join(ws, "")] {
		return "", false
	}
	// The last secret word names the secret: PASSWORD_RESET_TOKEN is a
	// token, AWS_SECRET_ACCESS_KEY a secret access key.
	var reason Reason
	end := -1 // index after the last secret word
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if i+1 < len(ws) && ws[i+1] == "key" {
			if r, ok := keyWords[w]; ok {
				if i > 0 && ws[i-1] == "secret" && w != "secret" {
					r = "secret " + r
				}
				reason, end = r, i+2
				i++
				continue
			}
		}
		r, ok := secretWords[w]
		if !ok {
			for _, s := range suffixWords {
				if len(w) > len(s.suffix) && strings.HasSuffix(w, s.suffix) {
					r, ok = s.reason, true
					break
				}
			}
			if !ok && (strings.Contains(w, "password") || strings.Contains(w, "passwd")) {
				r, ok = "password", true
			}
		}
		if ok {
			if r == "secret" && i > 0 && ws[i-1] == "client" {
				r = "client secret"
			}
			reason, end = r, i+1
		}
	}
	if end < 0 {
		return "", false
	}
	for _, w := range ws[end:] {
		if qualifiers[w] || qualifiers[strings.TrimRight(w, "0123456789")] {
			return "", false
		}
	}
	return reason, true
}

// words splits a name into lower-case words at separators (anything not a
// letter or digit) and at camelCase boundaries: "dbPassword" and
// "APIKey" give [db password] and [api key].
func words(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if unicode.IsUpper(r) && len(cur) > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// identifierWords are words that, ending a name that is not a secret's,
// say it holds who, where or how rather than a secret: the user name
// beside a password, the host, port, database, bucket or region it is
// for, a certificate beside its private key, a key's ID, a file path, a
// type, a lifetime.
var identifierWords = map[string]bool{
	"user": true, "username": true, "usr": true, "uid": true, "login": true, "email": true,
	"accountname": true, "userid": true, "name": true, "address": true, "addr": true,
	"host": true, "hosts": true, "hostname": true, "server": true, "port": true, "url": true,
	"uri": true, "endpoint": true, "region": true, "zone": true, "namespace": true,
	"database": true, "db": true, "dbname": true, "bucket": true, "project": true,
	"cluster": true, "domain": true, "tenant": true, "org": true, "organization": true,
	"id": true, "clientid": true, "tenantid": true,
	"crt": true, "cert": true, "certificate": true, "cacert": true, "ca": true,
	"pub": true, "pubkey": true, "publickey": true, "fingerprint": true,
	"path": true, "dir": true, "directory": true, "file": true, "location": true,
	"type": true, "kind": true, "mode": true, "format": true, "algorithm": true,
	"version": true, "scope": true, "scopes": true, "audience": true, "issuer": true,
	"realm": true, "enabled": true, "ttl": true, "timeout": true, "expiry": true,
	"expiration": true, "description": true,
}

// identifierSuffixes end run-together identifier names:
// azurestorageaccountname, apiusername.
var identifierSuffixes = []string{"username", "accountname", "hostname", "dbname", "userid", "clientid", "tenantid"}

// Identifier reports whether a key name says it holds something that is
// not a secret although it sits beside one — in a Kubernetes Secret or a
// credentials file: a user name (username, auth.username_in, apiUsername),
// an address (host, port, apiAddress, url), an account, database or
// bucket name (azurestorageaccountname), an ID (token-id, client_id), a
// certificate or public key (tls.crt, ca.crt, id_rsa.pub), a path, a type
// or a lifetime (key-file, token-type, token-ttl). The last word decides
// (ca-key and host-key hold private keys); a name that is a secret's
// (Name) never is one: db_user_password holds a password.
func Identifier(name string) bool {
	if _, ok := Name(name); ok {
		return false
	}
	ws := words(name)
	// A trailing direction or number qualifies the word before it:
	// username_in (iSCSI mutual CHAP), host2.
	for len(ws) > 1 && (ws[len(ws)-1] == "in" || ws[len(ws)-1] == "out" || allDigits(ws[len(ws)-1])) {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 {
		return false
	}
	last := strings.TrimRight(ws[len(ws)-1], "0123456789")
	if identifierWords[last] {
		return true
	}
	for _, s := range identifierSuffixes {
		if strings.HasSuffix(last, s) {
			return true
		}
	}
	return false
}
