package analyzer

import (
	"strings"
	"testing"

	"github.com/stridelint/stridelint/parsers"
)

func TestClassifyByName(t *testing.T) {
	const junk = "just some text\n"
	tests := []struct {
		name string
		want parsers.Kind // "" = not ok
	}{
		{"Dockerfile", parsers.KindDockerfile},
		{"dockerfile", parsers.KindDockerfile},
		{"DOCKERFILE", parsers.KindDockerfile},
		{"Dockerfile.dev", parsers.KindDockerfile},
		{"Dockerfile.windows", parsers.KindDockerfile},
		{"Dockerfile.TestBuildMultiStageCopy", parsers.KindDockerfile},
		{"app.dockerfile", parsers.KindDockerfile},
		{"mkdocs.Dockerfile", parsers.KindDockerfile},
		{"Containerfile", parsers.KindDockerfile},
		{"Containerfile.prod", parsers.KindDockerfile},
		{"build.containerfile", parsers.KindDockerfile},
		{"a/b/Dockerfile", parsers.KindDockerfile},
		{`a\b\Dockerfile.debug`, parsers.KindDockerfile},
		{"Dockerfile.md", ""},
		{"Dockerfile.txt", ""},
		{"Dockerfile.orig", ""},
		{"Dockerfile.rej", ""},
		{"Dockerfile.bak", ""},
		{"Dockerfile.swp", ""},
		{"Dockerfile.dockerignore", ""},
		{"Dockerfile.dev.md", ""},
		{"Containerfile.txt", ""},
		{".dockerfile", ""},
		{"Dockerfiles", ""},
		{"my-dockerfile", ""},

		{"compose.yaml", parsers.KindCompose},
		{"compose.yml", parsers.KindCompose},
		{"Compose.YAML", parsers.KindCompose},
		{"docker-compose.yaml", parsers.KindCompose},
		{"docker-compose.yml", parsers.KindCompose},
		{"docker-compose.override.yml", parsers.KindCompose},
		{"docker-compose.prod.yaml", parsers.KindCompose},
		{"docker-compose-dev.yml", parsers.KindCompose},
		{"compose.override.yaml", parsers.KindCompose},
		{"deploy/compose.yaml", parsers.KindCompose},
		{"docker-compose.yml.bak", ""},
		{"compose.json", ""},
		{"compose-dev.yaml", ""},
		{"mycompose.yaml", ""},

		{"daemon.json", parsers.KindDaemon},
		{"etc/docker/daemon.json", parsers.KindDaemon},
		{"daemon.yaml", ""},
		{"docker-daemon.json", ""},

		{"etc/default/docker", parsers.KindEnv},
		{"etc/sysconfig/docker", parsers.KindEnv},
		{"etc/default/kubelet", parsers.KindEnv},
		{"/etc/sysconfig/kubelet", parsers.KindEnv},
		{"deploy/node/default/kubelet", parsers.KindEnv},
		{"kubelet", ""},
		{"bin/kubelet", ""},
		{"etc/kubelet.service", parsers.KindSystemd},
		{"etc/systemd/system/kubelet.service.d/10-kubeadm.conf", parsers.KindSystemd},

		{"values.yaml", ""},
		{"README.md", ""},
		{"main.go", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Classify(tt.name, []byte(junk))
			if (tt.want != "") != ok || got != tt.want {
				t.Errorf("Classify(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
			}
		})
	}
}

