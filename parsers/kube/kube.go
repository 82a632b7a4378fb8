// Package kube reads Kubernetes manifests: multi-document YAML or JSON,
// `kind: List` items, each object decoded into its k8s.io/api type where the
// kind is known, with the yamlpos index to point findings at lines.
package kube

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
	kjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// File is a parsed manifest file.
type File struct {
	Path    string
	Stream  *yamlpos.Stream
	Objects []*Object
}

// Object is one Kubernetes object: a document, or an item of a List.
type Object struct {
	Doc *yamlpos.Doc
	// Prefix is the object's path inside its document: empty for a
	// document, items[3] for an item of a List.
	Prefix     yamlpos.Path
	Node       *yaml.Node
	APIVersion string
	Kind       string
	Name       string
	// Namespace is metadata.namespace as written; "" when absent (which
	// means "the namespace it is applied to", not "default").
	Namespace string
	// Typed is the k8s.io/api value (*corev1.Pod, *appsv1.Deployment, …) for
	// known kinds; nil for other kinds (CRDs, tool configs) and for
	// documents that do not decode.
	Typed any
	// StrictErrors are unknown and duplicate fields found by strict
	// decoding: fields the API server would drop or reject.
	StrictErrors []FieldError
}

// FieldError is a problem with one field of an object.
type FieldError struct {
	Path    yamlpos.Path // relative to the object
	Message string
	// Duplicate marks a key written twice in one mapping (the schema has
	// nothing to do with it): Key is the repeated key, First the key
	// written first. Both are nil for unknown fields.
	Duplicate  bool
	Key, First *yaml.Node
}

// Group is the API group of the object ("" for the core group).
func (o *Object) Group() string {
	if i := strings.IndexByte(o.APIVersion, '/'); i >= 0 {
		return o.APIVersion[:i]
	}
	return ""
}

// Lookup finds a path relative to the object.
func (o *Object) Lookup(p yamlpos.Path) yamlpos.Match {
	return o.Doc.Lookup(yamlpos.P(o.Prefix, p))
}

// Range is where path p (relative to the object) is written, or the
// nearest parent that is (exact false).
func (o *Object) Range(p yamlpos.Path) (parsers.Range, bool) {
	return o.Doc.Range(yamlpos.P(o.Prefix, p))
}

// Anchor names p inside this object in a way that survives line moves:
// "Deployment/prod/web:spec.template.spec.containers[0]". It is what
// finding fingerprints are built from.
func (o *Object) Anchor(p yamlpos.Path) string {
	ns := o.Namespace
	if ns == "" {
		ns = "-"
	}
	return fmt.Sprintf("%s/%s/%s:%s", o.Kind, ns, o.Name, p)
}

// Describe is "Deployment web" for messages.
func (o *Object) Describe() string {
	if o.Name == "" {
		return o.Kind
	}
	return o.Kind + " " + o.Name
}

// Parse reads a manifest file. Documents that are not YAML, lack apiVersion
// or kind, or do not decode into their type become diagnostics; the other
// documents are still returned.
func Parse(src *parsers.Source) (*File, []parsers.Diagnostic) {
	s := yamlpos.Parse(src.Data)
	f := &File{Path: src.Path, Stream: s}
	diags := append([]parsers.Diagnostic(nil), s.Errors...)
	for _, d := range s.Docs {
		diags = append(diags, f.addDocument(d)...)
	}
	return f, diags
}

