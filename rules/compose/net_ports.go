package compose

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// What the port rules (DC017–DC020) share: a service's published ports,
// grouped back into the ports entries they are written as, and how to read
// their host side.
//
// compose-go turns every syntax into ServicePortConfig values — "80" (a
// random host port), "8080:80", "127.0.0.1:8080:80", "[::1]:80:80",
// "8000-8010:8000-8010" (one value per port of the range), "9000-9010:80"
// (Published "9000-9010": one port picked from the range) and the long
// syntax with host_ip / published / target — after interpolation. The rules
// judge those values and report once per entry, where the entry is written.

// portEntry is one entry of a service's ports list.
type portEntry struct {
	// Loc is where the entry is written (the ports key when it cannot be
	// found, e.g. the entry comes from a variable).
	Loc pcompose.Location
	// Bindings are the model's ports this entry produced, in order: one,
	// or one per port of a container port range.
	Bindings []types.ServicePortConfig
	// HostIPUnknown: the host address is written as a variable the scan
	// has no value for ("${BIND_IP}:8080:80", host_ip: ${BIND_IP}).
	HostIPUnknown bool
	// PublishedUnknown: the host port is such a variable ("${PORT}:80").
	PublishedUnknown bool
}

// portEntries returns the published ports of a service grouped by the
// entry they are written in, in the order of the merged model.
func portEntries(proj *pcompose.Project, s *pcompose.Service) []*portEntry {
	var out []*portEntry
	byLoc := map[string]*portEntry{}
	for _, pc := range s.Config.Ports {
		loc := locatePort(proj, s, pc)
		key := fmt.Sprintf("%s:%d:%d:%s", loc.Path, loc.Range.StartLine, loc.Range.StartCol, loc.At)
		e := byLoc[key]
		if e == nil || loc.At.String() == "ports" {
			e = &portEntry{Loc: loc}
			e.HostIPUnknown, e.PublishedUnknown = writtenUnknowns(loc)
			out = append(out, e)
			byLoc[key] = e
		}
		if pcompose.Unresolved(pc.HostIP) {
			e.HostIPUnknown = true
		}
		if pcompose.Unresolved(pc.Published) {
			e.PublishedUnknown = true
		}
		e.Bindings = append(e.Bindings, pc)
	}
	return out
}

// locatePort finds the entry that writes pc: first one that agrees on the
// host address, host port and protocol too (so that "53:53/tcp" and
// "53:53/udp", or two bindings of one container port, land on their own
// lines), else any entry publishing that container port.
func locatePort(proj *pcompose.Project, s *pcompose.Service, pc types.ServicePortConfig) pcompose.Location {
	byTarget := pcompose.MatchPort(pc)
	loc := proj.LocateItem(s, at("ports"), func(n *yaml.Node) bool { return byTarget(n) && sameBinding(pc, n) })
	if !isPortItem(loc.At) {
		loc = proj.LocateItem(s, at("ports"), byTarget)
	}
	return loc
}

func isPortItem(p yamlpos.Path) bool { return len(p) > 0 && p[len(p)-1].IsIndex }

// sameBinding reports whether a written entry, which publishes pc's
// container port, also agrees with its host side and protocol. Parts
// written with variables agree with anything.
func sameBinding(pc types.ServicePortConfig, n *yaml.Node) bool {
	var ip, pub, proto string
	var ipWritten bool
	switch n.Kind {
	case yaml.ScalarNode:
		sp := splitPortSpec(n.Value)
		ip, pub, proto, ipWritten = sp.hostIP, sp.published, sp.protocol, sp.hasHostIP
	case yaml.MappingNode:
		if _, v := yamlpos.MapGet(n, "host_ip"); v != nil {
			ip, ipWritten = v.Value, true
		}
		if _, v := yamlpos.MapGet(n, "published"); v != nil {
			pub = v.Value
		}
		if _, v := yamlpos.MapGet(n, "protocol"); v != nil {
			proto = v.Value
		}
	default:
		return false
	}
	if proto == "" {
		proto = "tcp"
	}
	if !strings.Contains(proto, "$") && !strings.EqualFold(proto, cmp.Or(pc.Protocol, "tcp")) {
		return false
	}
	// A variable may hold the address too: "${BIND:-127.0.0.1:8080}:80".
	anyIP := strings.Contains(ip, "$") || (!ipWritten && strings.Contains(pub, "$"))
	if !anyIP && strings.Trim(ip, "[]") != strings.Trim(pc.HostIP, "[]") {
		return false
	}
	if strings.Contains(pub, "$") || pub == pc.Published {
		return true
	}
	// A range written "8000-8010:8000-8010" gives one binding per port.
	if lo, hi, ok := hostPortRange(pub); ok {
		if p, err := strconv.Atoi(pc.Published); err == nil {
			return p >= lo && p <= hi
		}
	}
	return false
}

// portSpec is a short-syntax ports entry split as written:
// [[host_ip:]published:]target[/protocol].
type portSpec struct {
	hostIP, published, protocol string
	hasHostIP                   bool
}

