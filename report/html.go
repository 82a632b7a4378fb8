package report

import (
	_ "embed"
	"html/template"
	"io"
	"strings"

	"github.com/stridelint/stridelint/rules"
)

// The threat-model report as one self-contained HTML file: inline CSS, no
// script, no font or image from anywhere, readable printed. html/template
// escapes every value from the scanned files in the context it is written
// in (text, attribute, URL); only our own Markdown (remediations, the
// threat catalogue, scope hints) goes through markdownHTML, which escapes
// as well.

//go:embed threatmodel.html.tmpl
var threatHTMLSource string

func writeThreatHTML(w io.Writer, tm *threatModel) error {
	t, err := template.New("report").Funcs(template.FuncMap{
		"plural":         plural,
		"join":           strings.Join,
		"upper":          strings.ToUpper,
		"markdown":       markdownHTML,
		"inlineMarkdown": inlineMarkdownHTML,
		"verdictDetail":  verdictDetail,
		"maxJudged":      func() int { return maxJudged },
		"threatAnchor":   func(id rules.ThreatID) string { return threatAnchor(tm, string(id)) },
	}).Parse(threatHTMLSource)
	if err != nil {
		return err
	}
	return t.Execute(w, tm)
}
