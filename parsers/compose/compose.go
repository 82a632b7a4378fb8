// Package compose loads docker-compose files the way `docker compose config`
// sees them — with compose-go, offline — and locates every service setting
// in the file where it is written.
package compose

import (
	"context"
	"errors"
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

// Project is a loaded compose file, with the override files beside it and
// the files it extends or includes.
type Project struct {
	Path string
	// Model is compose-go's merged model; nil when the file could not be
	// loaded at all.
	Model *types.Project
	// Doc is the file's YAML, for positions.
	Doc *yamlpos.Doc
	// Main is the scanned file; Files are every file that contributes
	// (Main first, then override files, then files reached by extends and
	// include), each parsed once for positions.
	Main  *File
	Files []*File
	// CoveredBy is set when this file is an override file analysed as part
	// of the main file beside it (it has no model of its own).
	CoveredBy string
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
	// Defs are the places the service is written, highest precedence
	// first: override files, the main file, then the services it extends
	// (and the included file that defines it).
	Defs []Def
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
	if main := mainBeside(src.DiskPath); main != "" {
		// docker compose reads this file together with the main file; it
		// is analysed there, where the merged service is.
		p.CoveredBy = filepath.Base(main)
		return p, nil
	}
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
	p.Main = &File{Path: src.Path, DiskPath: src.DiskPath, Data: src.Data, Doc: p.Doc}
	p.Files = []*File{p.Main}
	for _, o := range overridesBeside(src.DiskPath) {
		p.addFile(o)
	}

	// First as compose would load it with the variables unset (empty).
	model, err := p.load(src, loadStrict)
	if err != nil && len(p.Missing) > 0 {
		// An unset variable in a structured value (a volume spec, a port)
		// may be what broke the load; the scan cannot know the value, so
		// it is kept as "${NAME}" and judged unknown by the rules.
		if m, err2 := p.load(src, loadPlaceholders); err2 == nil {
			model, err = m, nil
		}
	}
	var diags []parsers.Diagnostic
	if err != nil {
		if !fragment(src.DiskPath) || !isConsistencyError(err) {
			diags = append(diags, p.diagnostic(src, err))
		}
		model, _ = p.load(src, loadLenient)
	}
	p.Model = model
	return p, append(diags, p.requiredDiagnostics()...)
}

// fragment reports whether a file is one that docker compose would only
// read together with others (docker-compose.prod.yml with -f): not a main
// file, so a service without an image is not an error there.
func fragment(disk string) bool {
	_, main := mainNames[filepath.Base(disk)]
	return !main
}

func isConsistencyError(err error) bool {
	return strings.Contains(err.Error(), "invalid compose project")
}

// requiredDiagnostics reports each ${VAR:?msg} without a value where it is
// first written: the scan reads no environment, so the file was analysed
// with the variable empty.
func (p *Project) requiredDiagnostics() []parsers.Diagnostic {
	var out []parsers.Diagnostic
	for _, name := range p.MissingRequired {
		line, where := 0, ""
		for _, f := range p.Files {
			for i, l := range strings.Split(string(f.Data), "\n") {
				if strings.Contains(l, "${"+name+":?") || strings.Contains(l, "${"+name+"?") {
					line = i + 1
					break
				}
			}
			if line > 0 {
				if f != p.Main {
					where = " (in " + f.Path + ":" + strconv.Itoa(line) + ")"
					line = p.Doc.StartLine
				}
				break
			}
		}
		out = append(out, parsers.Diagnostic{Line: max(line, 1), Notice: true,
			Message: "required variable " + name + " has no value in the scan" + where +
				": docker compose refuses to start without it; the file was analysed with it empty"})
	}
	return out
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
	for _, f := range p.Files[1:] {
		if f.override {
			fabs, _ := filepath.Abs(f.DiskPath)
			details.ConfigFiles = append(details.ConfigFiles, types.ConfigFile{Filename: fabs, Content: f.Data})
		}
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
	doc, in := p.Doc, ""
	for _, f := range p.Files {
		abs, aerr := filepath.Abs(f.DiskPath)
		if aerr != nil {
			continue
		}
		if f != p.Main && strings.HasPrefix(msg, "validating "+abs+": ") {
			doc, in = f.Doc, f.Path
		}
		msg = strings.ReplaceAll(msg, abs, f.Path)
	}
	msg = strings.TrimPrefix(msg, "validating "+src.Path+": ")
	line := p.Doc.StartLine
	col := 0
	if m := schemaPath.FindStringSubmatch(msg); m != nil && in == "" {
		var path yamlpos.Path
		for _, seg := range strings.Split(m[1], ".") {
			if n, err := strconv.Atoi(seg); err == nil {
				path = path.Index(n)
			} else {
				path = path.Key(seg)
			}
		}
		r, _ := doc.Range(path)
		line, col = r.StartLine, r.StartCol
	} else if m := regexp.MustCompile(`service "([^"]+)"`).FindStringSubmatch(msg); m != nil {
		r, _ := p.Doc.Range(yamlpos.P("services", m[1]))
		line, col = r.StartLine, r.StartCol
	}
	return parsers.Diagnostic{Line: line, Col: col, Message: "invalid compose file: " + msg}
}
