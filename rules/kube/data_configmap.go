package kube

import (
	"strings"

	"go.yaml.in/yaml/v3"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/secrets"
)

var configMapCredential = &rules.Rule{
	ID:          "KD002",
	SecretLines: true,
	Title:       "credential in ConfigMap",
	Severity:    rules.High,
	Threats:     []rules.ThreatID{rules.K8s2},
	STRIDE:      []rules.Category{rules.InformationDisclosure},
	Kind:        "kubernetes",
	Help: `A ConfigMap holds a credential. ConfigMaps are meant for configuration that is not secret:
they are committed in clear, shown by ` + "`kubectl describe`" + `, readable by every subject that may
read ConfigMaps in the namespace (far more than may read Secrets: the built-in ` + "`view`" + ` role
does), copied into ` + "`kubectl.kubernetes.io/last-applied-configuration`" + `, and left out of
encryption at rest, which covers Secrets. Anyone with the repository, or with read access
to the namespace, has the credential.

Reported, in ` + "`data`" + ` and in ` + "`binaryData`" + ` that decodes to text:

- a key whose name says it holds a secret — password, secret, token, API key, private key,
  access key, credentials, … in any naming style (` + "`DB_PASSWORD`" + `, ` + "`dbPassword`" + `,
  ` + "`spring.datasource.password`" + `) — with a literal value;
- a value that has the shape of a known credential whatever its key: a private key, an AWS
  access key ID, a GitHub, GitLab, Slack, Stripe, npm or PyPI token, a Google API key, a
  signed JWT, a URL or connection string with a password in it;
- the same inside a configuration file held in a key (` + "`application.properties`" + `, ` + "`.env`" + `,
  ` + "`config.yaml`" + `, JSON): the file is read line by line, and the finding points at the line of
  the file when it is written as a literal block scalar (` + "`key: |`" + `), else at the key.

Not reported: references and placeholders (` + "`${DB_PASSWORD}`" + `, ` + "`{{ .Values.password }}`" + `,
` + "`/run/secrets/db`" + `, ` + "`<your-token>`" + `, ` + "`REPLACE_ME`" + `, ` + "`dummy`" + `, empty values); names that hold a
reference to a secret or metadata about one (` + "`PASSWORD_FILE`" + `, ` + "`TOKEN_TTL`" + `, ` + "`SECRET_NAME`" + `);
values SOPS encrypted (` + "`ENC[AES256_GCM,…]`" + `, or a document with a ` + "`sops:`" + ` key); binary data.
A weak value such as ` + "`changeme`" + ` is reported: it is a real password, and everyone can guess it.
Findings never show the secret, at most its public prefix.`,
	Remediation: `Move the credential out of the ConfigMap into a Secret that is not committed (create it
out of band, or commit a SealedSecret, an ExternalSecret or a SOPS-encrypted file), and rotate
it: it is in the repository's history. Mount the Secret as a file next to the configuration,
or reference it from the configuration by an environment variable the application expands
(` + "`spring.datasource.password=${DB_PASSWORD}`" + ` with ` + "`DB_PASSWORD`" + ` from ` + "`secretKeyRef`" + `).`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: ConfigMaps (ConfigMap does not provide secrecy or encryption)", URL: "https://kubernetes.io/docs/concepts/configuration/configmap/"},
		{Title: "Kubernetes docs: Good practices for Kubernetes Secrets", URL: "https://kubernetes.io/docs/concepts/security/secrets-good-practices/"},
		{Title: "CIS Kubernetes Benchmark 5.4.2: Consider external secret storage", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
		{Title: "OWASP Secrets Management Cheat Sheet", URL: "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
	},
	Check: eachObject(checkConfigMapCredential),
}

func checkConfigMapCredential(p *rules.Pass, o *pkube.Object) {
	if !coreObject(o, "ConfigMap") || sopsEncrypted(o) {
		return
	}
	for _, field := range []string{"data", "binaryData"} {
		_, m := yamlpos.MapGet(o.Node, field)
		yamlpos.Pairs(m, func(k, v *yaml.Node) {
			if v.Kind != yaml.ScalarNode {
				return
			}
			text := v.Value
			if field == "binaryData" {
				d, ok := decodeData(v.Value)
				if !ok || binary(d) {
					return
				}
				text = d
			}
			checkConfigMapKey(p, o, yamlpos.P(field, k.Value), v, field == "data", k.Value, text)
		})
	}
}

// checkConfigMapKey judges one key: a value by its name and shape, a file
// line by line.
func checkConfigMapKey(p *rules.Pass, o *pkube.Object, path yamlpos.Path, v *yaml.Node, inText bool, key, text string) {
	if strings.TrimSpace(text) == "" || sopsValue(text) {
		return
	}
	const exposed = "ConfigMaps are not secret: anyone who can read the repository, or read ConfigMaps in the namespace, has it"
	scan, own, isFile := asFile(key, text)
	if !isFile {
		if m, ok := secrets.Literal(key, text); ok {
			reportAt(p, o, path, "%s holds %s in %s — %s", o.Describe(), m.What(), path, exposed)
		}
		return
	}
	hits := fileHits(scan)
	if len(hits) == 0 {
		// A value written on several lines under a secret's name
		// (.htpasswd, ssh-password).
		if r, ok := secrets.Name(key); ok && !placeholderText(scan) && !publicText(text) {
			reportAt(p, o, path, "%s holds %s in %s — %s", o.Describe(), secrets.Match{Reason: r}.What(), path, exposed)
		}
		return
	}
	var rest []secrets.Hit
	for _, h := range hits {
		r, ok := textLine(o, v, h.Line)
		if !inText || !own || !ok {
			rest = append(rest, h)
			continue
		}
		p.Reportf(r, o.Anchor(path)+"#"+h.Name, "%s holds a credential in the file in %s: %s — %s", o.Describe(), path, hitWhat(h), exposed)
	}
	if len(rest) > 0 {
		reportAt(p, o, path, "%s holds a file with credentials in %s: %s — %s", o.Describe(), path, fileHitList(rest, own), exposed)
	}
}
