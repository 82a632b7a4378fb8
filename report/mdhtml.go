package report

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// markdownHTML renders the small Markdown of our own texts — rule
// remediations, the threat catalogue, scope hints — as HTML: paragraphs,
// fenced code blocks, "- " lists, `code`, **bold** and [links](url). It is
// only ever given text stridelint wrote; everything is HTML-escaped
// all the same, so that a stray < in a remediation stays text.
func markdownHTML(src string) template.HTML {
	var b strings.Builder
	lines := strings.Split(strings.ReplaceAll(strings.TrimSpace(src), "\r\n", "\n"), "\n")
	var para []string
	inList := false
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inlineHTML(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	closeList := func() {
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```"):
			flush()
			closeList()
			lang := strings.TrimSpace(strings.TrimPrefix(trimmed, "```"))
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
				code = append(code, lines[i])
			}
			class := ""
			if lang != "" {
				class = ` class="language-` + html.EscapeString(lang) + `"`
			}
			b.WriteString("<pre><code" + class + ">" + html.EscapeString(strings.Join(code, "\n")) + "</code></pre>\n")
		case trimmed == "":
			flush()
			closeList()
		case strings.HasPrefix(trimmed, "- ") || strings.HasPrefix(trimmed, "* "):
			flush()
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			b.WriteString("<li>" + inlineHTML(trimmed[2:]) + "</li>\n")
		case inList && (strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "\t")):
			// A continuation line of the last item: append to it.
			s := b.String()
			if strings.HasSuffix(s, "</li>\n") {
				b.Reset()
				b.WriteString(strings.TrimSuffix(s, "</li>\n") + " " + inlineHTML(trimmed) + "</li>\n")
			}
		default:
			closeList()
			para = append(para, trimmed)
		}
	}
	flush()
	closeList()
	return template.HTML(b.String())
}

// inlineMarkdownHTML renders one line of our Markdown (no paragraphs).
func inlineMarkdownHTML(src string) template.HTML {
	return template.HTML(inlineHTML(strings.TrimSpace(src)))
}

var (
	boldRe = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	linkRe = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
)

// inlineHTML escapes text and renders `code`, **bold** and [links](url).
func inlineHTML(s string) string {
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			// Short spans (a flag, a path) do not break at their hyphens.
			if len([]rune(part)) <= 32 {
				b.WriteString(`<code class="nw">` + html.EscapeString(part) + "</code>")
			} else {
				b.WriteString("<code>" + html.EscapeString(part) + "</code>")
			}
			continue
		}
		t := html.EscapeString(part)
		t = boldRe.ReplaceAllString(t, "<strong>$1</strong>")
		t = linkRe.ReplaceAllStringFunc(t, func(m string) string {
			sub := linkRe.FindStringSubmatch(m)
			u := html.UnescapeString(sub[2])
			if !safeURL(u) {
				return m
			}
			return `<a href="` + html.EscapeString(u) + `">` + sub[1] + `</a>`
		})
		b.WriteString(t)
	}
	return b.String()
}

// safeURL accepts web links and relative ones, nothing that runs.
func safeURL(u string) bool {
	lower := strings.ToLower(u)
	if strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "#") {
		return true
	}
	return !strings.Contains(lower, ":")
}
