// Package daemon reads Docker's daemon.json: the typed settings that
// matter for security, the raw keys, and positions for every key.
package daemon

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// Config holds the daemon.json settings stridelint judges. Pointers tell
// "absent" (dockerd's default applies) from an explicit value.
type Config struct {
	Hosts                []string          `json:"hosts"`
	TLS                  *bool             `json:"tls"`
	TLSVerify            *bool             `json:"tlsverify"`
	TLSCACert            string            `json:"tlscacert"`
	TLSCert              string            `json:"tlscert"`
	TLSKey               string            `json:"tlskey"`
	ICC                  *bool             `json:"icc"`
	UserlandProxy        *bool             `json:"userland-proxy"`
	IPTables             *bool             `json:"iptables"`
	IP                   string            `json:"ip"`
	InsecureRegistries   []string          `json:"insecure-registries"`
	RegistryMirrors      []string          `json:"registry-mirrors"`
	UsernsRemap          string            `json:"userns-remap"`
	NoNewPrivileges      *bool             `json:"no-new-privileges"`
	SeccompProfile       string            `json:"seccomp-profile"`
	LiveRestore          *bool             `json:"live-restore"`
	AuthorizationPlugins []string          `json:"authorization-plugins"`
	LogLevel             string            `json:"log-level"`
	LogDriver            string            `json:"log-driver"`
	LogOpts              map[string]string `json:"log-opts"`
	Experimental         *bool             `json:"experimental"`
	DefaultUlimits       map[string]any    `json:"default-ulimits"`
	StorageDriver        string            `json:"storage-driver"`
	StorageOpts          []string          `json:"storage-opts"`
	SELinuxEnabled       *bool             `json:"selinux-enabled"`
}

// File is a parsed daemon.json.
type File struct {
	Path   string
	Config Config
	// Keys are the top-level keys as written, in order.
	Keys []string
	// Doc indexes positions; nil when the file is empty.
	Doc *yamlpos.Doc
}

// Range is where a key path (e.g. hosts[1], log-opts.max-size) is written.
func (f *File) Range(p yamlpos.Path) (parsers.Range, bool) {
	if f.Doc == nil {
		return parsers.Range{StartLine: 1}, false
	}
	return f.Doc.Range(p)
}

// Parse reads a daemon.json. JSON syntax is checked with encoding/json (the
// parser dockerd uses, so the verdict is dockerd's); a value of the wrong
// type is reported at its key and the rest of the file is still read. An
// empty file is a valid, empty configuration.
func Parse(src *parsers.Source) (*File, []parsers.Diagnostic) {
	f := &File{Path: src.Path}
	data := bytes.TrimPrefix(src.Data, []byte{0xEF, 0xBB, 0xBF})
	if len(bytes.TrimSpace(data)) == 0 {
		return f, nil
	}
	if !utf8.Valid(data) {
		return nil, []parsers.Diagnostic{{Line: 1, Message: "daemon.json is not UTF-8 text"}}
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, []parsers.Diagnostic{jsonDiagnostic(data, err)}
	}
	if s := yamlpos.Parse(data); len(s.Docs) > 0 {
		f.Doc = s.Docs[0]
		yamlpos.Pairs(f.Doc.Root, func(k, _ *yaml.Node) { f.Keys = append(f.Keys, k.Value) })
	}
	// encoding/json fills every field it can and reports only the first
	// badly typed value; decoding key by key finds them all.
	_ = json.Unmarshal(data, &f.Config)
	var diags []parsers.Diagnostic
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		wrapped, _ := json.Marshal(map[string]json.RawMessage{key: raw[key]})
		var one Config
		var te *json.UnmarshalTypeError
		if err := json.Unmarshal(wrapped, &one); errors.As(err, &te) {
			r, _ := f.Range(yamlpos.P(key))
			diags = append(diags, parsers.Diagnostic{Line: r.StartLine, Col: r.StartCol,
				Message: fmt.Sprintf("%q must be %s, not a JSON %s", key, typeName(te.Type.String()), te.Value)})
		}
	}
	// dockerd refuses to start with a key it does not know ("the following
	// directives don't match any configuration option").
	if f.Doc != nil {
		yamlpos.Pairs(f.Doc.Root, func(k, _ *yaml.Node) {
			if KnownKey(k.Value) {
				return
			}
			msg := fmt.Sprintf("unknown key %q: dockerd refuses to start with a directive it does not know", k.Value)
			if c := closestKey(k.Value); c != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", c)
			}
			r := f.Doc.NodeRange(k)
			diags = append(diags, parsers.Diagnostic{Line: r.StartLine, Col: r.StartCol, Message: msg})
		})
	}
	return f, diags
}

func typeName(t string) string {
	switch {
	case t == "bool" || t == "*bool":
		return "a boolean"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "an array of " + strings.TrimPrefix(typeName(t[2:]), "a ") + "s"
	case strings.HasPrefix(t, "map["):
		return "an object"
	}
	return t
}

// jsonDiagnostic turns an encoding/json error into a diagnostic at the
// line and column of its byte offset.
func jsonDiagnostic(data []byte, err error) parsers.Diagnostic {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	msg := strings.TrimPrefix(err.Error(), "json: ")
	switch {
	case errors.As(err, &se):
		off = se.Offset
		msg = "invalid JSON: " + msg
	case errors.As(err, &te):
		off = te.Offset
		msg = "daemon.json must be a JSON object"
	}
	line, col := 1, 0
	if off >= 0 {
		if off > int64(len(data)) {
			off = int64(len(data))
		}
		before := data[:off]
		line = bytes.Count(before, []byte("\n")) + 1
		col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
		if col == 0 {
			col = 1
		}
		// An error at the very end belongs to the last line with text.
		for line > 1 && off == int64(len(data)) && len(bytes.TrimSpace(lastLine(before))) == 0 {
			before = before[:bytes.LastIndexByte(before, '\n')]
			line--
			col = utf8.RuneCount(lastLine(before)) + 1
		}
	}
	return parsers.Diagnostic{Line: line, Col: col, Message: msg}
}

func lastLine(b []byte) []byte { return b[bytes.LastIndexByte(b, '\n')+1:] }
