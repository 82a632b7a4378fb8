package analyzer

import (
	"slices"
	"testing"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// suppressIn applies the suppressions of one file (parsed as kind) to
// findings of the given rules on the given lines, and returns each
// finding's justification ("-" when it is not suppressed).
func suppressIn(t *testing.T, kind parsers.Kind, text string, findings ...rules.Finding) []string {
	t.Helper()
	src := &parsers.Source{Path: "f", Kind: kind, Data: []byte(text)}
	doc, _, err := parse(src)
	if err != nil {
		t.Fatal(err)
	}
	for i := range findings {
		findings[i].Path = "f"
	}
	suppress(findings, map[string]parsedFile{"f": {src: src, doc: doc}})
	var out []string
	for _, f := range findings {
		if f.Suppression == nil {
			out = append(out, "-")
		} else {
			out = append(out, f.Suppression.Justification)
		}
	}
	return out
}

func at(rule string, line int) rules.Finding {
	return rules.Finding{RuleID: rule, Range: parsers.Range{StartLine: line}}
}

// The most specific suppression is recorded: a comment on the key before
// the annotation of the object, before ignore-file.
func TestSuppressMostSpecificWins(t *testing.T) {
	pod := `# stridelint ignore-file=KW001,KW003 -- from the file
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    stridelint.io/ignore: "KW001,KW002 -- from the annotation"
spec:
  containers:
  - name: a
    image: a
    securityContext:
      privileged: true  # stridelint ignore=KW001 -- from the comment
`
	got := suppressIn(t, parsers.KindKubernetes, pod, at("KW001", 13), at("KW002", 10), at("KW003", 10), at("KW004", 10), at("KW001", 10))
	want := []string{"from the comment", "from the annotation", "from the file", "-", "from the annotation"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A finding already suppressed (by the configuration file) keeps that
// suppression; a finding in a file the scan did not read is left alone.
func TestSuppressKeepsExisting(t *testing.T) {
	ext := &rules.Suppression{Kind: rules.External, Justification: "config"}
	fs := []rules.Finding{
		{RuleID: "DF001", Path: "Dockerfile", Range: parsers.Range{StartLine: 2}, Suppression: ext},
		{RuleID: "DF001", Path: "elsewhere/Dockerfile", Range: parsers.Range{StartLine: 2}},
	}
	src := &parsers.Source{Path: "Dockerfile", Kind: parsers.KindDockerfile, Data: []byte("# stridelint ignore=DF001 -- comment\nUSER root\n")}
	doc, _, _ := parse(src)
	suppress(fs, map[string]parsedFile{"Dockerfile": {src: src, doc: doc}})
	if fs[0].Suppression != ext || fs[1].Suppression != nil {
		t.Errorf("got %+v, %+v", fs[0].Suppression, fs[1].Suppression)
	}
}

// What a comment covers, kind by kind, including where it covers nothing.
func TestSuppressReach(t *testing.T) {
	for _, tt := range []struct {
		name     string
		kind     parsers.Kind
		text     string
		findings []rules.Finding
		want     []string
	}{
		{"dockerfile: comment lines between", parsers.KindDockerfile,
			"FROM a\n# stridelint ignore=DF001 -- r\n# a note\nUSER root\nUSER root\n",
			[]rules.Finding{at("DF001", 4), at("DF001", 5)}, []string{"r", "-"}},
		{"dockerfile: at the end of the file", parsers.KindDockerfile,
			"FROM a\nUSER root\n# stridelint ignore=DF001 -- r\n",
			[]rules.Finding{at("DF001", 2)}, []string{"-"}},
		{"dockerfile: a heredoc is the instruction's", parsers.KindDockerfile,
			"FROM a\n# stridelint ignore=DF011 -- r\nRUN <<EOF\ncurl x | sh\nEOF\nRUN curl y | sh\n",
			[]rules.Finding{at("DF011", 4), at("DF011", 6)}, []string{"r", "-"}},
		{"yaml: trailing on a line that starts no entry", parsers.KindCI,
			"jobs:\n  a:\n    script:\n      - |\n        chmod 666 /var/run/docker.sock # stridelint ignore=DD021 -- r\n        chmod 666 /run/docker.sock\n",
			[]rules.Finding{at("DD021", 5), at("DD021", 6)}, []string{"r", "-"}},
		{"yaml: a blank line ends the reach", parsers.KindCompose,
			"services:\n  a:\n    image: x\n    # stridelint ignore=DC001 -- r\n\n    privileged: true\n",
			[]rules.Finding{at("DC001", 6)}, []string{"-"}},
		{"env: backslash continuation", parsers.KindEnv,
			"# stridelint ignore=DD001 -- r\nDOCKER_OPTS=\"-H unix:// \\\n  -H tcp://0.0.0.0:2375\"\nOTHER=1\n",
			[]rules.Finding{at("DD001", 3), at("DD001", 4)}, []string{"r", "-"}},
		{"systemd: line above", parsers.KindSystemd,
			"[Service]\n# stridelint ignore=DD001 -- r\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n",
			[]rules.Finding{at("DD001", 3)}, []string{"r"}},
		{"daemon.json: no comments", parsers.KindDaemon,
			"{\"labels\": [\"a # stridelint ignore-file=all\"], \"icc\": true}\n",
			[]rules.Finding{at("DD004", 1)}, []string{"-"}},
		{"globs and all", parsers.KindKubernetes,
			"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  # stridelint ignore=kw00? -- r\n  hostNetwork: true\n  # stridelint ignore=all -- s\n  hostPID: true\n",
			[]rules.Finding{at("KW005", 6), at("KW010", 6), at("KW006", 8)}, []string{"r", "-", "s"}},
		{"malformed comments suppress nothing", parsers.KindKubernetes,
			"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  # stridelint ignore KW005\n  hostNetwork: true\n",
			[]rules.Finding{at("KW005", 6)}, []string{"-"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := suppressIn(t, tt.kind, tt.text, tt.findings...); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
