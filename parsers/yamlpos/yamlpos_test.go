package yamlpos

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
)

func TestPathRoundTrip(t *testing.T) {
	for _, s := range []string{
		"spec.template.spec.containers[1].securityContext.privileged",
		`metadata.labels["app.kubernetes.io/name"]`,
		`metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]`,
		"items[3].rules[0].verbs[2]",
		`services.web["x.y"][0]`,
	} {
		p, err := ParsePath(s)
		if err != nil {
			t.Fatalf("ParsePath(%q): %v", s, err)
		}
		if got := p.String(); got != s {
			t.Errorf("round trip %q → %q", s, got)
		}
	}
	if _, err := ParsePath("a[x]"); err == nil {
		t.Error("ParsePath(a[x]) succeeded")
	}
	if _, err := ParsePath(`a["x]`); err == nil {
		t.Error(`ParsePath(a["x]) succeeded`)
	}
}

func TestPathKeyDoesNotAlias(t *testing.T) {
	base := make(Path, 1, 8)
	base[0] = Seg{Key: "spec"}
	a := base.Key("a")
	b := base.Key("b")
	if a.String() != "spec.a" || b.String() != "spec.b" {
		t.Fatalf("paths share storage: %s %s", a, b)
	}
}

// lookup is a test helper: the range of path in document doc.
func lookup(t *testing.T, s *Stream, doc int, path string) (parsers.Range, bool) {
	t.Helper()
	p, err := ParsePath(path)
	if err != nil {
		t.Fatal(err)
	}
	if doc >= len(s.Docs) {
		t.Fatalf("only %d documents (errors %v)", len(s.Docs), s.Errors)
	}
	return s.Docs[doc].Range(p)
}

