package dockerfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/parsers"
)

func TestZZCorpus(t *testing.T) {
	root := "/work/shared/corpus/real-world"
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b := d.Name()
		lb := strings.ToLower(b)
		if strings.HasPrefix(b, "Dockerfile") || strings.HasSuffix(lb, ".dockerfile") {
			files = append(files, p)
		}
		return nil
	})
	parsed, withDiag, nilFiles, shells, noShell, cmds := 0, 0, 0, 0, 0, 0
	out, _ := os.Create("/tmp/dfdebug/corpus_cmds.txt")
	defer out.Close()
	for _, p := range files {
		data, _ := os.ReadFile(p)
		f, diags := Parse(&parsers.Source{Path: p, Data: data})
		if f == nil {
			nilFiles++
		} else {
			parsed++
		}
		if len(diags) > 0 {
			withDiag++
			for _, d := range diags {
				fmt.Printf("DIAG %s: %s\n", strings.TrimPrefix(p, root+"/"), d)
			}
		}
		if f == nil {
			continue
		}
		checkLines(t, f)
		for _, in := range f.Instructions {
			switch in.Keyword {
			case "RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK":
				if in.Shell != nil {
					shells++
				} else if in.Node.Attributes["json"] {
				} else {
					noShell++
					fmt.Printf("NOSHELL %s:%d %s\n", strings.TrimPrefix(p, root+"/"), in.StartLine, in.Keyword)
				}
			}
			for _, c := range in.Commands() {
				cmds++
				ok := "?"
				if c.Col > 0 {
					line := []rune(f.Line(c.Line))
					raw := []rune(c.NameWord.Raw)
					if c.Col-1+len(raw) <= len(line) && string(line[c.Col-1:c.Col-1+len(raw)]) == c.NameWord.Raw {
						ok = "OK"
					} else {
						ok = "MISMATCH"
					}
				}
				fmt.Fprintf(out, "%s\t%s:%d:%d\t%s\t%v\t%s\n", ok, strings.TrimPrefix(p, root+"/"), c.Line, c.Col, c.Name, c.Wrappers, f.Line(c.Line))
			}
		}
	}
	fmt.Printf("files=%d parsed=%d nil=%d withDiag=%d shells=%d noShell(shell-form)=%d commands=%d\n", len(files), parsed, nilFiles, withDiag, shells, noShell, cmds)
}
