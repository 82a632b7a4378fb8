package kube

import (
	"encoding/json"
	"strings"

	"go.yaml.in/yaml/v3"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/secrets"
)

var secretManifest = &rules.Rule{
	ID:          "KD001",
	SecretLines: true,
	Title:       "Secret manifest committed",
	Severity:    rules.High,
	Threats:     []rules.ThreatID{rules.K8s2},
	STRIDE:      []rules.Category{rules.InformationDisclosure},
	Kind:        "kubernetes",
	Help: `A ` + "`kind: Secret`" + ` manifest holds the secret itself in ` + "`data`" + ` or ` + "`stringData`" + `. The values of
` + "`data`" + ` are base64: an encoding, not encryption — ` + "`base64 -d`" + ` gives them back. Everyone who can
read the repository, its forks, its CI logs and every clone has the password, token or
private key, and it stays in the Git history after the file is deleted. The Secret object
in the cluster can be locked down with RBAC and encrypted at rest in etcd; the file it came
from cannot.

One finding per key that holds a secret, at the key (or, for a file written in a
` + "`stringData`" + ` block scalar, at the line of the file that holds it). The message names the key
and, when it is recognisable, the kind of credential — TLS private key, SSH private key,
Docker registry credentials, service account or bootstrap token, password, or a known
token format — and never the value, neither encoded nor decoded.

Not reported:

- SealedSecrets, ExternalSecrets and other custom kinds (their content is ciphertext or a
  reference to a secret manager), and Secrets encrypted with SOPS (a top-level ` + "`sops:`" + ` key,
  or values ` + "`ENC[AES256_GCM,…]`" + `);
- Secrets without data (a service account token Secret with only its annotation, which the
  control plane fills in), empty values;
- values that are placeholders or references, not secrets: ` + "`${DB_PASSWORD}`" + `, Helm's
  ` + "`{{ .Values.password | b64enc }}`" + `, ` + "`<your-token>`" + `, ` + "`REPLACE_ME`" + `, ` + "`dummy`" + ` (a weak password such as
  ` + "`changeme`" + ` is a real one, and is reported);
- keys that hold who, where or how rather than a secret — the ` + "`username`" + ` of a basic-auth
  Secret, ` + "`tls.crt`" + ` and ` + "`ca.crt`" + `, user names, hosts, ports, URLs, regions, buckets, IDs, paths,
  types, lifetimes (a value with a credential's shape is reported whatever its key) — and
  values that are only certificates or public keys; the public parts of a bootstrap token
  (` + "`token-id`" + `, ` + "`usage-*`" + `, ` + "`expiration`" + `);
- a configuration file held in a key (` + "`alertmanager.yaml`" + `, ` + "`grafana.ini`" + `) that has no credential
  in it: it is judged line by line, and reported at the lines that hold one;
- Docker registry credentials whose ` + "`auth`" + ` and passwords are all placeholders.`,
	Remediation: `Remove the Secret from the repository and rotate what it held: the values are in the Git
history and in every clone. Keep only a reference to the secret in Git:

- **Sealed Secrets**: commit a ` + "`SealedSecret`" + ` (encrypted with the cluster's public key by
  ` + "`kubeseal`" + `), which only the controller in the cluster can decrypt;
- **External Secrets Operator** or the **Secrets Store CSI Driver**: commit an ` + "`ExternalSecret`" + ` /
  ` + "`SecretProviderClass`" + ` that names the secret in Vault, AWS Secrets Manager, Azure Key Vault or
  Google Secret Manager;
- **SOPS** (with age, KMS or PGP keys), decrypted by Flux, Argo CD (plugin) or in CI;
- or create the Secret out of band (` + "`kubectl create secret … --from-file`" + `) and commit only
  the workloads that use it.

Enable encryption at rest for Secrets in etcd, and restrict ` + "`get`" + `/` + "`list`" + ` on secrets with RBAC.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Good practices for Kubernetes Secrets", URL: "https://kubernetes.io/docs/concepts/security/secrets-good-practices/"},
		{Title: "Kubernetes docs: Secrets (types of Secret)", URL: "https://kubernetes.io/docs/concepts/configuration/secret/"},
		{Title: "Kubernetes docs: Encrypting Confidential Data at Rest", URL: "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/"},
		{Title: "CIS Kubernetes Benchmark 5.4.2: Consider external secret storage", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
		{Title: "Sealed Secrets", URL: "https://github.com/bitnami-labs/sealed-secrets"},
		{Title: "External Secrets Operator", URL: "https://external-secrets.io/"},
		{Title: "SOPS: Secrets OPerationS", URL: "https://getsops.io/"},
	},
	Check: eachObject(checkSecretManifest),
}

// Secret types and keys whose meaning the API defines.
const (
	secretTypeBasicAuth = "kubernetes.io/basic-auth"
	secretTypeTLS       = "kubernetes.io/tls"
	secretTypeSAToken   = "kubernetes.io/service-account-token"
	secretTypeBootstrap = "bootstrap.kubernetes.io/token"
)

func checkSecretManifest(p *rules.Pass, o *pkube.Object) {
	if !coreObject(o, "Secret") || sopsEncrypted(o) {
		return
	}
	_, t := yamlpos.MapGet(o.Node, "type")
	typ := ""
	if t != nil {
		typ = t.Value
	}
	for _, field := range []string{"data", "stringData"} {
		_, m := yamlpos.MapGet(o.Node, field)
		yamlpos.Pairs(m, func(k, v *yaml.Node) {
			if v.Kind != yaml.ScalarNode {
				return
			}
			checkSecretKey(p, o, typ, field, k.Value, v)
		})
	}
}

// checkSecretKey judges one key of a Secret's data (base64) or stringData
// (text).
func checkSecretKey(p *rules.Pass, o *pkube.Object, typ, field, key string, v *yaml.Node) {
	path := yamlpos.P(field, key)
	text, encoded := v.Value, field == "data"
	if encoded {
		if d, ok := decodeData(v.Value); ok {
			text = d
		}
	}
	if strings.TrimSpace(text) == "" || sopsValue(v.Value) || sopsValue(text) {
		return
	}
	clear := "in clear text"
	if encoded {
		clear = "base64-encoded, which anyone can decode"
	}
	report := func(what string) {
		reportAt(p, o, path, "%s commits %s in %s, %s: anyone who can read the repository or its history has it",
			o.Describe(), what, path, clear)
	}
	if key == ".dockerconfigjson" || key == ".dockercfg" {
		if dockerConfigHasCredentials(text) {
			report("Docker registry credentials")
		}
		return
	}
	if what, ok := secretKeyKind(typ, key); ok {
		if _, shaped := secrets.Value(text); shaped || !secrets.Placeholder(text) && !publicText(text) {
			report(what)
		}
		return
	}
	if publicSecretKey(typ, key) {
		// Still a secret when its value has a credential's shape.
		if k, ok := secrets.Value(text); ok && !binary(text) {
			report(secrets.Match{Kind: k, Shown: secrets.Redact(text)}.What())
		}
		return
	}
	if binary(text) {
		// A trust store holds certificates.
		if !secrets.Identifier(key) && !strings.Contains(strings.ToLower(key), "truststore") {
			report(secretFileKind(key))
		}
		return
	}
	if scan, own, ok := asFile(key, text); ok && !strings.Contains(text, "PRIVATE KEY") {
		// One line under a file's name that is not an assignment
		// (password.txt: hunter2) is judged as a value below.
		if multiline(text) || !own || strings.Contains(text, "=") || strings.Contains(text, ": ") {
			checkSecretFile(p, o, path, v, key, scan, own, own && !encoded, clear)
			return
		}
	}
	if k, ok := secrets.Value(text); ok {
		report(secrets.Match{Kind: k, Shown: secrets.Redact(text)}.What())
		return
	}
	if secrets.Identifier(key) || secrets.Placeholder(text) || publicText(text) {
		return
	}
	report(secretFileKind(key))
}

// checkSecretFile judges a configuration file held in a Secret's key by
// the secrets in it: a Secret that holds an alertmanager.yaml or a
// grafana.ini without credentials commits nothing secret. own says the
// lines of text are the file's (not reformatted JSON); written, that they
// are also where v is written (not decoded from base64).
func checkSecretFile(p *rules.Pass, o *pkube.Object, path yamlpos.Path, v *yaml.Node, key, text string, own, written bool, clear string) {
	hits := fileHits(text)
	if len(hits) == 0 {
		// A file named as a secret whose lines are not assignments
		// (.htpasswd, .pgpass, .netrc) holds one whatever they look
		// like; a configuration file or a kubeconfig without a
		// credential in its lines holds none.
		what, named := secrets.File(key)
		if named && !configFileName(key) && !strings.Contains(what, "kubeconfig") && !placeholderText(text) && !publicText(text) {
			reportAt(p, o, path, "%s commits %s in %s, %s: anyone who can read the repository or its history has it",
				o.Describe(), secretFileKind(key), path, clear)
		}
		return
	}
	var rest []secrets.Hit
	for _, h := range hits {
		r, ok := textLine(o, v, h.Line)
		if !written || !ok {
			rest = append(rest, h)
			continue
		}
		p.Reportf(r, o.Anchor(path)+"#"+h.Name, "%s commits a credential in the file in %s, in clear text: %s — anyone who can read the repository or its history has it",
			o.Describe(), path, hitWhat(h))
	}
	if len(rest) > 0 {
		reportAt(p, o, path, "%s commits a file with credentials in %s, %s: %s — anyone who can read the repository or its history has it",
			o.Describe(), path, clear, fileHitList(rest, own))
	}
}

// secretKeyKind names the secret a key holds by the API's definition of
// its Secret type.
func secretKeyKind(typ, key string) (string, bool) {
	switch {
	case key == "tls.key":
		return "a TLS private key", true
	case key == "ssh-privatekey":
		return "an SSH private key", true
	case typ == secretTypeBasicAuth && key == "password":
		return "a password", true
	case typ == secretTypeSAToken && key == "token":
		return "a service account token", true
	case typ == secretTypeBootstrap && key == "token-secret":
		return "a bootstrap token secret", true
	}
	return "", false
}

// publicSecretKey reports whether the API defines a key of a Secret type
// as public: the user name of basic auth, certificates, the ID and usages
// of a bootstrap token.
func publicSecretKey(typ, key string) bool {
	switch {
	case key == "tls.crt" || key == "ca.crt":
		return true
	case typ == secretTypeBasicAuth:
		return key == "username"
	case typ == secretTypeSAToken:
		return key == "namespace"
	case typ == secretTypeBootstrap:
		return key != "token-secret"
	}
	return false
}

// secretFileKind names what a key of unknown format holds, by its name:
// "an API key" (api-key), "an SSH private key" (id_rsa), "a Java key
// store" (keystore.jks), else "a secret value".
func secretFileKind(key string) string {
	if r, ok := secrets.Name(key); ok {
		return secrets.Match{Reason: r}.What()
	}
	if what, ok := secrets.File(key); ok {
		return secrets.Match{Reason: secrets.Reason(what)}.What()
	}
	return "a secret value"
}

// dockerConfig is a .dockerconfigjson ({"auths": {host: entry}}) or a
// legacy .dockercfg ({host: entry}).
type dockerAuth struct {
	Auth          string `json:"auth"`
	Password      string `json:"password"`
	IdentityToken string `json:"identitytoken"`
	RegistryToken string `json:"registrytoken"`
}

// dockerConfigHasCredentials reports whether a Docker config holds a
// credential that is not a placeholder. A config that does not parse is
// judged as a whole.
func dockerConfigHasCredentials(text string) bool {
	var cfg struct {
		Auths map[string]dockerAuth `json:"auths"`
	}
	entries := map[string]dockerAuth{}
	if err := json.Unmarshal([]byte(text), &cfg); err == nil && cfg.Auths != nil {
		entries = cfg.Auths
	} else if err := json.Unmarshal([]byte(text), &entries); err != nil {
		return !secrets.Placeholder(text)
	}
	for _, e := range entries {
		for _, c := range []string{e.Password, e.IdentityToken, e.RegistryToken} {
			if c != "" && !secrets.Placeholder(c) {
				return true
			}
		}
		if e.Auth == "" || secrets.Placeholder(e.Auth) {
			continue
		}
		// auth is base64 of "user:password".
		if d, ok := decodeData(e.Auth); ok {
			if _, pass, found := strings.Cut(d, ":"); found && (pass == "" || secrets.Placeholder(pass)) {
				continue
			}
		}
		return true
	}
	return false
}
