package secrets

import (
	"strings"
)

// secretFiles are file (or directory) names that hold credentials.
var secretFiles = map[string]string{
	"id_rsa":                               "SSH private key",
	"id_dsa":                               "SSH private key",
	"id_ecdsa":                             "SSH private key",
	"id_ed25519":                           "SSH private key",
	"id_ecdsa_sk":                          "SSH private key",
	"id_ed25519_sk":                        "SSH private key",
	".ssh":                                 "SSH key directory",
	".aws":                                 "AWS credentials directory",
	".gnupg":                               "GnuPG key directory",
	".kube":                                "kubeconfig directory that can hold cluster credentials",
	".docker":                              "Docker client directory with registry credentials",
	"private-keys-v1.d":                    "GnuPG private key directory",
	"secring.gpg":                          "GnuPG secret keyring",
	".env":                                 "environment file",
	".npmrc":                               "npm config that can hold registry tokens",
	".pypirc":                              "PyPI config with upload credentials",
	".netrc":                               "netrc file with login passwords",
	"_netrc":                               "netrc file with login passwords",
	".git-credentials":                     "Git credential store",
	".htpasswd":                            "htpasswd file with password hashes",
	".pgpass":                              "PostgreSQL password file",
	".my.cnf":                              "MySQL client config with a password",
	".vault-token":                         "Vault token",
	".s3cfg":                               "s3cmd config with access keys",
	".boto":                                "boto config with cloud credentials",
	".dockercfg":                           "Docker registry credentials file",
	"auth.json":                            "registry or Composer credentials file",
	"kubeconfig":                           "kubeconfig that can hold cluster credentials",
	"terraform.tfstate":                    "Terraform state with resource secrets in clear text",
	"application_default_credentials.json": "Google Cloud credentials file",
}

// secretExts are extensions of files that hold private keys or secrets.
var secretExts = map[string]string{
	".key":      "private key",
	".p12":      "PKCS#12 key store",
	".pfx":      "PKCS#12 key store",
	".pkcs12":   "PKCS#12 key store",
	".jks":      "Java key store",
	".keystore": "key store",
	".p8":       "PKCS#8 private key",
	".ppk":      "PuTTY private key",
	".kdbx":     "KeePass database",
	".tfstate":  "Terraform state with resource secrets in clear text",
}

// dataExts are extensions under which a file named like a secret
// (secrets.yaml, password.txt, client_secret.json) holds one. Code
// (secret.go, tokens.py) and encrypted files (credentials.yml.enc) do not.
var dataExts = map[string]bool{
	"": true, ".txt": true, ".json": true, ".yaml": true, ".yml": true, ".env": true,
	".ini": true, ".conf": true, ".cfg": true, ".cnf": true, ".toml": true,
	".properties": true, ".xml": true, ".csv": true, ".dat": true, ".b64": true,
	".base64": true, ".secret": true,
}

// templateWords mark a file as a template or example, not the real thing:
// .env.example, credentials.json.sample, secrets.template.yaml.
var templateWords = map[string]bool{
	"example": true, "examples": true, "sample": true, "samples": true, "template": true,
	"templates": true, "tmpl": true, "tpl": true, "dist": true, "default": true,
	"defaults": true, "schema": true, "skel": true,
}

// publicSSH are the files of ~/.ssh that hold nothing secret.
var publicSSH = map[string]bool{
	"known_hosts": true, "known_hosts.old": true, "authorized_keys": true,
	"authorized_keys2": true, "config": true, "rc": true, "environment": true,
}