func (f *File) addDocument(d *yamlpos.Doc) []parsers.Diagnostic {
	if d.Root.Kind != yaml.MappingNode {
		// A manifest file may hold a stray scalar document (a comment
		// block rendered as text); it is not an object.
		return []parsers.Diagnostic{{Line: d.Root.Line, Col: d.Root.Column, Message: "document is not a mapping: not a Kubernetes object"}}
	}
	obj, diags := newObject(d, nil, d.Root)
	if obj == nil {
		return diags
	}
	if obj.Kind == "List" || strings.HasSuffix(obj.Kind, "List") && obj.Group() == "" {
		_, items := yamlpos.MapGet(d.Root, "items")
		if items != nil && items.Kind == yaml.SequenceNode {
			for i, it := range items.Content {
				it = yamlpos.Resolve(it)
				if it.Kind != yaml.MappingNode {
					continue
				}
				o, ds := newObject(d, yamlpos.P("items", i), it)
				diags = append(diags, ds...)
				if o != nil {
					f.Objects = append(f.Objects, o)
				}
			}
			return diags
		}
	}
	f.Objects = append(f.Objects, obj)
	return diags
}

func newObject(d *yamlpos.Doc, prefix yamlpos.Path, n *yaml.Node) (*Object, []parsers.Diagnostic) {
	o := &Object{Doc: d, Prefix: prefix, Node: n}
	o.APIVersion = scalar(n, "apiVersion")
	o.Kind = scalar(n, "kind")
	if o.APIVersion == "" || o.Kind == "" {
		r := d.NodeRange(n)
		return nil, []parsers.Diagnostic{{Line: r.StartLine, Col: r.StartCol,
			Message: "document has no apiVersion and kind: not a Kubernetes object"}}
	}
	_, meta := yamlpos.MapGet(n, "metadata")
	o.Name = scalar(meta, "name")
	if o.Name == "" {
		o.Name = scalar(meta, "generateName")
	}
	o.Namespace = scalar(meta, "namespace")
	var diags []parsers.Diagnostic
	if target := newTyped(o.APIVersion, o.Kind); target != nil {
		if err := o.decode(target); err != nil {
			diags = append(diags, *err)
		} else {
			o.Typed = target
		}
	}
	return o, diags
}

func scalar(m *yaml.Node, key string) string {
	_, v := yamlpos.MapGet(m, key)
	if v == nil || v.Kind != yaml.ScalarNode {
		return ""
	}
	return v.Value
}

// decode turns the object's node into its typed value with strict,
// case-sensitive JSON decoding (sigs.k8s.io/json, as the API server does):
// unknown and duplicate fields are collected, type errors fail the object.
func (o *Object) decode(target any) *parsers.Diagnostic {
	// Through sigs.k8s.io/yaml, as kubectl reads manifests: YAML 1.1
	// scalars such as `yes` and `on` become booleans there too.
	y, err := yaml.Marshal(o.Node)
	if err != nil {
		r := o.Doc.NodeRange(o.Node)
		return &parsers.Diagnostic{Line: r.StartLine, Col: r.StartCol, Message: fmt.Sprintf("%s: %v", o.Describe(), err)}
	}
	j, err := sigsyaml.YAMLToJSON(y)
	if err != nil {
		r := o.Doc.NodeRange(o.Node)
		return &parsers.Diagnostic{Line: r.StartLine, Col: r.StartCol, Message: fmt.Sprintf("%s: %v", o.Describe(), strings.TrimPrefix(err.Error(), "error converting YAML to JSON: "))}
	}
	strict, err := kjson.UnmarshalStrict(j, target, kjson.DisallowUnknownFields, kjson.DisallowDuplicateFields)
	if err != nil {
		return o.typeError(err)
	}
	if strictVersions[o.APIVersion] {
		for _, e := range strict {
			o.StrictErrors = append(o.StrictErrors, strictError(e))
		}
	}
	// A key written twice never reaches the JSON decoder (the YAML to
	// JSON conversion keeps the last value), so duplicates are found on
	// the YAML itself; they are ambiguous whatever the schema version.
	o.StrictErrors = append(o.StrictErrors, duplicateKeys(o.Node, nil, 0)...)
	return nil
}

