package dockerfile

import (
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules/image"
)

// baseImage is the image a stage's FROM pulls, for the rules that judge
// where it comes from and how it is pinned. False for FROM scratch, for an
// earlier stage (its image is built here, not pulled), for the alias of a
// later stage (a mistake DF027 reports; "FROM nginx AS nginx" is an image), for a
// reference whose value the file cannot know (FROM ${BASE} with no default)
// and for one docker would refuse.
func baseImage(f *pdockerfile.File, s *pdockerfile.Stage) (image.Ref, bool) {
	if s.BaseStage != nil || !s.Base.Known {
		return image.Ref{}, false
	}
	name := strings.TrimSpace(s.Base.Text)
	if strings.EqualFold(name, "scratch") {
		return image.Ref{}, false
	}
	for _, other := range f.Stages[s.Index+1:] {
		if other.Name != "" && strings.EqualFold(other.Name, name) {
			return image.Ref{}, false
		}
	}
	ref, err := image.Parse(name)
	if err != nil {
		return image.Ref{}, false
	}
	return ref, true
}

// baseWritten says how a stage's base image is written when a variable
// decides it: ` (FROM ${BASE}, from the ARG default)`; "" when written
// literally.
func baseWritten(s *pdockerfile.Stage) string {
	if s.BaseName == s.Base.Text {
		return ""
	}
	return " (FROM " + s.BaseName + ", from the ARG default)"
}
