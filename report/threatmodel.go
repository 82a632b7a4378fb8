package report

import (
	"cmp"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// The threat-model report (`stridelint report`): the user's own threat
// model (rules.Threats, in the seed's words) handed back with the evidence
// the scan found, and the docker-bench items stridelint can decide from
// files. It is built once as a model (threatModel) and rendered as
// Markdown or HTML.
//
// Its one promise is never to confuse three things: a threat with evidence,
// a threat whose files were scanned by rules that found nothing, and a
// threat nothing in the scan could show. A threat has parts — the rules of
// one scope (rules.Scope) or of one kind of file — and a part is assessed
// when its rules ran and the scan held files they judge.

// ThreatModelFormats lists the formats WriteThreatModel accepts.
var ThreatModelFormats = []string{"markdown", "html"}

// ThreatModelOptions tune the threat-model report.
type ThreatModelOptions struct {
	// ToolVersion is written in the report's footer ("dev" when empty).
	ToolVersion string
	// Registry is every rule stridelint has, enabled or not, so that a
	// part whose rules were disabled can say so. Empty: the rules that ran.
	Registry []*rules.Rule
	// LinkPrefix is the path from the directory the report is written in
	// to the directory finding paths are relative to ("" when they are the
	// same, ".." for a report written in docs/). Links to files are
	// relative, with GitHub's #L anchors.
	LinkPrefix string
	// Targets are the paths the user scanned, for the heading.
	Targets []string
}

// WriteThreatModel renders the threat-model report of res in format
// ("markdown" or "html").
func WriteThreatModel(w io.Writer, format string, res *rules.Result, opts ThreatModelOptions) error {
	if res == nil {
		res = &rules.Result{}
	}
	if opts.ToolVersion == "" {
		opts.ToolVersion = "dev"
	}
	// A suppressed finding was judged and dismissed by the team: it is not
	// evidence.
	m := buildThreatModel(only(res, unsuppressed), opts)
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "markdown", "md":
		return writeThreatMarkdown(w, m)
	case "html":
		return writeThreatHTML(w, m)
	}
	return fmt.Errorf("unknown report format %q (want %s)", format, strings.Join(ThreatModelFormats, ", "))
}

// verdict is what the report says about a threat or one of its parts.
type verdict int

const (
	notAssessed verdict = iota
	noEvidence
	evidenceFound
)

func (v verdict) String() string {
	switch v {
	case evidenceFound:
		return "evidence found"
	case noEvidence:
		return "no evidence found"
	}
	return "not assessed"
}

// Class is the CSS class of the verdict.
func (v verdict) Class() string {
	switch v {
	case evidenceFound:
		return "evidence"
	case noEvidence:
		return "clear"
	}
	return "unassessed"
}

// threatModel is everything the report shows, in order, formats aside.
type threatModel struct {
	Version string
	Targets []string
	// Files are the scanned files by kind (kinds with none left out).
	Files      []kindCount
	TotalFiles int
	Severities []sevCount
	Findings   int
	Matrix     []matrixRow
	// Docker and Kubernetes are the threats of each group, in the seed's
	// order.
	Groups   []threatGroup
	NoThreat *tmThreat
	Seed     []seedRow
	Bench    []benchRow
	Errors   []tmError
	// RulesRan and RulesTotal count the rules; Disabled names those that
	// did not run.
	RulesRan, RulesTotal int
	Disabled             []string
}

type kindCount struct {
	Title string
	N     int
}

type sevCount struct {
	Severity rules.Severity
	N        int
}

type matrixRow struct {
	ID, Title, Anchor string
	// Cells are the counts by STRIDE category, in rules.STRIDE order.
	Cells   []matrixCell
	Total   int
	Verdict verdict
	// Parts and Unassessed count the threat's parts and those not
	// assessed.
	Parts, Unassessed int
	// NoThreat marks the row of findings that map to no threat.
	NoThreat bool
}

type matrixCell struct {
	N int
	// Pillar is true when the category is a STRIDE pillar of the threat in
	// the user's model.
	Pillar bool
}

