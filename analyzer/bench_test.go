package analyzer_test

import (
	"os"
	"testing"
)

// corpus is the shared real-world corpus (1,123 files from 15 public
// repositories), present beside the repository in the workplace.
const corpus = "../../shared/corpus/real-world"

// BenchmarkScanCorpus measures a whole scan — discovery, reading,
// parsing, every rule — of the real-world corpus:
//
//	go test ./analyzer -run '^$' -bench ScanCorpus -benchmem
func BenchmarkScanCorpus(b *testing.B) {
	if _, err := os.Stat(corpus); err != nil {
		b.Skipf("corpus not found at %s: %v", corpus, err)
	}
	for b.Loop() {
		res := scan(b, corpus, 0)
		if len(res.Files) < 1000 {
			b.Fatalf("only %d files scanned", len(res.Files))
		}
	}
}

// BenchmarkScanExamples measures a scan of the small example repository.
func BenchmarkScanExamples(b *testing.B) {
	for b.Loop() {
		scan(b, "../testdata/examples", 0)
	}
}
