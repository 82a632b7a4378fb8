package systemd

import (
	"strings"
	"testing"

	"github.com/stridelint/stridelint/parsers"
)

var fuzzSeeds = []string{
	dockerService,
	"\ufeff[Service]\r\nExecStart=/bin/a \\\r\n  -x\r\n",
	"[Service]\nExecStart=/bin/a \\\n# c \\\n; d\n  \"b \\\n c\" \\",
	"A=b\n[Service\n[Unit] x\n  = y\ngarbage\n[]\n",
	"[Service]\nEnvironment=A=1 \"B=2 3\" 1X=2 'C=\\x41\\u00e9\\U0001F600'\nEnvironment=\nEnvironmentFile=-\n",
	"[Service]\nExecStart=@-!!+:/bin/x argv0 ${A}$$ $B ${C \"unterminated\n",
	"[S]\nK=\xff\xfe\\\n\xe2\x82 \\777 \\",
	"[S]\nK=\\\n\\\n\\\n",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		u, diags := Parse(&parsers.Source{Path: "x.service", Data: data})
		lines := strings.Count(strings.TrimPrefix(string(data), "\uFEFF"), "\n") + 1
		check := func(what string, line, col int) {
			t.Helper()
			if line < 1 || line > lines || col < 1 {
				t.Fatalf("%s at %d:%d outside 1..%d", what, line, col, lines)
			}
		}
		for _, d := range diags {
			check("diagnostic "+d.Message, d.Line, d.Col)
		}
		lookup := func(name string) (string, bool) { return "a  b", name != "" }
		for _, s := range u.Sections {
			check("section "+s.Name, s.Line, 1)
			for _, e := range s.Entries {
				check("entry "+e.Key, e.Line, e.Col)
				check("value of "+e.Key, e.ValueLine, e.ValueCol)
				if e.EndLine < e.Line || e.EndLine > lines {
					t.Fatalf("entry %s: end line %d", e.Key, e.EndLine)
				}
				for _, r := range []parsers.Range{e.Range(), e.ValueRange()} {
					check("range end of "+e.Key, r.EndLine, max(r.EndCol, 1))
				}
				words, _ := e.Words()
				for _, w := range words {
					check("word "+w.Text, w.Line, w.Col)
				}
				cmd, _ := e.Command()
				for _, w := range cmd.Argv {
					check("argument "+w.Text, w.Line, w.Col)
				}
				for _, w := range Expand(cmd.Argv, lookup) {
					check("expanded "+w.Text, w.Line, w.Col)
				}
			}
		}
		for _, a := range u.Environment() {
			check("assignment "+a.Name, a.Token.Line, a.Token.Col)
		}
		for _, f := range u.EnvironmentFiles() {
			check("environment file "+f.Path, f.Token.Line, f.Token.Col)
		}
		_ = u.ExecStart()
	})
}