type threatGroup struct {
	Title   string
	Threats []*tmThreat
}

// tmThreat is one threat's section.
type tmThreat struct {
	ID, Title, Heading, Anchor string
	Description, Details       string
	// LookedFor is what in a repository is evidence of it (Markdown).
	LookedFor string
	Pillars   []string
	Verdict   verdict
	N         int
	// Files is the number of files with evidence.
	Files int
	// Severities is "1 critical, 2 low" for the evidence.
	Severities string
	Parts      []*tmPart
	// Unassessed are the titles of the parts not assessed.
	Unassessed []string
	Evidence   []fileGroup
	Remedies   []remedy
}

// tmPart is the rules of a threat that judge one scope or one kind of
// file.
type tmPart struct {
	Title   string
	Verdict verdict
	N       int
	// Rules ran; Disabled did not.
	Rules, Disabled []string
	// Judged are the files the rules judged (the scope's files, or every
	// file of the kinds they read); Kinds counts them by kind.
	Judged []fileLink
	Kinds  string
	// FoundBy are the rules with findings.
	FoundBy []string
	// Reason says why a part is not assessed and what to add (Markdown).
	Reason string
}

type fileLink struct {
	Path, Link string
}

type fileGroup struct {
	fileLink
	Findings []tmFinding
}

type tmFinding struct {
	Severity  rules.Severity
	RuleID    string
	RuleTitle string
	Message   string
	Where     string // path:line
	Link      string
	Related   []tmRelated
}

type tmRelated struct {
	Where, Link, Message string
}

type remedy struct {
	Rules []string
	Title string
	Text  string // Markdown, from the rule
}

type seedRow struct {
	rules.BenchCheck
	Row *benchRow
}

// benchRow is one CIS Docker Benchmark item.
type benchRow struct {
	ID, Title string
	// Seed is true for the items the user's docker-bench run failed.
	Seed   bool
	Status string // PASS, FAIL, NOT ASSESSED
	Rules  []string
	// Fail are the findings that fail it; Judged the files that pass it.
	Fail   []tmFinding
	Judged []fileLink
	// MoreJudged counts judged files left out of Judged.
	MoreJudged int
	// Note says why it is not assessed (Markdown).
	Note string
}

// Class is the CSS class of the status.
func (b benchRow) Class() string {
	switch b.Status {
	case "PASS":
		return "clear"
	case "FAIL":
		return "evidence"
	}
	return "unassessed"
}

type tmError struct {
	Where, Link, Message string
	Internal             bool
}

// maxJudged is how many judged files a docker-bench PASS lists.
const maxJudged = 5

// tmBuilder holds the indexes the model is built from.
type tmBuilder struct {
	res  *rules.Result
	opts ThreatModelOptions
	// all is every rule (registry and the rules that ran), by ID.
	all      map[string]*rules.Rule
	registry []*rules.Rule
	ran      map[string]bool
	byKind   map[parsers.Kind][]string // scanned paths by kind
}

