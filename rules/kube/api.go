package kube

import (
	"github.com/stridelint/stridelint/parsers"
	pkube "github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

// apiRules judge objects as API objects: their namespace, API version and
// fields, legacy policy objects and cluster-admin tooling (KW034–KW038).
var apiRules = []*rules.Rule{defaultNamespace, removedAPIVersion, unknownField, permissivePSP, clusterAdminTooling}

// fileObject is an object of the scan with the file it is written in.
type fileObject struct {
	src *parsers.Source
	obj *pkube.Object
}

// kubeObjects lists every Kubernetes object of a scan's files, in path
// order, for the cross-file checks.
func kubeObjects(files []rules.File) []fileObject {
	var out []fileObject
	for _, f := range files {
		kf, ok := f.Doc.(*pkube.File)
		if !ok {
			continue
		}
		for _, o := range kf.Objects {
			out = append(out, fileObject{src: f.Source, obj: o})
		}
	}
	return out
}
