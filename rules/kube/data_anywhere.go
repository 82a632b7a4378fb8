package kube

import (
	"go.yaml.in/yaml/v3"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/secrets"
)

var credentialAnywhere = &rules.Rule{
	ID:          "KD003",
	SecretLines: true,
	Title:       "credential-shaped value anywhere in a manifest",
	Severity:    rules.High,
	Threats:     []rules.ThreatID{rules.K8s2},
	STRIDE:      []rules.Category{rules.InformationDisclosure},
	Kind:        "kubernetes",
	Help: `A value somewhere in a Kubernetes object has the shape of a credential: a private key
block (also base64-encoded, as a kubeconfig's ` + "`client-key-data`" + ` holds it), an AWS access key
ID, a GitHub, GitLab, Slack, Stripe, npm, PyPI, Docker Hub, Hugging Face, OpenAI or Anthropic
token, a Google API key or OAuth client secret, a Slack webhook URL, a
signed JSON Web Token, a URL or connection string with a password in it, an Authorization
header. Credentials end up in annotations (a CI token for a deploy tool, a webhook URL for a
notifier), in container ` + "`args`" + ` and ` + "`command`" + ` (` + "`--token=…`" + `), in the env and configuration of custom
resources (Argo Workflows, Tekton tasks, Helm releases, operators' specs), in labels.
Wherever it is, it is committed with the manifest, readable by everyone who can read the
repository, and in the cluster by everyone who can ` + "`get`" + ` the object — with no RBAC on secrets to
stop them; container arguments are also visible in ` + "`ps`" + ` on the node and in the pod's spec.

Every scalar of every object is read, whatever its kind (custom resources included), and a
value written on several lines is read line by line: the finding points at the line.
Only the value's shape counts, not the key's name: names are judged where their meaning is
known (KD002 for ConfigMaps, KW029 for container environment variables).

Not reported here, because another rule reports it: the ` + "`data`" + ` and ` + "`stringData`" + ` of Secrets
(KD001), the ` + "`data`" + ` and ` + "`binaryData`" + ` of ConfigMaps (KD002), the ` + "`env[].value`" + ` of the containers
of pod-bearing objects (KW029). Not reported either: documentation values that have a
credential's format but an obviously made-up body (` + "`AKIAIOSFODNN7EXAMPLE`" + `, ` + "`ghp_xxxx…`" + `, a key
block with ` + "`...`" + ` for a body), passwords in URLs that are references or placeholders
(` + "`postgres://app:${DB_PASSWORD}@db`" + `) or on ` + "`example.com`" + `, the public "anon" JWT of Supabase, SOPS
ciphertext and metadata, the descriptions and examples of a CustomResourceDefinition's
schema, and what ` + "`kubectl.kubernetes.io/last-applied-configuration`" + ` repeats of a Secret or
ConfigMap. Findings never show the secret, at most its public prefix.`,
	Remediation: `Remove the credential from the manifest and rotate it: it is in the repository's history.
Put it in a Secret that is not committed (created out of band, or from a SealedSecret, an
ExternalSecret or a SOPS-encrypted file) and have the object reference it: a container reads it
from a mounted file or a ` + "`secretKeyRef`" + `, an operator through the ` + "`secretRef`" + ` / ` + "`existingSecret`" + `
field its custom resource offers. Never pass a secret on a command line.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Good practices for Kubernetes Secrets", URL: "https://kubernetes.io/docs/concepts/security/secrets-good-practices/"},
		{Title: "Kubernetes docs: Distribute Credentials Securely Using Secrets", URL: "https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/"},
		{Title: "CIS Kubernetes Benchmark 5.4.2: Consider external secret storage", URL: "https://www.cisecurity.org/benchmark/kubernetes"},
		{Title: "OWASP Secrets Management Cheat Sheet", URL: "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
	},
	Check: eachObject(checkCredentialAnywhere),
}

// lastApplied is the annotation kubectl copies an applied object into:
// for Secrets and ConfigMaps it repeats their data, which KD001 and KD002
// report where it is written.
const lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

// maxWalkDepth bounds the walk through a hostile document.
const maxWalkDepth = 100

func checkCredentialAnywhere(p *rules.Pass, o *pkube.Object) {
	skip := map[string]bool{"sops": true}
	if coreObject(o, "Secret") {
		skip["data"], skip["stringData"] = true, true
		skip[yamlpos.P("metadata", "annotations", lastApplied).String()] = true
	}
	if coreObject(o, "ConfigMap") {
		skip["data"], skip["binaryData"] = true, true
		skip[yamlpos.P("metadata", "annotations", lastApplied).String()] = true
	}
	// KW029 judges the env values of containers, by name and shape.
	if pod, ok := o.PodSpec(); ok {
		for _, c := range pod.Containers() {
			for j := range c.C.Env {
				skip[c.Path.Key("env").Index(j).Key("value").String()] = true
			}
		}
	}
	// A CRD's schema documents its fields, with made-up examples
	// ("postgres://user:password@host").
	crd := o.Kind == "CustomResourceDefinition" && o.Group() == "apiextensions.k8s.io"
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node, path yamlpos.Path, depth int)
	walk = func(n *yaml.Node, path yamlpos.Path, depth int) {
		n = yamlpos.Resolve(n)
		if n == nil || depth > maxWalkDepth || skip[path.String()] {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			yamlpos.Pairs(n, func(k, v *yaml.Node) {
				if crd && (k.Value == "description" || k.Value == "example") {
					return
				}
				walk(v, path.Key(k.Value), depth+1)
			})
		case yaml.SequenceNode:
			for i, it := range n.Content {
				walk(it, path.Index(i), depth+1)
			}
		case yaml.ScalarNode:
			if seen[n] {
				return
			}
			seen[n] = true
			checkScalarShape(p, o, path, n)
		}
	}
	walk(o.Node, nil, 0)
}

// checkScalarShape reports the credentials of one scalar: a value on one
// line at its key, a text line by line at the line when it can be found.
func checkScalarShape(p *rules.Pass, o *pkube.Object, path yamlpos.Path, n *yaml.Node) {
	v := n.Value
	if len(v) < 8 || sopsValue(v) {
		return
	}
	where := path.String()
	if !multiline(v) {
		if k, ok := secrets.Value(v); ok {
			reportAt(p, o, path, "%s has %s in %s — it is committed with the manifest, and readable by anyone who can get the object",
				o.Describe(), secrets.Match{Kind: k, Shown: secrets.Redact(v)}.What(), where)
		}
		return
	}
	// Only shapes: a name-only hit in a text is KD002's and KW029's to judge.
	var rest []secrets.Hit
	for _, h := range fileHits(v) {
		if h.Kind == "" {
			continue
		}
		h.Name, h.Reason = "", ""
		r, ok := textLine(o, n, h.Line)
		if !ok {
			rest = append(rest, h)
			continue
		}
		p.Reportf(r, o.Anchor(path), "%s has %s in the text of %s — it is committed with the manifest, and readable by anyone who can get the object",
			o.Describe(), h.What(), where)
	}
	if len(rest) > 0 {
		reportAt(p, o, path, "%s has credentials in the text of %s: %s — it is committed with the manifest, and readable by anyone who can get the object",
			o.Describe(), where, fileHitList(rest, true))
	}
}
