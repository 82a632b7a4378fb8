package yamlpos

import (
	"testing"
)

func TestOutline(t *testing.T) {
	src := `# head
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: app          # 6
    image: x
    securityContext:   # 8
      privileged: true
      # trailing comment
  - name: side         # 11
    args: [a, b]
    command: |
      echo one
      # a shell comment
      echo two
  hostNetwork: true    # 17

---
apiVersion: v1         # 20
kind: List
items:
-
  kind: Pod            # 24
  metadata: {name: b}
`
	s := Parse([]byte(src))
	o := NewOutline(s.Docs)
	for _, tt := range []struct {
		line     int
		from, to int
		ok       bool
	}{
		{2, 2, 2, true},    // apiVersion
		{4, 4, 17, true},   // spec
		{5, 5, 16, true},   // containers
		{6, 6, 9, true},    // the item app (not its key name), without the comment line
		{8, 8, 9, true},    // securityContext
		{9, 9, 9, true},    // privileged
		{10, 0, 0, false},  // a comment line
		{11, 11, 16, true}, // item side, through the block scalar
		{12, 12, 12, true}, // args (not its flow items)
		{13, 13, 16, true}, // command: the whole script
		{17, 17, 17, true}, // hostNetwork
		{1, 0, 0, false},
		{20, 20, 20, true},
		{23, 0, 0, false},  // a lone "-": the item starts on the next line
		{24, 24, 25, true}, // the item
	} {
		span, ok := o.EntryAt(tt.line)
		if ok != tt.ok || ok && (span.From != tt.from || span.To != tt.to) {
			t.Errorf("EntryAt(%d) = %v %v, want %d-%d %v", tt.line, span, ok, tt.from, tt.to, tt.ok)
		}
	}
	if span, ok := o.NodeSpan(s.Docs[0].Root); !ok || span != (Span{2, 17}) {
		t.Errorf("first document spans %v %v", span, ok)
	}
	if span, ok := o.NodeSpan(s.Docs[1].Root); !ok || span != (Span{19, 25}) {
		t.Errorf("second document spans %v %v", span, ok)
	}
	tmpl := s.Docs[0].Lookup(P("spec", "containers", 0, "securityContext"))
	if span, ok := o.NodeSpan(tmpl.Node); !ok || span != (Span{8, 9}) {
		t.Errorf("securityContext value spans %v %v", span, ok)
	}
}

func TestOutlineCRLFAndFlow(t *testing.T) {
	s := Parse([]byte("a: {b: 1,\r\n  c: 2}\r\nd:\r\n  - 1\r\n"))
	o := NewOutline(s.Docs)
	if span, _ := o.EntryAt(1); span != (Span{1, 2}) {
		t.Errorf("a spans %v", span)
	}
	if span, _ := o.EntryAt(3); span != (Span{3, 4}) {
		t.Errorf("d spans %v", span)
	}
}
