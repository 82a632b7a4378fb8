package report

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// scopedRule judges a scope (like the daemon rules judge a Docker host).
var scopedRule = &rules.Rule{
	ID: "DD005", Title: "userland proxy on", Severity: rules.Low,
	Threats: []rules.ThreatID{rules.Docker3}, STRIDE: []rules.Category{rules.Tampering, rules.DenialOfService},
	Kind: parsers.KindDaemon, Reads: []parsers.Kind{parsers.KindSystemd},
	Help: "The userland proxy is on.", Remediation: "Set `\"userland-proxy\": false`.",
	References:   []rules.Reference{{Title: "CIS Docker Benchmark 2.16: Ensure Userland Proxy is Disabled"}},
	Scope:        &rules.Scope{ID: "docker-daemon", Title: "Docker daemon configuration", Missing: "No daemon config: add `daemon.json`.", Files: func(*rules.ProjectPass) []rules.ScopeFile { return nil }},
	CheckProject: func(*rules.ProjectPass) {},
}

// threatResult is testResult with a scoped rule that ran over nothing and
// a disabled rule (in the registry, not among the rules that ran).
func threatResult() (*rules.Result, []*rules.Rule) {
	res := testResult()
	res.Rules = append(res.Rules, scopedRule)
	disabled := &rules.Rule{ID: "KR001", Title: "wildcard in RBAC rule", Severity: rules.High,
		Threats: []rules.ThreatID{rules.K8s4}, STRIDE: []rules.Category{rules.ElevationOfPrivilege},
		Kind: parsers.KindKubernetes, Help: "x", Remediation: "y", Check: func(*rules.Pass) {}}
	return res, append(append([]*rules.Rule{}, res.Rules...), disabled)
}

func TestThreatModelGolden(t *testing.T) {
	for _, format := range ThreatModelFormats {
		t.Run(format, func(t *testing.T) {
			res, reg := threatResult()
			opts := ThreatModelOptions{ToolVersion: "1.2.3", Registry: reg, LinkPrefix: "..", Targets: []string{"."}}
			got := writeTM(t, format, res, opts)
			if again := writeTM(t, format, res, opts); !bytes.Equal(got, again) {
				t.Fatal("two renderings of the same result differ")
			}
			golden := filepath.Join("testdata", "threatmodel."+map[string]string{"markdown": "md", "html": "html"}[format]+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test ./report -update to accept):\n%s", golden, got)
			}
		})
	}
}

func writeTM(t *testing.T, format string, res *rules.Result, opts ThreatModelOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteThreatModel(&b, format, res, opts); err != nil {
		t.Fatalf("WriteThreatModel(%s): %v", format, err)
	}
	return b.Bytes()
}

// The verdicts of the hand-built result: a threat with findings, one whose
// only rule was disabled, one whose scoped part has no file, and the
// docker-bench items that follow.
func TestThreatModelVerdicts(t *testing.T) {
	res, reg := threatResult()
	m := buildThreatModel(res, ThreatModelOptions{Registry: reg})
	byID := map[string]*tmThreat{}
	for _, g := range m.Groups {
		for _, th := range g.Threats {
			byID[th.ID] = th
		}
	}
	if len(byID) != 10 {
		t.Fatalf("%d threats, want the ten of the seed", len(byID))
	}
	for _, tc := range []struct {
		id   string
		want verdict
		n    int
	}{
		{"DOCKER-2", evidenceFound, 1}, // DC002
		{"DOCKER-5", evidenceFound, 1}, // DF001
		{"K8S-5", evidenceFound, 2},    // KW003 twice
		{"DOCKER-3", notAssessed, 0},   // DD005 ran, but no daemon configuration was in the scan
		{"K8S-4", notAssessed, 0},      // KR001 is disabled
		{"K8S-1", notAssessed, 0},      // no rule at all
	} {
		th := byID[tc.id]
		if th.Verdict != tc.want || th.N != tc.n {
			t.Errorf("%s: %s with %d findings, want %s with %d", tc.id, th.Verdict, th.N, tc.want, tc.n)
		}
	}
	if p := byID["DOCKER-3"].Parts; len(p) != 1 || p[0].Title != "Docker daemon configuration" || !strings.Contains(p[0].Reason, "daemon.json") {
		t.Errorf("DOCKER-3 parts: %+v", p)
	}
	if p := byID["K8S-4"].Parts; len(p) != 1 || !strings.Contains(p[0].Reason, "disabled (KR001)") {
		t.Errorf("K8S-4 parts: %+v", p)
	}
	// DOCKER-2's compose part judged the compose file and found DC002.
	if p := byID["DOCKER-2"].Parts; len(p) != 1 || p[0].Verdict != evidenceFound || len(p[0].Judged) != 1 {
		t.Errorf("DOCKER-2 parts: %+v", p)
	}

	bench := map[string]benchRow{}
	for _, b := range m.Bench {
		bench[b.ID] = b
	}
	if b := bench["4.1"]; b.Status != "FAIL" || len(b.Fail) != 1 || b.Fail[0].Where != "app/Dockerfile:12" {
		t.Errorf("4.1: %+v", b)
	}
	if b := bench["2.16"]; b.Status != "NOT ASSESSED" || !b.Seed {
		t.Errorf("2.16: %+v", b)
	}
	for _, id := range []string{"2.16", "3.17", "4.5"} {
		if _, ok := bench[id]; !ok {
			t.Errorf("the seed's docker-bench item %s is missing", id)
		}
	}
	if len(m.Seed) != 3 || m.Seed[0].Row == nil {
		t.Errorf("seed rows: %+v", m.Seed)
	}
}

