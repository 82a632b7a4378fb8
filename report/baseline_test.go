package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// baselineResult is testResult compared with a baseline: DF001 and the
// sidecar's KW003 were in it, DC002 is new and dismissed by the
// configuration, the api's KW003 is new, and two entries of the baseline
// are no longer found.
func baselineResult() *rules.Result {
	res := testResult()
	states := []string{rules.BaselineUnchanged, rules.BaselineNew, rules.BaselineNew, rules.BaselineUnchanged}
	for i := range res.Findings {
		res.Findings[i].BaselineState = states[i]
	}
	res.Findings[1].Suppression = &rules.Suppression{
		Kind:          rules.External,
		Justification: "the CI runner needs the socket; isolated host",
		Path:          ".stridelint.yaml",
		Range:         parsers.Range{StartLine: 12, StartCol: 5},
	}
	res.Absent = []rules.Finding{
		{RuleID: "DF001", Severity: rules.High, Path: "app/Dockerfile", Range: parsers.Range{StartLine: 30},
			Message: `final stage "debug" runs as root`, Fingerprint: "99aa88bb77cc66dd", BaselineState: rules.BaselineAbsent},
		{RuleID: "KW003", Severity: rules.Medium, Path: "k8s/old.yaml", Range: parsers.Range{StartLine: 9},
			Message: `container "old" has no memory limit`, Fingerprint: "55ee44ff33aa22bb", BaselineState: rules.BaselineAbsent},
	}
	return res
}

var baselineGolden = []struct {
	name, format, ext string
}{
	{"text-baseline", "text", ".txt"},
	{"json-baseline", "json", ".json"},
	{"sarif-baseline", "sarif", ".sarif"},
}

func TestGoldenBaseline(t *testing.T) {
	for _, tc := range baselineGolden {
		t.Run(tc.name, func(t *testing.T) {
			got := write(t, tc.format, baselineResult(), Options{ToolVersion: "1.2.3"})
			if again := write(t, tc.format, baselineResult(), Options{ToolVersion: "1.2.3"}); !bytes.Equal(got, again) {
				t.Fatal("two renderings of the same result differ")
			}
			golden := filepath.Join("testdata", tc.name+tc.ext+".golden")
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

// The SARIF of a scan compared with a baseline validates against the
// SARIF 2.1.0 schema, and every result carries its baselineState: new and
// unchanged for findings, absent for the entries no longer found
// (appended after the findings, §3.27.24); the suppressed finding has a
// complete external suppression.
func TestSARIFBaselineState(t *testing.T) {
	res := baselineResult()
	out := write(t, "sarif", res, Options{ToolVersion: "1.2.3"})
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %#v", err)
	}
	checkSARIF(t, out, res)

	var log struct {
		Runs []struct {
			Results []struct {
				RuleID        string `json:"ruleId"`
				BaselineState string `json:"baselineState"`
				Suppressions  []struct {
					Kind, Status, Justification, GUID string
					Location                          struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine int }
						}
					}
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range log.Runs[0].Results {
		got = append(got, r.RuleID+":"+r.BaselineState)
	}
	want := "DF001:unchanged DC002:new KW003:new KW003:unchanged DF001:absent KW003:absent"
	if strings.Join(got, " ") != want {
		t.Errorf("baseline states %q, want %q", strings.Join(got, " "), want)
	}
	sup := log.Runs[0].Results[1].Suppressions
	if len(sup) != 1 || sup[0].Kind != "external" || sup[0].Status != "accepted" ||
		sup[0].Justification != "the CI runner needs the socket; isolated host" ||
		sup[0].Location.PhysicalLocation.ArtifactLocation.URI != ".stridelint.yaml" ||
		sup[0].Location.PhysicalLocation.Region.StartLine != 12 || len(sup[0].GUID) != 36 {
		t.Errorf("suppression %+v", sup)
	}
	for i, r := range log.Runs[0].Results {
		if i != 1 && len(r.Suppressions) != 0 {
			t.Errorf("result %d has suppressions", i)
		}
	}
}

// Without a baseline there is no baselineState at all.
func TestSARIFNoBaselineState(t *testing.T) {
	if out := write(t, "sarif", testResult(), Options{}); bytes.Contains(out, []byte("baselineState")) {
		t.Error("baselineState written for a scan without a baseline")
	}
}

// An absent entry of a rule the result does not describe still gets a
// descriptor its ruleIndex points at.
func TestSARIFAbsentUnknownRule(t *testing.T) {
	res := baselineResult()
	res.Absent = append(res.Absent, rules.Finding{RuleID: "XX999", Severity: rules.Low, Path: "gone.yaml",
		Range: parsers.Range{StartLine: 2}, Message: "m", Fingerprint: "0f", BaselineState: rules.BaselineAbsent})
	out := write(t, "sarif", res, Options{})
	if !bytes.Contains(out, []byte(`"id": "XX999"`)) {
		t.Error("no descriptor for the absent entry's rule")
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %#v", err)
	}
}

func TestTextHidesBaselineAndSuppressed(t *testing.T) {
	out := string(write(t, "text", baselineResult(), Options{}))
	for _, want := range []string{
		"1 new finding in 1 of 6 files (1 medium)",
		"2 findings in the baseline not shown",
		"1 finding suppressed (--show-suppressed to list)",
		"2 findings of the baseline no longer found",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	for _, hidden := range []string{"DF001", "DC002", "sidecar"} {
		if strings.Contains(out, hidden) {
			t.Errorf("text shows %s, which does not count:\n%s", hidden, out)
		}
	}
	if res := baselineResult(); res.CountAtLeast(rules.Info) != 1 {
		t.Errorf("CountAtLeast(info) = %d, want 1 (the new, unsuppressed finding)", res.CountAtLeast(rules.Info))
	}
}

func TestJSONBaseline(t *testing.T) {
	var doc struct {
		Summary struct {
			Findings   int `json:"findings"`
			Suppressed int `json:"suppressed"`
			Baseline   struct {
				New, Unchanged, Absent int
			} `json:"baseline"`
		} `json:"summary"`
		Findings []struct {
			BaselineState string `json:"baselineState"`
			Suppression   *struct {
				Kind, Justification, Path string
				Line                      int
			} `json:"suppressed"`
		} `json:"findings"`
		Absent []struct {
			Rule, BaselineState string
		} `json:"absent"`
	}
	if err := json.Unmarshal(write(t, "json", baselineResult(), Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Summary
	if s.Findings != 3 || s.Suppressed != 1 || s.Baseline.New != 2 || s.Baseline.Unchanged != 2 || s.Baseline.Absent != 2 {
		t.Errorf("summary %+v", s)
	}
	if sp := doc.Findings[1].Suppression; sp == nil || sp.Kind != "external" || sp.Path != ".stridelint.yaml" || sp.Line != 12 {
		t.Errorf("suppression %+v", sp)
	}
	if len(doc.Absent) != 2 || doc.Absent[0].BaselineState != "absent" || doc.Absent[0].Rule != "DF001" {
		t.Errorf("absent %+v", doc.Absent)
	}
}
