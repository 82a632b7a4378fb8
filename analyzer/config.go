package analyzer

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// ConfigFileName is the configuration file FindConfig looks for.
const ConfigFileName = ".stridelint.yaml"

// Config is a project's .stridelint.yaml (docs/configuration.md). The zero
// value configures nothing.
type Config struct {
	// Path is the file as messages name it.
	Path string
	// File is the file's absolute path ("" for a configuration parsed from
	// bytes).
	File string
	// Dir is the absolute directory that holds the file: the patterns of
	// Exclude and Ignore are relative to it.
	Dir string

	// Enable and Disable select rules, as --enable and --disable do; the
	// command line's selection is applied after them.
	Enable, Disable []string
	// Severity overrides the severity of every finding of a rule, by ID.
	Severity map[string]rules.Severity
	// FailOn is the --fail-on default ("" when not set).
	FailOn string
	// Exclude are doublestar globs of paths not to scan.
	Exclude []string
	// Ignore dismisses the findings of some rules in some paths.
	Ignore []Ignore
	// TrustedRegistries, DockerfileTarget and KubernetesDefaultNamespace
	// are the rules' settings (rules.Settings); empty when not set.
	TrustedRegistries          []string
	DockerfileTarget           string
	KubernetesDefaultNamespace string
}

// Ignore is an entry of the configuration's ignore list: the findings of
// Rules in the files Path matches are suppressed, with Reason.
type Ignore struct {
	Path   string
	Rules  []string
	Reason string
	// Line and Col are where the entry is written, for the suppression's
	// location.
	Line, Col int
	ids       map[string]bool
}

// ConfigError is a problem with a configuration file, at a line and column.
type ConfigError struct {
	Path      string
	Line, Col int
	Message   string
}

func (e *ConfigError) Error() string {
	if e.Line <= 0 {
		return e.Path + ": " + e.Message
	}
	if e.Col <= 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Message)
}

// FindConfig looks for ConfigFileName in dir and then in each of its
// parents up to the filesystem root, and returns the first found ("" when
// there is none). A .stridelint.yml met on the way is an error: it is
// almost certainly meant to be read.
func FindConfig(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, ConfigFileName)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, nil
		}
		yml := filepath.Join(dir, ".stridelint.yml")
		if info, err := os.Stat(yml); err == nil && !info.IsDir() {
			return "", fmt.Errorf("%s: stridelint reads %s: rename the file", yml, ConfigFileName)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// ScanRoot is the directory a scan of paths starts from, where FindConfig
// begins: the deepest directory that holds every path (a file's own
// directory for a file), or the working directory when paths is empty.
func ScanRoot(paths []string) (string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var root string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		if info, err := os.Stat(abs); err == nil && !info.IsDir() {
			abs = filepath.Dir(abs)
		}
		if root == "" {
			root = abs
			continue
		}
		for !within(root, abs) {
			root = filepath.Dir(root)
		}
	}
	return root, nil
}

// LoadConfig reads and checks a configuration file. display is the path
// messages name it by. Rule IDs are checked against reg.
func LoadConfig(file, display string, reg *rules.Registry) (*Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("configuration file %s: %w", display, unwrapPathError(err))
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	cfg, err := ParseConfig(data, display, filepath.Dir(abs), reg)
	if cfg != nil {
		cfg.File = abs
	}
	return cfg, err
}

