package meta

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/ignore"
	"github.com/stridelint/stridelint/parsers/kube"
	"github.com/stridelint/stridelint/rules"
)

func unknownIgnoreRule(known func(string) bool) *rules.Rule {
	return &rules.Rule{
		ID:       "SL001",
		Title:    "unknown rule in ignore comment",
		Severity: rules.Low,
		STRIDE:   []rules.Category{rules.Repudiation},
		Kind:     parsers.KindAny,
		Help: `An ignore comment (` + "`# stridelint ignore=RULE -- reason`" + `, ` + "`ignore-file=`" + `) or a
` + "`stridelint.io/ignore`" + ` annotation names a rule that does not exist — a typo
(` + "`KW01`" + ` for ` + "`KW001`" + `), a glob that matches nothing, or the code of another tool
(` + "`DL3008`" + `). The suppression it was meant to make does not happen, or worse, seems to happen
in review while the finding it was written for is still reported under another ID.

It also reports what cannot suppress anything: an ignore comment stridelint cannot read
(` + "`# stridelint ignore DF001`" + ` without ` + "`=`" + `, a reason not introduced by ` + "`--`" + `), and, in a
Dockerfile, an ignore comment written after an instruction, which Docker passes to the
shell and which covers nothing there.

Suppressions are part of the record of who accepted which risk and why; one that names
nothing leaves that record wrong.`,
		Remediation: `Write the ID as ` + "`stridelint rules`" + ` lists it (` + "`DF005`" + `, globs such as ` + "`KW0*`" + `, or
` + "`all`" + `), separate IDs with commas, and put the reason after ` + "`--`" + `:

` + "```dockerfile" + `
# stridelint ignore=DF005,DF014 -- the release job pins the base image by digest
FROM alpine:3.20
` + "```" + `

In a Dockerfile, write the comment on its own line above the instruction.`,
		References: []rules.Reference{
			{Title: "stridelint README: Suppressing findings", URL: rules.Repository + "#suppressing-findings"},
		},
		Check: func(p *rules.Pass) { checkIgnoreComments(p, known) },
	}
}

func checkIgnoreComments(p *rules.Pass, known func(string) bool) {
	src := p.Source
	if src.Kind != parsers.KindDaemon && src.Kind != parsers.KindHostFile {
		for _, c := range ignore.Comments(src.Data) {
			what := "ignore comment"
			if c.File {
				what = "ignore-file comment"
			}
			switch {
			case c.Err != nil:
				p.Report(rules.Finding{Range: c.Range(), Anchor: "ignore-comment",
					Message: fmt.Sprintf("%s not understood, so it suppresses nothing: %v", what, c.Err)})
				continue
			case src.Kind == parsers.KindDockerfile && c.Trailing && !c.File:
				p.Report(rules.Finding{Range: c.Range(), Anchor: "ignore-comment",
					Message: "ignore comment after a Dockerfile instruction covers nothing (the shell receives it): write it on its own line above the instruction"})
			}
			for _, pat := range c.Spec.Rules {
				if known(pat.Text) {
					continue
				}
				col := c.SpecCol + pat.Offset
				r := parsers.Range{StartLine: c.Line, StartCol: col, EndLine: c.Line, EndCol: col + utf8.RuneCountInString(pat.Text)}
				p.Report(rules.Finding{Range: r, Anchor: "ignore-comment:" + pat.Text, Message: unknownMessage(pat.Text, what)})
			}
		}
	}
	kf, ok := p.Doc.(*kube.File)
	if !ok {
		return
	}
	for _, o := range kf.Objects {
		for _, a := range o.Annotations(ignore.Annotation) {
			what := fmt.Sprintf("annotation %s of %s", ignore.Annotation, o.Describe())
			if a.Template {
				what = fmt.Sprintf("annotation %s of the pod template of %s", ignore.Annotation, o.Describe())
			}
			anchor := o.Anchor(nil) + ":" + ignore.Annotation
			if a.Template {
				anchor += ":template"
			}
			if !a.Scalar {
				p.Report(rules.Finding{Range: a.Range, Anchor: anchor,
					Message: fmt.Sprintf("%s is not a string, so it suppresses nothing: write \"RULE[,RULE…] -- reason\"", what)})
				continue
			}
			spec, err := ignore.ParseSpec(a.Value)
			if err != nil {
				p.Report(rules.Finding{Range: a.Range, Anchor: anchor,
					Message: fmt.Sprintf("%s not understood, so it suppresses nothing: %v", what, err)})
				continue
			}
			for _, pat := range spec.Rules {
				if !known(pat.Text) {
					p.Report(rules.Finding{Range: a.Range, Anchor: anchor + ":" + pat.Text, Message: unknownMessage(pat.Text, what)})
				}
			}
		}
	}
}

func unknownMessage(sel, what string) string {
	if strings.ContainsAny(sel, "*?[") {
		return fmt.Sprintf("rule pattern %q in %s matches no rule: nothing is suppressed under it (see `stridelint rules`)", sel, what)
	}
	return fmt.Sprintf("unknown rule %q in %s: nothing is suppressed under that name (see `stridelint rules`)", sel, what)
}
