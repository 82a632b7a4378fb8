package analyzer

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
)

// binarySniffLen is how much of a file is searched for a NUL byte.
const binarySniffLen = 8 << 10

// maxYAMLClassify is the largest file Classify decodes as YAML; larger files
// whose kind the cheap text checks cannot settle are judged by text alone.
const maxYAMLClassify = 1 << 20

// notDockerfileSuffixes end names like "Dockerfile.md" that start like a
// Dockerfile's but hold something else (documentation, backups, patches,
// scripts, templates for another engine, BuildKit's per-Dockerfile ignore
// files).
var notDockerfileSuffixes = map[string]bool{
	".md": true, ".markdown": true, ".txt": true, ".rst": true, ".adoc": true, ".html": true,
	".orig": true, ".rej": true, ".bak": true, ".old": true, ".swp": true, ".swo": true, ".tmp": true,
	".patch": true, ".diff": true,
	".dockerignore": true,
	".yaml":         true, ".yml": true, ".json": true, ".sh": true, ".ps1": true, ".py": true,
	".tpl": true, ".j2": true, ".jinja": true, ".jinja2": true, ".erb": true,
}

// Classify decides a file's kind from its name, then from its content.
// name may be a bare file name or a path (either separator).
//
// By name: Dockerfile, Dockerfile.*, Containerfile, Containerfile.*,
// *.Dockerfile (case-insensitive; Dockerfile.md, .txt, .bak … excepted) are
// Dockerfiles; compose.y(a)ml, compose.*.y(a)ml and docker-compose*.y(a)ml
// are Compose files; daemon.json is a Docker daemon config. These are
// accepted whatever their content: the parser reports what is wrong.
//
// By content (binary content, a NUL byte in the first 8 KiB, is rejected):
// a document with top-level apiVersion and kind keys (in any document of a
// stream, YAML or JSON) is a Kubernetes manifest; a top-level services
// mapping without apiVersion is a Compose file. Text that does not parse as
// YAML or JSON is judged by its lines: apiVersion: and kind: at column 0
// (or "apiVersion" and "kind" JSON keys) make a Kubernetes manifest,
// services: at column 0 without apiVersion a Compose file. A file whose name
// has no .yaml, .yml or .json extension is also taken as a Dockerfile when
// its first instruction is FROM (or ARG followed by FROM): such files only
// reach Classify when named on the command line, as Discover offers no
// others.
//
// ok is false for anything else: not a file stridelint reads.
func Classify(name string, data []byte) (kind parsers.Kind, ok bool) {
	base := strings.ToLower(baseName(name))
	if k, ok := kindByName(base); ok {
		return k, true
	}
	if k, ok := kindByPath(strings.ToLower(filepath.ToSlash(name))); ok {
		if isBinary(data) {
			return "", false
		}
		return k, true
	}
	if isBinary(data) {
		return "", false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch path.Ext(base) {
	case ".yaml", ".yml", ".json":
	default:
		if looksLikeDockerfile(data) {
			return parsers.KindDockerfile, true
		}
	}
	return classifyContent(data)
}

func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// kindByName recognises the names that settle a file's kind; lower is the
// file's base name in lower case.
func kindByName(lower string) (parsers.Kind, bool) {
	switch lower {
	case "dockerfile", "containerfile":
		return parsers.KindDockerfile, true
	case "daemon.json":
		return parsers.KindDaemon, true
	}
	if strings.HasPrefix(lower, "dockerfile.") || strings.HasPrefix(lower, "containerfile.") {
		if !notDockerfileSuffixes[path.Ext(lower)] {
			return parsers.KindDockerfile, true
		}
		return "", false
	}
	for _, suffix := range []string{".dockerfile", ".containerfile"} {
		if len(lower) > len(suffix) && strings.HasSuffix(lower, suffix) {
			return parsers.KindDockerfile, true
		}
	}
	if ext := path.Ext(lower); ext == ".yaml" || ext == ".yml" {
		stem := strings.TrimSuffix(lower, ext)
		if stem == "compose" || strings.HasPrefix(stem, "compose.") || strings.HasPrefix(stem, "docker-compose") {
			return parsers.KindCompose, true
		}
	}
	return "", false
}

// kindByPath recognises host and pipeline files by where they sit: systemd
// units and drop-ins, environment and shell files, CI pipelines. lower is
// the slash path in lower case.
func kindByPath(lower string) (parsers.Kind, bool) {
	base := path.Base(lower)
	dir := path.Base(path.Dir(lower))
	switch {
	case strings.HasSuffix(base, ".service"), strings.HasSuffix(base, ".socket"):
		return parsers.KindSystemd, true
	case strings.HasSuffix(base, ".conf") && (strings.HasSuffix(dir, ".service.d") || strings.HasSuffix(dir, ".socket.d")):
		return parsers.KindSystemd, true
	case base == ".env" || (strings.HasPrefix(base, ".env.") && !strings.HasSuffix(base, ".yml") && !strings.HasSuffix(base, ".yaml") && !strings.HasSuffix(base, ".json")),
		strings.HasSuffix(base, ".sh"), strings.HasSuffix(base, ".bash"),
		dir == "profile.d",
		lower == "etc/environment" || strings.HasSuffix(lower, "/etc/environment"),
		(base == "docker" || base == "kubelet") && (dir == "default" || dir == "sysconfig"):
		return parsers.KindEnv, true
	case base == ".gitlab-ci.yml", base == "azure-pipelines.yml", base == "azure-pipelines.yaml",
		(base == "config.yml" || base == "config.yaml") && dir == ".circleci",
		(strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")) && strings.Contains(lower, ".github/workflows/"):
		return parsers.KindCI, true
	}
	return "", false
}

func isBinary(data []byte) bool {
	if len(data) > binarySniffLen {
		data = data[:binarySniffLen]
	}
	return bytes.IndexByte(data, 0) >= 0
}

// classifyContent recognises Kubernetes manifests and Compose files.
func classifyContent(data []byte) (parsers.Kind, bool) {
	// Cheap pre-check: both kinds need one of these words.
	if !bytes.Contains(data, []byte("apiVersion")) && !bytes.Contains(data, []byte("services")) {
		return "", false
	}
	text := scanTopLevelLines(data)
	if text.kube {
		// Block-style keys at column 0 are top-level keys of their
		// document: no need to parse.
		return parsers.KindKubernetes, true
	}
	if !text.needParse && !text.compose {
		// Every document's top-level keys were seen at column 0.
		return "", false
	}
	if looksLikeJSON(data) {
		if k, ok, parsed := classifyJSON(data); parsed {
			return k, ok
		}
	}
	if len(data) <= maxYAMLClassify {
		if k, ok, parsed := classifyYAML(data); parsed || ok {
			return k, ok
		}
	}
	// Not parsable (or too large to parse): judge by text.
	if text.compose {
		return parsers.KindCompose, true
	}
	if hasJSONKey(data, "apiVersion") && hasJSONKey(data, "kind") {
		return parsers.KindKubernetes, true
	}
	return "", false
}

// textScan is what scanTopLevelLines found.
type textScan struct {
	kube    bool // a document has apiVersion: and kind: lines at column 0
	compose bool // a document has services: at column 0 and no apiVersion:
	// needParse is set when a document's top level may be a mapping whose
	// keys are not written at column 0 (an indented or flow mapping, or one
	// behind a tag or anchor): only a YAML parser can tell its keys.
	needParse bool
}

// scanTopLevelLines looks for top-level keys written at column 0, document
// by document ("---" separates documents). It stops at the first document
// with both apiVersion and kind.
//
// When a document's first line of content starts at column 0 with a key (or
// a sequence entry or a scalar), its top-level keys are exactly the keys
// written at column 0, so for such documents the scan is as good as a parse.
func scanTopLevelLines(data []byte) textScan {
	var res textScan
	var api, kind, services bool
	first := true // no content seen yet in this document
	endDoc := func() {
		if services && !api {
			res.compose = true
		}
		api, kind, services, first = false, false, false, true
	}
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if len(line) == 0 {
			continue
		}
		if isDocumentMarker(line) {
			endDoc()
			if line[0] == '-' {
				// Content may follow the marker: "--- {a: 1}".
				if rest := bytes.TrimLeft(line[3:], " \t\r"); len(rest) > 0 && rest[0] != '#' {
					first = false
					res.needParse = true
				}
			}
			continue
		}
		if first {
			trimmed := bytes.TrimLeft(line, " \t\r")
			if len(trimmed) > 0 && trimmed[0] != '#' && trimmed[0] != '%' {
				first = false
				switch line[0] {
				case ' ', '\t', '{', '!', '&', '?':
					res.needParse = true
				}
			}
		}
		switch line[0] {
		case 'a', 'k', 's', '"', '\'':
			switch {
			case topLevelKey(line, "apiVersion"):
				api = true
			case topLevelKey(line, "kind"):
				kind = true
			case topLevelKey(line, "services"):
				services = true
			}
			if api && kind {
				res.kube = true
				return res
			}
		}
	}
	endDoc()
	return res
}

// isDocumentMarker reports whether a line is "---" or "..." (possibly
// followed by white space or, for "---", content).
func isDocumentMarker(line []byte) bool {
	if len(line) < 3 || !(bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("..."))) {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r'
}

// topLevelKey reports whether line (starting at column 0) is a mapping entry
// for key, plain or quoted.
func topLevelKey(line []byte, key string) bool {
	var quote byte
	if line[0] == '"' || line[0] == '\'' {
		quote, line = line[0], line[1:]
	}
	if !bytes.HasPrefix(line, []byte(key)) {
		return false
	}
	line = line[len(key):]
	if quote != 0 {
		if len(line) == 0 || line[0] != quote {
			return false
		}
		line = line[1:]
	}
	line = bytes.TrimLeft(line, " \t")
	if len(line) == 0 || line[0] != ':' {
		return false
	}
	line = line[1:]
	return quote != 0 || len(line) == 0 || line[0] == ' ' || line[0] == '\t' || line[0] == '\r'
}

// looksLikeJSON reports whether the first non-blank byte opens a JSON object.
func looksLikeJSON(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && data[0] == '{'
}

// classifyJSON reads the top-level keys of a JSON object. parsed is false
// when data is not valid JSON.
func classifyJSON(data []byte) (kind parsers.Kind, ok, parsed bool) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return "", false, false
	}
	isString := func(raw json.RawMessage) bool { return len(raw) > 1 && raw[0] == '"' && string(raw) != `""` }
	apiRaw, hasAPI := top["apiVersion"]
	if hasAPI && isString(apiRaw) && isString(top["kind"]) {
		return parsers.KindKubernetes, true, true
	}
	if svc, ok := top["services"]; ok && !hasAPI && len(svc) > 0 && (svc[0] == '{' || string(svc) == "null") {
		return parsers.KindCompose, true, true
	}
	return "", false, true
}

