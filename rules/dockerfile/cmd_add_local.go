package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var addLocalFiles = &rules.Rule{
	ID:       "DF013",
	Title:    "ADD used for local files",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `An ` + "`ADD`" + ` copies local files or directories that are not archives. ` + "`ADD`" + ` does more than
copy: it unpacks any local tar archive it is given, whatever its name, and it downloads URLs.
Used for plain files it hides that behaviour — a file that happens to be (or later becomes) a
tarball is extracted instead of copied, and a source that a variable turns into a URL is
fetched — and the reader cannot tell which was meant. ` + "`COPY`" + ` does only what it says.

Not flagged: local archives that ` + "`ADD`" + ` is meant to extract (` + "`.tar`" + `, ` + "`.tar.gz`" + `/` + "`.tgz`" + `,
` + "`.tar.bz2`" + `/` + "`.tbz2`" + `, ` + "`.tar.xz`" + `/` + "`.txz`" + `, ` + "`.tar.zst`" + `, ` + "`.tar.lz`" + `, ` + "`.tar.Z`" + ` and wildcards ending so),
remote URLs and Git sources (DF012), ` + "`ADD <<EOF`" + ` heredocs (inline text: nothing to extract or
fetch), and sources that a variable without a default decides (` + "`ADD ${ARTIFACT} /app/`" + `; but
` + "`ADD app-${VERSION}.jar /app/`" + ` is a jar whatever the version). An archive added with
` + "`--unpack=false`" + ` is a plain copy and is flagged.`,
	Remediation: `Use ` + "`COPY`" + ` for files and directories, and keep ` + "`ADD`" + ` for the archives you want unpacked:

` + "```dockerfile" + `
COPY app.py requirements.txt /app/
ADD rootfs.tar.xz /
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.9: Ensure that COPY is used instead of ADD in Dockerfiles", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: Building best practices (ADD or COPY)", URL: "https://docs.docker.com/build/building/best-practices/#add-or-copy"},
		{Title: "hadolint DL3020", URL: "https://github.com/hadolint/hadolint/wiki/DL3020"},
	},
	Check: onFile(checkAddLocal),
}

func checkAddLocal(p *rules.Pass, f *pdockerfile.File) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			add, ok := in.Command.(*instructions.AddCommand)
			if !ok {
				continue
			}
			noUnpack := add.Unpack != nil && !*add.Unpack
			var plain []string
			for _, src := range add.SourcePaths {
				v := s.ResolveAt(in, src)
				if remoteKind(v.Text) != "" || (!v.Known && strings.HasPrefix(v.Text, "$")) {
					continue // remote, or a variable decides what it is (maybe a URL)
				}
				archive, decided := isArchiveName(v.Text, v.Known)
				if !decided || (archive && !noUnpack) {
					continue
				}
				plain = append(plain, v.Text)
			}
			if len(plain) == 0 {
				continue
			}
			what := "local files that are not archives to extract"
			if noUnpack {
				what = "local files with --unpack=false"
			}
			p.Reportf(in.Range(), anchor(s, in)+":"+strings.Join(plain, " "),
				"ADD copies %s (%s): COPY does the same without ADD's archive extraction and URL downloads", strings.Join(quoteAll(plain, 3), ", "), what)
		}
	}
}

// archiveSuffixes are the names of the tar archives ADD extracts.
var archiveSuffixes = []string{
	".tar", ".tar.gz", ".tgz", ".taz", ".tar.bz2", ".tbz2", ".tbz", ".tb2", ".tar.xz", ".txz",
	".tar.zst", ".tzst", ".tar.lz", ".tar.lzma", ".tlz", ".tar.lz4", ".tar.z",
}

// compressedSuffixes end an archive name when what comes before is unknown
// ("${NAME}.gz" may well be "x.tar.gz").
var compressedSuffixes = []string{".gz", ".bz2", ".xz", ".zst", ".lz", ".lzma", ".lz4", ".z"}

// isArchiveName judges a source path by its name. When the path holds an
// unknown variable, only the literal text after the last variable counts,
// and decided is false when that text cannot tell.
func isArchiveName(path string, known bool) (archive, decided bool) {
	name := strings.ToLower(strings.TrimRight(path, "/"))
	if !known {
		tail := literalTail(name)
		if !strings.Contains(tail, ".") {
			return false, false
		}
		for _, suf := range append(archiveSuffixes, compressedSuffixes...) {
			if strings.HasSuffix(tail, suf) {
				return true, true
			}
		}
		return false, true
	}
	if strings.HasSuffix(path, "/") {
		return false, true
	}
	for _, suf := range archiveSuffixes {
		if strings.HasSuffix(name, suf) {
			return true, true
		}
	}
	return false, true
}

// literalTail is the text after the last variable reference ($X, ${X}).
func literalTail(s string) string {
	i := strings.LastIndexByte(s, '$')
	if i < 0 {
		return s
	}
	rest := s[i+1:]
	if strings.HasPrefix(rest, "{") {
		if j := strings.IndexByte(rest, '}'); j >= 0 {
			return rest[j+1:]
		}
		return ""
	}
	j := 0
	for j < len(rest) && (rest[j] == '_' || (rest[j] >= 'a' && rest[j] <= 'z') || (rest[j] >= '0' && rest[j] <= '9')) {
		j++
	}
	return rest[j:]
}

// quoteAll quotes up to limit items, with "…" for the rest.
func quoteAll(items []string, limit int) []string {
	var out []string
	for i, it := range items {
		if i == limit {
			out = append(out, "…")
			break
		}
		out = append(out, `"`+it+`"`)
	}
	return out
}
