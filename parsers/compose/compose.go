// Package compose loads docker-compose files the way `docker compose config`
// sees them — with compose-go, offline — and locates every service setting
// in the file where it is written.
package compose

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// Project is a loaded compose file.
type Project struct {
	Path string
	// Model is compose-go's merged model; nil when the file could not be
	// loaded at all.
	Model *types.Project
	// Doc is the file's YAML, for positions.
	Doc *yamlpos.Doc
	// Missing are the variables the file uses, which have no value in the
	// scan (it never reads the environment or .env files); a default given
	// with ${VAR:-default} applies.
	Missing []string
	// MissingRequired are ${VAR:?msg} variables without a value.
	MissingRequired []string
}

// Service is one service of the merged model.
type Service struct {
	Name   string
	Config *types.ServiceConfig
	// Path is services.<name> in the file.
	Path yamlpos.Path
}

var quietLogrus sync.Once

// Parse loads a compose file offline: no .env, no OS environment, every
// profile active, missing variables empty (their ${X:-default} applies),
// env_file entries not read. A file compose-go rejects is reported at the
// line of the offending key; when a lenient second load succeeds the model
// is still analysed.
func Parse(src *parsers.Source) (*Project, []parsers.Diagnostic) {
	// compose-go warns through logrus' global logger; a scanner must not
	// print library chatter into its output.
	quietLogrus.Do(func() { logrus.SetOutput(io.Discard) })

	p := &Project{Path: src.Path}
	s := yamlpos.Parse(src.Data)
	if len(s.Errors) > 0 {
		return nil, s.Errors
	}
	if len(s.Docs) == 0 {
		return nil, []parsers.Diagnostic{{Line: 1, Message: "empty compose file"}}
	}
	p.Doc = s.Docs[0]
	if p.Doc.Root.Kind != yaml.MappingNode {
		return nil, []parsers.Diagnostic{{Line: p.Doc.Root.Line, Message: "a compose file must be a mapping"}}
	}

	// First as compose would load it with the variables unset (empty).
	model, err := p.load(src, loadStrict)
	if err == nil {
		p.Model = model
		return p, nil
	}
	// An unset variable in a structured value (a volume spec, a port) may
	// be what broke the load; the scan cannot know the value, so it is
	// kept as "${NAME}" and judged unknown by the rules.
	if len(p.Missing) > 0 {
		if model, err2 := p.load(src, loadPlaceholders); err2 == nil {
			p.Model = model
			return p, nil
		}
	}
	diags := []parsers.Diagnostic{p.diagnostic(src, err)}
	if model, err2 := p.load(src, loadLenient); err2 == nil {
		p.Model = model
	}
	return p, diags
}

type loadMode int

const (
	loadStrict       loadMode = iota // as compose loads it, unset variables empty
	loadPlaceholders                 // unset variables without a default kept as ${NAME}; no consistency check
	loadLenient                      // placeholders, and no schema check either
)

// Unresolved reports whether a value still holds a variable the scan has
// no value for (see loadPlaceholders): such values are unknown, and
// unknown is not insecure.
func Unresolved(value string) bool {
	return strings.Contains(value, "${")
}

var bareRef = regexp.MustCompile(`^\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$`)

func (p *Project) load(src *parsers.Source, mode loadMode) (*types.Project, error) {
	abs, err := filepath.Abs(src.DiskPath)
	if err != nil {
		abs = src.DiskPath
	}
	missing := map[string]bool{}
	required := map[string]bool{}
	lookup := func(name string) (string, bool) {
		missing[name] = true
		return "", false
	}
	details := types.ConfigDetails{
		WorkingDir:  filepath.Dir(abs),
		ConfigFiles: []types.ConfigFile{{Filename: abs, Content: src.Data}},
		Environment: types.Mapping{},
	}
	model, err := loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName("stridelint", true)
		o.Profiles = []string{"*"}
		o.SkipResolveEnvironment = true
		o.ResolvePaths = false
		o.SkipValidation = mode == loadLenient
		// A placeholder may name a volume or network that does not exist.
		o.SkipConsistencyCheck = mode != loadStrict
		o.Interpolate.LookupValue = lookup
		o.Interpolate.Substitute = func(s string, m template.Mapping) (string, error) {
			return substitute(s, m, required, mode != loadStrict)
		}
	})
	p.Missing = sortedKeys(missing)
	p.MissingRequired = sortedKeys(required)
	return model, err
}