func buildThreatModel(res *rules.Result, opts ThreatModelOptions) *threatModel {
	b := &tmBuilder{res: res, opts: opts, all: map[string]*rules.Rule{}, ran: map[string]bool{}, byKind: map[parsers.Kind][]string{}}
	for _, r := range res.Rules {
		if r != nil {
			b.ran[r.ID] = true
		}
	}
	for _, list := range [][]*rules.Rule{opts.Registry, res.Rules} {
		for _, r := range list {
			if r != nil && b.all[r.ID] == nil {
				b.all[r.ID] = r
				b.registry = append(b.registry, r)
			}
		}
	}
	slices.SortFunc(b.registry, func(x, y *rules.Rule) int { return cmp.Compare(x.ID, y.ID) })
	for _, f := range res.Files {
		b.byKind[f.Kind] = append(b.byKind[f.Kind], f.Path)
	}

	m := &threatModel{Version: opts.ToolVersion, Targets: opts.Targets, TotalFiles: len(res.Files), Findings: len(res.Findings)}
	for _, k := range kindsInOrder(b.byKind) {
		m.Files = append(m.Files, kindCount{Title: k.Title(), N: len(b.byKind[k])})
	}
	sev := map[rules.Severity]int{}
	for _, f := range res.Findings {
		sev[validSeverity(f.Severity, b.all[f.RuleID])]++
	}
	for _, s := range rules.Severities {
		m.Severities = append(m.Severities, sevCount{Severity: s, N: sev[s]})
	}
	m.RulesTotal = len(b.registry)
	for _, r := range b.registry {
		if b.ran[r.ID] {
			m.RulesRan++
		} else {
			m.Disabled = append(m.Disabled, r.ID)
		}
	}

	for _, t := range rules.Threats {
		th := b.threat(t)
		title := t.Group + " threats"
		i := slices.IndexFunc(m.Groups, func(g threatGroup) bool { return g.Title == title })
		if i < 0 {
			m.Groups = append(m.Groups, threatGroup{Title: title})
			i = len(m.Groups) - 1
		}
		m.Groups[i].Threats = append(m.Groups[i].Threats, th)
		m.Matrix = append(m.Matrix, b.matrixRow(th, t.STRIDE, func(r *rules.Rule) bool { return slices.Contains(r.Threats, t.ID) }))
	}
	m.NoThreat = b.noThreat()
	m.Matrix = append(m.Matrix, b.matrixRow(m.NoThreat, nil, func(r *rules.Rule) bool { return len(r.Threats) == 0 }))
	m.Matrix[len(m.Matrix)-1].NoThreat = true

	m.Bench = b.bench()
	for _, s := range rules.SeedBenchChecks {
		row := seedRow{BenchCheck: s}
		for i := range m.Bench {
			if m.Bench[i].ID == s.ID {
				row.Row = &m.Bench[i]
			}
		}
		m.Seed = append(m.Seed, row)
	}
	for _, e := range res.Errors {
		te := tmError{Message: oneLine(e.Message, " "), Internal: e.Internal}
		if e.Path != "" {
			te.Where = where(e.Path, e.Line, 0)
			te.Link = b.link(e.Path, e.Line, e.Line)
		}
		m.Errors = append(m.Errors, te)
	}
	return m
}

