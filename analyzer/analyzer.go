// Package analyzer is the engine: it discovers the files to scan, reads and
// parses each once on a bounded worker pool, runs every rule for the file's
// kind, then the cross-file rules, and returns a deterministic Result.
package analyzer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// Options configure a scan.
type Options struct {
	// Paths are the files and directories to scan; empty means ".".
	Paths []string
	// BaseDir is the directory reported paths are relative to (default:
	// the working directory).
	BaseDir string
	// Exclude are doublestar globs of paths not to scan.
	Exclude []string
	// Enable and Disable select rules by ID or glob (see Registry.Select).
	Enable, Disable []string
	// Registry is the set of rules to choose from.
	Registry *rules.Registry
	// Workers bounds parallelism (default GOMAXPROCS).
	Workers int
	// MaxFileSize is the largest file read (default 8 MiB).
	MaxFileSize int64
	// Settings are handed to every rule.
	Settings rules.Settings
	// HostRoot is a directory to read as a host's "/" (--host-root): the
	// Docker daemon's configuration, units, environment files and key
	// material with their real owner and mode, and the node's Kubernetes
	// manifests. Paths are then optional.
	HostRoot string
	// Kind forces the kind of the files named in Paths (--kind daemon).
	Kind parsers.Kind
	// Config is the project's configuration file, when there is one: its
	// rule selection comes before Enable and Disable, its excludes are
	// added to Exclude, its severities override the rules' and its ignore
	// entries suppress findings. Settings are not read from it (the caller
	// merges them with its flags).
	Config *Config
	// Baseline, when set, marks every finding new or unchanged and lists
	// the entries no longer found in Result.Absent.
	Baseline *Baseline
}

// UsageError is an error in the options (an unknown rule, a bad path):
// the CLI exits 2 with it.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Run scans and returns the result. Files that fail to parse are reported
// in Result.Errors, never as an error of Run; Run fails only for bad
// options or paths that do not exist.
func Run(ctx context.Context, opts Options) (*rules.Result, error) {
	if opts.Registry == nil {
		return nil, fmt.Errorf("analyzer: no rule registry")
	}
	cfg := opts.Config
	if cfg == nil {
		cfg = &Config{}
	}
	selected, err := opts.Registry.SelectLayers(
		rules.Selection{Enable: cfg.Enable, Disable: cfg.Disable},
		rules.Selection{Enable: opts.Enable, Disable: opts.Disable})
	if err != nil {
		return nil, &UsageError{err}
	}
	selected = withSeverities(selected, cfg.Severity)
	base := opts.BaseDir
	if base == "" {
		if base, err = os.Getwd(); err != nil {
			return nil, fmt.Errorf("cannot determine the working directory: %w", err)
		}
	}
	if base, err = filepath.Abs(base); err != nil {
		return nil, err
	}
	var cands []Candidate
	var skipped []Skipped
	if opts.HostRoot == "" || len(opts.Paths) > 0 {
		cands, skipped, err = Discover(DiscoverOptions{
			Paths: opts.Paths, BaseDir: base, Exclude: opts.Exclude, MaxFileSize: opts.MaxFileSize, Config: opts.Config,
		})
		if err != nil {
			return nil, &UsageError{err}
		}
		if opts.Kind != "" {
			for i := range cands {
				if cands[i].Explicit {
					cands[i].Kind = opts.Kind
				}
			}
		}
	}
	if opts.HostRoot != "" {
		max := opts.MaxFileSize
		if max == 0 {
			max = DefaultMaxFileSize
		}
		hc, hs, err := discoverHost(opts.HostRoot, base, max)
		if err != nil {
			return nil, &UsageError{err}
		}
		cands = mergeCandidates(cands, hc)
		skipped = append(skipped, hs...)
	}

	e := newEngine(selected, &opts.Settings)
	res := &rules.Result{Rules: selected}
	for _, s := range skipped {
		res.Errors = append(res.Errors, rules.FileError{Path: s.Path, Message: "not scanned: " + s.Reason})
	}

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([]fileResult, len(cands))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = e.scanFile(cands[i])
			}
		}()
	}