// File reports whether a path names a file or directory that holds
// secrets, and what it is: SSH private keys (id_rsa, anything in .ssh but
// known_hosts, authorized_keys, config and *.pub), .env files (not
// .env.example, .env.sample, .env.template), .npmrc, .pypirc, .netrc,
// .git-credentials, credentials files (credentials, credentials.json,
// .aws/credentials), .aws/, .ssh/, .gnupg/, .docker/config.json,
// kubeconfig and .kube/config, private keys (*.key, *.p12, *.pfx, *.jks,
// *.keystore, *.p8, *.ppk, and *.pem files named as keys — key.pem,
// privkey.pem; cert.pem and ca.pem are certificates), Terraform state,
// and data files named like a secret (secrets.yaml, password.txt,
// client_secret.json). Public keys (*.pub) and certificates never are.
func File(p string) (string, bool) {
	p = strings.TrimRight(strings.ReplaceAll(p, `\`, "/"), "/")
	if p == "" {
		return "", false
	}
	parts := strings.Split(p, "/")
	base := parts[len(parts)-1]
	lbase := strings.ToLower(base)
	dir := ""
	if len(parts) > 1 {
		dir = strings.ToLower(parts[len(parts)-2])
	}
	if strings.HasSuffix(lbase, ".pub") || lbase == "." || lbase == ".." {
		return "", false
	}
	if Template(base) {
		return "", false
	}
	ws := words(strings.TrimPrefix(lbase, "."))
	switch dir {
	case ".ssh":
		if publicSSH[lbase] {
			return "", false
		}
		if what, ok := secretFiles[lbase]; ok {
			return what, true
		}
		return "SSH private key", true
	case ".aws":
		if lbase != "config" {
			return "AWS credentials file", true
		}
		return "", false
	case ".docker":
		if lbase == "config.json" {
			return "Docker registry credentials file", true
		}
		return "", false
	case ".kube":
		if lbase == "config" {
			return "kubeconfig that can hold cluster credentials", true
		}
		return "", false
	case ".gnupg":
		if lbase == "private-keys-v1.d" || lbase == "secring.gpg" {
			return secretFiles[lbase], true
		}
		return "", false
	case "gcloud":
		if len(parts) > 2 && strings.ToLower(parts[len(parts)-3]) == ".config" {
			return "Google Cloud credentials file", true
		}
	}
	if what, ok := secretFiles[lbase]; ok {
		return what, true
	}
	if lbase == "gcloud" && dir == ".config" {
		return "Google Cloud credentials directory", true
	}
	if strings.HasPrefix(lbase, ".env.") {
		return "environment file", true
	}
	ext := ""
	if i := strings.LastIndexByte(lbase, '.'); i >= 0 {
		ext = lbase[i:]
	}
	if ext == ".backup" && strings.HasSuffix(lbase, ".tfstate.backup") {
		ext = ".tfstate"
	}
	if what, ok := secretExts[ext]; ok {
		return what, true
	}
	stem := strings.TrimSuffix(lbase, ext)
	for _, w := range ws {
		if w == "kubeconfig" {
			return "kubeconfig that can hold cluster credentials", true
		}
	}
	if ext == ".pem" {
		// PEM holds certificates as often as keys: only a file named as a
		// key is one.
		key := false
		for _, w := range words(stem) {
			switch w {
			case "pub", "public", "pubkey", "cert", "certificate", "crt", "chain", "fullchain", "bundle":
				return "", false
			case "key", "private", "priv", "privkey", "privatekey", "secret":
				key = true
			}
		}
		if key {
			return "PEM private key", true
		}
		return "", false
	}
	if strings.HasPrefix(lbase, "ssh_host_") && strings.HasSuffix(lbase, "_key") {
		return "SSH host private key", true
	}
	// /etc/passwd holds no password (that is /etc/shadow).
	if !dataExts[ext] || lbase == "passwd" {
		return "", false
	}
	if r, ok := Name(stem); ok {
		return string(r) + " file", true
	}
	return "", false
}

// Template reports whether a file name marks a template or example of a
// secret file rather than the real one: .env.example, .npmrc.sample,
// secrets.template.yaml, credentials.json.dist.
func Template(p string) bool {
	p = strings.TrimRight(strings.ReplaceAll(p, `\`, "/"), "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	for _, w := range words(p) {
		if templateWords[w] {
			return true
		}
	}
	return false
}
