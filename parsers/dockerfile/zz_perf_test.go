package dockerfile

import (
	"strings"
	"testing"
	"time"
)

func TestZZPerf(t *testing.T) {
	cases := map[string]string{
		"many instr":   "FROM x\n" + strings.Repeat("RUN echo a && sudo ls\nENV A=$A:x\n", 5000),
		"many stages":  strings.Repeat("FROM x AS s\nFROM s\nRUN a\n", 3000),
		"long cont": "FROM x\nRUN a \\\n" + strings.Repeat("  && b \\\n", 20000) + "  c\n",
		"many comment": "FROM x\nRUN a \\\n" + strings.Repeat("# c\n", 20000) + "  c\n",
		"heredocs":     "FROM x\n" + strings.Repeat("RUN <<EOF bash\ncurl x\nEOF\n", 5000),
		"nested sh":    "FROM x\nRUN " + strings.Repeat("sh -c 'a; ", 100) + "\n",
		"long words":   "FROM x\nRUN echo " + strings.Repeat("a ", 30000) + "\n",
		"escapes": "FROM x\nRUN " + strings.Repeat(`sh -c "\"\\\"`, 1000) + "\n",
	}
	for name, src := range cases {
		start := time.Now()
		f, d := parse(t, src)
		n := 0
		if f != nil {
			for _, in := range f.Instructions {
				n += len(in.Commands())
			}
		}
		t.Logf("%s: %v, %d cmds, %d diags", name, time.Since(start), n, len(d))
	}
}