feed:
	for i := range cands {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// results is indexed like cands (sorted by path), so everything below
	// is in a fixed order whatever order the workers finished in.
	var parsed []rules.File
	data := map[string][]byte{}
	files := map[string]parsedFile{}
	for _, fr := range results {
		if fr.source == nil {
			continue
		}
		res.Files = append(res.Files, rules.ScannedFile{Path: fr.source.Path, Kind: fr.source.Kind})
		data[fr.source.Path] = fr.source.Data
		files[fr.source.Path] = parsedFile{src: fr.source, doc: fr.doc}
		res.Findings = append(res.Findings, fr.findings...)
		res.Errors = append(res.Errors, fr.errors...)
		if fr.doc != nil {
			parsed = append(parsed, rules.File{Source: fr.source, Doc: fr.doc})
		}
	}
	findings, errs := e.runProject(parsed)
	res.Findings = append(res.Findings, findings...)
	res.Errors = append(res.Errors, errs...)
	res.Scopes, errs = e.scopes(selected, parsed)
	res.Errors = append(res.Errors, errs...)

	for i := range res.Findings {
		if sev, ok := cfg.Severity[res.Findings[i].RuleID]; ok {
			res.Findings[i].Severity = sev
		}
	}
	finish(res, data)
	// Ignore comments and annotations first (the most specific), then
	// the configuration's per-path ignores for what they left.
	suppress(res.Findings, files)
	suppressByConfig(res, cfg, base)
	if opts.Baseline != nil {
		ApplyBaseline(res, opts.Baseline, base)
	}
	return res, nil
}

// withSeverities returns the rules with the configuration's severities: a
// copy of each rule whose severity is overridden, so that what describes
// the rule (SARIF's rule objects) agrees with its findings.
func withSeverities(selected []*rules.Rule, sev map[string]rules.Severity) []*rules.Rule {
	if len(sev) == 0 {
		return selected
	}
	out := slices.Clone(selected)
	for i, r := range out {
		if s, ok := sev[r.ID]; ok && s != r.Severity {
			c := *r
			c.Severity = s
			out[i] = &c
		}
	}
	return out
}

// suppressByConfig applies the configuration's ignore entries: a finding
// they cover (and no ignore comment already does) is suppressed, kind
// external, with the entry's reason and place.
func suppressByConfig(res *rules.Result, cfg *Config, base string) {
	if len(cfg.Ignore) == 0 {
		return
	}
	where := cfg.Path
	if cfg.File != "" {
		where = displayFrom(base, cfg.File)
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Suppression != nil || f.Path == "" {
			continue
		}
		rel, ok := cfg.relToConfig(base, f.Path)
		if !ok {
			continue
		}
		if ig := cfg.ignoreFor(f.RuleID, rel); ig != nil {
			f.Suppression = &rules.Suppression{
				Kind:          rules.External,
				Justification: ig.Reason,
				Path:          where,
				Range:         parsers.Range{StartLine: ig.Line, StartCol: ig.Col},
			}
		}
	}
}