// substitute interpolates like compose, except that a ${VAR:?msg} without a
// value is recorded and replaced by "" instead of failing the whole file,
// and, with placeholders, a bare ${VAR} without a value stays "${VAR}".
func substitute(s string, m template.Mapping, required map[string]bool, placeholders bool) (string, error) {
	opts := []template.Option{template.WithoutLogging}
	if placeholders {
		opts = append(opts, template.WithReplacementFunction(func(sub string, m template.Mapping, cfg *template.Config) (string, error) {
			if bareRef.MatchString(sub) {
				name := strings.Trim(sub, "${}")
				if v, ok := m(name); ok {
					return v, nil
				}
				return "${" + name + "}", nil
			}
			return template.DefaultReplacementFunc(sub, m, cfg)
		}))
	}
	mapping := m
	for range 32 {
		out, err := template.SubstituteWithOptions(s, mapping, opts...)
		var mr *template.MissingRequiredError
		if !errors.As(err, &mr) {
			return out, err
		}
		required[mr.Variable] = true
		prev := mapping
		name := mr.Variable
		mapping = func(k string) (string, bool) {
			if k == name {
				return "", true
			}
			return prev(k)
		}
	}
	return s, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var schemaPath = regexp.MustCompile(`^(?:validating [^:]+: )?((?:services|networks|volumes|secrets|configs|include|models)(?:\.[^ ]+)?) (.*)$`)

// diagnostic maps a compose-go error to the line of the key it names and
// strips the absolute paths it contains.
func (p *Project) diagnostic(src *parsers.Source, err error) parsers.Diagnostic {
	msg := err.Error()
	if abs, aerr := filepath.Abs(src.DiskPath); aerr == nil {
		msg = strings.ReplaceAll(msg, abs, src.Path)
	}
	msg = strings.TrimPrefix(msg, "validating "+src.Path+": ")
	line := p.Doc.StartLine
	col := 0
	if m := schemaPath.FindStringSubmatch(msg); m != nil {
		var path yamlpos.Path
		for _, seg := range strings.Split(m[1], ".") {
			if n, err := strconv.Atoi(seg); err == nil {
				path = path.Index(n)
			} else {
				path = path.Key(seg)
			}
		}
		r, _ := p.Doc.Range(path)
		line, col = r.StartLine, r.StartCol
	} else if m := regexp.MustCompile(`service "([^"]+)"`).FindStringSubmatch(msg); m != nil {
		r, _ := p.Doc.Range(yamlpos.P("services", m[1]))
		line, col = r.StartLine, r.StartCol
	}
	return parsers.Diagnostic{Line: line, Col: col, Message: "invalid compose file: " + msg}
}

// Services returns the services of the merged model, by name.
func (p *Project) Services() []*Service {
	if p.Model == nil {
		return nil
	}
	names := make([]string, 0, len(p.Model.Services))
	for n := range p.Model.Services {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]*Service, 0, len(names))
	for _, n := range names {
		cfg := p.Model.Services[n]
		out = append(out, &Service{Name: n, Config: &cfg, Path: yamlpos.P("services", n)})
	}
	return out
}

// Range is where a service setting is written (path relative to the
// service, e.g. P("privileged")), or the nearest parent that is.
func (p *Project) Range(s *Service, path yamlpos.Path) (parsers.Range, bool) {
	return p.Doc.Range(yamlpos.P(s.Path, path))
}

// Anchor names a service setting independently of line numbers.
func (p *Project) Anchor(s *Service, path yamlpos.Path) string {
	return "services." + s.Name + ":" + path.String()
}

// VolumeRange finds the entry of the service's volumes list that declares
// a mount (short "src:dst:mode" or long syntax), matching on the target
// because merged lists can be reordered.
func (p *Project) VolumeRange(s *Service, i int, v types.ServiceVolumeConfig) (parsers.Range, yamlpos.Path) {
	m := p.Doc.Lookup(yamlpos.P(s.Path, "volumes"))
	if m.Exact && m.Node.Kind == yaml.SequenceNode {
		for j, item := range m.Node.Content {
			item = yamlpos.Resolve(item)
			if volumeItemMatches(item, v) {
				path := yamlpos.P("volumes", j)
				r, _ := p.Range(s, path)
				return r, path
			}
		}
	}
	path := yamlpos.P("volumes", i)
	r, _ := p.Range(s, path)
	return r, path
}

func volumeItemMatches(item *yaml.Node, v types.ServiceVolumeConfig) bool {
	switch item.Kind {
	case yaml.ScalarNode:
		for _, part := range strings.Split(item.Value, ":") {
			if part == v.Target {
				return true
			}
		}
	case yaml.MappingNode:
		_, t := yamlpos.MapGet(item, "target")
		return t != nil && t.Value == v.Target
	}
	return false
}

// String for debugging.
func (s *Service) String() string { return fmt.Sprintf("service %q", s.Name) }
