package kube

import (
	"strings"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/secrets"
)

var secretInEnvLiteral = &rules.Rule{
	ID:          "KW029",
	SecretLines: true,
	Title:       "secret in environment literal",
	Severity:    rules.High,
	Threats:     []rules.ThreatID{rules.K8s2},
	STRIDE:      []rules.Category{rules.InformationDisclosure},
	Kind:        "kubernetes",
	Help: `A secret is written into the manifest as the literal ` + "`value`" + ` of a container's environment
variable. The manifest is committed and shared: everyone who can read the repository has
the secret, and it stays in the history after it is removed. In the cluster it is stored
in the workload object, not in a Secret: anyone with ` + "`get`" + ` on Deployments or Pods (far more
people and tools than can read Secrets — every ` + "`view`" + ` role, CI, dashboards, backups) reads it
with ` + "`kubectl get -o yaml`" + `, and encryption at rest, which covers Secrets, does not cover it.

Reported, for every container (init and ephemeral ones included):

- a variable whose name says it holds a secret — password, passwd, pwd, secret, token, API
  key, private key, access key, credentials, … in any naming style (` + "`DB_PASSWORD`" + `,
  ` + "`dbPassword`" + `) — with a literal value;
- a value that has the shape of a known credential, whatever its name: an AWS access key
  ID, a GitHub, GitLab, Slack, Stripe, npm or PyPI token, a private key, a signed JWT, a URL
  or connection string with a password in it (` + "`postgres://app:hunter2@db/app`" + `).

Not reported: ` + "`valueFrom`" + ` (a reference to a Secret or ConfigMap; see KW030), empty values,
references to other variables (` + "`$(DB_PASSWORD)`" + `, which the kubelet expands, and ` + "`${VAR}`" + ` or
` + "`{{ .Values.x }}`" + ` templates rendered before apply), file paths, names that hold a reference to a
secret or metadata about one (` + "`PASSWORD_FILE`" + `, ` + "`TOKEN_TTL`" + `, ` + "`SECRET_NAME`" + `) and obviously made-up
values (` + "`<your-token>`" + `, ` + "`REPLACE_ME`" + `, ` + "`dummy`" + `, ` + "`true`" + `, an upper-case marker that spells
out the variable's own name for a script to replace: ` + "`GOOGLE_API_KEY: GOOGLE_API_KEY_VAL`" + `). A weak value such as ` + "`changeme`" + ` or
` + "`password`" + ` is reported: it is a real password that anyone can guess. Findings never show the
secret, at most its public prefix.`,
	Remediation: `Remove the value from the manifest and rotate the secret: it is in the repository's history.
Keep it in a Secret created outside the repository (or from an encrypted source: Sealed
Secrets, SOPS, External Secrets Operator) and mount it as a file (see KW030), or at
least reference it:

` + "```yaml" + `
env:
- name: DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: db
      key: password
` + "```" + ``,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Good practices for Kubernetes Secrets", URL: "https://kubernetes.io/docs/concepts/security/secrets-good-practices/"},
		{Title: "Kubernetes docs: Define container environment variables using Secret data", URL: "https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#define-container-environment-variables-using-secret-data"},
		{Title: "OWASP Secrets Management Cheat Sheet", URL: "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
	},
	Check: eachContainer(checkSecretInEnvLiteral),
}

func checkSecretInEnvLiteral(p *rules.Pass, c *pkube.Container) {
	for i, e := range c.C.Env {
		if e.ValueFrom != nil || e.Value == "" {
			continue
		}
		m, ok := secrets.Literal(e.Name, e.Value)
		if !ok || m.Kind == "" && substitutionMarker(e.Name, e.Value) {
			continue
		}
		reportAt(p, c.Pod.Object, c.Path.Key("env").Index(i).Key("value"),
			"%s of %s has %s written in environment variable %s: anyone who can read the manifest or get the workload from the API has it",
			c.Describe(), c.Pod.Object.Describe(), m.What(), e.Name)
	}
}