// displayFrom is an absolute path as a display path, as Discover makes
// them: relative to base, else absolute.
func displayFrom(base, abs string) string {
	if rel, err := filepath.Rel(base, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

type engine struct {
	byKind   map[parsers.Kind][]*rules.Rule
	project  []*rules.Rule
	settings *rules.Settings
}

func newEngine(selected []*rules.Rule, settings *rules.Settings) *engine {
	e := &engine{byKind: map[parsers.Kind][]*rules.Rule{}, settings: settings}
	for _, r := range selected {
		if r.CheckProject != nil {
			e.project = append(e.project, r)
		}
		if r.Check != nil {
			e.byKind[r.Kind] = append(e.byKind[r.Kind], r)
		}
	}
	return e
}

type fileResult struct {
	source   *parsers.Source // nil when the file is not one stridelint reads
	doc      any
	findings []rules.Finding
	errors   []rules.FileError
}

// scanFile reads, classifies, parses and checks one file.
func (e *engine) scanFile(c Candidate) (fr fileResult) {
	data, err := os.ReadFile(c.DiskPath)
	if err != nil {
		return fileResult{source: &parsers.Source{Path: c.Path}, errors: []rules.FileError{{Path: c.Path, Message: "cannot read: " + err.Error()}}}
	}
	kind, ok := c.Kind, c.Kind != ""
	if !ok {
		kind, ok = Classify(c.Path, data)
	}
	if !ok && c.HostPath != "" {
		kind, ok = Classify(c.HostPath, data)
	}
	if !ok {
		return fileResult{}
	}
	src := &parsers.Source{Path: c.Path, DiskPath: c.DiskPath, Kind: kind, Data: data, Info: c.Info, HostPath: c.HostPath}
	fr.source = src

	doc, diags, perr := parse(src)
	if perr != nil {
		fr.errors = append(fr.errors, rules.FileError{Path: src.Path, Message: perr.Error(), Internal: true})
	}
	byRule := slices.ContainsFunc(e.byKind[kind], func(r *rules.Rule) bool { return r.ParseErrors })
	if !byRule {
		for _, d := range diags {
			fr.errors = append(fr.errors, rules.FileError{Path: src.Path, Line: d.Line, Col: d.Col, Message: d.Message})
		}
	}
	if doc != nil {
		fr.doc = doc
	}
	for _, r := range slices.Concat(e.byKind[kind], e.byKind[parsers.KindAny]) {
		if doc == nil && !r.ParseErrors && r.Kind != parsers.KindAny {
			continue
		}
		pass := rules.NewPass(r, src, doc, e.settings, func(f rules.Finding) { fr.findings = append(fr.findings, f) })
		pass.Diagnostics = diags
		if err := runRule(func() { r.Check(pass) }); err != nil {
			fr.errors = append(fr.errors, rules.FileError{Path: src.Path, Internal: true,
				Message: fmt.Sprintf("internal error in rule %s: %v", r.ID, err)})
		}
	}
	return fr
}

// mergeCandidates adds the host files to the walked ones (a host file wins:
// it carries its host path), keeping the order by path.
func mergeCandidates(walked, host []Candidate) []Candidate {
	byDisk := map[string]bool{}
	for _, h := range host {
		byDisk[h.DiskPath] = true
	}
	out := slices.Clone(host)
	for _, w := range walked {
		if abs, err := filepath.EvalSymlinks(w.DiskPath); err != nil || !byDisk[abs] {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, func(a, b Candidate) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// runProject runs the cross-file rules over every parsed file (of every
// kind: a compose rule may need the Dockerfiles a service builds). A rule
// runs when at least one file of its own kind was parsed.
func (e *engine) runProject(files []rules.File) ([]rules.Finding, []rules.FileError) {
	var findings []rules.Finding
	var errs []rules.FileError
	memo := map[string]any{}
	for _, r := range e.project {
		if !slices.ContainsFunc(files, func(f rules.File) bool {
			return f.Source.Kind == r.Kind || slices.Contains(r.Reads, f.Source.Kind)
		}) {
			continue
		}
		if err := runRule(func() {
			r.CheckProject(rules.NewProjectPass(r, files, e.settings, memo, func(f rules.Finding) { findings = append(findings, f) }))
		}); err != nil {
			errs = append(errs, rules.FileError{Internal: true, Message: fmt.Sprintf("internal error in rule %s: %v", r.ID, err)})
		}
	}
	return findings, errs
}

// runRule runs a check and turns a panic into an error, so that one broken
// rule costs its findings for one file, not the scan.
func runRule(fn func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v\n%s", p, debug.Stack())
		}
	}()
	fn()
	return nil
}

// finish fingerprints, sorts and deduplicates. data holds every scanned
// file's bytes, for the line text fingerprints are computed from.
func finish(res *rules.Result, data map[string][]byte) {
	slices.SortFunc(res.Findings, rules.Compare)
	res.Findings = slices.CompactFunc(res.Findings, func(a, b rules.Finding) bool {
		return rules.Compare(a, b) == 0 && a.Severity == b.Severity
	})
	seen := map[string]int{}
	lines := map[string][][]byte{} // each file's lines, split once
	for i := range res.Findings {
		f := &res.Findings[i]
		ls, ok := lines[f.Path]
		if !ok {
			ls = bytes.Split(data[f.Path], []byte("\n"))
			lines[f.Path] = ls
		}
		key := fingerprintKey(f, ls)
		seen[key]++
		if n := seen[key]; n > 1 {
			key += fmt.Sprintf("\x00%d", n)
		}
		sum := sha256.Sum256([]byte(key))
		f.Fingerprint = hex.EncodeToString(sum[:16])
	}
	slices.SortFunc(res.Errors, rules.CompareErrors)
	res.Errors = slices.Compact(res.Errors)
	slices.SortFunc(res.Files, func(a, b rules.ScannedFile) int { return strings.Compare(a.Path, b.Path) })
}

// fingerprintKey identifies a finding by what it is about — rule, file,
// anchor and the text of its line — never by line number, so that the
// fingerprint survives edits elsewhere in the file.
func fingerprintKey(f *rules.Finding, lines [][]byte) string {
	line := ""
	if n := f.Range.StartLine; n >= 1 && n <= len(lines) {
		line = strings.Join(strings.Fields(string(lines[n-1])), " ")
	}
	if f.SecretLine {
		// Never hash a secret: a short password could be recovered from
		// its fingerprint by trying every candidate.
		line = ""
	}
	return strings.Join([]string{f.RuleID, f.Path, f.Anchor, line}, "\x00")
}