// ParseConfig reads a configuration from data. Unknown keys, values of the
// wrong type, unknown rules, severities and bad patterns are all errors,
// each with its line and column (*ConfigError, joined).
func ParseConfig(data []byte, display, dir string, reg *rules.Registry) (*Config, error) {
	d := &configDecoder{path: display, reg: reg}
	cfg := &Config{Path: display, Dir: dir}
	s := yamlpos.Parse(data)
	for _, e := range s.Errors {
		d.errs = append(d.errs, &ConfigError{Path: display, Line: e.Line, Col: e.Col, Message: e.Message})
	}
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	switch len(s.Docs) {
	case 0:
		return cfg, nil // empty, or only comments
	case 1:
	default:
		d.errorf(s.Docs[1].Root, "a configuration file holds one YAML document")
		return nil, errors.Join(d.errs...)
	}
	root := yamlpos.Resolve(s.Docs[0].Root)
	d.mapping(root, "", configKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "enable":
			cfg.Enable = d.ruleList(v, key)
		case "disable":
			cfg.Disable = d.ruleList(v, key)
		case "severity":
			cfg.Severity = d.severities(v)
		case "fail-on":
			if s, ok := d.scalar(v, key); ok {
				if _, err := ParseFailOn(s); err != nil {
					d.errorf(v, "fail-on: %v", err)
				} else {
					cfg.FailOn = s
				}
			}
		case "exclude":
			for _, it := range d.stringList(v, key) {
				if p, ok := d.pattern(it, key); ok {
					cfg.Exclude = append(cfg.Exclude, p)
				}
			}
		case "ignore":
			cfg.Ignore = d.ignores(v)
		case "trusted-registries":
			for _, it := range d.stringList(v, key) {
				if it.Value == "" || strings.ContainsAny(it.Value, " \t") {
					d.errorf(it, "trusted-registries: %q is not a registry (a host such as registry.example.com, *.example.com or ghcr.io/my-org)", it.Value)
					continue
				}
				cfg.TrustedRegistries = append(cfg.TrustedRegistries, it.Value)
			}
		case "dockerfile":
			d.mapping(v, "dockerfile", []string{"target"}, func(key string, _, v *yaml.Node) {
				if s, ok := d.scalar(v, "dockerfile.target"); ok {
					cfg.DockerfileTarget = s
				}
			})
		case "kubernetes":
			d.mapping(v, "kubernetes", []string{"default-namespace"}, func(key string, _, v *yaml.Node) {
				if s, ok := d.scalar(v, "kubernetes.default-namespace"); ok {
					if !dnsLabel.MatchString(s) {
						d.errorf(v, "kubernetes.default-namespace: %q is not a namespace name (lower-case letters, digits and '-', at most 63)", s)
					} else {
						cfg.KubernetesDefaultNamespace = s
					}
				}
			})
		}
	})
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return cfg, nil
}

// configKeys are the top-level keys.
var configKeys = []string{"disable", "enable", "severity", "fail-on", "exclude", "ignore",
	"trusted-registries", "dockerfile", "kubernetes"}

// dnsLabel is a namespace name (RFC 1123 label).
var dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

// ParseFailOn reads a --fail-on value; "none" is severity 0 (never fail).
func ParseFailOn(s string) (rules.Severity, error) {
	if strings.EqualFold(strings.TrimSpace(s), "none") {
		return 0, nil
	}
	sev, err := rules.ParseSeverity(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("unknown value %q (want %s)", s, strings.Join(FailOnValues, ", "))
	}
	return sev, nil
}

// FailOnValues are the values of --fail-on and fail-on.
var FailOnValues = []string{"critical", "high", "medium", "low", "info", "none"}

type configDecoder struct {
	path string
	reg  *rules.Registry
	errs []error
}