// substitutionMarker reports whether a value is a marker that a script
// or kustomize replacement swaps for the real value before apply: an
// upper-case token that spells out the variable's own name
// (GOOGLE_API_KEY: GOOGLE_API_KEY_VAL, ETCD_DISCOVERY_TOKEN:
// INSERT_ETCD_DISCOVERY_TOKEN).
func substitutionMarker(name, value string) bool {
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return -1
		}, s)
	}
	for _, r := range value {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	n := norm(name)
	return len(n) >= 4 && strings.Contains(norm(value), n)
}

var secretThroughEnv = &rules.Rule{
	ID:       "KW030",
	Title:    "secret exposed through env",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.K8s2},
	STRIDE:   []rules.Category{rules.InformationDisclosure},
	Kind:     "kubernetes",
	Help: `A container receives a Secret as environment variables: ` + "`env[].valueFrom.secretKeyRef`" + ` (one key)
or ` + "`envFrom[].secretRef`" + ` (every key of the Secret). Keeping the value in a Secret is right; handing
it over in the environment is the weaker way to deliver it. The environment leaks:

- it is inherited by every child process the application starts (shells, plugins,
  helpers, a command run through an injection flaw);
- it is readable in ` + "`/proc/<pid>/environ`" + ` and shown by ` + "`kubectl exec … env`" + `;
- it ends up in crash dumps and error reports (Sentry and similar collect it), in debug
  pages and endpoints that print the environment (Spring Boot's ` + "`/actuator/env`" + `, ` + "`phpinfo()`" + `),
  and in logs of start-up scripts that echo their settings;
- it cannot change while the container runs, so rotating the secret means restarting
  every pod.

A Secret mounted as a volume is a file readable only by the process that opens it, with
file permissions you choose, and the kubelet updates it in place when the Secret changes.
One finding per ` + "`secretKeyRef`" + ` (at its ` + "`env`" + ` item) and per ` + "`envFrom`" + ` ` + "`secretRef`" + ` (at that key), init and
ephemeral containers included.
ConfigMap references are not reported.`,
	Remediation: `Mount the Secret as files and point the application at them (most images and frameworks
accept a ` + "`*_FILE`" + ` variable or a config path):

` + "```yaml" + `
containers:
- name: api
  env:
  - name: DB_PASSWORD_FILE
    value: /run/secrets/db/password
  volumeMounts:
  - name: db
    mountPath: /run/secrets/db
    readOnly: true
volumes:
- name: db
  secret:
    secretName: db
    defaultMode: 0400
` + "```" + ``,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Good practices for Kubernetes Secrets", URL: "https://kubernetes.io/docs/concepts/security/secrets-good-practices/"},
		{Title: "Kubernetes docs: Secrets (using Secrets as files from a Pod)", URL: "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod"},
		{Title: "CIS Kubernetes Benchmark 5.4.1: Prefer using Secrets as files over Secrets as environment variables", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
	},
	Check: eachContainer(checkSecretThroughEnv),
}

func checkSecretThroughEnv(p *rules.Pass, c *pkube.Container) {
	for i, e := range c.C.Env {
		if e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
			continue
		}
		ref := e.ValueFrom.SecretKeyRef
		reportAt(p, c.Pod.Object, c.Path.Key("env").Index(i),
			"%s of %s gets key %q of Secret %q as environment variable %s: the environment leaks into child processes, crash dumps and debug output; mount it as a file instead",
			c.Describe(), c.Pod.Object.Describe(), ref.Key, ref.Name, e.Name)
	}
	for i, e := range c.C.EnvFrom {
		if e.SecretRef == nil {
			continue
		}
		reportAt(p, c.Pod.Object, c.Path.Key("envFrom").Index(i).Key("secretRef"),
			"%s of %s imports every key of Secret %q as environment variables: the environment leaks into child processes, crash dumps and debug output; mount it as files instead",
			c.Describe(), c.Pod.Object.Describe(), e.SecretRef.Name)
	}
}