// A scope with files makes its part "no evidence found", and the
// docker-bench item of its rule PASS with those files.
func TestThreatModelScopeJudged(t *testing.T) {
	res, reg := threatResult()
	res.Files = append(res.Files, rules.ScannedFile{Path: "host/daemon.json", Kind: parsers.KindDaemon})
	res.Scopes = map[string][]rules.ScopeFile{"docker-daemon": {{Path: "host/daemon.json"}}}
	m := buildThreatModel(res, ThreatModelOptions{Registry: reg})
	th := m.Groups[0].Threats[2]
	if th.ID != "DOCKER-3" || th.Verdict != noEvidence || th.Parts[0].Judged[0].Path != "host/daemon.json" {
		t.Errorf("DOCKER-3: %s %+v", th.Verdict, th.Parts[0])
	}
	for _, b := range m.Bench {
		if b.ID == "2.16" && (b.Status != "PASS" || len(b.Judged) != 1 || b.Judged[0].Link != "host/daemon.json") {
			t.Errorf("2.16: %+v", b)
		}
	}
}

func TestThreatModelLinks(t *testing.T) {
	b := &tmBuilder{opts: ThreatModelOptions{LinkPrefix: "../.."}}
	for _, tc := range []struct {
		path       string
		start, end int
		want       string
	}{
		{"deploy/my app/docker-compose.yml", 7, 7, "../../deploy/my%20app/docker-compose.yml#L7"},
		{"k8s/deploy.yaml", 30, 32, "../../k8s/deploy.yaml#L30-L32"},
		{"/abs/x (1).yaml", 0, 0, "/abs/x%20%281%29.yaml"},
		{"a#b.yaml", 1, 1, "../../a%23b.yaml#L1"},
	} {
		if got := b.link(tc.path, tc.start, tc.end); got != tc.want {
			t.Errorf("link(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
	if got := slug("DOCKER-1: Container Image Vulnerabilities"); got != "docker-1-container-image-vulnerabilities" {
		t.Errorf("slug: %q", got)
	}
}

// Values from scanned files never become markup: a finding message, a
// path and a related location carrying HTML and Markdown syntax.
func TestThreatModelEscapes(t *testing.T) {
	res, reg := threatResult()
	evil := `<script>alert("x")</script> [click](javascript:alert(1)) **bold** | pipe <iframe>`
	res.Files = append(res.Files, rules.ScannedFile{Path: "k8s/<img src=x onerror=alert(1)>.yaml", Kind: parsers.KindKubernetes})
	res.Findings = append(res.Findings, rules.Finding{RuleID: "KW003", Severity: rules.Medium, Path: "k8s/<img src=x onerror=alert(1)>.yaml",
		Message: evil, Range: parsers.Range{StartLine: 3},
		Related: []rules.Related{{Path: "k8s/<iframe>.yaml", Range: parsers.Range{StartLine: 1}, Message: evil}}})

	html := string(writeTM(t, "html", res, ThreatModelOptions{Registry: reg}))
	for _, bad := range []string{"<script>", "<img", "<iframe", `href="javascript`, `href="k8s/<`} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML contains %q unescaped", bad)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Error("HTML lacks the escaped message")
	}
	// No script, no external resource: one self-contained file.
	if regexp.MustCompile(`(?i)<script|<link|<img|<iframe|@import|url\(`).MatchString(html) {
		t.Error("HTML loads or runs something")
	}

	md := string(writeTM(t, "markdown", res, ThreatModelOptions{Registry: reg}))
	if strings.Contains(md, "<script>") || strings.Contains(md, "<iframe>") || strings.Contains(md, "**bold**") {
		t.Errorf("Markdown lets markup through:\n%s", md)
	}
	if !strings.Contains(md, `\<script\>alert("x")\</script\> \[click\](javascript:alert(1)) \*\*bold\*\* \| pipe \<iframe\>`) {
		t.Error("Markdown lacks the escaped message")
	}
}

func TestThreatModelUnknownFormat(t *testing.T) {
	var b bytes.Buffer
	if err := WriteThreatModel(&b, "pdf", nil, ThreatModelOptions{}); err == nil {
		t.Fatal("accepted format pdf")
	}
	for _, f := range ThreatModelFormats {
		if err := WriteThreatModel(&b, f, nil, ThreatModelOptions{}); err != nil {
			t.Errorf("%s of a nil result: %v", f, err)
		}
	}
}

func TestMarkdownHTML(t *testing.T) {
	got := string(markdownHTML("Set `x <y>` and **z**, see [docs](https://example.com/a?b=1&c=2) or [bad](javascript:x).\n\n```yaml\nk: <v>\n```\n\n- one\n- two"))
	want := `<p>Set <code class="nw">x &lt;y&gt;</code> and <strong>z</strong>, see <a href="https://example.com/a?b=1&amp;c=2">docs</a> or [bad](javascript:x).</p>` + "\n" +
		`<pre><code class="language-yaml">k: &lt;v&gt;</code></pre>` + "\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
	if got != want {
		t.Errorf("markdownHTML:\n%s\nwant\n%s", got, want)
	}
}
