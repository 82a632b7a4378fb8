package compose

import (
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// File is one compose file of a project: the scanned file, an override
// file beside it, or a file reached through extends or include.
type File struct {
	// Path is the display path (as the scanned file's, slash separated).
	Path     string
	DiskPath string
	Data     []byte
	Doc      *yamlpos.Doc
	override bool
}

// Def is one place a service is written.
type Def struct {
	File *File
	// Service is the name the service has in that file (an extends base
	// may have another name than the service that extends it).
	Service string
	// Via says how the definition contributes: "" for the main file,
	// "override", "extends" or "include".
	Via string
}

// Path is services.<name> in the definition's file.
func (d Def) Path() yamlpos.Path { return yamlpos.P("services", d.Service) }

// mainNames are the files docker compose reads by default; each has its
// override files.
var mainNames = map[string][]string{
	"compose.yaml":        {"compose.override.yaml", "compose.override.yml"},
	"compose.yml":         {"compose.override.yml", "compose.override.yaml"},
	"docker-compose.yml":  {"docker-compose.override.yml", "docker-compose.override.yaml"},
	"docker-compose.yaml": {"docker-compose.override.yaml", "docker-compose.override.yml"},
}

// overridesBeside returns the override files docker compose would merge
// into a main file.
func overridesBeside(disk string) []string {
	dir, base := filepath.Split(disk)
	var out []string
	for _, o := range mainNames[base] {
		if isFile(filepath.Join(dir, o)) {
			out = append(out, filepath.Join(dir, o))
			break // compose reads one override file
		}
	}
	return out
}

// mainBeside returns the main file an override file belongs to, or "".
func mainBeside(disk string) string {
	dir, base := filepath.Split(disk)
	for _, m := range slices.Sorted(maps.Keys(mainNames)) {
		if slices.Contains(mainNames[m], base) && isFile(filepath.Join(dir, m)) {
			for _, o := range overridesBeside(filepath.Join(dir, m)) {
				if filepath.Base(o) == base {
					return filepath.Join(dir, m)
				}
			}
		}
	}
	return ""
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// maxFiles bounds how many files extends and include may pull in.
const maxFiles = 64

// addFile reads and indexes a file of the project (once).
func (p *Project) addFile(disk string) *File {
	for _, f := range p.Files {
		if sameFile(f.DiskPath, disk) {
			return f
		}
	}
	if len(p.Files) >= maxFiles {
		return nil
	}
	data, err := os.ReadFile(disk)
	if err != nil {
		return nil
	}
	s := yamlpos.Parse(data)
	if len(s.Docs) == 0 {
		return nil
	}
	f := &File{Path: p.DisplayPath(disk), DiskPath: disk, Data: data, Doc: s.Docs[0]}
	if slices.Contains(overridesBeside(p.Main.DiskPath), disk) {
		f.override = true
	}
	p.Files = append(p.Files, f)
	return f
}

func sameFile(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// DisplayPath shows another file the way the scanned file is shown: its
// path relative to the scanned file's, joined to that file's display path.
func (p *Project) DisplayPath(disk string) string {
	rel, err := filepath.Rel(filepath.Dir(p.Main.DiskPath), disk)
	if err != nil {
		return filepath.ToSlash(disk)
	}
	return path.Clean(path.Join(path.Dir(p.Main.Path), filepath.ToSlash(rel)))
}

// defs returns where a service is written, highest precedence first.
func (p *Project) defs(name string) []Def {
	var out []Def
	// Override files win over the main file.
	for i := len(p.Files) - 1; i >= 1; i-- {
		if f := p.Files[i]; f.override && definesService(f, name) {
			out = append(out, Def{File: f, Service: name, Via: "override"})
		}
	}
	if definesService(p.Main, name) {
		out = append(out, Def{File: p.Main, Service: name})
	}
	if len(out) == 0 {
		if f := p.includedDefinition(name); f != nil {
			out = append(out, Def{File: f, Service: name, Via: "include"})
		}
	}
	// Then what each definition extends, recursively.
	for i := 0; i < len(out) && len(out) < maxFiles; i++ {
		if base, ok := p.extendsOf(out[i]); ok && !slices.ContainsFunc(out, func(d Def) bool { return d.File == base.File && d.Service == base.Service }) {
			out = append(out, base)
		}
	}
	return out
}

func definesService(f *File, name string) bool {
	return f.Doc.Lookup(yamlpos.P("services", name)).Exact
}

// extendsOf reads `extends: base` or `extends: {service: base, file: f}`.
func (p *Project) extendsOf(d Def) (Def, bool) {
	m := d.File.Doc.Lookup(d.Path().Key("extends"))
	if !m.Exact || m.Node == nil {
		return Def{}, false
	}
	switch m.Node.Kind {
	case yaml.ScalarNode:
		return Def{File: d.File, Service: m.Node.Value, Via: "extends"}, true
	case yaml.MappingNode:
		_, svc := yamlpos.MapGet(m.Node, "service")
		if svc == nil || svc.Kind != yaml.ScalarNode {
			return Def{}, false
		}
		f := d.File
		if _, file := yamlpos.MapGet(m.Node, "file"); file != nil && file.Kind == yaml.ScalarNode && file.Value != "" && !strings.Contains(file.Value, "://") {
			disk := file.Value
			if !filepath.IsAbs(disk) {
				disk = filepath.Join(filepath.Dir(d.File.DiskPath), disk)
			}
			if f = p.addFile(disk); f == nil {
				return Def{}, false
			}
		}
		return Def{File: f, Service: svc.Value, Via: "extends"}, true
	}
	return Def{}, false
}

// includedDefinition finds the file, among those the main file includes,
// that defines a service.
func (p *Project) includedDefinition(name string) *File {
	m := p.Main.Doc.Lookup(yamlpos.P("include"))
	if !m.Exact || m.Node.Kind != yaml.SequenceNode {
		return nil
	}
	for _, item := range m.Node.Content {
		item = yamlpos.Resolve(item)
		var paths []string
		switch item.Kind {
		case yaml.ScalarNode:
			paths = append(paths, item.Value)
		case yaml.MappingNode:
			_, pv := yamlpos.MapGet(item, "path")
			if pv == nil {
				continue
			}
			if pv.Kind == yaml.ScalarNode {
				paths = append(paths, pv.Value)
			} else if pv.Kind == yaml.SequenceNode {
				for _, e := range pv.Content {
					paths = append(paths, e.Value)
				}
			}
		}
		for _, ip := range paths {
			if ip == "" || strings.Contains(ip, "://") {
				continue
			}
			if !filepath.IsAbs(ip) {
				ip = filepath.Join(filepath.Dir(p.Main.DiskPath), ip)
			}
			if f := p.addFile(ip); f != nil && definesService(f, name) {
				return f
			}
		}
	}
	return nil
}