// splitPortSpec splits a short-syntax entry on the colons that separate
// its parts, not those inside "[::1]" or "${PORT:-8080}".
func splitPortSpec(v string) portSpec {
	var parts []string
	var sp portSpec
	depth, start := 0, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '[' || (c == '{' && i > 0 && v[i-1] == '$'):
			depth++
		case (c == ']' || c == '}') && depth > 0:
			depth--
		case c == ':' && depth == 0:
			parts = append(parts, v[start:i])
			start = i + 1
		case c == '/' && depth == 0:
			sp.protocol = v[i+1:]
			v = v[:i]
		}
	}
	parts = append(parts, v[start:])
	if len(parts) >= 2 {
		sp.published = parts[len(parts)-2]
	}
	if len(parts) >= 3 {
		sp.hostIP, sp.hasHostIP = strings.Join(parts[:len(parts)-2], ":"), true
	}
	return sp
}

// unknownText reports whether a written part of an entry depends on a
// variable the scan has no value for (it reads no environment): ${PORT}
// is unknown, ${PORT:-8080} is 8080.
func unknownText(text string) bool { return text != "" && !interpolate(text).Known }

// writtenUnknowns reads the entry as written to tell which of its host
// address and host port come from variables the scan has no value for:
// the model has them empty, which would otherwise read as "all
// interfaces" and "a random port".
func writtenUnknowns(loc pcompose.Location) (hostIP, published bool) {
	n := itemNode(loc)
	if n == nil || !isPortItem(loc.At) {
		return false, false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		sp := splitPortSpec(n.Value)
		return unknownText(sp.hostIP), unknownText(sp.published)
	case yaml.MappingNode:
		if _, v := yamlpos.MapGet(n, "host_ip"); v != nil {
			hostIP = unknownText(v.Value)
		}
		if _, v := yamlpos.MapGet(n, "published"); v != nil {
			published = unknownText(v.Value)
		}
	}
	return hostIP, published
}

// onAllInterfaces reports whether a host address binds every interface:
// none given (Docker's default is 0.0.0.0 and ::), 0.0.0.0 or ::.
func onAllInterfaces(hostIP string) bool {
	switch strings.Trim(hostIP, "[]") {
	case "", "0.0.0.0", "::", "0:0:0:0:0:0:0:0":
		return true
	}
	return false
}

// hostPortRange reads a published value: "8080" or "8000-8010". ok is
// false when there is none (a random host port) or it is not a number.
func hostPortRange(published string) (lo, hi int, ok bool) {
	if published == "" {
		return 0, 0, false
	}
	a, b, isRange := strings.Cut(published, "-")
	lo, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil {
		return 0, 0, false
	}
	hi = lo
	if isRange {
		if hi, err = strconv.Atoi(strings.TrimSpace(b)); err != nil || hi < lo {
			return 0, 0, false
		}
	}
	return lo, hi, true
}

// targets names the container port or range of an entry: "port 80",
// "ports 8000-8010".
func (e *portEntry) targets() string {
	lo, hi := e.Bindings[0].Target, e.Bindings[0].Target
	for _, b := range e.Bindings[1:] {
		lo, hi = min(lo, b.Target), max(hi, b.Target)
	}
	if lo == hi {
		return fmt.Sprintf("port %d", lo)
	}
	return fmt.Sprintf("ports %d-%d", lo, hi)
}

// hostPorts says which host port(s) an entry publishes, for messages.
func (e *portEntry) hostPorts() string {
	first := e.Bindings[0].Published
	switch {
	case e.PublishedUnknown:
		return "a host port set by a variable"
	case first == "":
		return "a random host port"
	case len(e.Bindings) == 1:
		if strings.Contains(first, "-") {
			return "a host port from " + first
		}
		return "host port " + first
	}
	lo, _, _ := hostPortRange(first)
	_, hi, _ := hostPortRange(e.Bindings[len(e.Bindings)-1].Published)
	if lo > 0 && hi > lo {
		return fmt.Sprintf("host ports %d-%d", lo, hi)
	}
	return "host ports " + first + "…"
}

// interfaces says where an entry's host side listens, for messages.
func (e *portEntry) interfaces() string {
	ip := strings.Trim(e.Bindings[0].HostIP, "[]")
	switch {
	case e.HostIPUnknown:
		return "a host address set by a variable"
	case ip == "":
		return "all host interfaces"
	case onAllInterfaces(ip):
		return "all host interfaces (" + ip + ")"
	}
	return ip
}

// publicBindings returns the bindings of an entry that listen on every
// host interface; none when the host address is unknown.
func (e *portEntry) publicBindings() []types.ServicePortConfig {
	if e.HostIPUnknown {
		return nil
	}
	var out []types.ServicePortConfig
	for _, b := range e.Bindings {
		if onAllInterfaces(b.HostIP) {
			out = append(out, b)
		}
	}
	return out
}

// eachPortEntry adapts a per-entry check to a rule check.
func eachPortEntry(check func(p *rules.Pass, s *pcompose.Service, e *portEntry)) func(*rules.Pass) {
	return eachService(func(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
		for _, e := range portEntries(proj, s) {
			check(p, s, e)
		}
	})
}