func (d *configDecoder) errorf(n *yaml.Node, format string, args ...any) {
	e := &ConfigError{Path: d.path, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// isNull is a key written without a value (or with null, ~): treated as
// not set, so that a key whose entries are all commented out is valid.
func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// kindName names a node's kind for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

// mapping calls fn for each key of the mapping n, in order, after checking
// that it is one of known (unknown and repeated keys are errors). where
// names the mapping in messages ("" for the top level).
func (d *configDecoder) mapping(n *yaml.Node, where string, known []string, fn func(key string, k, v *yaml.Node)) {
	n = yamlpos.Resolve(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		if where == "" {
			d.errorf(n, "the configuration must be a mapping of keys (%s …), not %s", strings.Join(known[:3], ", "), kindName(n))
		} else {
			d.errorf(n, "%s: want a mapping with %s, not %s", where, strings.Join(known, ", "), kindName(n))
		}
		return
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := yamlpos.Resolve(n.Content[i]), yamlpos.Resolve(n.Content[i+1])
		name := k.Value
		full := name
		if where != "" {
			full = where + "." + name
		}
		if k.Kind != yaml.ScalarNode || !slices.Contains(known, name) {
			msg := fmt.Sprintf("unknown key %q", full)
			if s := suggest(name, known); s != "" {
				if where != "" {
					s = where + "." + s
				}
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += fmt.Sprintf(" (known keys: %s)", strings.Join(known, ", "))
			}
			d.errorf(k, "%s", msg)
			continue
		}
		if first, dup := seen[name]; dup {
			d.errorf(k, "%s is set twice (first at line %d)", full, first.Line)
			continue
		}
		seen[name] = k
		fn(name, k, v)
	}
}

// scalar is a string value.
func (d *configDecoder) scalar(n *yaml.Node, where string) (string, bool) {
	if isNull(n) {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "%s: want a string, not %s", where, kindName(n))
		return "", false
	}
	return n.Value, true
}

// stringList is a list of strings; its items are returned as nodes, for
// their positions.
func (d *configDecoder) stringList(n *yaml.Node, where string) []*yaml.Node {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s: want a list, e.g. [%s], not %s", where, listExample(where), kindName(n))
		return nil
	}
	var out []*yaml.Node
	for _, it := range n.Content {
		it = yamlpos.Resolve(it)
		if it.Kind != yaml.ScalarNode || isNull(it) {
			d.errorf(it, "%s: want a string, not %s", where, kindName(it))
			continue
		}
		out = append(out, it)
	}
	return out
}

func listExample(where string) string {
	switch where {
	case "exclude":
		return `"test/**"`
	case "trusted-registries":
		return "registry.example.com"
	}
	return "DF001"
}

// ruleList is a list of rule selectors (IDs, globs, all), each checked.
func (d *configDecoder) ruleList(n *yaml.Node, where string) []string {
	var out []string
	for _, it := range d.stringList(n, where) {
		if _, err := d.reg.Match(it.Value); err != nil {
			d.errorf(it, "%s: %v", where, err)
			continue
		}
		out = append(out, it.Value)
	}
	return out
}

// severities is the severity mapping: rule ID → severity.
func (d *configDecoder) severities(n *yaml.Node) map[string]rules.Severity {
	n = yamlpos.Resolve(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "severity: want a mapping of rule IDs to severities, e.g. {KW016: high}, not %s", kindName(n))
		return nil
	}
	out := map[string]rules.Severity{}
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := yamlpos.Resolve(n.Content[i]), yamlpos.Resolve(n.Content[i+1])
		r, ok := d.reg.Lookup(k.Value)
		if k.Kind != yaml.ScalarNode || !ok {
			d.errorf(k, "severity: unknown rule %q (a rule ID, see `stridelint rules`)", k.Value)
			continue
		}
		if first, dup := lines[r.ID]; dup {
			d.errorf(k, "severity: %s is set twice (first at line %d)", r.ID, first)
			continue
		}
		lines[r.ID] = k.Line
		s, ok := d.scalar(v, "severity."+r.ID)
		if !ok {
			if isNull(v) {
				d.errorf(k, "severity.%s: no severity (want critical, high, medium, low or info)", r.ID)
			}
			continue
		}
		sev, err := rules.ParseSeverity(strings.TrimSpace(s))
		if err != nil {
			d.errorf(v, "severity.%s: %v", r.ID, err)
			continue
		}
		out[r.ID] = sev
	}
	return out
}

// pattern checks a path glob; a leading "/" is dropped (every pattern is
// anchored at the configuration file's directory).
func (d *configDecoder) pattern(n *yaml.Node, where string) (string, bool) {
	p := strings.TrimPrefix(strings.TrimSpace(n.Value), "/")
	if p == "" || !doublestar.ValidatePattern(p) {
		d.errorf(n, "%s: invalid pattern %q", where, n.Value)
		return "", false
	}
	return p, true
}

