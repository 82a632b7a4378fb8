package kube

import (
	corev1 "k8s.io/api/core/v1"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/image"
)

// The image rules (KW024–KW026) judge each container's image reference
// with rules/image, as the Dockerfile and compose rules do. A reference
// that still holds a template or variable (${TAG}, {{ .Values.image }},
// $(IMAGE)) or that is not a valid reference is unknown: skipped.

const imageNotJudged = `Every container is judged, init and ephemeral ones included. Not reported: a reference
that still holds a template or variable placeholder (` + "`${TAG}`" + `, ` + "`{{ .Values.image.tag }}`" + `,
` + "`$(IMAGE)`" + `) — its value is unknown until rendering, and unknown is not insecure — and one that
is not a valid image reference at all; and an image that a skaffold config of the scan
(` + "`build.artifacts`" + `, in the directory of the manifest or above it) builds: skaffold deploys it
with the exact tag and digest it built, so the name in the manifest is a placeholder.`

var imageUntaggedOrLatest = &rules.Rule{
	ID:       "KW024",
	Title:    "image untagged or latest",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "kubernetes",
	Help: `A container's image has no tag (` + "`image: redis`" + `, which means ` + "`redis:latest`" + `) or the ` + "`latest`" + `
tag, and no digest. ` + "`latest`" + ` is whatever the publisher pushed last: each node pulls it when
it starts the pod, so two replicas of the same Deployment, or the same pod rescheduled a
week later, run different software, a rollback does not roll anything back, and a
compromised or careless push upstream reaches the cluster on the next pod start without
any change to the manifest.

A reference with a digest is not reported, whatever its tag: in ` + "`nginx:latest@sha256:…`" + `
the digest decides and the tag is only a label.

` + imageNotJudged,
	Remediation: `Name a specific version, and pin it by digest (see KW025):

` + "```yaml" + `
containers:
- name: cache
  image: redis:7.2.4-alpine@sha256:<digest>
` + "```" + `

Let Dependabot or Renovate update tag and digest together.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Images (image names, updating images)", URL: "https://kubernetes.io/docs/concepts/containers/images/"},
		{Title: "Kubernetes docs: Configuration best practices (avoid :latest)", URL: "https://kubernetes.io/docs/concepts/configuration/overview/#container-images"},
	},
	CheckProject: eachImageInScan(checkImageUntagged),
}

func checkImageUntagged(p *rules.ProjectPass, so scanObject, c *pkube.Container, ref image.Ref) {
	switch {
	case ref.Untagged():
		reportIn(p, so, c.Path.Key("image"), 0, nil, "%s of %s runs image %s without a tag, which means latest: each node pulls whatever is tagged latest when it starts the pod",
			c.Describe(), c.Pod.Object.Describe(), ref.Raw)
	case ref.Latest():
		reportIn(p, so, c.Path.Key("image"), 0, nil, "%s of %s runs image %s with the moving latest tag: replicas and restarts may run different content",
			c.Describe(), c.Pod.Object.Describe(), ref.Raw)
	}
}

var imageNotPinned = &rules.Rule{
	ID:       "KW025",
	Title:    "image not pinned by digest",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "kubernetes",
	Help: `A container's image is named by tag only (` + "`image: redis:7.2`" + `), without ` + "`@sha256:`" + `. Tags are
mutable: the publisher — or anyone who takes over the publisher's account or the
registry, or sits between the node and a plain-HTTP registry mirror — can point the same
tag at other content, and every node that pulls it afterwards runs that content with the
pod's permissions and secrets. Only a digest names the content itself, so that what was
scanned and approved is what runs; admission policies that verify image signatures
(Sigstore policy-controller, Kyverno verifyImages) work on digests too.

An untagged or ` + "`latest`" + ` image is also reported by KW024.

` + imageNotJudged,
	Remediation: `Append the digest of the image you tested, keeping the tag for readers:

` + "```yaml" + `
image: redis:7.2.4-alpine@sha256:<digest>
` + "```" + `

Get it with ` + "`crane digest redis:7.2.4-alpine`" + ` or ` + "`docker buildx imagetools inspect`" + ` (the index
digest, which covers every platform). Kustomize's ` + "`images:`" + ` field and Helm values can carry
the digest; Renovate and Dependabot update tag and digest together.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Images (image names and digests)", URL: "https://kubernetes.io/docs/concepts/containers/images/#image-names"},
		{Title: "CIS Docker Benchmark 4.5: Ensure Content trust for Docker is Enabled", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Sigstore policy-controller", URL: "https://docs.sigstore.dev/policy-controller/overview/"},
	},
	CheckProject: eachImageInScan(checkImagePinned),
}