// classifyYAML decodes the stream document by document until one settles
// the kind. parsed is false when the stream is not valid YAML; ok may still
// be true then, when an earlier document settled it.
func classifyYAML(data []byte) (kind parsers.Kind, ok, parsed bool) {
	defer func() {
		if recover() != nil {
			kind, ok, parsed = "", false, false
		}
	}()
	compose := false
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			if compose {
				return parsers.KindCompose, true, false
			}
			return "", false, false
		}
		switch topLevelKind(&doc) {
		case parsers.KindKubernetes:
			return parsers.KindKubernetes, true, true
		case parsers.KindCompose:
			compose = true
		}
	}
	if compose {
		return parsers.KindCompose, true, true
	}
	return "", false, true
}

// topLevelKind judges one YAML document by its top-level keys.
func topLevelKind(doc *yaml.Node) parsers.Kind {
	n := doc
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return ""
		}
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return ""
	}
	var api, kind, hasAPI, services bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		scalar := (v.Kind == yaml.ScalarNode && v.Value != "") || v.Kind == yaml.AliasNode
		switch k.Value {
		case "apiVersion":
			hasAPI = true
			api = scalar
		case "kind":
			kind = scalar
		case "services":
			services = v.Kind == yaml.MappingNode || (v.Kind == yaml.ScalarNode && v.Tag == "!!null")
		}
	}
	switch {
	case api && kind:
		return parsers.KindKubernetes
	case services && !hasAPI:
		return parsers.KindCompose
	}
	return ""
}

// hasJSONKey reports whether data holds "key" followed by a colon.
func hasJSONKey(data []byte, key string) bool {
	quoted := []byte(`"` + key + `"`)
	for {
		i := bytes.Index(data, quoted)
		if i < 0 {
			return false
		}
		data = data[i+len(quoted):]
		if rest := bytes.TrimLeft(data, " \t\r\n"); len(rest) > 0 && rest[0] == ':' {
			return true
		}
	}
}

// looksLikeDockerfile reports whether the first instruction (after blank
// lines, comments and parser directives) is FROM, or ARG lines followed by
// FROM.
func looksLikeDockerfile(data []byte) bool {
	if len(data) > 64<<10 {
		data = data[:64<<10]
	}
	continued := false
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		wasContinued := continued
		continued = bytes.HasSuffix(line, []byte(`\`)) || bytes.HasSuffix(line, []byte("`"))
		if wasContinued {
			continue
		}
		word, _, _ := bytes.Cut(line, []byte(" "))
		word, _, _ = bytes.Cut(word, []byte("\t"))
		switch strings.ToUpper(string(word)) {
		case "FROM":
			return true
		case "ARG":
			continue
		}
		return false
	}
	return false
}
