package kube

import (
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/image"
)

// Skaffold builds the images its config lists as artifacts and, when it
// deploys, rewrites every manifest image of that name to the exact build
// it made (tag and digest). In the manifests such a name (`image:
// adservice`) is a placeholder, like the image of a compose service with
// build:, and the image rules (KW024–KW026) do not judge it.

// builtImage is an image a skaffold config of the scan builds.
type builtImage struct {
	// Dir is the directory of the skaffold config: the manifests it
	// deploys are under it.
	Dir  string
	Name string // image.Ref.Name()
}

// skaffoldArtifacts lists the images built by the scan's skaffold configs
// (build.artifacts and profiles[].build.artifacts).
func skaffoldArtifacts(p *rules.ProjectPass) []builtImage {
	var out []builtImage
	eachScanObject(p, func(so scanObject) {
		o := so.Object
		if o.Kind != "Config" || !strings.HasPrefix(o.APIVersion, "skaffold/") {
			return
		}
		dir, err := filepath.Abs(filepath.Dir(so.DiskPath))
		if err != nil {
			return
		}
		builds := []*yaml.Node{o.Lookup(yamlpos.P("build")).Node}
		_, profiles := yamlpos.MapGet(o.Node, "profiles")
		for _, pr := range seqItems(profiles) {
			_, b := yamlpos.MapGet(pr, "build")
			builds = append(builds, b)
		}
		for _, b := range builds {
			_, arts := yamlpos.MapGet(b, "artifacts")
			for _, a := range seqItems(arts) {
				_, img := yamlpos.MapGet(a, "image")
				if img == nil || img.Kind != yaml.ScalarNode {
					continue
				}
				if ref, err := image.Parse(img.Value); err == nil {
					out = append(out, builtImage{Dir: dir, Name: ref.Name()})
				}
			}
		}
	})
	return out
}

// builtBySkaffold reports whether a skaffold config above the file builds
// the image.
func (idx *scanIndex) builtBySkaffold(diskPath string, ref image.Ref) bool {
	if len(idx.built) == 0 {
		return false
	}
	abs, err := filepath.Abs(diskPath)
	if err != nil {
		return false
	}
	for _, b := range idx.built {
		if b.Name == ref.Name() && strings.HasPrefix(abs, b.Dir+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// eachImageInScan adapts an image check to a cross-file rule: it runs for
// every container (init, regular, ephemeral) whose image is a valid
// reference without placeholders that no skaffold config of the scan
// builds.
func eachImageInScan(check func(p *rules.ProjectPass, so scanObject, c *pkube.Container, ref image.Ref)) func(*rules.ProjectPass) {
	return eachPodInScan(func(p *rules.ProjectPass, idx *scanIndex, sp scanPod) {
		for _, c := range sp.Pod.Containers() {
			if ref, ok := containerImage(c); ok && !idx.builtBySkaffold(sp.DiskPath, ref) {
				check(p, sp.scanObject, c, ref)
			}
		}
	})
}
