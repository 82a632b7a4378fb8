package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testRules are three rules of different kinds.
var testRules = []*rules.Rule{
	{
		ID: "DF001", Title: "final stage runs as root", Severity: rules.High,
		Threats: []rules.ThreatID{rules.Docker5}, STRIDE: []rules.Category{rules.ElevationOfPrivilege},
		Kind: parsers.KindDockerfile,
		Help: "The final stage of the image has no `USER` instruction, or sets `USER root`,\nso the container's process runs as root.\n\n" +
			"A process that runs as root inside the container is one kernel bug away from root on the host.",
		Remediation: "Add `USER <uid>` with a non-root user after the last `RUN` that needs root.",
		References: []rules.Reference{
			{Title: "CIS Docker Benchmark 4.1", URL: "https://www.cisecurity.org/benchmark/docker"},
			{Title: "Dockerfile reference: USER", URL: "https://docs.docker.com/reference/dockerfile/#user"},
		},
	},
	{
		ID: "DC002", Title: "Docker socket mounted into a service", Severity: rules.Critical,
		Threats: []rules.ThreatID{rules.Docker2, rules.Docker4}, STRIDE: []rules.Category{rules.Spoofing, rules.Tampering, rules.ElevationOfPrivilege},
		Kind:        parsers.KindCompose,
		Help:        "A service mounts `/var/run/docker.sock` & so controls the Docker daemon.",
		Remediation: "Remove the mount; use a socket proxy that allows only the API calls the service needs.",
	},
	{
		ID: "KW003", Title: "container has no resource limits", Severity: rules.Medium,
		Threats: []rules.ThreatID{rules.K8s5}, STRIDE: []rules.Category{rules.DenialOfService},
		Kind:        parsers.KindKubernetes,
		Help:        "A container without `resources.limits` can starve its node.",
		Remediation: "Set `resources.limits.cpu` and `resources.limits.memory`.",
		References:  []rules.Reference{{URL: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"}},
	},
}

// testResult is a scan result built by hand: findings in three files
// (one path with a space), one with related locations, one without a
// column, one whose severity differs from its rule's; a parse error with
// a line and an internal error.
func testResult() *rules.Result {
	return &rules.Result{
		Rules: testRules,
		Files: []rules.ScannedFile{
			{Path: "app/Dockerfile", Kind: parsers.KindDockerfile},
			{Path: "deploy/my app/docker-compose.yml", Kind: parsers.KindCompose},
			{Path: "k8s/broken.yaml", Kind: parsers.KindKubernetes},
			{Path: "k8s/deploy.yaml", Kind: parsers.KindKubernetes},
			{Path: "k8s/crash.yaml", Kind: parsers.KindKubernetes},
			{Path: "daemon.json", Kind: parsers.KindDaemon},
		},
		Findings: []rules.Finding{
			{
				RuleID: "DF001", Severity: rules.High, Path: "app/Dockerfile",
				Message: `final stage "runtime" runs as root: no USER instruction after FROM`,
				Range:   parsers.Range{StartLine: 12, StartCol: 1, EndLine: 12, EndCol: 21},
				Anchor:  "stage:runtime", Fingerprint: "3f2a9c1d0b7e4a55",
			},
			{
				RuleID: "DC002", Severity: rules.Critical, Path: "deploy/my app/docker-compose.yml",
				Message: `service "web" mounts the Docker socket /var/run/docker.sock`,
				Range:   parsers.Range{StartLine: 7, StartCol: 9, EndLine: 7, EndCol: 47},
				Related: []rules.Related{
					{Path: "app/Dockerfile", Range: parsers.Range{StartLine: 1, StartCol: 1, EndLine: 1, EndCol: 19}, Message: `image of service "web" is built here`},
					{Path: "deploy/my app/docker-compose.yml", Range: parsers.Range{StartLine: 3, StartCol: 3}, Message: `service "web"`},
				},
				Anchor: "services.web.volumes[0]", Fingerprint: "a1b2c3d4e5f60718",
			},
			{
				RuleID: "KW003", Severity: rules.Medium, Path: "k8s/deploy.yaml",
				Message: `container "api" of Deployment "shop/api" has no memory limit`,
				Range:   parsers.Range{StartLine: 21},
				Anchor:  "Deployment/shop/api:containers[api]", Fingerprint: "0011223344556677",
			},
			{
				RuleID: "KW003", Severity: rules.Low, Path: "k8s/deploy.yaml",
				Message: `container "sidecar" of Deployment "shop/api" has no CPU limit`,
				Range:   parsers.Range{StartLine: 30, StartCol: 11, EndLine: 32, EndCol: 5},
				Anchor:  "Deployment/shop/api:containers[sidecar]",
			},
		},
		Errors: []rules.FileError{
			{Path: "k8s/broken.yaml", Line: 4, Col: 3, Message: "YAML syntax error: mapping values are not allowed in this context"},
			{Path: "k8s/crash.yaml", Message: "rule KW003 panicked: runtime error: index out of range [1] with length 1", Internal: true},
		},
	}
}

// suppressedResult is testResult with two findings suppressed: the DC002
// one by an ignore comment with a reason, the medium KW003 one by the
// config file without one.
func suppressedResult() *rules.Result {
	res := testResult()
	res.Findings[1].Suppression = &rules.Suppression{Kind: rules.InSource, Justification: "CI runner: builds images with the host daemon",
		Path: "deploy/my app/docker-compose.yml", Range: parsers.Range{StartLine: 6, StartCol: 9, EndLine: 6, EndCol: 58}}
	res.Findings[2].Suppression = &rules.Suppression{Kind: rules.External,
		Path: ".stridelint.yaml", Range: parsers.Range{StartLine: 4, StartCol: 5}}
	return res
}

// clean is a scan with files and nothing to report.
func clean() *rules.Result {
	return &rules.Result{
		Rules: testRules,
		Files: []rules.ScannedFile{{Path: "Dockerfile", Kind: parsers.KindDockerfile}},
	}
}

var goldenCases = []struct {
	name   string
	format string
	opts   Options
	res    func() *rules.Result
}{
	{"text", "text", Options{}, testResult},
	{"text-color", "text", Options{Color: true}, testResult},
	{"text-quiet", "text", Options{Quiet: true}, testResult},
	{"text-flat", "text", Options{Flat: true}, testResult},
	{"text-clean", "text", Options{}, clean},
	{"text-clean-quiet", "text", Options{Quiet: true}, clean},
	{"json", "json", Options{ToolVersion: "1.2.3"}, testResult},
	{"json-clean", "json", Options{}, clean},
	{"sarif", "sarif", Options{ToolVersion: "1.2.3"}, testResult},
	{"sarif-clean", "sarif", Options{}, clean},
	{"github", "github", Options{}, testResult},
	{"github-clean", "github", Options{}, clean},
	{"junit", "junit", Options{}, testResult},
	{"junit-clean", "junit", Options{}, clean},
	{"checkstyle", "checkstyle", Options{}, testResult},
	{"checkstyle-clean", "checkstyle", Options{}, clean},
	{"gitlab", "gitlab", Options{}, testResult},
	{"gitlab-clean", "gitlab", Options{}, clean},
	{"text-suppressed", "text", Options{}, suppressedResult},
	{"text-show-suppressed", "text", Options{ShowSuppressed: true}, suppressedResult},
	{"text-flat-show-suppressed", "text", Options{Flat: true, ShowSuppressed: true}, suppressedResult},
	{"json-suppressed", "json", Options{ToolVersion: "1.2.3"}, suppressedResult},
	{"sarif-suppressed", "sarif", Options{ToolVersion: "1.2.3"}, suppressedResult},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			got := write(t, tc.format, tc.res(), tc.opts)
			// Deterministic: a second rendering gives the same bytes.
			if again := write(t, tc.format, tc.res(), tc.opts); !bytes.Equal(got, again) {
				t.Fatal("two renderings of the same result differ")
			}
			ext := formatExt[tc.format]
			golden := filepath.Join("testdata", tc.name+ext+".golden")
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

// formatExt is the extension of each format's golden files.
var formatExt = map[string]string{
	"text": ".txt", "json": ".json", "sarif": ".sarif",
	"github": ".txt", "junit": ".xml", "checkstyle": ".xml", "gitlab": ".json",
}

func write(t *testing.T, format string, res *rules.Result, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, res, opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return b.Bytes()
}

func TestUnknownFormat(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "xml", testResult(), Options{}); err == nil {
		t.Fatal("Write accepted format xml")
	}
	for _, f := range Formats {
		if err := Write(&b, f, testResult(), Options{}); err != nil {
			t.Errorf("Write(%s): %v", f, err)
		}
	}
	if err := Write(&b, "text", nil, Options{}); err != nil {
		t.Errorf("Write(nil result): %v", err)
	}
}

// --- SARIF ---

// noNetwork refuses to load any schema: everything the compiler needs is
// added as a resource or embedded in the library.
type noNetwork struct{}

func (noNetwork) Load(url string) (any, error) {
	return nil, errors.New("refusing to load " + url + " (tests run offline)")
}

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "schemas", "sarif-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	// The schema declares draft 2020-12, whose meta-schema the library
	// embeds; its references are all local (#/definitions/...).
	const url = "https://stridelint.invalid/schemas/sarif-2.1.0.json"
	c := jsonschema.NewCompiler()
	c.UseLoader(noNetwork{})
	c.AssertFormat() // check that URIs are URIs
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func TestSARIFValid(t *testing.T) {
	sch := sarifSchema(t)
	for name, res := range map[string]*rules.Result{
		"full":       testResult(),
		"suppressed": suppressedResult(),
		"clean":      clean(),
		"empty":      {},
	} {
		t.Run(name, func(t *testing.T) {
			out := write(t, "sarif", res, Options{ToolVersion: "v0.1.0-rc.1"})
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Fatalf("SARIF does not validate: %#v", err)
			}
			checkSARIF(t, out, res)
		})
	}
}

// checkSARIF checks what the schema does not: no nulls, results always an
// array, ruleIndex consistent with ruleId, a region on every location.
func checkSARIF(t *testing.T, out []byte, res *rules.Result) {
	t.Helper()
	if !bytes.HasSuffix(out, []byte("}\n")) {
		t.Error("SARIF does not end with a newline")
	}
	var doc any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	walk(doc, "$", func(path string, v any) {
		if v == nil {
			t.Errorf("null at %s", path)
		}
	})

	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			ColumnKind  string            `json:"columnKind"`
			Results     *[]map[string]any `json:"results"`
			Invocations []struct {
				ExecutionSuccessful *bool            `json:"executionSuccessful"`
				Notifications       []map[string]any `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	if run.Results == nil {
		t.Fatal("results missing or null")
	}
	// Findings, then the baseline's absent entries.
	all := append(slices.Clone(res.Findings), res.Absent...)
	if len(*run.Results) != len(all) {
		t.Errorf("%d results, want %d", len(*run.Results), len(all))
	}
	rulesOut := run.Tool.Driver.Rules
	if len(rulesOut) != len(res.Rules) {
		t.Errorf("%d rules, want %d", len(rulesOut), len(res.Rules))
	}
	for i, r := range *run.Results {
		idx, ok := r["ruleIndex"].(float64)
		if !ok {
			t.Errorf("result %d has no ruleIndex", i)
			continue
		}
		if int(idx) >= len(rulesOut) || rulesOut[int(idx)].ID != r["ruleId"] {
			t.Errorf("result %d: ruleIndex %v does not point at rule %v", i, idx, r["ruleId"])
		}
		if i < len(all) && r["level"] != all[i].Severity.SARIFLevel() {
			t.Errorf("result %d: level %v, want the finding's %s", i, r["level"], all[i].Severity.SARIFLevel())
		}
		locs, _ := r["locations"].([]any)
		if len(locs) != 1 {
			t.Errorf("result %d has %d locations, want 1", i, len(locs))
		}
		for _, key := range []string{"locations", "relatedLocations"} {
			ls, _ := r[key].([]any)
			for j, l := range ls {
				pl, _ := l.(map[string]any)["physicalLocation"].(map[string]any)
				if pl["region"] == nil {
					t.Errorf("result %d: %s[%d] has no region", i, key, j)
				}
				if al, _ := pl["artifactLocation"].(map[string]any); al["uri"] == nil || al["uriBaseId"] != "SRCROOT" {
					t.Errorf("result %d: %s[%d] artifactLocation %v", i, key, j, al)
				}
			}
		}
	}
	for i, r := range *run.Results {
		sups, _ := r["suppressions"].([]any)
		if i >= len(res.Findings) || res.Findings[i].Suppression == nil { // absent baseline results come last
			if r["suppressions"] != nil {
				t.Errorf("result %d is not suppressed but has suppressions %v", i, r["suppressions"])
			}
			continue
		}
		if len(sups) != 1 {
			t.Errorf("result %d: suppressions %v, want one", i, r["suppressions"])
			continue
		}
		sup := sups[0].(map[string]any)
		want := res.Findings[i].Suppression
		if sup["kind"] != string(want.Kind) || sup["status"] != "accepted" || sup["justification"] != want.Justification {
			t.Errorf("result %d: suppression %v, want %+v", i, sup, want)
		}
		loc, _ := sup["location"].(map[string]any)
		pl, _ := loc["physicalLocation"].(map[string]any)
		reg, _ := pl["region"].(map[string]any)
		if reg["startLine"] != float64(want.Range.StartLine) {
			t.Errorf("result %d: suppression location %v", i, loc)
		}
	}
	if len(run.Invocations) != 1 || run.Invocations[0].ExecutionSuccessful == nil {
		t.Fatal("invocations[0].executionSuccessful missing")
	}
	internal := false
	for _, e := range res.Errors {
		internal = internal || e.Internal
	}
	if *run.Invocations[0].ExecutionSuccessful == internal {
		t.Errorf("executionSuccessful %v with internal errors %v", *run.Invocations[0].ExecutionSuccessful, internal)
	}
	if len(run.Invocations[0].Notifications) != len(res.Errors) {
		t.Errorf("%d notifications, want %d", len(run.Invocations[0].Notifications), len(res.Errors))
	}
}

// walk calls fn on every value of a decoded JSON document.
func walk(v any, path string, fn func(string, any)) {
	fn(path, v)
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			walk(e, path+"."+k, fn)
		}
	case []any:
		for i, e := range v {
			walk(e, path+"["+strconv.Itoa(i)+"]", fn)
		}
	}
}

func TestSARIFDetails(t *testing.T) {
	out := write(t, "sarif", testResult(), Options{ToolVersion: "1.2.3"})
	for _, want := range []string{
		`"uri": "deploy/my%20app/docker-compose.yml"`,
		`"name": "FinalStageRunsAsRoot"`,
		`"semanticVersion": "1.2.3"`,
		`"stridelint/v1": "3f2a9c1d0b7e4a55"`,
		`"ruleIndex": 0`,
		`"executionSuccessful": false`,
		`& so controls`, // no HTML escaping
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
	dev := write(t, "sarif", clean(), Options{})
	if strings.Contains(string(dev), "semanticVersion") || !strings.Contains(string(dev), `"version": "0.0.0-dev"`) {
		t.Error("version dev: want version 0.0.0-dev and no semanticVersion")
	}
	if !strings.Contains(string(dev), `"results": []`) {
		t.Error("clean SARIF: results is not []")
	}
}

func TestSARIFUnknownRule(t *testing.T) {
	res := testResult()
	res.Findings = append(res.Findings, rules.Finding{RuleID: "XX999", Severity: rules.Low, Path: "x", Message: "m", Range: parsers.Range{StartLine: 1}})
	out := write(t, "sarif", res, Options{})
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	last := run.Results[len(run.Results)-1]
	if last.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[last.RuleIndex].ID != "XX999" {
		t.Errorf("unknown rule: ruleIndex %d does not point at XX999", last.RuleIndex)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %#v", err)
	}
}

func TestEscapePath(t *testing.T) {
	for in, want := range map[string]string{
		"Dockerfile":               "Dockerfile",
		"deploy/my app/x.yml":      "deploy/my%20app/x.yml",
		"a:b/c#d?e%f":              "a%3Ab/c%23d%3Fe%25f",
		"k8s/déploiement.yaml":     "k8s/d%C3%A9ploiement.yaml",
		"svc/compose.override.yml": "svc/compose.override.yml",
	} {
		if got := escapePath(in); got != want {
			t.Errorf("escapePath(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"/etc/docker/daemon.json": "file:///etc/docker/daemon.json",
		"C:/Users/me/Dockerfile":  "file:///C:/Users/me/Dockerfile",
	} {
		al := artifactLocation(in)
		if *al.URI != want || al.URIBaseId != nil {
			t.Errorf("artifactLocation(%q) = %q (base %v), want %q without base", in, *al.URI, al.URIBaseId, want)
		}
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"final stage runs as root":             "FinalStageRunsAsRoot",
		"`ADD` from a URL":                     "ADDFromAURL",
		"Docker socket mounted into a service": "DockerSocketMountedIntoAService",
		"hostPath volume mounts /etc":          "HostPathVolumeMountsEtc",
	} {
		if got := pascalCase(in); got != want {
			t.Errorf("pascalCase(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string][2]string{
		"1.2.3":           {"1.2.3", "1.2.3"},
		"v1.2.3":          {"1.2.3", "1.2.3"},
		"v1.2":            {"1.2", ""},
		"2024.10":         {"2024.10", ""},
		"dev":             {"0.0.0-dev", ""},
		"(devel)":         {"0.0.0-devel", ""},
		"":                {"0.0.0", ""},
		"v0.1.0-rc.1+abc": {"0.1.0-rc.1+abc", "0.1.0-rc.1+abc"},
	} {
		v, sv := driverVersion(in)
		if v != want[0] || sv != want[1] {
			t.Errorf("driverVersion(%q) = %q, %q, want %q, %q", in, v, sv, want[0], want[1])
		}
	}
	for in, want := range map[string]string{"1.2.3": "1.2.3", "v0.1.0-rc.1+abc": "0.1.0-rc.1+abc", "dev": "", "1.2": "", "(devel)": ""} {
		got, ok := semanticVersion(in)
		if got != want || ok != (want != "") {
			t.Errorf("semanticVersion(%q) = %q, %v", in, got, ok)
		}
	}
	if got := firstParagraph("one\ntwo\n\nthree"); got != "one two" {
		t.Errorf("firstParagraph = %q", got)
	}
}

// --- JSON ---

func TestJSONCounts(t *testing.T) {
	res := testResult()
	out := write(t, "json", res, Options{ToolVersion: "1.2.3"})
	var doc struct {
		Version int `json:"version"`
		Tool    struct {
			Name, Version string
		} `json:"tool"`
		Summary struct {
			Files       int            `json:"files"`
			FilesByKind map[string]int `json:"filesByKind"`
			Findings    int            `json:"findings"`
			BySeverity  map[string]int `json:"bySeverity"`
			ByStride    map[string]int `json:"byStride"`
			Errors      int            `json:"errors"`
		} `json:"summary"`
		Findings []map[string]any `json:"findings"`
		Errors   []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || doc.Tool.Name != "stridelint" || doc.Tool.Version != "1.2.3" {
		t.Errorf("header: %+v %+v", doc.Version, doc.Tool)
	}
	s := doc.Summary
	if s.Files != 6 || s.Findings != 4 || s.Errors != 2 {
		t.Errorf("summary: %+v", s)
	}
	wantKinds := map[string]int{"dockerfile": 1, "compose": 1, "daemon": 1, "kubernetes": 3, "systemd": 0, "env": 0, "ci": 0, "hostfile": 0}
	wantSev := map[string]int{"critical": 1, "high": 1, "medium": 1, "low": 1, "info": 0}
	// DF001 E; DC002 S T E; KW003 D twice.
	wantStride := map[string]int{"S": 1, "T": 1, "R": 0, "I": 0, "D": 2, "E": 2}
	for name, pair := range map[string][2]map[string]int{
		"filesByKind": {s.FilesByKind, wantKinds}, "bySeverity": {s.BySeverity, wantSev}, "byStride": {s.ByStride, wantStride},
	} {
		got, want := pair[0], pair[1]
		if len(got) != len(want) {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
		for k, n := range want {
			if got[k] != n {
				t.Errorf("%s[%s] = %d, want %d", name, k, got[k], n)
			}
		}
	}
	if len(doc.Findings) != 4 || len(doc.Errors) != 2 {
		t.Fatalf("%d findings, %d errors", len(doc.Findings), len(doc.Errors))
	}
	f := doc.Findings[2] // KW003 without a column
	if _, ok := f["column"]; ok {
		t.Error("column written for a finding without one")
	}
	if _, ok := f["endColumn"]; ok {
		t.Error("endColumn written for a finding without one")
	}
	if rel, ok := f["related"].([]any); !ok || len(rel) != 0 {
		t.Errorf("related = %v, want []", f["related"])
	}
	if rel, _ := doc.Findings[1]["related"].([]any); len(rel) != 2 {
		t.Errorf("related of DC002 = %v", doc.Findings[1]["related"])
	}
	if doc.Findings[3]["severity"] != "low" || doc.Findings[3]["title"] != "container has no resource limits" {
		t.Errorf("finding 3: %v", doc.Findings[3])
	}
	if doc.Errors[1]["internal"] != true || doc.Errors[0]["line"] != float64(4) {
		t.Errorf("errors: %v", doc.Errors)
	}

	empty := write(t, "json", &rules.Result{}, Options{})
	for _, want := range []string{`"findings": []`, `"errors": []`} {
		if !bytes.Contains(empty, []byte(want)) {
			t.Errorf("empty JSON lacks %s", want)
		}
	}
	if bytes.Contains(empty, []byte("null")) {
		t.Error("empty JSON contains null")
	}
}

// --- text ---

func TestTextColorOnlyWhenAsked(t *testing.T) {
	for _, flat := range []bool{false, true} {
		plain := write(t, "text", testResult(), Options{Flat: flat})
		if bytes.Contains(plain, []byte("\x1b[")) {
			t.Errorf("flat=%v: escape sequences without Color", flat)
		}
		colored := write(t, "text", testResult(), Options{Flat: flat, Color: true})
		if !bytes.Contains(colored, []byte("\x1b[1;31mCRITICAL\x1b[0m")) {
			t.Errorf("flat=%v: CRITICAL not bold red", flat)
		}
	}
}

func TestTextFlatLines(t *testing.T) {
	out := string(write(t, "text", testResult(), Options{Flat: true, Quiet: true}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := []string{
		`app/Dockerfile:12:1: HIGH DF001 final stage "runtime" runs as root: no USER instruction after FROM`,
		`deploy/my app/docker-compose.yml:7:9: CRITICAL DC002 service "web" mounts the Docker socket /var/run/docker.sock`,
		`k8s/deploy.yaml:21: MEDIUM KW003 container "api" of Deployment "shop/api" has no memory limit`,
		`k8s/deploy.yaml:30:11: LOW KW003 container "sidecar" of Deployment "shop/api" has no CPU limit`,
		`k8s/broken.yaml:4:3: ERROR stridelint YAML syntax error: mapping values are not allowed in this context`,
		`k8s/crash.yaml: ERROR stridelint internal error: rule KW003 panicked: runtime error: index out of range [1] with length 1`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("flat output:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
}

func TestTextQuietClean(t *testing.T) {
	if out := write(t, "text", clean(), Options{Quiet: true}); len(out) != 0 {
		t.Errorf("quiet clean output %q, want nothing", out)
	}
	if out := string(write(t, "text", clean(), Options{})); out != "no findings in 1 file\n" {
		t.Errorf("clean output %q", out)
	}
}

// TestExamplesSARIFValid validates the golden SARIF of the example
// repository, produced by the real rule registry (cmd/stridelint's golden
// test keeps it current).
func TestExamplesSARIFValid(t *testing.T) {
	out, err := os.ReadFile(filepath.Join("..", "testdata", "examples.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("testdata/examples.sarif does not validate: %#v", err)
	}
	var doc any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	walk(doc, "$", func(path string, v any) {
		if v == nil {
			t.Errorf("null at %s", path)
		}
	})
}
