package daemon

import (
	"net"
	"strings"
)

// Endpoint is one address the daemon API listens on (`hosts` / `-H`).
type Endpoint struct {
	Raw    string
	Scheme string // tcp, unix, fd, npipe, ssh
	Host   string // tcp only: "" when not given
	Port   string // tcp only
}

// ParseEndpoint reads a daemon listen address as dockerd does: an address
// without a scheme is TCP ("0.0.0.0:2375" means tcp://0.0.0.0:2375).
func ParseEndpoint(s string) Endpoint {
	e := Endpoint{Raw: s}
	v := strings.TrimSpace(s)
	scheme, rest, ok := strings.Cut(v, "://")
	if !ok {
		scheme, rest = "tcp", v
	}
	e.Scheme = strings.ToLower(scheme)
	if e.Scheme == "tcp" {
		rest, _, _ = strings.Cut(rest, "/")
		if h, p, err := net.SplitHostPort(rest); err == nil {
			e.Host, e.Port = h, p
		} else {
			e.Host = strings.Trim(rest, "[]")
		}
	}
	return e
}

// TCP reports whether the endpoint is a TCP socket.
func (e Endpoint) TCP() bool { return e.Scheme == "tcp" }

// Loopback reports whether a TCP endpoint only listens on the local host.
func (e Endpoint) Loopback() bool {
	if e.Host == "localhost" {
		return true
	}
	ip := net.ParseIP(e.Host)
	return ip != nil && ip.IsLoopback()
}

// AllInterfaces reports whether a TCP endpoint listens on every interface.
func (e Endpoint) AllInterfaces() bool {
	return e.Host == "" || e.Host == "0.0.0.0" || e.Host == "::"
}
