package analyzer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/stridelint/stridelint/parsers"
)

// DefaultMaxFileSize is the size above which Discover does not offer a file
// for reading when DiscoverOptions.MaxFileSize is zero.
const DefaultMaxFileSize int64 = 8 << 20

// DiscoverOptions says what Discover walks.
type DiscoverOptions struct {
	// Paths are the files and directories to scan; empty means ".".
	Paths []string
	// BaseDir is the directory display paths are relative to (default: the
	// working directory). A file outside it gets a relative path starting
	// with "../", or its absolute path when no relative path exists.
	BaseDir string
	// Exclude holds doublestar globs. Each is matched against a file's
	// display path and against its path relative to the walked root; a
	// pattern without a "/" also matches the base name alone (so "*.json"
	// excludes JSON files at any depth). A matching directory is skipped
	// whole. Excludes apply to files named explicitly too.
	Exclude []string
	// MaxFileSize: larger files are not offered for reading but reported as
	// Skipped. Zero means DefaultMaxFileSize; a negative value means no limit.
	MaxFileSize int64
	// Config adds the exclude patterns of a configuration file, matched
	// against paths relative to the file's directory (files outside it are
	// not affected).
	Config *Config
}

// Candidate is a file worth reading.
type Candidate struct {
	// Path is the display path (slash separated).
	Path string
	// DiskPath is the path to open the file with.
	DiskPath string
	// Info describes the file (for a symbolic link: the file it points to).
	Info fs.FileInfo
	// Explicit is set when the file was named on the command line.
	Explicit bool
	// Kind, when set, is the file's kind decided by where it was found
	// (--host-root) or by --kind; otherwise the file is classified.
	Kind parsers.Kind
	// HostPath is the file's path on the host in --host-root mode.
	HostPath string
}

// Skipped is a file or directory Discover saw but will not offer, with the
// reason a user may want to know.
type Skipped struct {
	Path   string
	Reason string
}

// skipDirNames are directories never walked into (they may still be walked
// when named as a path argument).
var skipDirNames = map[string]bool{
	".git":         true,
	".hg":          true,
	".svn":         true,
	"node_modules": true,
	"vendor":       true,
}

// ignoredFileNames are YAML/JSON files Discover does not offer when walking
// because they are never configuration stridelint reads, and can be large.
var ignoredFileNames = map[string]bool{
	"package-lock.json":   true,
	"npm-shrinkwrap.json": true,
	"pnpm-lock.yaml":      true,
}

// Discover walks opts.Paths and returns the files worth reading, sorted by
// Path, each file once even when it is reached several times.
//
// While walking a directory it offers only files whose name could hold
// something stridelint reads (a name Classify recognises, or a .yaml, .yml or
// .json extension); it does not read them. It skips .git, .hg, .svn,
// node_modules and vendor directories, files ignored by .gitignore files
// (and by .git/info/exclude of a walked root), Helm chart templates, files
// matching opts.Exclude and anything that is not a regular file. A symbolic
// link is offered, under its own path, only when it resolves to a regular
// file inside the walked root; links to directories are not followed.
//
// A file named in opts.Paths is always offered (whatever its name, even when
// ignored by .gitignore) unless opts.Exclude matches it, it is too large,
// not a regular file, or a Helm template.
//
// The error reports path arguments that do not exist or cannot be read (or
// an invalid Exclude pattern); everything else found underway is reported in
// the Skipped list. The candidates found for the other arguments are
// returned along with the error.
func Discover(opts DiscoverOptions) ([]Candidate, []Skipped, error) {
	w, err := newWalker(opts)
	if err != nil {
		return nil, nil, err
	}
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var errs []error
	for _, p := range paths {
		if err := w.addArg(p); err != nil {
			errs = append(errs, err)
		}
	}
	return w.results(), w.skippedList(), errors.Join(errs...)
}

