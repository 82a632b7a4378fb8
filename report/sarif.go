package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// SARIF constants shared by every log we write.
const (
	// srcRoot is the uriBaseId of every relative artifact location: the
	// scan's base directory, which code-scanning services map to the
	// repository root.
	srcRoot = "SRCROOT"
	// fingerprintKey names our partial fingerprint; the version suffix
	// changes if the way fingerprints are computed ever does.
	fingerprintKey = "stridelint/v1"
)

// writeSARIF renders res as a SARIF 2.1.0 log with one run.
//
// go-sarif v2 writes some fields without omitempty, so a field left unset
// becomes `null` and the log fails validation; every such field (rules,
// results, shortDescription, executionSuccessful, notification messages,
// and every field of a suppression: kind, status, guid, location,
// justification) is always set here.
//
// A scan compared with a baseline gives every result a baselineState
// (new or unchanged) and adds a result with baselineState absent for each
// baseline entry no longer found (SARIF 2.1.0 §3.27.24).
func writeSARIF(w io.Writer, res *rules.Result, opts Options) error {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	run := sarif.NewRunWithInformationURI(toolName, rules.Repository)
	run.WithColumnKind("unicodeCodePoints")
	driver := run.Tool.Driver
	version, semver := driverVersion(opts.ToolVersion)
	driver.WithVersion(version)
	if semver != "" {
		driver.WithSemanticVersion(semver)
	}

	// The driver's rules, in the result's order; ruleIndex points here.
	index := map[string]int{}
	addDescriptor := func(d *sarif.ReportingDescriptor) {
		index[d.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, d)
	}
	for _, r := range res.Rules {
		if r == nil {
			continue
		}
		if _, dup := index[r.ID]; !dup {
			addDescriptor(ruleDescriptor(r))
		}
	}
	// A finding of a rule that is not in res.Rules still gets a (minimal)
	// descriptor, so that every ruleIndex is valid.
	for _, list := range [][]rules.Finding{res.Findings, res.Absent} {
		for _, f := range list {
			if _, ok := index[f.RuleID]; !ok {
				addDescriptor(unknownDescriptor(f))
			}
		}
	}

	byID := ruleMap(res)
	for _, f := range res.Findings {
		run.Results = append(run.Results, sarifResult(f, byID[f.RuleID], index[f.RuleID]))
	}
	for _, f := range res.Absent {
		f.BaselineState = rules.BaselineAbsent
		run.Results = append(run.Results, sarifResult(f, byID[f.RuleID], index[f.RuleID]))
	}

	successful := true
	for _, e := range res.Errors {
		if e.Internal {
			successful = false
		}
	}
	inv := run.AddInvocation(successful)
	for _, e := range res.Errors {
		inv.AddTToolExecutionNotification(notification(e))
	}

	log.AddRun(run)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log) // Encode ends the document with a newline.
}

// ruleDescriptor is the SARIF reportingDescriptor of a rule.
func ruleDescriptor(r *rules.Rule) *sarif.ReportingDescriptor {
	title := cmp.Or(strings.TrimSpace(r.Title), r.ID)
	level := r.Severity.SARIFLevel()
	tags := []string{"security"}
	for _, c := range r.STRIDE {
		tags = append(tags, c.Tag())
	}
	for _, t := range r.Threats {
		tags = append(tags, "threat/"+string(t))
	}
	if r.Kind != "" {
		tags = append(tags, "kind/"+string(r.Kind))
	}
	for _, c := range r.CIS() {
		tags = append(tags, "cis-docker-benchmark/"+c)
	}
	text, markdown := helpTexts(r)
	return sarif.NewRule(r.ID).
		WithName(cmp.Or(pascalCase(title), r.ID)).
		WithShortDescription(sarif.NewMultiformatMessageString(title)).
		WithFullDescription(sarif.NewMultiformatMessageString(cmp.Or(firstParagraph(r.Help), title))).
		WithHelp(sarif.NewMultiformatMessageString(text).WithMarkdown(markdown)).
		WithHelpURI(r.HelpURI()).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level)).
		WithProperties(sarif.Properties{
			"tags":              tags,
			"security-severity": r.Severity.SecurityScore(),
			"precision":         "high",
			"problem.severity":  problemSeverity(level),
		})
}

// unknownDescriptor stands in for a rule the result does not describe.
func unknownDescriptor(f rules.Finding) *sarif.ReportingDescriptor {
	level := validSeverity(f.Severity, nil).SARIFLevel()
	id := cmp.Or(f.RuleID, "unknown rule")
	desc := fmt.Sprintf("Rule %s is not described by this report.", id)
	return sarif.NewRule(f.RuleID).
		WithShortDescription(sarif.NewMultiformatMessageString(id)).
		WithFullDescription(sarif.NewMultiformatMessageString(desc)).
		WithHelp(sarif.NewMultiformatMessageString(desc).WithMarkdown(desc)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level))
}