func TestLookup(t *testing.T) {
	const multi = `# leading comment
apiVersion: v1
kind: Pod
metadata:
  name: a
  labels:
    app.kubernetes.io/name: web
spec:
  containers:
  - name: app
    image: nginx:1.25
    securityContext:
      privileged: true
  - name: sidecar
    image: "busybox"
---
---
apiVersion: v1
kind: ConfigMap
data:
  k: 'it''s'
`
	tests := []struct {
		name   string
		input  string
		doc    int
		path   string
		want   parsers.Range
		exact  bool
		nDocs  int
		errors int
	}{
		{name: "nested key", input: multi, doc: 0, path: "spec.containers[0].securityContext.privileged",
			want: parsers.Range{StartLine: 13, StartCol: 7, EndLine: 13, EndCol: 23}, exact: true, nDocs: 2},
		{name: "sequence item", input: multi, doc: 0, path: "spec.containers[1]",
			want: parsers.Range{StartLine: 14, StartCol: 5, EndLine: 14}, exact: true, nDocs: 2},
		{name: "double-quoted value", input: multi, doc: 0, path: "spec.containers[1].image",
			want: parsers.Range{StartLine: 15, StartCol: 5, EndLine: 15, EndCol: 21}, exact: true, nDocs: 2},
		{name: "dotted key", input: multi, doc: 0, path: `metadata.labels["app.kubernetes.io/name"]`,
			want: parsers.Range{StartLine: 7, StartCol: 5, EndLine: 7, EndCol: 32}, exact: true, nDocs: 2},
		{name: "absent key falls back to container", input: multi, doc: 0, path: "spec.containers[1].securityContext.runAsNonRoot",
			want: parsers.Range{StartLine: 14, StartCol: 5, EndLine: 14}, exact: false, nDocs: 2},
		{name: "absent key falls back to parent key", input: multi, doc: 0, path: "spec.containers[0].securityContext.runAsNonRoot",
			want: parsers.Range{StartLine: 12, StartCol: 5, EndLine: 12, EndCol: 20}, exact: false, nDocs: 2},
		{name: "index out of range", input: multi, doc: 0, path: "spec.containers[7].name",
			want: parsers.Range{StartLine: 9, StartCol: 3, EndLine: 9, EndCol: 13}, exact: false, nDocs: 2},
		{name: "second document, empty one skipped", input: multi, doc: 1, path: "data.k",
			want: parsers.Range{StartLine: 21, StartCol: 3, EndLine: 21, EndCol: 13}, exact: true, nDocs: 2},
		{name: "CRLF", input: strings.ReplaceAll(multi, "\n", "\r\n"), doc: 0, path: "spec.containers[0].securityContext.privileged",
			want: parsers.Range{StartLine: 13, StartCol: 7, EndLine: 13, EndCol: 23}, exact: true, nDocs: 2},
		{name: "CRLF second document", input: strings.ReplaceAll(multi, "\n", "\r\n"), doc: 1, path: "kind",
			want: parsers.Range{StartLine: 19, StartCol: 1, EndLine: 19, EndCol: 16}, exact: true, nDocs: 2},
		{name: "BOM", input: "\uFEFFapiVersion: v1\nkind: Pod\n", doc: 0, path: "kind",
			want: parsers.Range{StartLine: 2, StartCol: 1, EndLine: 2, EndCol: 10}, exact: true, nDocs: 1},
		{name: "anchor and merge key point into the anchor", input: `x-base: &base
  restart: always
  privileged: true
services:
  web:
    <<: *base
    image: nginx
`, doc: 0, path: "services.web.privileged",
			want: parsers.Range{StartLine: 3, StartCol: 3, EndLine: 3, EndCol: 19}, exact: true, nDocs: 1},
		{name: "own key wins over merged", input: `x-base: &base
  privileged: true
services:
  web:
    <<: [*base]
    privileged: false
`, doc: 0, path: "services.web.privileged",
			want: parsers.Range{StartLine: 6, StartCol: 5, EndLine: 6, EndCol: 22}, exact: true, nDocs: 1},
		{name: "alias value", input: `a: &v
  - x
b: *v
`, doc: 0, path: "b[0]",
			want: parsers.Range{StartLine: 2, StartCol: 5, EndLine: 2, EndCol: 6}, exact: true, nDocs: 1},
		{name: "JSON", input: "{\n\t\"hosts\": [\"tcp://0.0.0.0:2375\"],\n\t\"log-opts\": {\"max-size\": \"10m\"}\n}\n", doc: 0, path: "hosts[0]",
			want: parsers.Range{StartLine: 2, StartCol: 12, EndLine: 2, EndCol: 32}, exact: true, nDocs: 1},
		{name: "JSON nested", input: "{\n\t\"hosts\": [\"tcp://0.0.0.0:2375\"],\n\t\"log-opts\": {\"max-size\": \"10m\"}\n}\n", doc: 0, path: "log-opts.max-size",
			want: parsers.Range{StartLine: 3, StartCol: 15, EndLine: 3, EndCol: 32}, exact: true, nDocs: 1},
		{name: "syntax error in one document keeps the others", input: "a: 1\n---\nb: [\n---\nkind: Pod\nspec:\n  x: 1\n", doc: 1, path: "spec.x",
			want: parsers.Range{StartLine: 7, StartCol: 3, EndLine: 7, EndCol: 7}, exact: true, nDocs: 2, errors: 1},
		{name: "non-ASCII columns count code points", input: "a: \"ü\"\nb: é\n", doc: 0, path: "b",
			want: parsers.Range{StartLine: 2, StartCol: 1, EndLine: 2, EndCol: 5}, exact: true, nDocs: 1},
		{name: "comment after value", input: "a: yes # really\n", doc: 0, path: "a",
			want: parsers.Range{StartLine: 1, StartCol: 1, EndLine: 1, EndCol: 7}, exact: true, nDocs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Parse([]byte(tt.input))
			if len(s.Docs) != tt.nDocs {
				t.Fatalf("got %d documents, want %d (errors %v)", len(s.Docs), tt.nDocs, s.Errors)
			}
			if len(s.Errors) != tt.errors {
				t.Fatalf("got errors %v, want %d", s.Errors, tt.errors)
			}
			got, exact := lookup(t, s, tt.doc, tt.path)
			if got != tt.want || exact != tt.exact {
				t.Errorf("Range(%s) = %+v exact=%v, want %+v exact=%v", tt.path, got, exact, tt.want, tt.exact)
			}
		})
	}
}

