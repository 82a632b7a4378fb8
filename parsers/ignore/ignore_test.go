package ignore

import (
	"fmt"
	"strings"
	"testing"
)

// brief renders a comment compactly for table comparisons:
// "3:5 line own [DF005@21 DF014@27] reason" or "3:5 error: …".
func brief(c Comment) string {
	where := fmt.Sprintf("%d:%d-%d", c.Line, c.Col, c.EndCol)
	if c.Err != nil {
		return where + " error: " + c.Err.Error()
	}
	kind, pos := "line", "own"
	if c.File {
		kind = "file"
	}
	if c.Trailing {
		pos = "trailing"
	}
	var ids []string
	for _, p := range c.Spec.Rules {
		ids = append(ids, fmt.Sprintf("%s@%d", p.Text, c.SpecCol+p.Offset))
	}
	return fmt.Sprintf("%s %s %s [%s] %q", where, kind, pos, strings.Join(ids, " "), c.Spec.Reason)
}

func TestComments(t *testing.T) {
	for _, tt := range []struct {
		name string
		text string
		want []string
	}{
		{"line above", "# stridelint ignore=DF005 -- pinned by the release job\nFROM alpine\n",
			[]string{`1:1-55 line own [DF005@21] "pinned by the release job"`}},
		{"several IDs with spaces", "#stridelint ignore=DF005, df014 ,KW0* -- why\n",
			[]string{`1:1-45 line own [DF005@20 DF014@27 KW0*@34] "why"`}},
		{"no reason", "# stridelint ignore=KW001\n",
			[]string{`1:1-26 line own [KW001@21] ""`}},
		{"reason without spaces around --", "# stridelint ignore=KW001--node agent\n",
			[]string{`1:1-38 line own [KW001@21] "node agent"`}},
		{"all", "  # stridelint ignore=all -- generated file\n",
			[]string{`1:3-44 line own [ALL@23] "generated file"`}},
		{"file", "x: 1\n# stridelint ignore-file=KW016,KW023 -- read-only app\n",
			[]string{`2:1-54 file own [KW016@26 KW023@32] "read-only app"`}},
		{"trailing in YAML", "    privileged: true  # stridelint ignore=KW001 -- node agent\n",
			[]string{`1:23-62 line trailing [KW001@43] "node agent"`}},
		{"CRLF", "a: 1\r\n# stridelint ignore=KW001 -- x\r\nb: 2\r\n",
			[]string{`2:1-31 line own [KW001@21] "x"`}},
		{"BOM", "\ufeff# stridelint ignore=DF001\nFROM x\n",
			[]string{`1:1-26 line own [DF001@21] ""`}},
		{"tab and case", "#\tStrideLint\tIGNORE = DF001 -- x\n",
			[]string{`1:1-33 line own [DF001@23] "x"`}},
		{"non-ASCII columns", "é: «x»  # stridelint ignore=KW001\n",
			[]string{`1:9-34 line trailing [KW001@29] ""`}},
		{"reason with dashes and hashes", "# stridelint ignore=DF005 -- see #123 -- twice\n",
			[]string{`1:1-47 line own [DF005@21] "see #123 -- twice"`}},

		// Not directives.
		{"prose", "# stridelint flags this because the port is public\n# stridelint ignores nothing here\n", nil},
		{"inside double quotes", `echo "# stridelint ignore=DF001"` + "\n", nil},
		{"inside single quotes", `key: 'a # stridelint ignore=KW001'` + "\n", nil},
		{"escaped quote in double quotes", `a: "x\" # stridelint ignore=KW001"` + "\n", nil},
		{"no blank before #", "url: http://x/#stridelint ignore=KW001\n", nil},
		{"escaped hash", `echo \# stridelint ignore=DF001` + "\n", nil},
		{"other tool", "# hadolint ignore=DL3008\n", nil},
		{"our name glued", "# stridelint-ignore=DF001\n", nil},
		{"quote closed before the comment", `a: "x" # stridelint ignore=KW001` + "\n",
			[]string{`1:8-33 line trailing [KW001@28] ""`}},

		// Malformed: reported, suppress nothing.
		{"missing =", "# stridelint ignore DF001\n",
			[]string{`1:1-26 error: ignore needs = and the rules: ignore=RULE[,RULE…] -- reason`}},
		{"empty list", "# stridelint ignore= -- why\n",
			[]string{`1:1-28 error: no rule named: write RULE[,RULE…] -- reason`}},
		{"unknown directive", "# stridelint ignore-next-line=DF001\n",
			[]string{`1:1-36 error: unknown directive "ignore-next-line": want ignore= or ignore-file=`}},
		{"reason without --", "# stridelint ignore=DF001 because we must\n",
			[]string{`1:1-42 error: "DF001 because we must" is not a rule: separate rules with commas, and write the reason after --`}},
		{"double comma", "# stridelint ignore=DF001,,DF002\n",
			[]string{`1:1-33 error: empty rule in "DF001,,DF002": separate rules with single commas`}},
		{"bad glob", "# stridelint ignore=KW[0\n",
			[]string{`1:1-25 error: bad rule pattern "KW[0"`}},
		{"ignore-file without =", "# stridelint ignore-file\n",
			[]string{`1:1-25 error: ignore-file needs = and the rules: ignore-file=RULE[,RULE…] -- reason`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range Comments([]byte(tt.text)) {
				got = append(got, brief(c))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Comments(%q):\n got  %q\n want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestCommentsManyLines(t *testing.T) {
	text := "FROM alpine\n# stridelint ignore=DF005\n# a note\nRUN x # stridelint ignore=DF014\n\n# stridelint ignore-file=all -- fixture\n"
	cs := Comments([]byte(text))
	if len(cs) != 3 || cs[0].Line != 2 || cs[1].Line != 4 || !cs[1].Trailing || cs[2].Line != 6 || !cs[2].File {
		t.Errorf("got %v", cs)
	}
}

func TestParseSpec(t *testing.T) {
	s, err := ParseSpec("KW016,KW023 -- read-only by design")
	if err != nil || len(s.Rules) != 2 || s.Rules[1].Text != "KW023" || s.Rules[1].Offset != 6 || s.Reason != "read-only by design" {
		t.Errorf("ParseSpec = %+v, %v", s, err)
	}
	for _, bad := range []string{"", " -- reason", "KW016 KW023", "KW016,", "[", "KW016;KW023 x"} {
		if _, err := ParseSpec(bad); err == nil {
			t.Errorf("ParseSpec(%q) accepted", bad)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tt := range []struct {
		sel, id string
		want    bool
	}{
		{"KW001", "KW001", true},
		{"kw001", "KW001", true},
		{"KW001", "KW002", false},
		{"KW0*", "KW016", true},
		{"KW0*", "KR001", false},
		{"KW01?", "KW016", true},
		{"KW01?", "KW020", false},
		{"all", "DF001", true},
		{"ALL", "SL001", true},
		{"*", "DD001", true},
		{"KW[", "KW001", false},
	} {
		if got := Match(tt.sel, tt.id); got != tt.want {
			t.Errorf("Match(%q, %q) = %v", tt.sel, tt.id, got)
		}
	}
	s := Spec{Rules: []Pattern{{Text: "DF005"}, {Text: "KW0*"}}}
	if !s.Covers("DF005") || !s.Covers("KW023") || s.Covers("DF014") {
		t.Error("Spec.Covers")
	}
}

func FuzzComments(f *testing.F) {
	f.Add([]byte("# stridelint ignore=DF005,KW0* -- x\nprivileged: true # stridelint ignore-file=all\n"))
	f.Add([]byte("a: \"# stridelint ignore=\\\"x\" # stridelint ignore=é,,\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range Comments(data) {
			if c.Line < 1 || c.Col < 1 || c.EndCol <= c.Col {
				t.Fatalf("bad position %+v", c)
			}
			if (c.Err == nil) == (len(c.Spec.Rules) == 0) {
				t.Fatalf("a comment has rules or an error: %+v", c)
			}
		}
	})
}
