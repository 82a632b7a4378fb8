// Package systemd reads systemd unit files and drop-ins (docker.service,
// docker.socket, docker.service.d/*.conf, kubelet.service …): sections,
// Key=Value entries with their continuation lines joined, and the exact
// position in the file of every word of a value, so that a finding about a
// dockerd flag inside an ExecStart= written over several lines points at
// the flag itself.
//
// The syntax is systemd's, as described in systemd.syntax(7); word
// splitting, command lines and variable expansion follow the "Command
// lines" section of systemd.service(5), and Environment= and
// EnvironmentFile= follow systemd.exec(5).
//
// The parser never fails: a line it cannot read becomes a diagnostic and
// the rest of the file is still read. Memory and time are linear in the
// size of the input, and nothing recurses on the input.
package systemd

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/stridelint/stridelint/parsers"
)

// Unit is a parsed unit file or drop-in.
type Unit struct {
	// Path is the source's Path.
	Path string
	// Sections are the sections in file order. A section whose name
	// repeats is a separate element each time it is opened; entries written
	// before the first section header are kept in a section named "".
	Sections []*Section
}

// Section is one [Name] header and the entries that follow it.
type Section struct {
	// Name is the name between the brackets ("Service").
	Name string
	// Line is the line of the header.
	Line    int
	Entries []*Entry
}

// Entry is one Key=Value assignment, its continuation lines joined.
type Entry struct {
	// Section is the name of the section the entry is in.
	Section string
	Key     string
	// Value is the logical value: continuation lines joined as systemd
	// does (a trailing backslash is replaced by a space, comment lines
	// inside a continuation are skipped, each continuation line loses its
	// leading whitespace), leading and trailing whitespace trimmed.
	Value string
	// Line and Col are where the key starts.
	Line, Col int
	// ValueLine and ValueCol are where the value starts; for an empty
	// value, the column just after the "=".
	ValueLine, ValueCol int
	// EndLine is the last physical line of the entry.
	EndLine int

	// spans say where each part of Value was written (offsets into Value).
	spans []span
	// keyEnd is the column just past the text of the key's line.
	keyEnd int
}

// span is a run of bytes of a logical line copied from one physical line.
type span struct {
	off  int // offset of the run in the logical text
	line int // physical line
	col  int // column of the run's first byte
	end  int // column just past the physical line's text
}

// Range is the entry's key up to the end of its first line.
func (e *Entry) Range() parsers.Range {
	end := e.keyEnd
	if end <= e.Col {
		end = 0
	}
	return parsers.Range{StartLine: e.Line, StartCol: e.Col, EndLine: e.Line, EndCol: end}
}

// ValueRange is the span of the value, from its first character to just
// past its last one (possibly lines later). An empty value is an empty
// range just after the "=".
func (e *Entry) ValueRange() parsers.Range {
	r := parsers.Range{StartLine: e.ValueLine, StartCol: e.ValueCol, EndLine: e.ValueLine, EndCol: e.ValueCol}
	if e.Value != "" {
		r.EndLine, r.EndCol = e.locator().at(len(e.Value))
	}
	return r
}

// locator maps offsets of Value to file positions. An Entry built by hand
// (no spans) is taken to be written on one line at ValueLine:ValueCol.
func (e *Entry) locator() *locator {
	spans := e.spans
	if len(spans) == 0 {
		spans = []span{{line: max(e.ValueLine, 1), col: max(e.ValueCol, 1)}}
	}
	return newLocator(e.Value, spans)
}

