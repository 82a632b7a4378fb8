// Package parsers holds the vocabulary every parser shares: the kinds of input
// stridelint understands, a source file as read from disk, source ranges and
// the diagnostics a parser reports for input it cannot read.
//
// The parsers for each kind live in the sub-packages (dockerfile, compose,
// daemon, kube); parsers/yamlpos is the position index they share.
package parsers

import (
	"fmt"
	"io/fs"
)

// Kind is the kind of configuration a file holds.
type Kind string

// The kinds of input stridelint reads.
const (
	KindDockerfile Kind = "dockerfile"
	KindCompose    Kind = "compose"
	KindDaemon     Kind = "daemon"
	KindKubernetes Kind = "kubernetes"
)

// Kinds lists every kind in a fixed order (for summaries and documentation).
var Kinds = []Kind{KindDockerfile, KindCompose, KindDaemon, KindKubernetes}

// Title is the kind's name for people.
func (k Kind) Title() string {
	switch k {
	case KindDockerfile:
		return "Dockerfile"
	case KindCompose:
		return "Compose file"
	case KindDaemon:
		return "Docker daemon config"
	case KindKubernetes:
		return "Kubernetes manifest"
	}
	return string(k)
}

// Source is one file to analyse: read once, handed to exactly one parser.
type Source struct {
	// Path is the path shown to users and written into reports: slash
	// separated and relative to the scan's base directory when the file is
	// inside it.
	Path string
	// DiskPath is where the file was read from.
	DiskPath string
	Kind     Kind
	Data     []byte
	// Info is the file's metadata as found by discovery (mode, size).
	Info fs.FileInfo
}

// Range is a span of source text. Lines and columns are 1-based; columns
// count Unicode code points; EndCol is exclusive. A zero StartCol means the
// column is unknown; a zero EndLine means the range ends on StartLine.
type Range struct {
	StartLine int `json:"startLine"`
	StartCol  int `json:"startColumn,omitempty"`
	EndLine   int `json:"endLine,omitempty"`
	EndCol    int `json:"endColumn,omitempty"`
}

// LineRange is a range covering whole lines.
func LineRange(start, end int) Range {
	if end < start {
		end = start
	}
	return Range{StartLine: start, EndLine: end}
}

// Normalized fills EndLine and guarantees StartLine >= 1.
func (r Range) Normalized() Range {
	if r.StartLine < 1 {
		r.StartLine = 1
	}
	if r.EndLine < r.StartLine {
		r.EndLine = r.StartLine
		if r.EndCol != 0 && r.EndCol <= r.StartCol {
			r.EndCol = 0
		}
	}
	return r
}

// Diagnostic is a problem a parser found in its input: the file (or part of
// it) could not be read. Parsers keep going where they can, so one file may
// carry several diagnostics and still yield a partial document.
type Diagnostic struct {
	Line    int
	Col     int
	Message string
	// Notice marks a limit of the scan rather than a defect of the file
	// (a required variable that has no value because the scan reads no
	// environment): reported, but at the lowest severity.
	Notice bool
}

func (d Diagnostic) String() string {
	if d.Line > 0 {
		return fmt.Sprintf("line %d: %s", d.Line, d.Message)
	}
	return d.Message
}

// Diagnosticf builds a Diagnostic at a line.
func Diagnosticf(line int, format string, args ...any) Diagnostic {
	return Diagnostic{Line: line, Message: fmt.Sprintf(format, args...)}
}
