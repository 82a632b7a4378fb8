package systemd

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/stridelint/stridelint/parsers"
)

// word is a word of a value: its unquoted, unescaped text and the offset in
// the value of its first source byte.
type word struct {
	text  string
	start int
}

// quoteError is an unterminated quote at a byte offset of a value.
type quoteError struct{ off int }

func (e *quoteError) Error() string { return fmt.Sprintf("unterminated quote at offset %d", e.off) }

// split splits a value into words as systemd does: words are separated by
// unquoted whitespace; single and double quotes group text (anywhere in a
// word, as in a shell); C-style escapes are decoded inside and outside
// quotes. On an unterminated quote it returns the words before it and a
// *quoteError.
func split(s string) ([]word, error) {
	var words []word
	var b strings.Builder
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return words, nil
		}
		start := i
		quote, quoteAt := byte(0), 0
		b.Reset()
	scan:
		for i < len(s) {
			c := s[i]
			switch {
			case c == '\\':
				i = unescape(&b, s, i+1)
				continue
			case quote != 0 && c == quote:
				quote = 0
			case quote != 0:
				b.WriteByte(c)
			case c == '\'' || c == '"':
				quote, quoteAt = c, i
			case isSpace(c):
				break scan
			default:
				b.WriteByte(c)
			}
			i++
		}
		if quote != 0 {
			return words, &quoteError{off: quoteAt}
		}
		words = append(words, word{text: b.String(), start: start})
	}
}

// unescape decodes the escape sequence whose backslash is just before
// s[i], writes it to b and returns the offset after it. An escape systemd
// does not know (or a malformed one) stands for the character after the
// backslash; a backslash at the very end stands for itself.
func unescape(b *strings.Builder, s string, i int) int {
	if i >= len(s) {
		b.WriteByte('\\')
		return i
	}
	c := s[i]
	switch c {
	case 'a':
		b.WriteByte('\a')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'v':
		b.WriteByte('\v')
	case 's':
		b.WriteByte(' ')
	case 'x':
		if v, ok := number(s, i+1, 2, 16); ok {
			b.WriteByte(byte(v))
			return i + 3
		}
		b.WriteByte(c)
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		if v, ok := number(s, i+1, n, 16); ok && utf8.ValidRune(rune(v)) {
			b.WriteRune(rune(v))
			return i + 1 + n
		}
		b.WriteByte(c)
	case '0', '1', '2', '3', '4', '5', '6', '7':
		if v, ok := number(s, i, 3, 8); ok && v <= 0xff {
			b.WriteByte(byte(v))
			return i + 3
		}
		b.WriteByte(c)
	default:
		b.WriteByte(c) // \\ \" \' and any other character
	}
	return i + 1
}

// number reads exactly n digits in base 8 or 16 at s[i:].
func number(s string, i, n, base int) (uint32, bool) {
	if i+n > len(s) {
		return 0, false
	}
	var v uint32
	for _, c := range []byte(s[i : i+n]) {
		d := digit(c)
		if d < 0 || d >= base {
			return 0, false
		}
		v = v*uint32(base) + uint32(d)
	}
	return v, true
}

func digit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// Words splits Value into words as systemd does for command lines and
// Environment=: separated by unquoted whitespace, quotes removed, C-style
// escapes (\n, \t, \s, \xNN, \NNN, \uNNNN, \UNNNNNNNN …) decoded. Each
// token carries the line and column in the file of its first character
// (the opening quote if it starts with a quote), across continuation
// lines. On an unterminated quote it returns the words before it and an
// error naming where the quote was opened.
func (e *Entry) Words() ([]parsers.Token, error) {
	words, err := split(e.Value)
	loc := e.locator()
	toks := make([]parsers.Token, len(words))
	for i, w := range words {
		line, col := loc.at(w.start)
		toks[i] = parsers.Token{Text: w.text, Line: line, Col: col}
	}
	return toks, e.wordError(loc, err)
}

// wordError turns a split error into a message with its position.
func (e *Entry) wordError(loc *locator, err error) error {
	qe, ok := err.(*quoteError)
	if !ok {
		return err
	}
	line, col := loc.at(qe.off)
	return fmt.Errorf("%s=: unterminated quote (opened at line %d, column %d)", e.Key, line, col)
}