// problemSeverity is the "problem.severity" property GitHub reads for
// results without a security-severity: error, warning or recommendation.
func problemSeverity(level string) string {
	if level == "note" {
		return "recommendation"
	}
	return level
}

// sarifResult converts one finding; ruleIndex is its rule's position in
// the driver's rules.
func sarifResult(f rules.Finding, r *rules.Rule, ruleIndex int) *sarif.Result {
	sev := validSeverity(f.Severity, r)
	msg := strings.TrimSpace(f.Message)
	if msg == "" && r != nil {
		msg = r.Title
	}
	res := sarif.NewRuleResult(f.RuleID).
		WithRuleIndex(ruleIndex).
		WithLevel(sev.SARIFLevel()).
		WithMessage(sarif.NewTextMessage(cmp.Or(msg, f.RuleID))).
		WithLocations([]*sarif.Location{location(f.Path, span(f.Range))})
	for i, rel := range f.Related {
		loc := location(cmp.Or(rel.Path, f.Path), span(rel.Range)).
			WithId(i + 1).
			WithMessage(sarif.NewTextMessage(cmp.Or(strings.TrimSpace(rel.Message), "Related location.")))
		res.AddRelatedLocation(loc)
	}
	if f.Fingerprint != "" {
		res.WithPartialFingerPrints(map[string]interface{}{fingerprintKey: f.Fingerprint})
	}
	res.Properties = sarif.Properties{"severity": sev.String()}
	if len(f.CIS) > 0 {
		res.Properties["cis-docker-benchmark"] = f.CIS
	}
	if f.BaselineState != "" {
		res.WithBaselineState(f.BaselineState)
	}
	if sup := f.Suppression; sup != nil {
		res.AddSuppression(suppression(f, sup))
	}
	return res
}

// suppression is a finding's suppression as SARIF has it: "accepted" (SARIF
// viewers hide such results), with where the user wrote it and why. Every field is set: go-sarif writes unset ones
// as null, which the schema rejects.
func suppression(f rules.Finding, s *rules.Suppression) *sarif.Suppression {
	path := cmp.Or(s.Path, f.Path)
	return sarif.NewSuppression(string(cmp.Or(s.Kind, rules.InSource))).
		WithStatus("accepted").
		WithGuid(suppressionGUID(f, s)).
		WithLocation(location(path, span(s.Range))).
		WithJustifcation(s.Justification) // sic: go-sarif's spelling
}