// ignores is the ignore list.
func (d *configDecoder) ignores(n *yaml.Node) []Ignore {
	n = yamlpos.Resolve(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "ignore: want a list of entries with path, rules and reason, not %s", kindName(n))
		return nil
	}
	var out []Ignore
	for i, it := range n.Content {
		it = yamlpos.Resolve(it)
		where := fmt.Sprintf("ignore[%d]", i)
		if it.Kind != yaml.MappingNode {
			d.errorf(it, "%s: want a mapping with path, rules and reason, not %s", where, kindName(it))
			continue
		}
		ig := Ignore{Line: it.Line, Col: it.Column, ids: map[string]bool{}}
		before := len(d.errs)
		var havePath, haveRules bool
		d.mapping(it, where, []string{"path", "rules", "reason"}, func(key string, k, v *yaml.Node) {
			switch key {
			case "path":
				if _, ok := d.scalar(v, where+".path"); ok {
					if p, ok := d.pattern(v, where+".path"); ok {
						ig.Path, havePath = p, true
					}
				}
			case "rules":
				for _, sel := range d.stringList(v, where+".rules") {
					rs, err := d.reg.Match(sel.Value)
					if err != nil {
						d.errorf(sel, "%s.rules: %v", where, err)
						continue
					}
					ig.Rules = append(ig.Rules, sel.Value)
					for _, r := range rs {
						ig.ids[r.ID] = true
					}
				}
				haveRules = len(ig.Rules) > 0
			case "reason":
				if s, ok := d.scalar(v, where+".reason"); ok {
					ig.Reason = strings.TrimSpace(s)
				}
			}
		})
		if len(d.errs) > before {
			continue
		}
		var missing []string
		if !havePath {
			missing = append(missing, "path")
		}
		if !haveRules {
			missing = append(missing, "rules")
		}
		if ig.Reason == "" {
			missing = append(missing, "reason")
		}
		if len(missing) > 0 {
			d.errorf(it, "%s: missing %s (every entry names the paths, the rules and why)", where, strings.Join(missing, ", "))
			continue
		}
		out = append(out, ig)
	}
	return out
}

// suggest is the known key closest to a misspelt one, or "".
func suggest(key string, known []string) string {
	norm := func(s string) string {
		return strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(s))
	}
	k := norm(key)
	best, bestDist := "", 0
	for _, c := range known {
		dist := levenshtein(k, norm(c))
		if dist == 0 {
			return c
		}
		if limit := max(1, min(3, len(c)/3)); dist <= limit && (best == "" || dist < bestDist) {
			best, bestDist = c, dist
		}
	}
	// A plural or singular slip ("rule", "excludes") or a prefix
	// ("trusted", "namespace").
	if best == "" {
		for _, c := range known {
			if nc := norm(c); len(k) >= 4 && (strings.HasPrefix(nc, k) || strings.HasPrefix(k, nc)) {
				return c
			}
		}
	}
	return best
}

// levenshtein is the edit distance between two strings (bytes).
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// relToConfig is a scanned file's path relative to the configuration
// file's directory, or false when the file lies outside it. display is a
// display path (relative to base, or absolute).
func (c *Config) relToConfig(base, display string) (string, bool) {
	abs := filepath.FromSlash(display)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(base, abs)
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		return "", false
	}
	return rel, true
}

// matchConfigPattern reports whether a configuration pattern matches rel or
// one of its parent directories; a pattern without "/" also matches a
// base name (so "*.json" and "legacy" match at any depth).
func matchConfigPattern(pat, rel string) bool {
	for p := rel; p != "." && p != "" && p != "/"; p = path.Dir(p) {
		if ok, _ := doublestar.Match(pat, p); ok {
			return true
		}
		if !strings.Contains(pat, "/") {
			if ok, _ := doublestar.Match(pat, path.Base(p)); ok {
				return true
			}
		}
	}
	return false
}

// ignoreFor is the first ignore entry that covers a finding of rule in
// the file at rel, or nil.
func (c *Config) ignoreFor(rule, rel string) *Ignore {
	for i := range c.Ignore {
		ig := &c.Ignore[i]
		if ig.ids[rule] && matchConfigPattern(ig.Path, rel) {
			return ig
		}
	}
	return nil
}