// Command is an ExecStart= (ExecStartPre=, ExecReload= …) command line.
type Command struct {
	// Prefixes are the special executable prefixes of the first word, as
	// written: any of "@", "-", ":", "+", "!" and "!!" (e.g. "-" or "@-").
	Prefixes string
	// Argv[0] is the program, its prefixes removed (its Col moved past
	// them), followed by the arguments. With the "@" prefix the second
	// word (the argv[0] the process sees) is left out, so Argv[1:] are
	// always the arguments.
	Argv []parsers.Token
}

// Command splits the value into a command line. An empty value is a
// Command with no Argv. On a syntax error (an unterminated quote) the words
// before it are returned with the error.
func (e *Entry) Command() (Command, error) {
	words, err := split(e.Value)
	loc := e.locator()
	err = e.wordError(loc, err)
	if len(words) == 0 {
		return Command{}, err
	}
	first := words[0]
	cmd := Command{Prefixes: prefixes(first.text)}
	line, col := loc.at(first.start)
	if strings.HasPrefix(e.Value[first.start:], cmd.Prefixes) {
		col += len(cmd.Prefixes) // written unquoted: the program starts after them
	}
	cmd.Argv = append(cmd.Argv, parsers.Token{Text: first.text[len(cmd.Prefixes):], Line: line, Col: col})
	rest := words[1:]
	if strings.Contains(cmd.Prefixes, "@") && len(rest) > 0 {
		rest = rest[1:]
	}
	for _, w := range rest {
		line, col := loc.at(w.start)
		cmd.Argv = append(cmd.Argv, parsers.Token{Text: w.text, Line: line, Col: col})
	}
	return cmd, err
}

// prefixes returns the special executable prefixes at the start of a
// program word. Each may be given once, "!" twice ("!!"); "+" and "!"
// exclude each other. The first character that does not fit starts the
// program name.
func prefixes(s string) string {
	var at, dash, colon, plus bool
	bangs := 0
	i := 0
loop:
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == '@' && !at:
			at = true
		case c == '-' && !dash:
			dash = true
		case c == ':' && !colon:
			colon = true
		case c == '+' && !plus && bangs == 0:
			plus = true
		case c == '!' && !plus && bangs < 2:
			bangs++
		default:
			break loop
		}
	}
	return s[:i]
}

// ExpandedToken is a word of a command line after variable expansion.
type ExpandedToken struct {
	parsers.Token
	// From is the name of the (first) variable the text came from, ""
	// when the word was literal.
	From string
}

// Expand substitutes environment variables in a command line as systemd
// does: a word that is exactly $NAME is replaced by the variable's value
// split at whitespace into zero or more words; ${NAME} anywhere in a word
// is replaced in place by the value (no splitting, so the word stays one
// word); $$ is a literal $. An unknown variable is empty (no words for
// $NAME); a $ followed by anything else is kept as written. Words coming
// from an expansion keep the Line and Col of the word that held the
// variable and name it in From. lookup may be nil (no variables).
func Expand(argv []parsers.Token, lookup func(name string) (string, bool)) []ExpandedToken {
	get := func(name string) string {
		if lookup == nil {
			return ""
		}
		v, _ := lookup(name)
		return v
	}
	out := make([]ExpandedToken, 0, len(argv))
	for _, t := range argv {
		if name := t.Text[min(1, len(t.Text)):]; strings.HasPrefix(t.Text, "$") && validName(name) {
			for _, f := range strings.FieldsFunc(get(name), func(r rune) bool { return r < utf8.RuneSelf && isSpace(byte(r)) }) {
				out = append(out, ExpandedToken{Token: parsers.Token{Text: f, Line: t.Line, Col: t.Col}, From: name})
			}
			continue
		}
		text, from := expandWord(t.Text, get)
		out = append(out, ExpandedToken{Token: parsers.Token{Text: text, Line: t.Line, Col: t.Col}, From: from})
	}
	return out
}

// expandWord replaces ${NAME} and $$ inside one word. from is the first
// variable it replaced.
func expandWord(s string, get func(string) string) (text, from string) {
	if !strings.Contains(s, "$") {
		return s, ""
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '$')
		if i < 0 || i+1 >= len(s) {
			b.WriteString(s)
			return b.String(), from
		}
		b.WriteString(s[:i])
		switch s[i+1] {
		case '$':
			b.WriteByte('$')
			s = s[i+2:]
		case '{':
			j := strings.IndexByte(s[i+2:], '}')
			if j < 0 {
				b.WriteString(s[i:])
				return b.String(), from
			}
			name := s[i+2 : i+2+j]
			if from == "" {
				from = name
			}
			b.WriteString(get(name))
			s = s[i+3+j:]
		default:
			b.WriteByte('$')
			s = s[i+1:]
		}
	}
}