func TestSyntaxErrorLinesAreAbsolute(t *testing.T) {
	s := Parse([]byte("a: 1\n---\nb: 2\nc: [1,\nd: 4\n---\ne: 5\n"))
	if len(s.Errors) != 1 {
		t.Fatalf("errors: %v", s.Errors)
	}
	if s.Errors[0].Line != 4 {
		t.Errorf("error line %d, want 4 (where the unclosed flow sequence starts): %v", s.Errors[0].Line, s.Errors[0])
	}
	if strings.Contains(s.Errors[0].Message, "line 3") {
		t.Errorf("message keeps a relative line: %q", s.Errors[0].Message)
	}
	if len(s.Docs) != 2 || s.Docs[1].Root.Content[0].Line != 7 {
		t.Errorf("documents around the error: %d", len(s.Docs))
	}
}

func TestHostileInput(t *testing.T) {
	for name, in := range map[string]string{
		"deep flow":    strings.Repeat("[", 200000),
		"deep block":   strings.Repeat("a:\n ", 3000),
		"binary":       "\x00\x01\x02\xff\xfe\x00",
		"invalid utf8": "a: 1\nb: \xff\n",
		"tabs":         "a:\n\tb: 1\n",
		"billion laughs": `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`,
	} {
		s := Parse([]byte(in))
		for _, e := range s.Errors {
			if e.Line < 1 {
				t.Errorf("%s: error without a line: %v", name, e)
			}
		}
	}
	s := Parse([]byte("a: 1\nb: \xff\n"))
	if len(s.Errors) != 1 || s.Errors[0].Line != 2 {
		t.Errorf("invalid UTF-8 reported as %v, want line 2", s.Errors)
	}
}

func TestUTF16(t *testing.T) {
	// "a: 1\nb: 2\n" in UTF-16LE with BOM.
	in := []byte{0xFF, 0xFE}
	for _, r := range "a: 1\nb: 2\n" {
		in = append(in, byte(r), 0)
	}
	s := Parse(in)
	r, ok := lookup(t, s, 0, "b")
	if !ok || r.StartLine != 2 {
		t.Errorf("UTF-16 lookup: %+v %v (errors %v)", r, ok, s.Errors)
	}
}

func TestPairsMerge(t *testing.T) {
	s := Parse([]byte("base: &b\n  x: 1\n  y: 2\nm:\n  <<: *b\n  y: 3\n  z: 4\n"))
	_, m := MapGet(s.Docs[0].Root, "m")
	var got []string
	Pairs(m, func(k, v *yaml.Node) { got = append(got, k.Value+"="+v.Value) })
	if strings.Join(got, ",") != "y=3,z=4,x=1" {
		t.Errorf("Pairs = %v", got)
	}
}

func TestSyntaxErrorLines(t *testing.T) {
	for in, want := range map[string]int{
		"a:\n  b: 1\n c: 2\n":      3, // parser error: bad indentation
		"a: 1\nb: [\n":             2, // at end of input: the last line
		"a: 1\nb:\n\tc: 1\n":       3, // scanner error: tab
		"a: 1\nb: c: d\n":          2, // scanner error
		"x: 1\n---\na: 1\n b: 2\n": 4,
	} {
		s := Parse([]byte(in))
		if len(s.Errors) != 1 || s.Errors[0].Line != want {
			t.Errorf("%q: errors %v, want one at line %d", in, s.Errors, want)
		}
	}
}

// FuzzParse: any input gives documents and diagnostics, never a panic;
// every diagnostic has a line inside the file, and every lookup answers.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"a: 1\n---\nb: [\n", "x: &a {y: *a}\n", "\uFEFFk: v\r\n", "- - - [\n", "a:\n\tb: 1\n", "{\"a\": [1, {\"b\": 2}]}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := Parse(data)
		for _, e := range s.Errors {
			if e.Line < 1 || e.Line > len(s.Lines)+1 {
				t.Fatalf("diagnostic line %d outside the file (%d lines): %v", e.Line, len(s.Lines), e)
			}
		}
		for _, d := range s.Docs {
			for _, p := range []string{"a", "a.b[0]", "[0].x", `["k.y"][1]`} {
				path, _ := ParsePath(p)
				r, _ := d.Range(path)
				if r.StartLine < 1 {
					t.Fatalf("range %+v", r)
				}
			}
		}
	})
}
