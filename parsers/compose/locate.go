package compose

import (
	"fmt"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// Location is where a service setting is written.
type Location struct {
	// Path is the file (display path) and Range the place in it.
	Path  string
	Range parsers.Range
	// Exact is false when the setting is not written anywhere (a default,
	// or absent): Range is then the service's own key.
	Exact bool
	// Def is the definition the setting was found in.
	Def Def
	// At is the path inside the service (e.g. volumes[2]) that was found.
	At yamlpos.Path
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
		out = append(out, &Service{Name: n, Config: &cfg, Defs: p.defs(n)})
	}
	return out
}

// Primary is the service's own definition: in the scanned file when it is
// written there, else the first place it is.
func (s *Service) Primary() Def {
	for _, d := range s.Defs {
		if d.Via == "" {
			return d
		}
	}
	if len(s.Defs) > 0 {
		return s.Defs[0]
	}
	return Def{}
}

// ServiceLocation is the service's own key, where a finding about an
// absent setting goes.
func (p *Project) ServiceLocation(s *Service) Location {
	d := s.Primary()
	if d.File == nil {
		return Location{Path: p.Path, Range: parsers.Range{StartLine: 1}}
	}
	r, _ := d.File.Doc.Range(d.Path())
	return Location{Path: d.File.Path, Range: r, Def: d}
}

// Locate finds where a service setting (path relative to the service, e.g.
// P("privileged") or P("deploy", "resources", "limits", "memory")) is
// written: the first definition, in precedence order, that writes it. When
// none does, it returns the service's own key with Exact false.
func (p *Project) Locate(s *Service, path yamlpos.Path) Location {
	for _, d := range s.Defs {
		m := d.File.Doc.Lookup(yamlpos.P(d.Path(), path))
		if m.Exact {
			return Location{Path: d.File.Path, Range: d.File.Doc.MatchRange(m), Exact: true, Def: d, At: path}
		}
	}
	return p.ServiceLocation(s)
}

// LocateItem finds the entry of a list setting (volumes, ports, cap_add,
// security_opt, devices …) that match accepts, in any definition: merged
// lists combine the entries of every file, so the entry is searched by
// content, not by its index in the merged model. When no entry matches it
// falls back to the setting's key.
func (p *Project) LocateItem(s *Service, field yamlpos.Path, match func(item *yaml.Node) bool) Location {
	for _, d := range s.Defs {
		m := d.File.Doc.Lookup(yamlpos.P(d.Path(), field))
		if !m.Exact || m.Node.Kind != yaml.SequenceNode {
			continue
		}
		for i, item := range m.Node.Content {
			if match(yamlpos.Resolve(item)) {
				at := field.Index(i)
				r, _ := d.File.Doc.Range(yamlpos.P(d.Path(), at))
				return Location{Path: d.File.Path, Range: r, Exact: true, Def: d, At: at}
			}
		}
	}
	return p.Locate(s, field)
}

// LocateKey finds a keyed entry of a setting that may be written as a map
// or as a list of KEY=VALUE strings (environment, labels, sysctls,
// build.args, extra_hosts).
func (p *Project) LocateKey(s *Service, field yamlpos.Path, key string) Location {
	for _, d := range s.Defs {
		m := d.File.Doc.Lookup(yamlpos.P(d.Path(), field))
		if !m.Exact {
			continue
		}
		switch m.Node.Kind {
		case yaml.MappingNode:
			if k, _ := yamlpos.MapGet(m.Node, key); k != nil {
				at := field.Key(key)
				r, _ := d.File.Doc.Range(yamlpos.P(d.Path(), at))
				return Location{Path: d.File.Path, Range: r, Exact: true, Def: d, At: at}
			}
		case yaml.SequenceNode:
			for i, item := range m.Node.Content {
				item = yamlpos.Resolve(item)
				if item.Kind != yaml.ScalarNode {
					continue
				}
				k, _, _ := strings.Cut(item.Value, "=")
				if sep := strings.IndexByte(k, ':'); sep >= 0 && !strings.Contains(item.Value, "=") {
					k = k[:sep] // extra_hosts "name:ip"
				}
				if strings.TrimSpace(k) == key {
					at := field.Index(i)
					r, _ := d.File.Doc.Range(yamlpos.P(d.Path(), at))
					return Location{Path: d.File.Path, Range: r, Exact: true, Def: d, At: at}
				}
			}
		}
	}
	return p.Locate(s, field)
}

// Inherited reports whether a location is outside the service's own
// definition (an extends base, an override file, an included file): the
// finding then also points at the service that inherits the setting.
func (l Location) Inherited(s *Service) bool {
	prim := s.Primary()
	return l.Def.File != nil && (l.Def.File != prim.File || l.Def.Service != prim.Service)
}

// Describe says how a definition contributes, for messages.
func (d Def) Describe() string {
	switch d.Via {
	case "override":
		return "override file " + d.File.Path
	case "extends":
		return fmt.Sprintf("service %q of %s, which it extends", d.Service, d.File.Path)
	case "include":
		return "included file " + d.File.Path
	}
	return d.File.Path
}

// MatchVolume accepts the list entry that declares mount v: a short
// "src:dst[:mode]" string or a long-syntax mapping, compared on the target
// (and source) as written, before or after interpolation.
func MatchVolume(v types.ServiceVolumeConfig) func(*yaml.Node) bool {
	return func(item *yaml.Node) bool {
		switch item.Kind {
		case yaml.ScalarNode:
			parts := strings.Split(item.Value, ":")
			return slices.Contains(parts, v.Target) || (len(parts) >= 2 && strings.Contains(parts[len(parts)-1], v.Target))
		case yaml.MappingNode:
			_, t := yamlpos.MapGet(item, "target")
			return t != nil && t.Value == v.Target
		}
		return false
	}
}

// MatchPort accepts the ports entry that publishes port p: "8080:80",
// "127.0.0.1:8080:80/tcp", "8000-8010:8000-8010", or the long syntax.
func MatchPort(pc types.ServicePortConfig) func(*yaml.Node) bool {
	target := fmt.Sprint(pc.Target)
	return func(item *yaml.Node) bool {
		switch item.Kind {
		case yaml.ScalarNode:
			spec, _, _ := strings.Cut(item.Value, "/")
			i := strings.LastIndexByte(spec, ':')
			last := spec[i+1:]
			if last == target {
				return true
			}
			lo, hi, isRange := strings.Cut(last, "-")
			if isRange {
				var a, b uint32
				if _, err := fmt.Sscan(lo, &a); err == nil {
					if _, err := fmt.Sscan(hi, &b); err == nil {
						return pc.Target >= a && pc.Target <= b
					}
				}
			}
		case yaml.MappingNode:
			_, t := yamlpos.MapGet(item, "target")
			return t != nil && t.Value == target
		}
		return false
	}
}

// MatchValue accepts a scalar entry equal to one of values (case-insensitive),
// for lists of plain strings such as cap_add or security_opt.
func MatchValue(values ...string) func(*yaml.Node) bool {
	return func(item *yaml.Node) bool {
		if item.Kind != yaml.ScalarNode {
			return false
		}
		for _, v := range values {
			if strings.EqualFold(strings.TrimSpace(item.Value), v) {
				return true
			}
		}
		return false
	}
}

// String for debugging.
func (s *Service) String() string { return fmt.Sprintf("service %q", s.Name) }