// Section is the first section with that name, nil if there is none. See
// Entries for the entries of every section of that name.
func (u *Unit) Section(name string) *Section {
	for _, s := range u.Sections {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Entries are the entries with that key in every section with that name,
// in file order.
func (u *Unit) Entries(section, key string) []*Entry {
	var out []*Entry
	for _, s := range u.Sections {
		if s.Name != section {
			continue
		}
		for _, e := range s.Entries {
			if e.Key == key {
				out = append(out, e)
			}
		}
	}
	return out
}

// Last is the last entry with that key in sections with that name, nil if
// there is none.
func (u *Unit) Last(section, key string) *Entry {
	es := u.Entries(section, key)
	if len(es) == 0 {
		return nil
	}
	return es[len(es)-1]
}

// ExecStart is the [Service] ExecStart= entries in effect in this file: an
// empty assignment ("ExecStart=") resets the list, so only the non-empty
// entries after the last empty one count.
func (u *Unit) ExecStart() []*Entry {
	return resettable(u.Entries("Service", "ExecStart"))
}

// resettable drops every entry up to and including the last empty one.
func resettable(es []*Entry) []*Entry {
	var out []*Entry
	for _, e := range es {
		if e.Value == "" {
			out = nil
			continue
		}
		out = append(out, e)
	}
	return out
}

// Assignment is a NAME=value from Environment= (or a line of an
// EnvironmentFile).
type Assignment struct {
	Name  string
	Value string
	// Token is the whole NAME=value word (unquoted and unescaped) at the
	// position where it is written (its opening quote if it is quoted).
	Token parsers.Token
}

// Environment is every assignment of the [Service] Environment= entries in
// file order (a later one for the same name overrides an earlier one). Each
// entry is split into words; a word without "=" or with an invalid name is
// skipped, as systemd does, and so is a whole entry that cannot be split
// (an unterminated quote). An empty "Environment=" resets the list.
func (u *Unit) Environment() []Assignment {
	var out []Assignment
	for _, e := range u.Entries("Service", "Environment") {
		if e.Value == "" {
			out = nil
			continue
		}
		words, err := e.Words()
		if err != nil {
			continue
		}
		for _, w := range words {
			name, value, ok := strings.Cut(w.Text, "=")
			if !ok || !validName(name) {
				continue
			}
			out = append(out, Assignment{Name: name, Value: value, Token: w})
		}
	}
	return out
}

// EnvironmentFile is a file named by EnvironmentFile=.
type EnvironmentFile struct {
	// Path is the file name, its "-" prefix removed.
	Path string
	// Optional is set by the "-" prefix: a missing file is not an error.
	Optional bool
	// Token is Path at the position where it is written.
	Token parsers.Token
}

// EnvironmentFiles are the [Service] EnvironmentFile= entries in effect, in
// file order; an empty assignment resets the list.
func (u *Unit) EnvironmentFiles() []EnvironmentFile {
	var out []EnvironmentFile
	for _, e := range resettable(u.Entries("Service", "EnvironmentFile")) {
		f := EnvironmentFile{Path: e.Value}
		start := 0
		if strings.HasPrefix(f.Path, "-") {
			f.Path, f.Optional, start = f.Path[1:], true, 1
		}
		line, col := e.locator().at(start)
		f.Token = parsers.Token{Text: f.Path, Line: line, Col: col}
		out = append(out, f)
	}
	return out
}

// validName reports whether s is a valid environment variable name for
// systemd: letters, digits and underscores, not starting with a digit.
func validName(s string) bool {
	if s == "" || isDigit(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && !isDigit(c) && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isSpace is systemd's whitespace: space, tab, newline, carriage return.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// isComment reports whether a line (leading whitespace removed) is a
// comment.
func isComment(s string) bool { return s != "" && (s[0] == '#' || s[0] == ';') }

// trimSpace returns the offsets of s without leading and trailing
// whitespace.
func trimSpace(s string) (start, end int) {
	end = len(s)
	for start < end && isSpace(s[start]) {
		start++
	}
	for end > start && isSpace(s[end-1]) {
		end--
	}
	return start, end
}

// continues reports whether a line (trailing whitespace removed) goes on
// onto the next: it ends in a backslash that is not itself escaped (an odd
// number of backslashes).
func continues(s string) bool {
	n := 0
	for n < len(s) && s[len(s)-1-n] == '\\' {
		n++
	}
	return n%2 == 1
}

// excerpt quotes the start of a long text for a message.
func excerpt(s string) string {
	const max = 60
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// Parse reads a unit file or drop-in. It always returns a Unit; lines it
// cannot read are reported as diagnostics and skipped. A byte-order mark
// is ignored, CRLF line ends are accepted and invalid UTF-8 is read as
// bytes (each invalid byte counts as one column).
func Parse(src *parsers.Source) (*Unit, []parsers.Diagnostic) {
	u := &Unit{}
	if src == nil {
		return u, nil
	}
	u.Path = src.Path
	p := &parser{unit: u}
	s := strings.TrimPrefix(string(src.Data), "\uFEFF")
	for n := 1; ; n++ {
		raw, rest, more := strings.Cut(s, "\n")
		p.line(n, strings.TrimSuffix(raw, "\r"))
		if !more {
			break
		}
		s = rest
	}
	p.flush()
	return u, p.diags
}

// parser joins physical lines into logical ones and turns those into
// sections and entries.
type parser struct {
	unit    *Unit
	section *Section
	outside bool // section is the one made for entries before any header
	diags   []parsers.Diagnostic
	// The logical line being built: its parts and where they come from.
	parts []string
	spans []span
	off   int // length of the parts so far
	last  int // last physical line
}

// line reads one physical line.
func (p *parser) line(n int, raw string) {
	start, end := trimSpace(raw)
	text := raw[start:end]
	if text == "" {
		// An empty line ends a continuation: it is the (empty) line the
		// backslash joined.
		p.flush()
		return
	}
	if isComment(text) {
		// Comments are ignored, inside a continuation too: the continued
		// line goes on after them.
		return
	}
	col := utf8.RuneCountInString(raw[:start]) + 1
	p.spans = append(p.spans, span{off: p.off, line: n, col: col, end: col + utf8.RuneCountInString(text)})
	p.last = n
	if !continues(text) {
		p.add(text)
		p.flush()
		return
	}
	p.add(text[:len(text)-1])
	p.add(" ")
}

func (p *parser) add(s string) {
	p.parts = append(p.parts, s)
	p.off += len(s)
}

// flush reads the logical line built so far, if any.
func (p *parser) flush() {
	if len(p.spans) == 0 {
		return
	}
	text := strings.Join(p.parts, "")
	spans := p.spans
	p.parts, p.spans, p.off = p.parts[:0], nil, 0
	p.logical(text, spans)
}

// logical reads a logical line: a section header or an assignment.
func (p *parser) logical(text string, spans []span) {
	start, end := trimSpace(text)
	if start == end {
		return // only continuation backslashes
	}
	loc := newLocator(text, spans)
	line, col := loc.at(start)
	body := text[start:end]
	if body[0] == '[' {
		if len(body) < 2 || body[len(body)-1] != ']' {
			p.diag(line, col, "invalid section header %s: it must end with \"]\"", excerpt(body))
			return
		}
		p.section = &Section{Name: body[1 : len(body)-1], Line: line}
		p.outside = false
		p.unit.Sections = append(p.unit.Sections, p.section)
		return
	}
	eq := strings.IndexByte(body, '=')
	if eq < 0 {
		p.diag(line, 1, `line is not "Key=Value", a "[Section]" header or a comment: %s`, excerpt(body))
		return
	}
	key := body[:eq]
	for key != "" && isSpace(key[len(key)-1]) {
		key = key[:len(key)-1]
	}
	if key == "" {
		p.diag(line, col, `missing key name before "="`)
		return
	}
	e := &Entry{Key: key, Line: line, Col: col, EndLine: p.last, keyEnd: spans[loc.i].end}
	eqLine, eqCol := loc.at(start + eq)
	vs := start + eq + 1
	for vs < end && isSpace(text[vs]) {
		vs++
	}
	e.Value = text[vs:end]
	if e.Value == "" {
		e.ValueLine, e.ValueCol = eqLine, eqCol+1
	} else {
		e.ValueLine, e.ValueCol = loc.at(vs)
		e.spans = rebase(text, spans, vs, end)
	}
	p.entry(e)
}

// entry adds an entry to the current section.
func (p *parser) entry(e *Entry) {
	if p.section == nil {
		p.section = &Section{Line: e.Line}
		p.unit.Sections = append(p.unit.Sections, p.section)
		p.outside = true
	}
	if p.outside {
		p.diag(e.Line, e.Col, "assignment outside of a section")
	}
	e.Section = p.section.Name
	p.section.Entries = append(p.section.Entries, e)
}

func (p *parser) diag(line, col int, format string, args ...any) {
	p.diags = append(p.diags, parsers.Diagnostic{Line: line, Col: col, Message: fmt.Sprintf(format, args...)})
}

// rebase returns the spans covering text[from:to], with offsets relative to
// from.
func rebase(text string, spans []span, from, to int) []span {
	out := make([]span, 0, len(spans))
	for i, s := range spans {
		end := to
		if i+1 < len(spans) {
			end = min(spans[i+1].off, to)
		}
		if end <= from || s.off >= to {
			continue
		}
		if s.off < from {
			s.col += utf8.RuneCountInString(text[s.off:from])
			s.off = from
		}
		s.off -= from
		out = append(out, s)
	}
	return out
}

// locator maps byte offsets of a logical text to file positions. It walks
// forward, so positions asked for in increasing order cost time linear in
// the text overall.
type locator struct {
	text  string
	spans []span // at least one, the first at offset 0
	i     int    // span of off
	off   int    // offset reached
	col   int    // column of off
}

func newLocator(text string, spans []span) *locator {
	return &locator{text: text, spans: spans, off: spans[0].off, col: spans[0].col}
}

// at is the line and column of the byte at offset o (o may be len(text):
// the position just past the end).
func (l *locator) at(o int) (line, col int) {
	o = max(0, min(o, len(l.text)))
	if o < l.off {
		l.i = max(0, sort.Search(len(l.spans), func(k int) bool { return l.spans[k].off > o })-1)
		l.off, l.col = l.spans[l.i].off, l.spans[l.i].col
	}
	for l.i+1 < len(l.spans) && l.spans[l.i+1].off <= o {
		l.i++
		l.off, l.col = l.spans[l.i].off, l.spans[l.i].col
	}
	if o > l.off {
		l.col += utf8.RuneCountInString(l.text[l.off:o])
		l.off = o
	}
	return l.spans[l.i].line, l.col
}
