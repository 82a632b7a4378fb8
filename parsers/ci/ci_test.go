package ci

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/parsers"
)

func TestGitHub(t *testing.T) {
	f, diags := Parse(&parsers.Source{Path: ".github/workflows/ci.yml", Data: []byte(`name: ci
env:
  DOCKER_CONTENT_TRUST: 0
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      TOKEN: ${{ secrets.TOKEN }}
    steps:
      - uses: actions/github-script@v7
        with:
          script: |
            console.log("chmod 777 /var/run/docker.sock")
      - run: sudo chmod 666 /var/run/docker.sock
      - name: multi
        run: |
          echo start
          export DOCKER_CONTENT_TRUST=0
          docker pull alpine
      - shell: pwsh
        run: Write-Host "chmod 777 x"
      - run: "docker build ."
`)})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var env []string
	for _, s := range f.Env {
		env = append(env, fmt.Sprintf("%s=%s@%d:%d known=%v", s.Name, s.Value, s.Range.StartLine, s.Range.StartCol, s.Known))
	}
	if got := strings.Join(env, " "); got != "DOCKER_CONTENT_TRUST=0@3:25 known=true TOKEN=${{ secrets.TOKEN }}@8:14 known=false" {
		t.Errorf("env: %s", got)
	}
	var cmds []string
	for _, sc := range f.Scripts {
		for _, c := range sc.Commands() {
			cmds = append(cmds, fmt.Sprintf("%s@%d:%d", c.Name, c.Line, c.Col))
		}
	}
	want := "sudo@14:14 chmod@14:19 echo@17:11 docker@19:11 docker@22:15"
	if got := strings.Join(cmds, " "); got != want {
		t.Errorf("commands:\n got %s\nwant %s", got, want)
	}
}

func TestGitLabAndAzure(t *testing.T) {
	f, _ := Parse(&parsers.Source{Path: ".gitlab-ci.yml", Data: []byte(`variables:
  DOCKER_CONTENT_TRUST:
    value: "0"
    description: off
build:
  before_script:
    - - chmod 777 /var/run/docker.sock
  script: >
    docker build
    --pull .
---
variables:
  - name: DOCKER_CONTENT_TRUST
    value: false
`)})
	var env []string
	for _, s := range f.Env {
		env = append(env, fmt.Sprintf("%s=%s@%d", s.Name, s.Value, s.Range.StartLine))
	}
	if got := strings.Join(env, " "); got != "DOCKER_CONTENT_TRUST=0@3 DOCKER_CONTENT_TRUST=false@14" {
		t.Errorf("env: %s", got)
	}
	var cmds []string
	for _, sc := range f.Scripts {
		for _, c := range sc.Commands() {
			cmds = append(cmds, fmt.Sprintf("%s %s@%d:%d", c.Name, c.Arg(0), c.Line, c.Col))
		}
	}
	if got := strings.Join(cmds, " "); got != "chmod 777@7:9 docker build@9:0" {
		t.Errorf("commands: %s", got)
	}
}

func TestBadYAML(t *testing.T) {
	_, diags := Parse(&parsers.Source{Path: ".gitlab-ci.yml", Data: []byte("a: [\n")})
	if len(diags) == 0 {
		t.Error("no diagnostic for broken YAML")
	}
	Parse(&parsers.Source{Path: "x.yml", Data: []byte(strings.Repeat("- ", 5000) + "run: x")})
	Parse(&parsers.Source{Path: "x.yml", Data: []byte("\xff\xfe\x00\x01")})
}

// GitHub Actions expressions are substituted before the shell runs: they
// must not make a script unparsable, and positions after them stay exact.
func TestExpressionsMasked(t *testing.T) {
	f, _ := Parse(&parsers.Source{Path: ".github/workflows/ci.yml", Data: []byte(`jobs:
  build:
    steps:
      - run: |
          docker build -t app:${{ github.sha }} .
          if [ "${{ github.ref }}" = main ]; then chmod 666 /var/run/docker.sock; fi
      - run: echo ${{ secrets.TOKEN }} && chmod 777 /var/run/docker.sock
`)})
	var cmds []string
	for _, sc := range f.Scripts {
		for _, c := range sc.Commands() {
			cmds = append(cmds, fmt.Sprintf("%s@%d:%d", c.Name, c.Line, c.Col))
		}
	}
	want := "docker@5:11 [@6:14 chmod@6:51 echo@7:14 chmod@7:43"
	if got := strings.Join(cmds, " "); got != want {
		t.Errorf("commands:\n got %s\nwant %s", got, want)
	}
	if got := maskExpressions("a ${{ x }} b ${{ y }}"); got != "a $_______ b $_______" {
		t.Errorf("mask: %q", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("jobs:\n  a:\n    steps:\n      - run: |\n          chmod 666 /x ${{ a }}\n")
	f.Add("variables:\n  - name: A\n    value: ${{ b }\nscript: [\"a\", [b]]\n")
	f.Fuzz(func(t *testing.T, data string) {
		file, _ := Parse(&parsers.Source{Path: ".gitlab-ci.yml", Data: []byte(data)})
		for _, sc := range file.Scripts {
			for _, c := range sc.Commands() {
				if c.Line < 0 || c.Line > len(file.Lines)+1 {
					t.Fatalf("command %q at line %d of %d", c.Name, c.Line, len(file.Lines))
				}
			}
		}
	})
}
