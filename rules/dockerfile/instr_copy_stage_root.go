package dockerfile

import (
	"path"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var wholeStageCopied = &rules.Rule{
	ID:       "DF028",
	Title:    "whole stage filesystem copied",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering},
	Kind:     "dockerfile",
	Help: `The image that ships copies the entire filesystem of a build stage —
` + "`COPY --from=build / /`" + `, or a source of ` + "`.`" + `, ` + "`/.`" + ` or ` + "`/*`" + `, which in ` + "`COPY --from`" + ` are the
stage's root too. That undoes the point of a multi-stage build: compilers, package
managers, caches, test data and any secret, token or ` + "`.npmrc`" + ` the build stage touched land
in the final image, where anyone who pulls it can read them and an attacker finds a full
toolchain.

Judged in the final stage and the stages it is built ` + "`FROM`" + ` (what ships); a build stage
copying another build stage is not reported. Not reported either:

- copying the root of a stage built ` + "`FROM scratch`" + `, a common way to collect artefacts: its
  filesystem holds only what was explicitly copied into it;
- ` + "`COPY --from=<image>`" + ` of an external image, or of a stage that is only an alias for
  one (` + "`FROM tonistiigi/xx AS xx`" + ` with no ` + "`RUN`" + `, ` + "`COPY`" + ` or ` + "`ADD`" + `);
- the idiom that squashes a stage into a single layer, a ` + "`FROM scratch`" + ` stage whose first
  step is ` + "`COPY --from=<stage> / /`" + `: the image is that stage by design (run the other rules
  against that stage with ` + "`--target`" + `).`,
	Remediation: `Copy only the artefacts the application needs, from the paths the build wrote them to:

` + "```dockerfile" + `
COPY --from=build /out/app /usr/local/bin/app
COPY --from=build /src/config/default.yaml /etc/app/
` + "```" + `

If many files are needed, collect them in a ` + "`FROM scratch`" + ` stage first and copy that
stage's root.`,
	References: []rules.Reference{
		{Title: "Docker docs: Multi-stage builds", URL: "https://docs.docker.com/build/building/multi-stage/"},
		{Title: "Dockerfile reference: COPY --from", URL: "https://docs.docker.com/reference/dockerfile/#copy---from"},
	},
	Check: onFile(checkWholeStageCopied),
}

func checkWholeStageCopied(p *rules.Pass, f *pdockerfile.File) {
	for s := finalStage(p, f); s != nil; s = s.BaseStage {
		for _, in := range s.Instructions {
			c, ok := in.Command.(*instructions.CopyCommand)
			if !ok || c.From == "" {
				continue
			}
			src := copySourceStage(f, s, c.From)
			if src == nil || strings.EqualFold(strings.TrimSpace(baseText(src.RootStage())), "scratch") ||
				!buildsFilesystem(src) || isSquash(s, in, c) {
				continue
			}
			for _, sp := range c.SourcePaths {
				v := s.ResolveAt(in, sp)
				if !v.Known || !isFilesystemRoot(v.Text) {
					continue
				}
				p.Reportf(in.Range(), anchor(s, in)+":"+c.From+":"+v.Text,
					"COPY --from=%s %s %s copies the whole filesystem of stage %s (FROM %s): build tools, caches and any secret used in the build end up in the image",
					c.From, v.Text, c.DestPath, stageName(src), baseText(src.RootStage()))
				break
			}
		}
	}
}

// copySourceStage is the earlier stage a COPY --from names, by alias or
// index; nil for an image or a broken reference (DF027).
func copySourceStage(f *pdockerfile.File, s *pdockerfile.Stage, from string) *pdockerfile.Stage {
	var src *pdockerfile.Stage
	if n, err := strconv.Atoi(from); err == nil {
		if n < 0 || n >= len(f.Stages) {
			return nil
		}
		src = f.Stages[n]
	} else {
		src = f.StageByName(from)
	}
	if src == nil || src.Index >= s.Index {
		return nil
	}
	return src
}

// buildsFilesystem reports whether a stage (or one it is built FROM) runs
// or copies anything: a stage that is only "FROM image AS alias" holds
// the image's files, and copying its root is copying an image.
func buildsFilesystem(s *pdockerfile.Stage) bool {
	for ; s != nil; s = s.BaseStage {
		for _, in := range s.Instructions {
			switch in.Keyword {
			case "RUN", "COPY", "ADD":
				return true
			}
		}
	}
	return false
}

// isSquash recognises the idiom that squashes a stage into one layer: a
// stage FROM scratch whose first step is COPY --from=stage / /. The image
// is then that stage by design, not a runtime image that swept up a build
// stage's leftovers.
func isSquash(s *pdockerfile.Stage, copyIn *pdockerfile.Instruction, c *instructions.CopyCommand) bool {
	if s.BaseStage != nil || !strings.EqualFold(strings.TrimSpace(baseText(s)), "scratch") {
		return false
	}
	if dest := path.Clean(strings.TrimSpace(c.DestPath)); dest != "/" {
		return false
	}
	for _, in := range s.Instructions {
		switch in.Keyword {
		case "RUN", "COPY", "ADD":
			return in == copyIn
		}
	}
	return false
}

// isFilesystemRoot reports whether a COPY --from source is the source
// stage's whole filesystem: "/", "/.", ".", "./" (relative sources start at
// the stage's root), "/*", "*".
func isFilesystemRoot(src string) bool {
	src = strings.TrimSpace(src)
	if src == "" {
		return false
	}
	switch path.Clean(src) {
	case "/", ".", "/*", "*":
		return true
	}
	return false
}