func TestClassifyByContent(t *testing.T) {
	tests := []struct {
		desc string
		name string
		data string
		want parsers.Kind // "" = not ok
	}{
		{"pod", "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n", parsers.KindKubernetes},
		{"kind first, yml", "pod.yml", "kind: Pod\napiVersion: v1\n", parsers.KindKubernetes},
		{"multi-doc, first doc only a comment", "all.yaml",
			"---\n# generated, do not edit\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n", parsers.KindKubernetes},
		{"multi-doc, k8s in the second document", "all.yaml",
			"foo: bar\n---\napiVersion: v1\nkind: Service\n", parsers.KindKubernetes},
		{"apiVersion and kind in different documents", "odd.yaml",
			"apiVersion: v2\nname: chart\n---\nkind: Thing\n", ""},
		{"kind List", "list.yaml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n", parsers.KindKubernetes},
		{"JSON manifest", "pod.json",
			"{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"x\"}\n}\n", parsers.KindKubernetes},
		{"JSON manifest, compact", "pod.json", `{"kind":"Pod","apiVersion":"v1","spec":{}}`, parsers.KindKubernetes},
		{"JSON with comments (not JSON, not YAML)", "pod.json",
			"{\n  // a comment\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"spec\": {\"a\": [1,,]}\n}\n", parsers.KindKubernetes},
		{"JSON with nested apiVersion only", "dash.json",
			`{"title": "x", "panels": [{"apiVersion": "v1", "kind": "Pod"}]}`, ""},
		{"JSON array of manifests", "pods.json", `[{"apiVersion": "v1", "kind": "Pod"}]`, ""},
		{"JSON compose", "stack.json", `{"services": {"web": {"image": "nginx"}}}`, parsers.KindCompose},
		{"broken YAML with tabs is still k8s by text", "pod.yaml",
			"apiVersion: v1\nkind: Pod\nspec:\n\tcontainers:\n\t- name: x\n  bad: [\n", parsers.KindKubernetes},
		{"broken YAML with tabs, keys after the break", "pod.yaml",
			"metadata:\n\tname: x\napiVersion: v1\nkind: Pod\n", parsers.KindKubernetes},
		{"compose-looking with apiVersion and kind", "stack.yaml",
			"apiVersion: v1\nkind: Config\nservices:\n  web:\n    image: nginx\n", parsers.KindKubernetes},
		{"compose-looking with apiVersion only", "stack.yaml",
			"apiVersion: v1\nservices:\n  web:\n    image: nginx\n", ""},
		{"compose by content", "stack.yaml", "services:\n  web:\n    image: nginx\n", parsers.KindCompose},
		{"compose by content, empty services", "stack.yml", "version: '3'\nservices:\n", parsers.KindCompose},
		{"broken compose by text", "stack.yaml", "services:\n  web:\n\timage: nginx\n", parsers.KindCompose},
		{"GitLab-CI-like services list is not compose", "pipeline.yml",
			"image: docker\nservices:\n- docker:dind\nbuild:\n  script: [docker build .]\n", ""},
		{"GitHub workflow", "ci.yml",
			"name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres\n    steps:\n    - uses: actions/checkout@v4\n", ""},
		{"values.yaml with random content", "values.yaml", "replicaCount: 1\nimage:\n  repository: nginx\n", ""},
		{"values.yaml with nested apiVersion and kind", "values.yaml",
			"extraObjects:\n  apiVersion: v1\n  kind: ConfigMap\nservices:\n  - a\n", ""},
		{"Helm Chart.yaml", "Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n", ""},
		{"kustomization", "kustomization.yaml",
			"apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- a.yaml\n", parsers.KindKubernetes},
		{"flow-style YAML with comments and trailing commas", "role.yaml",
			"---\n{\n  apiVersion: \"rbac.authorization.k8s.io/v1\",\n  # comment\n  kind: \"Role\",\n  metadata: {\n    name: \"r\",\n  },\n}\n", parsers.KindKubernetes},
		{"indented block mapping", "pod.yaml", "  apiVersion: v1\n  kind: Pod\n", parsers.KindKubernetes},
		{"second document indented", "all.yaml", "a: 1\n---\n  apiVersion: v1\n  kind: Pod\n", parsers.KindKubernetes},
		{"flow mapping on the marker line", "pod.yaml", "--- {apiVersion: v1, kind: Pod}\n", parsers.KindKubernetes},
		{"comment then flow mapping", "pod.yaml", "# c\n{apiVersion: v1, kind: Pod}", parsers.KindKubernetes},
		{"anchored root mapping", "pod.yaml", "&root\n  apiVersion: v1\n  kind: Pod\n", parsers.KindKubernetes},
		{"top-level sequence of manifests", "pods.yaml", "- apiVersion: v1\n  kind: Pod\n", ""},
		{"quoted keys", "pod.yaml", "\"apiVersion\": v1\n'kind': Pod\n", parsers.KindKubernetes},
		{"CRLF and BOM", "pod.yaml", "\xef\xbb\xbfapiVersion: v1\r\nkind: Pod\r\n", parsers.KindKubernetes},
		// Column-0 keys settle the kind without parsing: the parser then
		// reports the empty kind.
		{"empty kind at column 0", "x.yaml", "apiVersion: v1\nkind:\n", parsers.KindKubernetes},
		{"empty kind in flow style", "x.yaml", "{apiVersion: v1, kind: }\n", ""},
		{"apiVersionX is not apiVersion", "x.yaml", "apiVersionX: v1\nkinds: Pod\n", ""},
		{"empty file", "x.yaml", "", ""},
		{"binary data", "x.yaml", "apiVersion: v1\nkind: Pod\n\x00\x01\x02", ""},
		{"binary Dockerfile still a Dockerfile", "Dockerfile", "FROM x\n\x00\x00", parsers.KindDockerfile},
		{"binary daemon.json still daemon", "daemon.json", "\x00{}", parsers.KindDaemon},
		{"Dockerfile.md with manifest content is not a Dockerfile", "Dockerfile.md", "apiVersion: v1\nkind: Pod\n", parsers.KindKubernetes},

		// Names no walk would offer: only reach Classify when named explicitly.
		{"explicit manifest with odd name", "pod.txt", "apiVersion: v1\nkind: Pod\n", parsers.KindKubernetes},
		{"explicit Dockerfile with odd name", "build/Dockerfile-alpine",
			"# syntax=docker/dockerfile:1\n\nARG BASE=alpine\nFROM ${BASE}\nRUN true\n", parsers.KindDockerfile},
		{"explicit prose", "NOTES", "Some notes about services.\n", ""},
		{"yaml named file starting with FROM is not a Dockerfile", "x.yaml", "FROM alpine\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got, ok := Classify(tt.name, []byte(tt.data))
			if (tt.want != "") != ok || got != tt.want {
				t.Errorf("Classify(%q, %q) = %q, %v; want %q", tt.name, tt.data, got, ok, tt.want)
			}
		})
	}
}

// A large file that the cheap checks cannot settle is judged by text, not
// decoded.
func TestClassifyLargeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("config:\n")
	for b.Len() < 3<<20 {
		b.WriteString("  services: {a: 1}\n  apiVersion: v1\n")
	}
	if k, ok := Classify("big.yaml", []byte(b.String())); ok {
		t.Errorf("big values file classified as %q", k)
	}
	big := "apiVersion: v1\nkind: ConfigMap\ndata:\n" + strings.Repeat("  k: v\n", 1<<19)
	if k, ok := Classify("big.yaml", []byte(big)); !ok || k != parsers.KindKubernetes {
		t.Errorf("big manifest classified as %q, %v", k, ok)
	}
}

func BenchmarkClassifyManifest(b *testing.B) {
	data := []byte(strings.Repeat("---\napiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n", 1000))
	for b.Loop() {
		Classify("all.yaml", data)
	}
}
