package compose_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/all"
)

// fixtureSecrets are the secrets written in testdata/rules/DC029 (and the
// passwords inside its URLs): no output may show them.
var fixtureSecrets = []string{
	"s3cr3t-Pa55", "Tr0ub4dor-3", "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d",
	"AKIAZDOCIS2JHTLGMXGE", "Kq9-zW2x!mP4", "rootpw-Xy7", "changeme", "Ch4ngeMe-db",
	"W4t3rf4ll", "Wh1sper-9", "npm_KdNnFRIBXuDL7DxtpYlSXpfKtHF4vUCsMehG",
	"glpat-AkWvj7FAc9QeWJKY40uv", "Idx-Pw-77", "devOnly-Pw42", "r4bbit-Hole",
}

const dc029Fixtures = "../../testdata/rules/DC029"

func TestSecretFindingsNeverShowTheSecret(t *testing.T) {
	// The list must follow the fixtures: each secret is still written there.
	var text strings.Builder
	err := filepath.WalkDir(dc029Fixtures, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		text.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range fixtureSecrets {
		if !strings.Contains(text.String(), s) {
			t.Errorf("secret %q is no longer in the DC029 fixtures: update fixtureSecrets", s)
		}
	}

	reg, err := all.Registry()
	if err != nil {
		t.Fatal(err)
	}
	res, err := analyzer.Run(context.Background(), analyzer.Options{
		Paths:    []string{dc029Fixtures},
		BaseDir:  dc029Fixtures,
		Registry: reg,
		Enable:   []string{"all"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var dc029 int
	for _, f := range res.Findings {
		if f.RuleID == "DC029" {
			dc029++
		}
		shown := []string{f.Message, f.Anchor, f.Fingerprint}
		for _, r := range f.Related {
			shown = append(shown, r.Message)
		}
		for _, s := range fixtureSecrets {
			for _, out := range shown {
				if strings.Contains(out, s) {
					t.Errorf("%s:%d: %s shows secret %q: %s", f.Path, f.Range.StartLine, f.RuleID, s, out)
				}
			}
		}
	}
	for _, e := range res.Errors {
		for _, s := range fixtureSecrets {
			if strings.Contains(e.Message, s) {
				t.Errorf("%s:%d: error shows secret %q: %s", e.Path, e.Line, s, e.Message)
			}
		}
	}
	if dc029 == 0 {
		t.Fatal("no DC029 finding in its fixtures")
	}
	checkSeverities(t, res.Findings)
}

func checkSeverities(t *testing.T, fs []rules.Finding) {
	t.Helper()
	for _, f := range fs {
		if f.RuleID == "DC029" && f.Severity != rules.High {
			t.Errorf("%s:%d: DC029 at %v, want high", f.Path, f.Range.StartLine, f.Severity)
		}
	}
}