// duplicateKeys finds the keys written twice in one mapping under n. Merge
// keys are not duplicates (a key written next to "<<" overrides the merged
// one, as YAML intends), and aliases are checked where their anchor is.
func duplicateKeys(n *yaml.Node, at yamlpos.Path, depth int) []FieldError {
	if n == nil || depth > 100 {
		return nil
	}
	var out []FieldError
	switch n.Kind {
	case yaml.MappingNode:
		first := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" || k.Value == "<<" && k.Style == 0 {
				continue
			}
			p := at.Key(k.Value)
			if f, ok := first[k.Value]; ok {
				out = append(out, FieldError{Path: p, Message: fmt.Sprintf("duplicate field %q", p.String()),
					Duplicate: true, Key: k, First: f})
			} else {
				first[k.Value] = k
			}
			out = append(out, duplicateKeys(v, p, depth+1)...)
		}
	case yaml.SequenceNode:
		for i, it := range n.Content {
			out = append(out, duplicateKeys(it, at.Index(i), depth+1)...)
		}
	}
	return out
}

// strictError reads sigs.k8s.io/json's `unknown field "spec.x[1].y"`.
func strictError(err error) FieldError {
	msg := err.Error()
	fe := FieldError{Message: msg}
	if i := strings.IndexByte(msg, '"'); i >= 0 {
		if j := strings.LastIndexByte(msg, '"'); j > i {
			if p, perr := yamlpos.ParsePath(msg[i+1 : j]); perr == nil {
				fe.Path = p
			}
		}
	}
	return fe
}

// typeError locates a JSON type error ("cannot unmarshal string into Go
// struct field PodSpec.spec.containers.securityContext.privileged of type
// bool"): the field path has no list indexes, so the first node that
// matches it loosely is taken.
func (o *Object) typeError(err error) *parsers.Diagnostic {
	r := o.Doc.NodeRange(o.Node)
	msg := err.Error()
	var te *json.UnmarshalTypeError
	var b64 base64.CorruptInputError
	switch {
	case errors.As(err, &te) && te.Field != "":
		// Embedded Go structs appear in the path by type name
		// (spec.volumes.VolumeSource.fc.lun): JSON keys start lower-case.
		var keys []string
		for _, k := range strings.Split(te.Field, ".") {
			if k != "" && !unicode.IsUpper(rune(k[0])) {
				keys = append(keys, k)
			}
		}
		if n := findLoose(o.Node, keys, 0); n != nil {
			r = o.Doc.NodeRange(n)
		}
		field := strings.Join(keys, ".")
		msg = fmt.Sprintf("%s: field %s: cannot use a %s as %s", o.Describe(), field, te.Value, te.Type)
	case errors.As(err, &b64):
		// Secret data must be base64; the error names no field, so find
		// the value that is not.
		msg = fmt.Sprintf("%s: %s", o.Describe(), msg)
		found := false
		_, data := yamlpos.MapGet(o.Node, "data")
		yamlpos.Pairs(data, func(k, v *yaml.Node) {
			if _, derr := base64.StdEncoding.DecodeString(v.Value); derr != nil && !found {
				found = true
				r = o.Doc.NodeRange(k)
				msg = fmt.Sprintf("%s: data.%s is not valid base64 (use stringData for plain text)", o.Describe(), k.Value)
			}
		})
	default:
		msg = fmt.Sprintf("%s: %s", o.Describe(), strings.TrimPrefix(msg, "json: "))
	}
	return &parsers.Diagnostic{Line: r.StartLine, Col: r.StartCol, Message: msg}
}

func findLoose(n *yaml.Node, keys []string, depth int) *yaml.Node {
	n = yamlpos.Resolve(n)
	if n == nil || depth > 64 {
		return nil
	}
	if len(keys) == 0 {
		return n
	}
	switch n.Kind {
	case yaml.MappingNode:
		k, v := yamlpos.MapGet(n, keys[0])
		if k == nil {
			return nil
		}
		if len(keys) == 1 {
			return k
		}
		return findLoose(v, keys[1:], depth+1)
	case yaml.SequenceNode:
		for _, it := range n.Content {
			if r := findLoose(it, keys, depth+1); r != nil {
				return r
			}
		}
	}
	return nil
}
