// Package dockerfile holds the Dockerfile rules (DFxxx).
package dockerfile

import (
	"strconv"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

// Rules returns every Dockerfile rule.
func Rules() []*rules.Rule {
	return []*rules.Rule{rootUser}
}

func onFile(check func(p *rules.Pass, f *pdockerfile.File)) func(*rules.Pass) {
	return func(p *rules.Pass) { check(p, p.Doc.(*pdockerfile.File)) }
}

// anchor names an instruction independently of its line: the stage (by
// alias or index) and the instruction's keyword and ordinal in the stage.
func anchor(s *pdockerfile.Stage, in *pdockerfile.Instruction) string {
	stage := s.Name
	if stage == "" {
		stage = "#" + strconv.Itoa(s.Index)
	}
	n := 0
	for _, x := range s.Instructions {
		if x == in {
			break
		}
		if x.Keyword == in.Keyword {
			n++
		}
	}
	if in == s.From {
		return "stage " + stage + ":FROM"
	}
	return "stage " + stage + ":" + in.Keyword + "#" + strconv.Itoa(n)
}
