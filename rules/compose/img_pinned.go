package compose

import (
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/image"
)

var imageNotPinned = &rules.Rule{
	ID:       "DC028",
	Title:    "image untagged, `latest` or not pinned",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "compose",
	Help: `A service runs an image that compose pulls from a registry by a name that does not fix
its content:

- without a tag (` + "`image: redis`" + `, which docker reads as ` + "`redis:latest`" + `) or with the ` + "`latest`" + ` tag —
  **medium**: ` + "`latest`" + ` is whatever the publisher pushed last, so two hosts, or the same host a
  week apart, run different software, and a compromised or careless push upstream reaches
  you on the next pull;
- with a tag but no digest (` + "`image: redis:7.2`" + `) — **low**: tags are mutable, the publisher or
  anyone who takes over the publisher's account or the registry can point the tag at other
  content. Only a digest (` + "`@sha256:…`" + `) names the content itself; it is the compose-side
  counterpart of Docker Content Trust (CIS Docker Benchmark 4.5).

The reference is judged after interpolation: ` + "`nginx:${TAG:-1.25}`" + ` is judged on its default
` + "`nginx:1.25`" + `, ` + "`${REGISTRY}/nginx`" + ` has no tag whatever the registry. A reference whose tag the file
cannot know (` + "`${IMAGE}`" + `, ` + "`nginx:${TAG}`" + ` without a default) is not reported.

Not reported — the image is built, not pulled:

- a service with ` + "`build:`" + `: its ` + "`image:`" + ` is the name the built image is given (compose tries a
  pull only when the image is missing and falls back to building it), unless ` + "`pull_policy`" + `
  says to pull it from a registry (` + "`always`" + `, ` + "`missing`" + `, ` + "`if_not_present`" + `, ` + "`daily`" + `,
  ` + "`weekly`" + `, ` + "`every_<duration>`" + `);
- a service without ` + "`build:`" + ` whose image another service of the file builds (compose uses the
  local build), or with ` + "`pull_policy: never`" + ` or ` + "`build`" + `.

References pinned by digest are never reported: in ` + "`nginx:latest@sha256:…`" + ` the tag is only a
label.`,
	Remediation: `Name a specific version and pin it by digest, keeping the tag for readers:

` + "```yaml" + `
services:
  cache:
    image: redis:7.2.4-alpine@sha256:<digest>
` + "```" + `

Get the digest with ` + "`docker buildx imagetools inspect redis:7.2.4-alpine`" + ` (the index digest,
which covers every platform), and let Dependabot or Renovate update tag and digest
together. To keep a variable, give it a pinned default: ` + "`image: redis:${REDIS_TAG:-7.2.4-alpine}`" + `.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.5: Ensure Content trust for Docker is Enabled", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: image", URL: "https://docs.docker.com/reference/compose-file/services/#image"},
		{Title: "Compose file reference: pull_policy", URL: "https://docs.docker.com/reference/compose-file/services/#pull_policy"},
		{Title: "Docker docs: Building best practices (pin base image versions)", URL: "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"},
	},
	Check: eachService(checkImagePinned),
}

func checkImagePinned(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	if s.Config.Image == "" || !pulled(proj, s.Config) {
		return
	}
	loc := proj.Locate(s, at("image"))
	if !loc.Exact {
		return
	}
	n := loc.Def.File.Doc.Lookup(yamlpos.P(loc.Def.Path(), loc.At)).Node
	if n == nil || n.Kind != yaml.ScalarNode {
		return
	}
	ref, w, ok := writtenImage(n.Value)
	if !ok {
		return
	}
	shown := w.Raw
	if w.Known && w.Value != w.Raw {
		shown += " (" + w.Value + " by default)"
	}
	switch {
	case ref.Pinned():
	case ref.Untagged():
		reportWith(p, s, loc, []option{withSeverity(rules.Medium)},
			"service %q runs image %s without a tag, so each pull gets whatever is tagged latest at the time", s.Name, shown)
	case ref.Latest():
		reportWith(p, s, loc, []option{withSeverity(rules.Medium)},
			"service %q runs image %s with the moving latest tag: each pull may bring different content", s.Name, shown)
	default:
		report(p, s, loc,
			"service %q runs image %s, which is not pinned by digest: its tag can be moved to other content", s.Name, shown)
	}
}

// pulled reports whether compose pulls the service's image from a
// registry rather than building it: a service with build: names the image
// it builds, unless its pull_policy asks for a pull; a service without
// one may still run an image another service builds.
func pulled(proj *pcompose.Project, svc *types.ServiceConfig) bool {
	switch policy := strings.TrimSpace(svc.PullPolicy); {
	case policy == types.PullPolicyNever, policy == types.PullPolicyBuild:
		return false
	case svc.Build != nil:
		return policy != "" && !pcompose.Unresolved(policy)
	}
	for _, other := range proj.Model.Services {
		if other.Build != nil && other.Image == svc.Image {
			return false
		}
	}
	return true
}

// writtenImage reads an image reference as written, interpolated as
// compose would with the variables unset (their defaults apply). A
// variable without a default in the registry or repository path does not
// hide whether the reference has a tag or digest; one in the last path
// component may be or carry the tag, and the reference is then unknown.
func writtenImage(raw string) (image.Ref, written, bool) {
	w := interpolate(raw)
	v := w.Value
	if !w.Known {
		last := w.Marked[strings.LastIndexByte(w.Marked, '/')+1:]
		if strings.Contains(last, unknownMark) {
			return image.Ref{}, w, false
		}
		// Any valid name component stands for the unknown part: only the
		// tag and digest are judged.
		v = strings.ReplaceAll(w.Marked, unknownMark, "x")
	}
	ref, err := image.Parse(v)
	return ref, w, err == nil
}