// kindsInOrder are the kinds with files, in parsers.Kinds order (then any
// other kind by name).
func kindsInOrder[V any](m map[parsers.Kind]V) []parsers.Kind {
	var out []parsers.Kind
	for _, k := range parsers.Kinds {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	var other []parsers.Kind
	for k := range m {
		if !slices.Contains(parsers.Kinds, k) {
			other = append(other, k)
		}
	}
	slices.Sort(other)
	return append(out, other...)
}

// rule finds a rule by ID among every rule known.
func (b *tmBuilder) rule(id string) *rules.Rule { return b.all[id] }

// findingsOf are the findings of the rules match accepts, in result order.
func (b *tmBuilder) findingsOf(match func(*rules.Rule) bool) []rules.Finding {
	var out []rules.Finding
	for _, f := range b.res.Findings {
		if r := b.rule(f.RuleID); r != nil && match(r) {
			out = append(out, f)
		}
	}
	return out
}

func (b *tmBuilder) threat(t rules.Threat) *tmThreat {
	heading := string(t.ID) + ": " + t.Title
	th := &tmThreat{ID: string(t.ID), Title: t.Title, Heading: heading, Anchor: slug(heading),
		Description: t.Description, Details: t.Details, LookedFor: t.Evidence}
	for _, c := range t.STRIDE {
		th.Pillars = append(th.Pillars, c.Name())
	}
	ofThreat := func(r *rules.Rule) bool { return slices.Contains(r.Threats, t.ID) }
	b.fillEvidence(th, b.findingsOf(ofThreat))
	th.Parts = b.parts(ofThreat)
	assessed := false
	for _, p := range th.Parts {
		if p.Verdict != notAssessed {
			assessed = true
		} else {
			th.Unassessed = append(th.Unassessed, p.Title)
		}
	}
	switch {
	case th.N > 0:
		th.Verdict = evidenceFound
	case assessed:
		th.Verdict = noEvidence
	}
	return th
}

func (b *tmBuilder) noThreat() *tmThreat {
	heading := "Findings that map to no threat"
	th := &tmThreat{ID: "—", Title: heading, Heading: heading, Anchor: slug(heading),
		Description: "Findings of rules that are not evidence of a threat of your model: robustness, hygiene and operations."}
	b.fillEvidence(th, b.findingsOf(func(r *rules.Rule) bool { return len(r.Threats) == 0 }))
	if th.N > 0 {
		th.Verdict = evidenceFound
	}
	return th
}

// fillEvidence groups findings by file and collects their rules'
// remediations, deduplicated.
func (b *tmBuilder) fillEvidence(th *tmThreat, fs []rules.Finding) {
	th.N = len(fs)
	bySev := map[rules.Severity]int{}
	for _, f := range fs {
		bySev[validSeverity(f.Severity, b.rule(f.RuleID))]++
	}
	var sevs []string
	for _, s := range rules.Severities {
		if bySev[s] > 0 {
			sevs = append(sevs, fmt.Sprintf("%d %s", bySev[s], s))
		}
	}
	th.Severities = strings.Join(sevs, ", ")
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, func(x, y rules.Finding) int { return cmp.Compare(x.Path, y.Path) })
	seenRule := map[string]bool{}
	var ruleOrder []string
	for _, f := range fs {
		if len(th.Evidence) == 0 || th.Evidence[len(th.Evidence)-1].Path != f.Path {
			th.Evidence = append(th.Evidence, fileGroup{fileLink: fileLink{Path: f.Path, Link: b.link(f.Path, 0, 0)}})
		}
		g := &th.Evidence[len(th.Evidence)-1]
		g.Findings = append(g.Findings, b.finding(f))
		if !seenRule[f.RuleID] {
			seenRule[f.RuleID] = true
			ruleOrder = append(ruleOrder, f.RuleID)
		}
	}
	th.Files = len(th.Evidence)
	slices.Sort(ruleOrder)
	for _, id := range ruleOrder {
		r := b.rule(id)
		if r == nil || strings.TrimSpace(r.Remediation) == "" {
			continue
		}
		text := strings.TrimSpace(r.Remediation)
		if i := slices.IndexFunc(th.Remedies, func(x remedy) bool { return x.Text == text }); i >= 0 {
			th.Remedies[i].Rules = append(th.Remedies[i].Rules, id)
			continue
		}
		th.Remedies = append(th.Remedies, remedy{Rules: []string{id}, Title: r.Title, Text: text})
	}
}

func (b *tmBuilder) finding(f rules.Finding) tmFinding {
	s := span(f.Range)
	tf := tmFinding{Severity: validSeverity(f.Severity, b.rule(f.RuleID)), RuleID: f.RuleID, Message: oneLine(f.Message, " "),
		Where: where(f.Path, s.StartLine, 0), Link: b.link(f.Path, s.StartLine, s.EndLine)}
	if r := b.rule(f.RuleID); r != nil {
		tf.RuleTitle = r.Title
	}
	for _, rel := range f.Related {
		rs := span(rel.Range)
		p := rel.Path
		if p == "" {
			p = f.Path
		}
		tf.Related = append(tf.Related, tmRelated{Where: where(p, rs.StartLine, 0), Link: b.link(p, rs.StartLine, rs.EndLine), Message: oneLine(rel.Message, " ")})
	}
	return tf
}

