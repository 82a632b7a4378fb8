package kube

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var encryptionInClear = &rules.Rule{
	ID:       "KC009",
	Title:    "EncryptionConfiguration stores secrets in clear",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.K8s2},
	STRIDE:   []rules.Category{rules.InformationDisclosure},
	Kind:     "kubernetes",
	Reads:    cpReads,
	Help: `The API server encrypts what it writes to etcd with the **first** provider of the
` + "`EncryptionConfiguration`" + ` entry that covers a resource (` + "`secrets`" + `, or the wildcards ` + "`*.*`" + ` and
` + "`*.`" + `); the providers after it are only tried to decrypt what is already stored. This rule reads
` + "`kind: EncryptionConfiguration`" + ` (` + "`apiserver.config.k8s.io/v1`" + `) and the older ` + "`kind: EncryptionConfig`" + `
and reports, for Secrets:

- ` + "`identity`" + ` first (high): new and updated Secrets are written to etcd in clear text — anyone
  who reads etcd's data directory, a snapshot or a backup reads them, whatever encrypting
  provider follows (a common leftover of a migration, or a copy-paste in the wrong order);
- no entry covering secrets, or no encrypting provider (` + "`aescbc`" + `, ` + "`aesgcm`" + `, ` + "`secretbox`" + `,
  ` + "`kms`" + `) at all (high): the same;
- ` + "`aesgcm`" + ` first (low): AES-GCM with a static key risks nonce reuse — the Kubernetes docs
  ask for a new key every 200,000 writes, which nothing does for you;
- ` + "`kms`" + ` with ` + "`apiVersion: v1`" + ` (or none) first (low): KMS v1 is deprecated since 1.28 and off by
  default since 1.29; KMS v2 is the supported form.

When an API server of the scan names the file in ` + "`--encryption-provider-config`" + ` (matched by
path suffix, at least the file name), the message names that API server. Keys written
literally in the file are not this rule's concern (KD003 judges credentials); the API
server's missing flag is KC008's.`,
	Remediation: "Put an encrypting provider first for `secrets` — `kms` with `apiVersion: v2` (a KMS plugin keeps the key off the node), or `secretbox`/`aescbc` with a key kept outside the repository — keep `identity` last only while migrating, then rewrite existing Secrets (`kubectl get secrets -A -o json | kubectl replace -f -`).",
	References: []rules.Reference{
		cisK8s("1.2.28", "Ensure that encryption providers are appropriately configured"),
		{Title: "Kubernetes docs: Encrypting confidential data at rest", URL: "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/"},
		{Title: "Kubernetes docs: Using a KMS provider for data encryption", URL: "https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/"},
	},
	CheckProject: func(p *rules.ProjectPass) {
		eachScanObject(p, func(so scanObject) {
			if isEncryptionConfig(so.Object) {
				checkEncryption(p, so.File, so.Object)
			}
		})
	},
}

func isEncryptionConfig(o *pkube.Object) bool {
	switch o.Kind {
	case "EncryptionConfiguration":
		return strings.HasPrefix(o.APIVersion, "apiserver.config.k8s.io/")
	case "EncryptionConfig":
		return o.APIVersion == "v1" || strings.HasPrefix(o.APIVersion, "apiserver.config.k8s.io/")
	}
	return false
}

// encryptingProviders are the providers that encrypt.
var encryptingProviders = []string{"aescbc", "aesgcm", "secretbox", "kms"}

func checkEncryption(p *rules.ProjectPass, file string, o *pkube.Object) {
	what := o.Kind + " " + path.Base(file)
	if users := configUsers(p, APIServer, "encryption-provider-config", file, configCandidates(p, "encryption", isEncryptionConfig)); len(users) > 0 {
		what += fmt.Sprintf(" (the --encryption-provider-config of %s)", describeAll(users))
	}
	report := func(at yamlpos.Path, sev rules.Severity, format string, args ...any) {
		r, _ := o.Range(at)
		p.Report(rules.Finding{Path: file, Range: r, Anchor: o.Anchor(at), Severity: sev, Message: fmt.Sprintf(format, args...)})
	}
	entries := o.Lookup(yamlpos.P("resources"))
	entry := -1
	if entries.Exact && entries.Node != nil && entries.Node.Kind == yaml.SequenceNode {
		for i, it := range entries.Node.Content {
			_, res := yamlpos.MapGet(yamlpos.Resolve(it), "resources")
			if slices.ContainsFunc(scalarItems(res), coversSecrets) {
				entry = i
				break
			}
		}
	}
	if entry < 0 {
		report(yamlpos.P("resources"), 0, "%s has no entry for secrets: Secrets are written to etcd in clear text", what)
		return
	}
	provPath := yamlpos.P("resources", entry, "providers")
	var kinds []string
	if m := o.Lookup(provPath); m.Exact && m.Node != nil && m.Node.Kind == yaml.SequenceNode {
		for _, it := range m.Node.Content {
			kind := ""
			yamlpos.Pairs(yamlpos.Resolve(it), func(k, _ *yaml.Node) {
				if kind == "" {
					kind = k.Value
				}
			})
			kinds = append(kinds, kind)
		}
	}
	encrypting := slices.ContainsFunc(kinds, func(k string) bool { return slices.Contains(encryptingProviders, k) })
	switch {
	case len(kinds) == 0:
		report(provPath, 0, "%s lists no provider for secrets: Secrets are written to etcd in clear text", what)
	case kinds[0] == "identity" && encrypting:
		report(provPath.Index(0), 0, "%s puts identity first for secrets: new and updated Secrets are written to etcd in clear text (the providers after it only decrypt)", what)
	case kinds[0] == "identity":
		report(provPath.Index(0), 0, "%s has only identity for secrets: Secrets are written to etcd in clear text", what)
	case !encrypting:
		report(provPath, 0, "%s has no encrypting provider for secrets (aescbc, aesgcm, secretbox or kms): Secrets are not encrypted", what)
	case kinds[0] == "aesgcm":
		report(provPath.Index(0), rules.Low, "%s encrypts Secrets with aesgcm: with a static key nonces can repeat, and the key must be rotated every 200,000 writes", what)
	case kinds[0] == "kms":
		v := ""
		if m := o.Lookup(provPath.Index(0).Key("kms", "apiVersion")); m.Exact && m.Node != nil {
			v = m.Node.Value
		}
		if v == "" || v == "v1" {
			at := provPath.Index(0)
			if v != "" {
				at = at.Key("kms", "apiVersion")
			}
			report(at, rules.Low, "%s encrypts Secrets with KMS v1 (deprecated since Kubernetes 1.28, off by default since 1.29): use apiVersion: v2", what)
		}
	}
}

// coversSecrets reports whether a resources item of an
// EncryptionConfiguration entry covers Secrets.
func coversSecrets(r string) bool {
	return r == "secrets" || r == "*." || r == "*.*"
}

// scalarItems are the scalar items of a YAML sequence.
func scalarItems(n *yaml.Node) []string {
	n = yamlpos.Resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []string
	for _, it := range n.Content {
		if it = yamlpos.Resolve(it); it.Kind == yaml.ScalarNode {
			out = append(out, it.Value)
		}
	}
	return out
}