// suppressionGUID is a stable identifier for a finding's suppression, as
// the schema asks ("format": "uuid"): a name-based UUID (RFC 9562 version
// 8) of the finding and of where the suppression is written, so that it is
// the same in every run until either changes.
func suppressionGUID(f rules.Finding, s *rules.Suppression) string {
	key := strings.Join([]string{f.Fingerprint, f.RuleID, f.Path, strconv.Itoa(f.Range.StartLine), f.Message,
		string(s.Kind), s.Path, strconv.Itoa(s.Range.StartLine), strconv.Itoa(s.Range.StartCol)}, "\x00")
	sum := sha256.Sum256([]byte(key))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x80 // version 8
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// notification reports a file stridelint could not analyse.
func notification(e rules.FileError) *sarif.Notification {
	n := sarif.NewNotification().
		WithLevel("error").
		WithTextMessage(cmp.Or(strings.TrimSpace(e.Message), "error"))
	if e.Path != "" {
		pl := sarif.NewPhysicalLocation().WithArtifactLocation(artifactLocation(e.Path))
		if e.Line > 0 {
			reg := sarif.NewRegion().WithStartLine(e.Line)
			if e.Col > 0 {
				reg.WithStartColumn(e.Col)
			}
			pl.WithRegion(reg)
		}
		n.WithLocations([]*sarif.Location{sarif.NewLocationWithPhysicalLocation(pl)})
	}
	if e.Internal {
		n.Properties = sarif.Properties{"internal": true}
	}
	return n
}

// location is a physical location at r in path.
func location(path string, r parsers.Range) *sarif.Location {
	reg := sarif.NewRegion().WithStartLine(r.StartLine)
	if r.StartCol > 0 {
		reg.WithStartColumn(r.StartCol)
	}
	reg.WithEndLine(r.EndLine)
	if r.EndCol > 0 {
		reg.WithEndColumn(r.EndCol)
	}
	pl := sarif.NewPhysicalLocation().WithRegion(reg)
	if path != "" {
		pl.WithArtifactLocation(artifactLocation(path))
	}
	return sarif.NewLocationWithPhysicalLocation(pl)
}

// artifactLocation turns a report path into a URI: a relative path becomes
// a percent-encoded relative reference against SRCROOT; an absolute path
// (outside the scan's base directory) becomes a file: URI.
func artifactLocation(path string) *sarif.ArtifactLocation {
	switch {
	case strings.HasPrefix(path, "/"):
		return sarif.NewSimpleArtifactLocation("file://" + escapePath(path))
	case len(path) >= 3 && path[1] == ':' && path[2] == '/' && isASCIILetter(path[0]):
		// A Windows drive path, C:/dir/file.
		return sarif.NewSimpleArtifactLocation("file:///" + path[:2] + escapePath(path[2:]))
	}
	return sarif.NewSimpleArtifactLocation(escapePath(path)).WithUriBaseId(srcRoot)
}

// escapePath percent-encodes a slash-separated path as the path of a URI
// reference (RFC 3986): unreserved characters, sub-delimiters, "@" and "/"
// stay; everything else, including ":" (which would read as a scheme in a
// first segment), spaces and non-ASCII bytes of UTF-8, is encoded.
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isASCIILetter(c) || c >= '0' && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// helpTexts is a rule's help as plain text and as Markdown: the help, the
// remediation, the threats of the user's model it is evidence of, and the
// references.
func helpTexts(r *rules.Rule) (text, markdown string) {
	var t, md strings.Builder
	help := strings.TrimSpace(r.Help)
	t.WriteString(help)
	md.WriteString(help)
	if rem := strings.TrimSpace(r.Remediation); rem != "" {
		fmt.Fprintf(&t, "\n\nRemediation: %s", rem)
		fmt.Fprintf(&md, "\n\n**Remediation:** %s", rem)
	}
	if len(r.Threats) > 0 || len(r.STRIDE) > 0 {
		var threats []string
		for _, id := range r.Threats {
			if th, ok := rules.ThreatByID(id); ok {
				threats = append(threats, fmt.Sprintf("%s %s", id, th.Title))
			} else {
				threats = append(threats, string(id))
			}
		}
		t.WriteString("\n\nThreat model:")
		md.WriteString("\n\n**Threat model:**")
		if len(threats) > 0 {
			fmt.Fprintf(&t, " %s.", strings.Join(threats, "; "))
			fmt.Fprintf(&md, " %s.", strings.Join(threats, "; "))
		}
		if len(r.STRIDE) > 0 {
			fmt.Fprintf(&t, " STRIDE: %s.", r.STRIDENames())
			fmt.Fprintf(&md, " STRIDE: %s.", r.STRIDENames())
		}
	}
	if len(r.References) > 0 {
		t.WriteString("\n\nReferences:")
		md.WriteString("\n\n**References:**\n")
		for _, ref := range r.References {
			title := cmp.Or(strings.TrimSpace(ref.Title), ref.URL)
			switch {
			case ref.URL == "":
				fmt.Fprintf(&t, "\n- %s", title)
				fmt.Fprintf(&md, "\n- %s", title)
			case title == ref.URL:
				fmt.Fprintf(&t, "\n- %s", ref.URL)
				fmt.Fprintf(&md, "\n- <%s>", ref.URL)
			default:
				fmt.Fprintf(&t, "\n- %s: %s", title, ref.URL)
				fmt.Fprintf(&md, "\n- [%s](%s)", title, ref.URL)
			}
		}
	}
	return t.String(), md.String()
}

// firstParagraph is the first paragraph of a Markdown text, its lines
// joined by spaces.
func firstParagraph(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, " ")
}

// pascalCase turns a title into a rule name: "final stage runs as root"
// becomes "FinalStageRunsAsRoot". Words are runs of letters and digits;
// the first letter of each is upper-cased and the rest kept as written.
func pascalCase(s string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		r, size := utf8.DecodeRuneInString(word)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(word[size:])
	}
	return b.String()
}

// driverVersion is the tool's version as SARIF wants it. Consumers
// compare versions, so "version" must start with a number (the multitool
// warns otherwise, SARIF2005): a leading "v" is dropped, and a build
// without a release number ("dev", "(devel)") is written as the
// pre-release "0.0.0-dev". semanticVersion is set only when the version
// the build was given is a semantic version.
func driverVersion(v string) (version, semver string) {
	v = strings.TrimSpace(v)
	if sv, ok := semanticVersion(v); ok {
		return sv, sv
	}
	if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
		v = v[1:]
	}
	if v != "" && v[0] >= '0' && v[0] <= '9' {
		return v, ""
	}
	// Keep what identifies the build as a pre-release identifier.
	id := strings.Trim(strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (isASCIILetter(byte(r)) || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return r
		}
		return '-'
	}, v), "-.")
	if id == "" {
		return "0.0.0", ""
	}
	return "0.0.0-" + id, ""
}

// semverPattern is Semantic Versioning 2.0.0, with an optional "v".
var semverPattern = regexp.MustCompile(`^v?((0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)` +
	`(-(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?` +
	`(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?)$`)

// semanticVersion returns the version without its "v" when it is a
// semantic version.
func semanticVersion(v string) (string, bool) {
	m := semverPattern.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// validSeverity is the finding's severity, or its rule's when the finding
// carries none, or Info as a last resort.
func validSeverity(s rules.Severity, r *rules.Rule) rules.Severity {
	if s >= rules.Info && s <= rules.Critical {
		return s
	}
	if r != nil && r.Severity >= rules.Info && r.Severity <= rules.Critical {
		return r.Severity
	}
	return rules.Info
}