type walker struct {
	base    string // absolute BaseDir
	exclude []string
	config  *Config
	maxSize int64

	cands   map[string]*candidate // by identity (the file's real path)
	skipped map[string]string     // display path → reason
}

type candidate struct {
	Candidate
	viaLink bool // reached through a symbolic link
}

// walkRoot is a directory named as a path argument.
type walkRoot struct {
	disk    string // the argument as given, cleaned: prefix of disk paths
	display string // display path of the root
	real    string // the root with every symbolic link resolved
}

func newWalker(opts DiscoverOptions) (*walker, error) {
	base := opts.BaseDir
	if base == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("cannot determine the working directory: %w", err)
		}
		base = wd
	}
	base, err := filepath.Abs(filepath.FromSlash(base))
	if err != nil {
		return nil, fmt.Errorf("base directory %s: %w", opts.BaseDir, err)
	}
	for _, p := range opts.Exclude {
		if !doublestar.ValidatePattern(p) {
			return nil, fmt.Errorf("invalid exclude pattern %q", p)
		}
	}
	maxSize := opts.MaxFileSize
	if maxSize == 0 {
		maxSize = DefaultMaxFileSize
	}
	return &walker{
		base:    base,
		exclude: opts.Exclude,
		config:  opts.Config,
		maxSize: maxSize,
		cands:   map[string]*candidate{},
		skipped: map[string]string{},
	}, nil
}

