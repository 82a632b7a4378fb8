package dockerfile_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/rules/all"
)

// fixtureSecrets are the secret values written in the DF007 and DF008
// fixtures. No finding may show one: messages name the variable or file
// and at most a credential's public prefix.
var fixtureSecrets = []string{
	"hunter2", "changeme", "s3cr3t Pa55", "s3cr3t-Pa55", "Sup3rS3cret",
	"k8s-goat-cf658c56a501385205cc6d2dafee8fc1", "cf658c56a501385205cc6d2dafee8fc1",
	"ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d",
	"ghp_Qw3rTy8uI9oP0aS1dF2gH3jK4lZ5xC6vB7nM", "Qw3rTy8uI9oP0aS1dF2gH3jK4lZ5xC6vB7nM",
	"npm_SM9wCZ7Uw9xfogoEmvnEN5N1aE6PwZPf1Qh6", "SM9wCZ7Uw9xfogoEmvnEN5N1aE6PwZPf1Qh6",
	"AKIAUVW75EFR6EDT4SYW", "UVW75EFR6EDT4SYW",
	"glpat-CzJr4i0B3JrTAwR4y9oj", "CzJr4i0B3JrTAwR4y9oj",
	"9f8e7d6c5b4a39281706", "Zm9vYmFyYmF6cXV4", "k9Lm2Nq8Rt4Vw6Xy", "Str0ng!Passw0rd", "pypi-Pa55w0rd",
}

var wantComment = regexp.MustCompile(`\s*#\s*want:\s*[A-Za-z0-9, -]+?\s*$`)

func TestSecretFindingsNeverShowTheSecret(t *testing.T) {
	reg, err := all.Registry()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	for _, rule := range []string{"DF007", "DF008"} {
		dir := filepath.Join("..", "..", "testdata", "rules", rule)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			// Strip the fixtures' expectations, as the fixture harness does.
			lines := strings.Split(string(data), "\n")
			for i, l := range lines {
				lines[i] = wantComment.ReplaceAllString(l, "")
			}
			if err := os.WriteFile(filepath.Join(tmp, rule+"_"+e.Name()), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	res, err := analyzer.Run(context.Background(), analyzer.Options{
		Paths: []string{tmp}, BaseDir: tmp, Registry: reg, Enable: []string{"all"},
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Findings {
		if f.RuleID != "DF007" && f.RuleID != "DF008" {
			continue
		}
		n++
		t.Logf("%s:%d: %s %s", f.Path, f.Range.StartLine, f.RuleID, f.Message)
		for _, s := range fixtureSecrets {
			if strings.Contains(f.Message, s) || strings.Contains(f.Anchor, s) {
				t.Errorf("%s:%d: %s message shows secret %q: %s", f.Path, f.Range.StartLine, f.RuleID, s, f.Message)
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d DF007/DF008 findings over the fixtures; the test is not looking at them", n)
	}
}
