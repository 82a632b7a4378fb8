package all_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/rules/all"
)

// badPodsDir is BishopFox's badPods, a labelled set of deliberately bad pods
// in the shared corpus (not part of the repository: the test is skipped
// where the corpus is absent, as in CI).
const badPodsDir = "../../../shared/corpus/real-world/BishopFox__badPods/manifests"

// badPodsWeaknesses maps a badPods directory (the file name's prefix) to the
// rules its name promises, and to rules that must not fire.
var badPodsWeaknesses = map[string]struct{ want, not []string }{
	"priv":    {want: []string{"KW001"}, not: []string{"KW005", "KW006", "KW007", "KW010"}},
	"hostpid": {want: []string{"KW006"}, not: []string{"KW001", "KW005", "KW007", "KW010"}},
	// One hostipc DaemonSet also sets hostNetwork and hostPID.
	"hostipc":            {want: []string{"KW007"}, not: []string{"KW001", "KW010"}},
	"hostnetwork":        {want: []string{"KW005"}, not: []string{"KW001", "KW006", "KW007", "KW010"}},
	"hostpath":           {want: []string{"KW010", "KW012", "KW013"}, not: []string{"KW001", "KW005", "KW006", "KW007"}},
	"priv-and-hostpid":   {want: []string{"KW001", "KW006"}, not: []string{"KW005", "KW007", "KW010"}},
	"everything-allowed": {want: []string{"KW001", "KW005", "KW006", "KW007", "KW010", "KW012", "KW013"}},
	// Nothing special is allowed; the defaults (root, privilege escalation,
	// no seccomp) still are, and are reported.
	"nothing-allowed": {want: []string{"KW002", "KW003"}, not: []string{"KW001", "KW005", "KW006", "KW007", "KW010", "KW011", "KW012", "KW013", "KW014"}},
}

// TestBadPods: every badPods manifest is flagged for the weakness its name
// says, and not for the ones it does not have.
func TestBadPods(t *testing.T) {
	if _, err := os.Stat(badPodsDir); err != nil {
		t.Skip("BishopFox badPods corpus not present")
	}
	reg, err := all.Registry()
	if err != nil {
		t.Fatal(err)
	}
	res, err := analyzer.Run(context.Background(), analyzer.Options{Paths: []string{badPodsDir}, BaseDir: badPodsDir, Registry: reg, Enable: []string{"all"}})
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]string{}
	for _, f := range res.Findings {
		byFile[f.Path] = append(byFile[f.Path], f.RuleID)
	}
	files := 0
	for _, sf := range res.Files {
		variant := strings.SplitN(filepath.ToSlash(sf.Path), "/", 2)[0]
		w, ok := badPodsWeaknesses[variant]
		if !ok {
			t.Errorf("%s: no expectation for variant %q", sf.Path, variant)
			continue
		}
		files++
		got := byFile[sf.Path]
		for _, id := range w.want {
			if !slices.Contains(got, id) {
				t.Errorf("%s: %s not reported (got %v)", sf.Path, id, got)
			}
		}
		for _, id := range w.not {
			if slices.Contains(got, id) {
				t.Errorf("%s: %s reported, but the pod does not have that weakness", sf.Path, id)
			}
		}
	}
	if files < 70 {
		t.Errorf("only %d badPods manifests scanned", files)
	}
}