// displayPath turns an absolute path into a display path.
func (w *walker) displayPath(abs string) string {
	rel, err := filepath.Rel(w.base, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// excluded reports whether an exclude pattern matches one of the paths (all
// slash separated). Patterns without a slash also match the base name.
func (w *walker) excluded(paths ...string) bool {
	for _, pat := range w.exclude {
		for _, p := range paths {
			if ok, _ := doublestar.Match(pat, p); ok {
				return true
			}
		}
		if !strings.Contains(pat, "/") && len(paths) > 0 {
			if ok, _ := doublestar.Match(pat, path.Base(paths[0])); ok {
				return true
			}
		}
	}
	if w.config != nil && len(w.config.Exclude) > 0 && len(paths) > 0 {
		if rel, ok := w.config.relToConfig(w.base, paths[0]); ok {
			for _, pat := range w.config.Exclude {
				if matchConfigPattern(pat, rel) {
					return true
				}
			}
		}
	}
	return false
}

func (w *walker) skip(display, reason string) {
	if _, ok := w.skipped[display]; !ok {
		w.skipped[display] = reason
	}
}

func (w *walker) tooLarge(display string, size int64) bool {
	if w.maxSize < 0 || size <= w.maxSize {
		return false
	}
	w.skip(display, fmt.Sprintf("file is larger than the %s limit (%d bytes)", formatSize(w.maxSize), size))
	return true
}

func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// add records a candidate, merging it with one for the same file.
func (w *walker) add(key string, c candidate) {
	old, ok := w.cands[key]
	if !ok {
		w.cands[key] = &c
		return
	}
	explicit := old.Explicit || c.Explicit
	if better(c, *old) {
		*old = c
	}
	old.Explicit = explicit
}

// better says which of two paths to the same file to keep: the one named on
// the command line, then one not through a symbolic link, then the smaller
// display path.
func better(a, b candidate) bool {
	if a.Explicit != b.Explicit {
		return a.Explicit
	}
	if a.viaLink != b.viaLink {
		return !a.viaLink
	}
	return a.Path < b.Path
}

func (w *walker) results() []Candidate {
	out := make([]Candidate, 0, len(w.cands))
	for _, c := range w.cands {
		out = append(out, c.Candidate)
	}
	slices.SortFunc(out, func(a, b Candidate) int { return strings.Compare(a.Path, b.Path) })
	return out
}

func (w *walker) skippedList() []Skipped {
	out := make([]Skipped, 0, len(w.skipped))
	for p, r := range w.skipped {
		out = append(out, Skipped{Path: p, Reason: r})
	}
	slices.SortFunc(out, func(a, b Skipped) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// addArg handles one path argument.
func (w *walker) addArg(arg string) error {
	disk := filepath.Clean(filepath.FromSlash(arg))
	info, err := os.Stat(disk)
	if err != nil {
		return fmt.Errorf("%s: %w", arg, unwrapPathError(err))
	}
	abs, err := filepath.Abs(disk)
	if err != nil {
		return fmt.Errorf("%s: %w", arg, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return fmt.Errorf("%s: %w", arg, unwrapPathError(err))
	}
	display := w.displayPath(abs)
	if info.IsDir() {
		if inHelmTemplates(real) {
			w.skip(display, "Helm chart templates: not plain YAML (render them with helm template and scan the output)")
			return nil
		}
		root := &walkRoot{disk: disk, display: display, real: real}
		return w.walkTop(root, arg)
	}
	return w.addExplicitFile(arg, disk, display, real, info)
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (w *walker) addExplicitFile(arg, disk, display, real string, info fs.FileInfo) error {
	if w.excluded(display, path.Base(display)) {
		return nil
	}
	if !info.Mode().IsRegular() {
		w.skip(display, "not a regular file")
		return nil
	}
	if strings.EqualFold(filepath.Ext(disk), ".tpl") {
		w.skip(display, "Helm template (.tpl): not plain YAML")
		return nil
	}
	if inHelmTemplates(filepath.Dir(real)) {
		w.skip(display, "Helm chart template: not plain YAML (render it with helm template and scan the output)")
		return nil
	}
	if w.tooLarge(display, info.Size()) {
		return nil
	}
	f, err := os.Open(disk)
	if err != nil {
		return fmt.Errorf("%s: %w", arg, unwrapPathError(err))
	}
	f.Close()
	w.add(real, candidate{Candidate: Candidate{Path: display, DiskPath: disk, Info: info, Explicit: true}})
	return nil
}

// inHelmTemplates reports whether dir is, or lies under, a directory named
// "templates" whose parent directory holds a Chart.yaml.
func inHelmTemplates(dir string) bool {
	for {
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		if filepath.Base(dir) == "templates" && isRegularFile(filepath.Join(parent, "Chart.yaml")) {
			return true
		}
		dir = parent
	}
}

func isRegularFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// walkTop walks a directory named as a path argument.
func (w *walker) walkTop(root *walkRoot, arg string) error {
	entries, err := os.ReadDir(root.disk)
	if err != nil && len(entries) == 0 {
		return fmt.Errorf("%s: %w", arg, unwrapPathError(err))
	}
	var patterns []gitignore.Pattern
	if data, err := os.ReadFile(filepath.Join(root.disk, ".git", "info", "exclude")); err == nil {
		patterns = appendIgnorePatterns(patterns, data, nil)
	}
	w.walkEntries(root, "", entries, patterns)
	if err != nil {
		w.skip(root.display, "directory only partly read: "+err.Error())
	}
	return nil
}

// walkDir walks the directory at rel (slash separated, relative to the root).
func (w *walker) walkDir(root *walkRoot, rel string, patterns []gitignore.Pattern) {
	entries, err := os.ReadDir(filepath.Join(root.disk, filepath.FromSlash(rel)))
	if err != nil {
		w.skip(joinDisplay(root.display, rel), "cannot read directory: "+unwrapPathError(err).Error())
		if len(entries) == 0 {
			return
		}
	}
	w.walkEntries(root, rel, entries, patterns)
}

func (w *walker) walkEntries(root *walkRoot, rel string, entries []os.DirEntry, patterns []gitignore.Pattern) {
	dirDisk := filepath.Join(root.disk, filepath.FromSlash(rel))
	var domain []string
	if rel != "" {
		domain = strings.Split(rel, "/")
	}
	hasChart := false
	for _, e := range entries {
		switch e.Name() {
		case ".gitignore":
			if e.Type().IsRegular() {
				if data, err := os.ReadFile(filepath.Join(dirDisk, ".gitignore")); err == nil {
					// Cap the slice so that siblings do not share appends.
					patterns = appendIgnorePatterns(patterns[:len(patterns):len(patterns)], data, domain)
				}
			}
		case "Chart.yaml":
			hasChart = e.Type().IsRegular()
		}
	}
	matcher := gitignore.NewMatcher(patterns)

	for _, e := range entries {
		name := e.Name()
		childRel := name
		if rel != "" {
			childRel = rel + "/" + name
		}
		typ := e.Type()
		switch {
		case typ.IsDir():
			if skipDirNames[name] || (hasChart && name == "templates") {
				continue
			}
			display := joinDisplay(root.display, childRel)
			if w.excluded(display, childRel) {
				continue
			}
			if len(patterns) > 0 && matcher.Match(append(domain[:len(domain):len(domain)], name), true) {
				continue
			}
			w.walkDir(root, childRel, patterns)

		case typ.IsRegular(), typ&fs.ModeSymlink != 0:
			display := joinDisplay(root.display, childRel)
			if !interestingName(name) && !interestingPath(display) {
				continue
			}
			if w.excluded(display, childRel) {
				continue
			}
			if len(patterns) > 0 && matcher.Match(append(domain[:len(domain):len(domain)], name), false) {
				continue
			}
			disk := filepath.Join(dirDisk, name)
			if typ.IsRegular() {
				info, err := e.Info()
				if err != nil || !info.Mode().IsRegular() {
					continue // vanished or replaced meanwhile
				}
				if w.tooLarge(display, info.Size()) {
					continue
				}
				real := filepath.Join(root.real, filepath.FromSlash(childRel))
				w.add(real, candidate{Candidate: Candidate{Path: display, DiskPath: disk, Info: info}})
				continue
			}
			w.addLink(root, display, disk)
		}
		// Anything else (sockets, devices, named pipes) is skipped.
	}
}

// addLink offers a symbolic link found while walking when it resolves to a
// regular file inside the walked root.
func (w *walker) addLink(root *walkRoot, display, disk string) {
	real, err := filepath.EvalSymlinks(disk)
	if err != nil {
		return // dangling, a loop, or unreadable
	}
	if !within(root.real, real) {
		return
	}
	info, err := os.Stat(real)
	if err != nil || !info.Mode().IsRegular() {
		return // directories are walked (if inside the root) under their own path
	}
	if w.tooLarge(display, info.Size()) {
		return
	}
	w.add(real, candidate{Candidate: Candidate{Path: display, DiskPath: disk, Info: info}, viaLink: true})
}

// within reports whether p lies inside (or is) dir; both are clean absolute
// paths.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel))
}

func joinDisplay(rootDisplay, rel string) string {
	if rel == "" {
		return rootDisplay
	}
	if rootDisplay == "." || rootDisplay == "" {
		return rel
	}
	return path.Join(rootDisplay, rel)
}

// appendIgnorePatterns parses the lines of a .gitignore (or info/exclude)
// file that lives in the directory domain (relative to the walked root).
func appendIgnorePatterns(ps []gitignore.Pattern, data []byte, domain []string) []gitignore.Pattern {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps
}

// interestingPath reports whether a file's place makes it one stridelint
// reads (a unit under docker.service.d, a workflow under .github).
func interestingPath(display string) bool {
	_, ok := kindByPath(strings.ToLower(display))
	return ok
}

// interestingName reports whether a file met while walking may hold
// something stridelint reads, judging by its name alone.
func interestingName(name string) bool {
	lower := strings.ToLower(name)
	if _, ok := kindByName(lower); ok {
		return true
	}
	if ignoredFileNames[lower] {
		return false
	}
	switch path.Ext(lower) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}
