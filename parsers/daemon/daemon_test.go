package daemon

import (
	"strings"
	"testing"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/yamlpos"
)

func parse(s string) (*File, []parsers.Diagnostic) {
	return Parse(&parsers.Source{Path: "daemon.json", Data: []byte(s)})
}

func TestParse(t *testing.T) {
	f, diags := parse("{\n  \"hosts\": [\"fd://\", \"tcp://0.0.0.0:2375\"],\n  \"icc\": \"no\",\n  \"tlsverify\": 1,\n  \"userland-proxy\": false\n}\n")
	if len(diags) != 2 || diags[0].Line != 3 || diags[1].Line != 4 {
		t.Fatalf("diagnostics %v, want type errors on lines 3 and 4", diags)
	}
	if !strings.Contains(diags[0].Message, `"icc" must be a boolean`) {
		t.Errorf("message: %q", diags[0].Message)
	}
	// The badly typed values do not stop the rest from being read.
	if len(f.Config.Hosts) != 2 || f.Config.UserlandProxy == nil || *f.Config.UserlandProxy {
		t.Errorf("config: %+v", f.Config)
	}
	if r, ok := f.Range(yamlpos.P("hosts", 1)); !ok || r.StartLine != 2 || r.StartCol != 22 {
		t.Errorf("hosts[1] at %+v", r)
	}
	if strings.Join(f.Keys, ",") != "hosts,icc,tlsverify,userland-proxy" {
		t.Errorf("keys %v", f.Keys)
	}
}

func TestSyntaxErrors(t *testing.T) {
	for in, line := range map[string]int{
		"{":                            1,
		"{\n  \"a\": 1,\n}\n":          3,
		"{\n  \"a\": 1\n  \"b\": 2\n}": 3,
		"[1, 2]":                       1,
		"\xff\xfe":                     1,
	} {
		f, diags := parse(in)
		if f != nil || len(diags) != 1 || diags[0].Line != line {
			t.Errorf("%q: file %v diagnostics %v, want one at line %d", in, f != nil, diags, line)
		}
	}
	if f, diags := parse(" \n\t\n"); f == nil || len(diags) != 0 {
		t.Errorf("an empty daemon.json is a valid empty configuration: %v", diags)
	}
}

func TestParseEndpoint(t *testing.T) {
	for in, want := range map[string]Endpoint{
		"tcp://0.0.0.0:2375":          {Scheme: "tcp", Host: "0.0.0.0", Port: "2375"},
		"0.0.0.0:2376":                {Scheme: "tcp", Host: "0.0.0.0", Port: "2376"},
		"tcp://[::1]:2375":            {Scheme: "tcp", Host: "::1", Port: "2375"},
		"tcp://:2376":                 {Scheme: "tcp", Host: "", Port: "2376"},
		"unix:///var/run/docker.sock": {Scheme: "unix"},
		"fd://":                       {Scheme: "fd"},
		"npipe:////./pipe/docker":     {Scheme: "npipe"},
	} {
		got := ParseEndpoint(in)
		want.Raw = in
		if got != want {
			t.Errorf("ParseEndpoint(%q) = %+v, want %+v", in, got, want)
		}
	}
	if !ParseEndpoint("tcp://127.0.0.1:2375").Loopback() || ParseEndpoint("tcp://10.0.0.1:2375").Loopback() {
		t.Error("Loopback")
	}
}