func checkImagePinned(p *rules.ProjectPass, so scanObject, c *pkube.Container, ref image.Ref) {
	if ref.Pinned() {
		return
	}
	reportIn(p, so, c.Path.Key("image"), 0, nil, "%s of %s runs image %s, which is not pinned by digest: its tag can be moved to other content",
		c.Describe(), c.Pod.Object.Describe(), ref.Raw)
}

var imagePullStale = &rules.Rule{
	ID:       "KW026",
	Title:    "image pull policy lets a node reuse stale images",
	Severity: rules.Info,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "kubernetes",
	Help: `A container names its image by a mutable tag (no digest) and sets ` + "`imagePullPolicy: IfNotPresent`" + `
or ` + "`Never`" + `. The kubelet then runs whatever the node already holds under that tag:

- replicas on different nodes run different content after the tag moved (a fix, or a
  revoked vulnerable build, reaches only the nodes that did not have the old one);
- an image that another pod, a node bootstrap script or an attacker with access to the
  node's container runtime put there under that name is used without any check against
  the registry.

Only an explicit ` + "`IfNotPresent`" + ` or ` + "`Never`" + ` is reported: left unset, the policy is ` + "`Always`" + ` for
untagged and ` + "`latest`" + ` images and ` + "`IfNotPresent`" + ` for other tags, which KW025 already covers. With a
digest the node can only reuse the exact content named, which is safe: not reported.
The finding points at the image, whose digest is the better fix.

` + imageNotJudged,
	Remediation: `Pin the image by digest (then ` + "`IfNotPresent`" + ` is safe and saves pulls), or, when the tag must
float, set ` + "`imagePullPolicy: Always`" + `, which makes the kubelet resolve the tag against the
registry (cheap: layers already on the node are not downloaded again):

` + "```yaml" + `
image: example/api:1.4.2@sha256:<digest>
imagePullPolicy: IfNotPresent
` + "```" + `

Enable the AlwaysPullImages admission plugin on multi-tenant clusters.`,
	References: []rules.Reference{
		{Title: "Kubernetes docs: Images (image pull policy)", URL: "https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy"},
		{Title: "Kubernetes docs: Admission controllers (AlwaysPullImages)", URL: "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwayspullimages"},
	},
	CheckProject: eachImageInScan(checkImagePullStale),
}

func checkImagePullStale(p *rules.ProjectPass, so scanObject, c *pkube.Container, ref image.Ref) {
	policy := c.C.ImagePullPolicy
	if policy != corev1.PullIfNotPresent && policy != corev1.PullNever || ref.Pinned() {
		return
	}
	effect := "a node that already holds this tag runs its old copy, even after the tag moved"
	if policy == corev1.PullNever {
		effect = "the node runs whatever it already holds under this tag, never checked against the registry"
	}
	reportIn(p, so, c.Path.Key("image"), 0, nil, "%s of %s runs image %s with imagePullPolicy %s: %s",
		c.Describe(), c.Pod.Object.Describe(), ref.Raw, policy, effect)
}

// containerImage is the container's image reference; ok is false when it
// is absent, a template or invalid.
func containerImage(c *pkube.Container) (image.Ref, bool) {
	if c.C.Image == "" {
		return image.Ref{}, false
	}
	ref, err := image.Parse(c.C.Image)
	return ref, err == nil
}
