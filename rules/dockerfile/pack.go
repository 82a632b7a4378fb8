// Package dockerfile holds the Dockerfile rules (DFxxx).
package dockerfile

import (
	"strconv"
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

// Rules returns every Dockerfile rule.
func Rules() []*rules.Rule {
	rs := []*rules.Rule{rootUser, parseError}
	rs = append(rs, instructionRules()...)
	rs = append(rs, packageRules()...)
	rs = append(rs, commandRules()...)
	rs = append(rs, secretRules()...)
	return rs
}

// finalStage is the stage that is the build's output: the target the
// settings name when the file has it, else the last stage.
func finalStage(p *rules.Pass, f *pdockerfile.File) *pdockerfile.Stage {
	if t := p.Settings.DockerfileTarget; t != "" {
		for _, s := range f.Stages {
			if strings.EqualFold(s.Name, t) {
				return s
			}
		}
	}
	return f.FinalStage()
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
