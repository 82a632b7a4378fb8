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

// Kinds of host configuration, read for the Docker daemon and host rules.
const (
	// KindSystemd is a systemd unit or drop-in (docker.service,
	// docker.socket, docker.service.d/*.conf, kubelet.service …).
	KindSystemd Kind = "systemd"
	// KindEnv is an environment or shell file: .env files, shell scripts,
	// /etc/environment, /etc/profile.d/*.sh, /etc/default/docker,
	// /etc/sysconfig/docker.
	KindEnv Kind = "env"
	// KindCI is a CI pipeline definition (.github/workflows/*.yml,
	// .gitlab-ci.yml).
	KindCI Kind = "ci"
	// KindHostFile is a file judged only by its metadata (owner, mode):
	// TLS certificates and keys under /etc/docker in --host-root mode.
	KindHostFile Kind = "hostfile"
)

// KindAny is the kind of a rule that reads every file, whatever its kind
// (SL001 reads the ignore comments of all of them). No file is of this kind,
// so it is not in Kinds.
const KindAny Kind = "any"

// Kinds lists every kind in a fixed order (for summaries and documentation).
var Kinds = []Kind{KindDockerfile, KindCompose, KindDaemon, KindKubernetes, KindSystemd, KindEnv, KindCI, KindHostFile}

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
	case KindSystemd:
		return "systemd unit"
	case KindEnv:
		return "environment or shell file"
	case KindCI:
		return "CI pipeline"
	case KindHostFile:
		return "host file"
	case KindAny:
		return "file"
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
	// Info is the file's metadata as found by discovery (mode, size and,
	// on Unix, owner through Info.Sys()).
	Info fs.FileInfo
	// HostPath is the file's path on the host ("/etc/docker/daemon.json")
	// when the scan reads a host tree (--host-root); empty otherwise.
	HostPath string
}

// Token is a word of a command line or value with where it starts.
type Token struct {
	Text string
	Line int
	Col  int
}

// Range is the token's range (start only; the end is on the same line).
func (t Token) Range() Range {
	return Range{StartLine: t.Line, StartCol: t.Col, EndLine: t.Line, EndCol: t.Col + len([]rune(t.Text))}
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