// parts splits the rules match accepts by what they judge: their scope,
// else their kind of file.
func (b *tmBuilder) parts(match func(*rules.Rule) bool) []*tmPart {
	type group struct {
		key   string
		scope *rules.Scope
		kind  parsers.Kind
		rules []*rules.Rule
	}
	var groups []*group
	for _, r := range b.registry {
		if !match(r) {
			continue
		}
		key := "kind:" + string(r.Kind)
		if r.Scope != nil {
			key = "scope:" + r.Scope.ID
		}
		i := slices.IndexFunc(groups, func(g *group) bool { return g.key == key })
		if i < 0 {
			groups = append(groups, &group{key: key, scope: r.Scope, kind: r.Kind})
			i = len(groups) - 1
		}
		groups[i].rules = append(groups[i].rules, r)
	}
	var out []*tmPart
	for _, g := range groups {
		p := &tmPart{}
		var ran []*rules.Rule
		for _, r := range g.rules {
			if b.ran[r.ID] {
				ran = append(ran, r)
				p.Rules = append(p.Rules, r.ID)
			} else {
				p.Disabled = append(p.Disabled, r.ID)
			}
		}
		found := b.findingsOf(func(r *rules.Rule) bool { return slices.Contains(g.rules, r) })
		p.N = len(found)
		for _, f := range found {
			if !slices.Contains(p.FoundBy, f.RuleID) {
				p.FoundBy = append(p.FoundBy, f.RuleID)
			}
		}
		slices.Sort(p.FoundBy)
		var judged []string
		if g.scope != nil {
			p.Title = capitalize(g.scope.Title)
			if len(ran) > 0 {
				for _, f := range b.res.Scopes[g.scope.ID] {
					judged = append(judged, f.Path)
				}
			}
			p.Reason = g.scope.Missing
		} else {
			p.Title = capitalize(kindPlural(g.kind))
			kinds := kindsRead(ran)
			judged = b.filesOf(kinds)
			if len(ran) == 0 {
				kinds = kindsRead(g.rules)
			}
			p.Reason = missingKinds(kinds)
		}
		for _, path := range judged {
			p.Judged = append(p.Judged, fileLink{Path: path, Link: b.link(path, 0, 0)})
		}
		p.Kinds = b.describeFiles(judged)
		switch {
		case p.N > 0:
			p.Verdict = evidenceFound
		case len(ran) == 0:
			p.Reason = "Its rules are disabled (" + strings.Join(p.Disabled, ", ") + "): enable them to assess it."
		case len(judged) > 0:
			p.Verdict = noEvidence
		}
		out = append(out, p)
	}
	return out
}

// Summary is what the part's rules judged: "4 rules over 2 Compose files"
// ("" when they judged no file).
func (p *tmPart) Summary() string {
	if len(p.Judged) == 0 {
		return ""
	}
	return plural(len(p.Rules), "rule", "rules") + " over " + p.Kinds
}

// ListFiles is true when the judged files are few enough to list.
func (p *tmPart) ListFiles() bool { return len(p.Judged) <= maxJudged }

// Qualifier follows a threat's verdict in the matrix: the parts not
// assessed, when the verdict is not "not assessed" itself.
func (r matrixRow) Qualifier() string {
	if r.NoThreat || r.Verdict == notAssessed || r.Unassessed == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d parts not assessed", r.Unassessed, r.Parts)
}

