package kube

import (
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// A kustomize patch looks like a workload but is only the part of one it
// changes: a Deployment patch that adds an environment variable has no
// resources, probes or service account because those are in the base.
// The rules that judge what is missing (KW023, KW027, KW028, KW033) skip
// such fragments; the rules that judge what is written (images, env) do
// not, since what a patch writes is deployed.

// kustomizationNames are the file names kustomize reads a kustomization
// from.
var kustomizationNames = map[string]bool{"kustomization.yaml": true, "kustomization.yml": true, "Kustomization": true}

// kustomizePatches lists the files the scan's kustomizations (and
// components) apply as patches: patchesStrategicMerge entries, and the
// path of patches and patchesJson6902 entries.
func kustomizePatches(p *rules.ProjectPass) map[string]bool {
	out := map[string]bool{}
	for _, f := range p.Files {
		kf, ok := f.Doc.(*pkube.File)
		if !ok || !kustomizationNames[filepath.Base(f.Source.DiskPath)] || kf.Stream == nil {
			continue
		}
		dir, err := filepath.Abs(filepath.Dir(f.Source.DiskPath))
		if err != nil {
			continue
		}
		add := func(rel string) {
			rel = strings.TrimSpace(rel)
			// An inline patch is YAML text, not a path.
			if rel == "" || strings.ContainsAny(rel, "\n:") {
				return
			}
			out[filepath.Join(dir, filepath.FromSlash(rel))] = true
		}
		for _, d := range kf.Stream.Docs {
			_, psm := yamlpos.MapGet(d.Root, "patchesStrategicMerge")
			for _, it := range seqItems(psm) {
				if it.Kind == yaml.ScalarNode {
					add(it.Value)
				}
			}
			for _, key := range []string{"patches", "patchesJson6902"} {
				_, list := yamlpos.MapGet(d.Root, key)
				for _, it := range seqItems(list) {
					if _, path := yamlpos.MapGet(it, "path"); path != nil && path.Kind == yaml.ScalarNode {
						add(path.Value)
					}
				}
			}
		}
	}
	return out
}

func seqItems(n *yaml.Node) []*yaml.Node {
	n = yamlpos.Resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, it := range n.Content {
		out[i] = yamlpos.Resolve(it)
	}
	return out
}

// fragment reports whether a pod-bearing object is a patch or fragment
// rather than a whole workload: a file a kustomization of the scan applies
// as a patch, or what PodSpec.Fragment recognises on its own.
func (idx *scanIndex) fragment(sp scanPod) bool {
	if abs, err := filepath.Abs(sp.DiskPath); err == nil && idx.patchFiles[abs] {
		return true
	}
	return sp.Pod.Fragment()
}
