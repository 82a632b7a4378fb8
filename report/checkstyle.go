package report

import (
	"cmp"
	"encoding/xml"
	"io"
	"slices"
	"strings"

	"github.com/stridelint/stridelint/rules"
)

// The checkstyle format is Checkstyle's XML report (version 4.3), which
// Jenkins (Warnings Next Generation), SonarQube, reviewdog and many editors
// read. Every scanned file has a <file> element (a clean file has no
// <error>, as Checkstyle writes it), in path order; each finding is an
// <error> with its line, column, severity and source "stridelint.RULE".
// A file that could not be analysed has an <error> with source
// "stridelint"; errors tied to no file (internal errors, also reported on
// standard error with exit code 2) have no place in this format.

type (
	checkstyleReport struct {
		XMLName xml.Name         `xml:"checkstyle"`
		Version string           `xml:"version,attr"`
		Files   []checkstyleFile `xml:"file"`
	}
	checkstyleFile struct {
		Name   string            `xml:"name,attr"`
		Errors []checkstyleError `xml:"error"`
	}
	checkstyleError struct {
		Line     int    `xml:"line,attr"`
		Column   int    `xml:"column,attr,omitempty"`
		Severity string `xml:"severity,attr"`
		Message  string `xml:"message,attr"`
		Source   string `xml:"source,attr"`
	}
)

// checkstyleSeverity maps our five severities onto Checkstyle's three:
// critical and high are errors, medium a warning, low and info are info.
func checkstyleSeverity(s rules.Severity) string {
	switch {
	case s >= rules.High:
		return "error"
	case s == rules.Medium:
		return "warning"
	}
	return "info"
}

func writeCheckstyle(w io.Writer, res *rules.Result, opts Options) error {
	files := map[string]*checkstyleFile{}
	file := func(path string) *checkstyleFile {
		f, ok := files[path]
		if !ok {
			f = &checkstyleFile{Name: xmlSafe(path)}
			files[path] = f
		}
		return f
	}
	for _, f := range res.Files {
		file(f.Path)
	}
	byID := ruleMap(res)
	for _, f := range sortedByPosition(res.Findings) {
		s := span(f.Range)
		cf := file(f.Path)
		cf.Errors = append(cf.Errors, checkstyleError{
			Line:     s.StartLine,
			Column:   s.StartCol,
			Severity: checkstyleSeverity(validSeverity(f.Severity, byID[f.RuleID])),
			Message:  xmlSafe(strings.TrimSpace(f.Message)),
			Source:   xmlSafe(toolName + "." + f.RuleID),
		})
	}
	for _, e := range res.Errors {
		if e.Path == "" {
			continue
		}
		msg := strings.TrimSpace(e.Message)
		if e.Internal {
			msg = "internal error: " + msg
		}
		cf := file(e.Path)
		cf.Errors = append(cf.Errors, checkstyleError{
			Line:     max(e.Line, 1),
			Column:   max(e.Col, 0),
			Severity: "error",
			Message:  xmlSafe(msg),
			Source:   toolName,
		})
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	doc := checkstyleReport{Version: "4.3", Files: make([]checkstyleFile, 0, len(paths))}
	for _, p := range paths {
		cf := *files[p]
		// Errors of the file after its findings, then all in line order.
		slices.SortStableFunc(cf.Errors, func(a, b checkstyleError) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
		})
		doc.Files = append(doc.Files, cf)
	}
	return writeXML(w, doc)
}