// kindsRead are the kinds of file rs judge: their Kind and, for a
// cross-file rule, the kinds it reads.
func kindsRead(rs []*rules.Rule) []parsers.Kind {
	var out []parsers.Kind
	for _, r := range rs {
		ks := []parsers.Kind{r.Kind}
		if r.CheckProject != nil {
			ks = append(ks, r.Reads...)
		}
		for _, k := range ks {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// filesOf are the scanned files of kinds, by path.
func (b *tmBuilder) filesOf(kinds []parsers.Kind) []string {
	var out []string
	for _, k := range kinds {
		out = append(out, b.byKind[k]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// describeFiles is "2 Compose files, 1 Dockerfile".
func (b *tmBuilder) describeFiles(paths []string) string {
	kindOf := map[string]parsers.Kind{}
	for _, f := range b.res.Files {
		kindOf[f.Path] = f.Kind
	}
	n := map[parsers.Kind]int{}
	for _, p := range paths {
		n[kindOf[p]]++
	}
	var parts []string
	for _, k := range kindsInOrder(n) {
		parts = append(parts, fmt.Sprintf("%d %s", n[k], kindNoun(k, n[k])))
	}
	return strings.Join(parts, ", ")
}

// kindNoun is the kind's name for n files ("Dockerfile", "Dockerfiles").
func kindNoun(k parsers.Kind, n int) string {
	if n == 1 {
		if k == "" {
			return "file"
		}
		return k.Title()
	}
	return kindPlural(k)
}

func kindPlural(k parsers.Kind) string {
	switch k {
	case "":
		return "files"
	case parsers.KindEnv:
		return "environment and shell files"
	}
	return k.Title() + "s"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// kindHints say what to add to a scan that has no file of a kind.
var kindHints = map[parsers.Kind]string{
	parsers.KindDockerfile: "the Dockerfiles (or Containerfiles) that build the images",
	parsers.KindCompose:    "the docker-compose files that run the containers",
	parsers.KindDaemon:     "the hosts' `daemon.json`",
	parsers.KindKubernetes: "the Kubernetes manifests (or a chart's rendered output, `helm template … > rendered.yaml`)",
	parsers.KindSystemd:    "the hosts' systemd units",
	parsers.KindEnv:        "the provisioning scripts, `.env` files and profile scripts",
	parsers.KindCI:         "the CI pipelines (`.github/workflows/`, `.gitlab-ci.yml`)",
	parsers.KindHostFile:   "a host's filesystem with `--host-root DIR`",
}

// missingKinds says that no file of kinds is in the scan and what to add.
func missingKinds(kinds []parsers.Kind) string {
	var names, hints []string
	for _, k := range kinds {
		names = append(names, kindPlural(k))
		if h := kindHints[k]; h != "" {
			hints = append(hints, h)
		}
	}
	return fmt.Sprintf("No %s in the scan. Add %s.", orList(names), orList(hints))
}

// orList is "a", "a or b", "a, b or c".
func orList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

func (b *tmBuilder) matrixRow(th *tmThreat, pillars []rules.Category, match func(*rules.Rule) bool) matrixRow {
	row := matrixRow{ID: th.ID, Title: th.Title, Anchor: th.Anchor, Total: th.N, Verdict: th.Verdict,
		Parts: len(th.Parts), Unassessed: len(th.Unassessed)}
	n := map[rules.Category]int{}
	for _, f := range b.findingsOf(match) {
		for _, c := range b.rule(f.RuleID).STRIDE {
			n[c]++
		}
	}
	for _, c := range rules.STRIDE {
		row.Cells = append(row.Cells, matrixCell{N: n[c], Pillar: slices.Contains(pillars, c)})
	}
	return row
}

// bench decides every CIS Docker Benchmark item the rules name.
func (b *tmBuilder) bench() []benchRow {
	titles := map[string]string{}
	seed := map[string]bool{}
	var ids []string
	add := func(id string) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, r := range b.registry {
		for _, ref := range r.References {
			if id, title, ok := cisReference(ref.Title); ok && titles[id] == "" {
				titles[id] = title
			}
		}
		for _, id := range r.CIS() {
			add(id)
		}
	}
	for _, f := range b.res.Findings {
		for _, id := range b.findingCIS(f) {
			add(id)
		}
	}
	for _, s := range rules.SeedBenchChecks {
		add(s.ID)
		titles[s.ID] = s.Title
		seed[s.ID] = true
	}
	slices.SortFunc(ids, compareSections)

	var out []benchRow
	for _, id := range ids {
		row := benchRow{ID: id, Title: titles[id], Seed: seed[id]}
		var carrying []*rules.Rule
		for _, r := range b.registry {
			if slices.Contains(r.CIS(), id) {
				carrying = append(carrying, r)
				if b.ran[r.ID] {
					row.Rules = append(row.Rules, r.ID)
				}
			}
		}
		for _, f := range b.res.Findings {
			if slices.Contains(b.findingCIS(f), id) {
				row.Fail = append(row.Fail, b.finding(f))
			}
		}
		if row.Title == "" && len(carrying) > 0 {
			row.Title = carrying[0].Title
		}
		if len(row.Fail) > 0 {
			row.Status = "FAIL"
			out = append(out, row)
			continue
		}
		row.Status = "NOT ASSESSED"
		judged, note := b.benchJudged(id, carrying)
		if note != "" {
			row.Note = note
		} else {
			row.Status = "PASS"
			for i, p := range judged {
				if i == maxJudged {
					row.MoreJudged = len(judged) - maxJudged
					break
				}
				row.Judged = append(row.Judged, fileLink{Path: p, Link: b.link(p, 0, 0)})
			}
		}
		out = append(out, row)
	}
	return out
}

// findingCIS are the CIS sections a finding fails: its own, else its
// rule's (rules.Finding.CIS).
func (b *tmBuilder) findingCIS(f rules.Finding) []string {
	if len(f.CIS) > 0 {
		return f.CIS
	}
	if r := b.rule(f.RuleID); r != nil {
		return r.CIS()
	}
	return nil
}

// benchJudged decides whether an item without failing findings passes: the
// files that show it, or a note saying why it is not assessed.
//
// A rule with a scope judges the component the item is about (the daemon
// for §2, the host's files for §3, the host's environment for 4.5): every
// such rule must have run and found its scope in the scan — for §3, the
// very file the item names. Without one, any rule of the item that ran over
// files of its kind decides it.
func (b *tmBuilder) benchJudged(id string, carrying []*rules.Rule) ([]string, string) {
	if len(carrying) == 0 {
		return nil, "No rule of this scan decides it."
	}
	var judged []string
	scoped := false
	for _, r := range carrying {
		if r.Scope == nil {
			continue
		}
		scoped = true
		if !b.ran[r.ID] {
			return nil, fmt.Sprintf("%s, which judges the %s, is disabled.", r.ID, r.Scope.Title)
		}
		found := false
		for _, f := range b.res.Scopes[r.Scope.ID] {
			if len(f.CIS) == 0 || slices.Contains(f.CIS, id) {
				found = true
				judged = append(judged, f.Path)
			}
		}
		if !found {
			return nil, r.Scope.Missing
		}
	}
	if !scoped {
		var ran []*rules.Rule
		for _, r := range carrying {
			if b.ran[r.ID] {
				ran = append(ran, r)
			}
		}
		if len(ran) == 0 {
			ids := make([]string, len(carrying))
			for i, r := range carrying {
				ids[i] = r.ID
			}
			return nil, "Its rules are disabled (" + strings.Join(ids, ", ") + ")."
		}
		judged = b.filesOf(kindsRead(ran))
		if len(judged) == 0 {
			return nil, missingKinds(kindsRead(ran))
		}
	}
	slices.Sort(judged)
	return slices.Compact(judged), ""
}

// cisReference reads "CIS Docker Benchmark 2.16: Ensure …".
func cisReference(title string) (id, rest string, ok bool) {
	const prefix = "CIS Docker Benchmark "
	if !strings.HasPrefix(title, prefix) {
		return "", "", false
	}
	id, rest, _ = strings.Cut(strings.TrimPrefix(title, prefix), ":")
	return strings.TrimSpace(id), strings.TrimSpace(rest), id != ""
}

// compareSections orders "2.16" after "2.2" and before "3.1".
func compareSections(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, errX := strconv.Atoi(as[i])
		y, errY := strconv.Atoi(bs[i])
		if errX != nil || errY != nil {
			if c := cmp.Compare(as[i], bs[i]); c != 0 {
				return c
			}
			continue
		}
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

// link is the relative link to a file (and its lines, with GitHub's #L
// anchors) from the report.
func (b *tmBuilder) link(p string, start, end int) string {
	target := p
	if !path.IsAbs(p) && b.opts.LinkPrefix != "" {
		target = path.Join(b.opts.LinkPrefix, p)
	}
	segs := strings.Split(target, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	u := strings.Join(segs, "/")
	if start > 0 {
		u += "#L" + strconv.Itoa(start)
		if end > start {
			u += "-L" + strconv.Itoa(end)
		}
	}
	return u
}

// slug is the anchor GitHub gives a heading: lower case, punctuation other
// than hyphens dropped, spaces made hyphens.
func slug(heading string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			sb.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
