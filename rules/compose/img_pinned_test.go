package compose_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/all"
)

// DC028 is medium for an untagged or latest image, low for a tag without
// a digest: the fixtures cannot say so, this test does.
func TestImageNotPinnedSeverity(t *testing.T) {
	dir := t.TempDir()
	compose := `services:
  a:
    image: redis
  b:
    image: nginx:latest
  c:
    image: postgres:16.2
  d:
    image: nginx:${TAG:-latest}
`
	if err := os.WriteFile(filepath.Join(dir, "compose.yaml"), []byte(compose), 0o644); err != nil {
		t.Fatal(err)
	}
	reg, err := all.Registry()
	if err != nil {
		t.Fatal(err)
	}
	res, err := analyzer.Run(context.Background(), analyzer.Options{
		Paths: []string{dir}, BaseDir: dir, Registry: reg, Enable: []string{"DC028"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]rules.Severity{3: rules.Medium, 5: rules.Medium, 7: rules.Low, 9: rules.Medium}
	got := map[int]rules.Severity{}
	for _, f := range res.Findings {
		if f.RuleID == "DC028" {
			got[f.Range.StartLine] = f.Severity
		}
	}
	for line, sev := range want {
		if got[line] != sev {
			t.Errorf("line %d: DC028 at %v, want %v", line, got[line], sev)
		}
	}
	if len(got) != len(want) {
		t.Errorf("findings on lines %v, want %v", got, want)
	}
}
