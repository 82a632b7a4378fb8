package compose

import (
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

// Helpers shared by the volume rules (DC003, DC004, DC027).

// isHostPathMount reports whether a service volume is a bind mount of a
// host path. A source still holding an unresolved variable is loaded as a
// named volume ("${DATA}/x"), but a volume name cannot contain a slash: a
// source with one is a host path whatever the variable's value.
func isHostPathMount(v types.ServiceVolumeConfig) bool {
	switch v.Type {
	case types.VolumeTypeBind:
		return v.Source != ""
	case types.VolumeTypeVolume:
		return pcompose.Unresolved(v.Source) && strings.Contains(v.Source, "/")
	}
	return false
}

// boundVolumeDevice returns the host directory a named volume is bound to
// by the local driver (driver_opts type: none, o: bind, device: /path):
// such a volume is a host path under another name.
func boundVolumeDevice(proj *pcompose.Project, v types.ServiceVolumeConfig) (string, bool) {
	if v.Type != types.VolumeTypeVolume || v.Source == "" || proj.Model == nil {
		return "", false
	}
	vol, ok := proj.Model.Volumes[v.Source]
	if !ok || bool(vol.External) || (vol.Driver != "" && vol.Driver != "local") {
		return "", false
	}
	dev := vol.DriverOpts["device"]
	for _, o := range strings.Split(vol.DriverOpts["o"], ",") {
		if strings.TrimSpace(o) == "bind" || strings.TrimSpace(o) == "rbind" {
			return dev, dev != ""
		}
	}
	return "", false
}

// itemNode is the YAML node of a located list entry, or nil.
func itemNode(loc pcompose.Location) *yaml.Node {
	if !loc.Exact || loc.Def.File == nil {
		return nil
	}
	m := loc.Def.File.Doc.Lookup(yamlpos.P(loc.Def.Path(), loc.At))
	if !m.Exact {
		return nil
	}
	return m.Node
}

// within narrows a located list entry to a key inside it (the source of a
// long-syntax volume), when the entry is a mapping that writes that key.
func within(loc pcompose.Location, keys ...string) pcompose.Location {
	n := itemNode(loc)
	if n == nil || n.Kind != yaml.MappingNode {
		return loc
	}
	at := loc.At.Key(keys...)
	r, exact := loc.Def.File.Doc.Range(yamlpos.P(loc.Def.Path(), at))
	if !exact {
		return loc
	}
	loc.Range, loc.At = r, at
	return loc
}

// writtenSource is a volume's source as the user wrote it ("$HOME/.ssh",
// "${CONF:-/etc}"), for messages; the loaded value otherwise.
func writtenSource(loc pcompose.Location, v types.ServiceVolumeConfig) string {
	n := itemNode(loc)
	if n == nil {
		return v.Source
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if parts := splitVolumeSpec(n.Value); len(parts) >= 2 {
			return parts[0]
		}
	case yaml.MappingNode:
		if _, src := yamlpos.MapGet(n, "source"); src != nil && src.Kind == yaml.ScalarNode {
			return src.Value
		}
	}
	return v.Source
}

// splitVolumeSpec splits a short-syntax volume "src:dst[:mode]" on the
// colons that are not inside a ${…} reference nor a Windows drive letter.
func splitVolumeSpec(spec string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(spec); i++ {
		switch spec[i] {
		case '{':
			depth++
		case '}':
			depth = max(depth-1, 0)
		case ':':
			drive := i-start == 1 && isLetter(spec[start]) && i+1 < len(spec) && (spec[i+1] == '\\' || spec[i+1] == '/')
			if depth == 0 && !drive {
				parts = append(parts, spec[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, spec[start:])
}

func isLetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// volumeModes are the options of a short-syntax volume ("ro,rshared"), or
// nil for the long syntax.
func volumeModes(loc pcompose.Location) []string {
	n := itemNode(loc)
	if n == nil || n.Kind != yaml.ScalarNode {
		return nil
	}
	parts := splitVolumeSpec(n.Value)
	if len(parts) < 3 {
		return nil
	}
	return strings.Split(parts[len(parts)-1], ",")
}
