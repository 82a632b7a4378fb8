package envfile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/parsers"
)

func parse(t *testing.T, name, text string) *File {
	t.Helper()
	f, diags := Parse(&parsers.Source{Path: name, Data: []byte(text)})
	if len(diags) > 0 {
		t.Fatalf("%s: %v", name, diags)
	}
	return f
}

func describe(as []Assignment) string {
	var out []string
	for _, a := range as {
		s := fmt.Sprintf("%s=%q@%d:%d", a.Name, a.Value, a.Line, a.Col)
		if !a.Exported {
			s += " local"
		}
		if a.Prefix {
			s += " prefix"
		}
		if !a.Known {
			s += " unknown"
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

func TestLines(t *testing.T) {
	f := parse(t, "etc/default/docker", "\ufeff# Docker options\r\n"+
		"DOCKER_OPTS=\"--icc=false  -H tcp://0.0.0.0:2375\"\r\n"+
		"  export HTTP_PROXY=http://proxy:3128 # comment\n"+
		"; systemd comment\n"+
		"NOT A LINE\n"+
		"MULTI='a\n"+
		"b'\n"+
		"CONT=one \\\n"+
		"two\n"+
		"REF=$HOME/x\n"+
		"ÄPFEL=1\n")
	if f.Script {
		t.Fatal("read as a script")
	}
	want := `DOCKER_OPTS="--icc=false  -H tcp://0.0.0.0:2375"@2:1
HTTP_PROXY="http://proxy:3128"@3:10
MULTI="a\nb"@6:1
CONT="one  two"@8:1
REF="$HOME/x"@10:1 unknown`
	if got := describe(f.Assignments); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var fields []string
	for _, tok := range f.Assignments[0].Fields {
		fields = append(fields, fmt.Sprintf("%s@%d:%d", tok.Text, tok.Line, tok.Col))
	}
	if got := strings.Join(fields, " "); got != "--icc=false@2:14 -H@2:27 tcp://0.0.0.0:2375@2:30" {
		t.Errorf("fields: %s", got)
	}
	if a, ok := f.Lookup("CONT"); !ok || a.Fields[1].Line != 9 || a.Fields[1].Col != 1 {
		t.Errorf("CONT fields: %+v", a.Fields)
	}
}

func TestScript(t *testing.T) {
	f := parse(t, "etc/profile.d/docker.sh", `# set by provisioning
DOCKER_CONTENT_TRUST=1
export DOCKER_CONTENT_TRUST
export DCT2=0 OTHER="a b"
declare -x DECLARED=1
DOCKER_CONTENT_TRUST=0 docker pull alpine
env DOCKER_CONTENT_TRUST=false docker build .
sh -c 'export NESTED=0; docker pull x'
if true; then
  export IN_IF=$(date)
fi
chmod 666 /var/run/docker.sock
`)
	if !f.Script {
		t.Fatal("not read as a script")
	}
	want := `DOCKER_CONTENT_TRUST="1"@2:1 local
DCT2="0"@4:8
OTHER="a b"@4:15
DECLARED="1"@5:12
DOCKER_CONTENT_TRUST="0"@6:1 prefix
IN_IF="$(date)"@10:10 unknown
NESTED="0"@8:15
DOCKER_CONTENT_TRUST="false"@7:5 prefix`
	if got := describe(f.Assignments); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var cmds []string
	for _, c := range f.Commands() {
		cmds = append(cmds, fmt.Sprintf("%s@%d:%d", c.Name, c.Line, c.Col))
	}
	if got := strings.Join(cmds, " "); !strings.Contains(got, "chmod@12:1") || !strings.Contains(got, "docker@8:25") {
		t.Errorf("commands: %s", got)
	}
	if a, ok := f.Lookup("DOCKER_CONTENT_TRUST"); !ok || a.Value != "1" || a.Prefix {
		t.Errorf("Lookup: %+v %v", a, ok)
	}
}

func TestScriptDetection(t *testing.T) {
	for name, want := range map[string]bool{
		"setup.sh": true, "etc/profile.d/docker": true, "etc/environment": false,
		".env": false, "etc/default/docker": false, "bootstrap": false, "rc.local": true,
	} {
		if got := IsScript(name, []string{"X=1"}); got != want {
			t.Errorf("IsScript(%q) = %v", name, got)
		}
	}
	if !IsScript("bootstrap", []string{"#!/bin/bash"}) {
		t.Error("#! line must make a script")
	}
}

func TestBadInput(t *testing.T) {
	_, diags := Parse(&parsers.Source{Path: "x.sh", Data: []byte("echo ok\nif then fi (\n")})
	if len(diags) != 1 || diags[0].Line != 2 {
		t.Errorf("diagnostics: %v", diags)
	}
	for _, data := range []string{"\xff\xfe\x00=\x00", "=", "A=\"unterminated", strings.Repeat("A=1 \\\n", 10000), "\x00\x01"} {
		Parse(&parsers.Source{Path: ".env", Data: []byte(data)})
		Parse(&parsers.Source{Path: "x.sh", Data: []byte(data)})
	}
}

func FuzzParse(f *testing.F) {
	f.Add("A=1\nexport B='x y'\n", ".env")
	f.Add("export A=\"$(x)\"; env B=1 c\n", "x.sh")
	f.Fuzz(func(t *testing.T, data, name string) {
		file, _ := Parse(&parsers.Source{Path: name, Data: []byte(data)})
		for _, a := range file.Assignments {
			for _, tok := range a.Fields {
				if tok.Line < 1 || tok.Line > len(file.Lines) {
					t.Fatalf("field %q at line %d of %d", tok.Text, tok.Line, len(file.Lines))
				}
			}
		}
	})
}
