package compose

import "testing"

func TestSplitPortSpec(t *testing.T) {
	for _, c := range []struct {
		in                     string
		hostIP, published, pro string
		hasHostIP              bool
	}{
		{in: "80"},
		{in: "8080:80", published: "8080"},
		{in: "8080:80/udp", published: "8080", pro: "udp"},
		{in: "127.0.0.1:8080:80", hostIP: "127.0.0.1", published: "8080", hasHostIP: true},
		{in: "[::1]:80:80/tcp", hostIP: "[::1]", published: "80", pro: "tcp", hasHostIP: true},
		{in: "8000-8010:8000-8010", published: "8000-8010"},
		{in: "${PORT:-8080}:80", published: "${PORT:-8080}"},
		{in: "${BIND:-127.0.0.1}:${PORT:-8080}:80", hostIP: "${BIND:-127.0.0.1}", published: "${PORT:-8080}", hasHostIP: true},
		{in: "${SPEC:-127.0.0.1:8080}:80", published: "${SPEC:-127.0.0.1:8080}"},
		{in: "${PORT:-8080/x}:80/udp", published: "${PORT:-8080/x}", pro: "udp"},
	} {
		sp := splitPortSpec(c.in)
		if sp.hostIP != c.hostIP || sp.published != c.published || sp.protocol != c.pro || sp.hasHostIP != c.hasHostIP {
			t.Errorf("splitPortSpec(%q) = %+v", c.in, sp)
		}
	}
}

func TestHostPortRange(t *testing.T) {
	for _, c := range []struct {
		in     string
		lo, hi int
		ok     bool
	}{
		{"", 0, 0, false},
		{"8080", 8080, 8080, true},
		{"8000-8010", 8000, 8010, true},
		{"8010-8000", 0, 0, false},
		{"${PORT}", 0, 0, false},
	} {
		lo, hi, ok := hostPortRange(c.in)
		if lo != c.lo || hi != c.hi || ok != c.ok {
			t.Errorf("hostPortRange(%q) = %d, %d, %v", c.in, lo, hi, ok)
		}
	}
}

func TestUnknownText(t *testing.T) {
	for in, want := range map[string]bool{
		"":                   false,
		"8080":               false,
		"${PORT:-8080}":      false,
		"${PORT}":            true,
		"$PORT":              true,
		"${PORT:?set PORT}":  true,
		"${BIND:-127.0.0.1}": false,
	} {
		if got := unknownText(in); got != want {
			t.Errorf("unknownText(%q) = %v", in, got)
		}
	}
}
