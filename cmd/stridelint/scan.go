package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/report"
	"github.com/stridelint/stridelint/rules"
)

type scanFlags struct {
	format   string
	output   string
	failOn   string
	exclude  []string
	enable   []string
	disable  []string
	noColor  bool
	quiet    bool
	target   string
	trusted  []string
	hostRoot string
	kind     string

	config        string
	noConfig      bool
	baseline      string
	writeBaseline string
	// changed reports whether a flag was given on the command line: those
	// win over the configuration file.
	changed func(name string) bool
	// showSuppressed lists suppressed findings in text output.
	showSuppressed bool
}

var failOnValues = analyzer.FailOnValues

func newScanCmd(stdout, stderr io.Writer) *cobra.Command {
	var fl scanFlags
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Scan files and directories (default: the current directory)",
		Long: `Scan walks the given paths (default ".") and analyses every Dockerfile, compose file,
daemon.json and Kubernetes manifest it finds. It skips .git, node_modules, vendor and what
.gitignore files say; files named on the command line are always scanned.

Files that cannot be parsed are reported with their line and do not stop the scan
(Dockerfile parse errors are findings of rule DF040).

A .stridelint.yaml in the scanned directory or the nearest parent that has one configures
the scan (docs/configuration.md; stridelint config init writes one); flags win over it.
With --baseline, only findings not in the baseline count.`,
		Example: `  stridelint scan
  stridelint scan deploy/ Dockerfile --fail-on high
  stridelint scan --format sarif --output stridelint.sarif
  stridelint scan --format github                  # annotations in a GitHub Actions job
  stridelint scan --format gitlab -o gl-code-quality-report.json
  stridelint scan --disable DF005 --exclude 'test/**'
  stridelint scan --write-baseline .stridelint-baseline.json
  stridelint scan --baseline .stridelint-baseline.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			fl.changed = cmd.Flags().Changed
			return runScan(cmd.Context(), args, fl, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&fl.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	f.StringVarP(&fl.output, "output", "o", "", "write the report to FILE instead of standard output")
	f.StringVar(&fl.failOn, "fail-on", "medium", "exit 1 when a finding is at or above this severity: "+strings.Join(failOnValues, ", "))
	addEngineFlags(cmd, &fl)
	f.BoolVar(&fl.noColor, "no-color", false, "never colour the text output")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print only findings and errors, no summary")
	f.StringVar(&fl.baseline, "baseline", "", "compare with the baseline FILE: only findings not in it count for the exit code and the text output")
	f.StringVar(&fl.writeBaseline, "write-baseline", "", "record the scan's findings in the baseline FILE (the scan then exits 0: every finding is in the baseline)")
	f.BoolVar(&fl.showSuppressed, "show-suppressed", false, "list the findings suppressed by ignore comments and annotations in text output (JSON and SARIF always carry them)")
	return cmd
}

func runScan(ctx context.Context, paths []string, fl scanFlags, stdout, stderr io.Writer) error {
	if fl.changed == nil {
		fl.changed = func(string) bool { return false }
	}
	if !slices.Contains(report.Formats, fl.format) {
		return usageError(fmt.Errorf("unknown --format %q (want %s)", fl.format, strings.Join(report.Formats, ", ")))
	}
	threshold, err := parseFailOn(fl.failOn)
	if err != nil {
		return usageError(err)
	}
	res, cfg, err := analyze(ctx, paths, fl)
	if err != nil {
		return err
	}
	if cfg != nil && cfg.FailOn != "" && !fl.changed("fail-on") {
		threshold, _ = analyzer.ParseFailOn(cfg.FailOn)
	}
	if fl.writeBaseline != "" {
		b := analyzer.NewBaseline(res)
		if err := b.WriteFile(fl.writeBaseline); err != nil {
			return &exitCode{code: exitError, err: err}
		}
		if !fl.quiet {
			fmt.Fprintf(stderr, "stridelint: wrote %s to the baseline %s\n", plural(len(b.Findings), "finding", "findings"), fl.writeBaseline)
		}
		if fl.baseline == "" {
			// The scan is now judged against the baseline just written.
			analyzer.ApplyBaseline(res, b, "")
		}
	}

	out := stdout
	var buf bytes.Buffer
	if fl.output != "" {
		out = &buf
	}
	opts := report.Options{
		ToolVersion: toolVersion(),
		Color:       fl.format == "text" && !fl.noColor && fl.output == "" && colorable(stdout),
		Quiet:       fl.quiet,
	}
	opts.ShowSuppressed = fl.showSuppressed
	if err := report.Write(out, fl.format, res, opts); err != nil {
		return &exitCode{code: exitError, err: err}
	}
	if fl.output != "" {
		if err := os.WriteFile(fl.output, buf.Bytes(), 0o644); err != nil {
			return &exitCode{code: exitError, err: err}
		}
	}

	return exitFor(res, threshold)
}

// addEngineFlags registers the flags that choose what is scanned and how:
// scan and report share them, and the engine options built from them
// (analyze).
func addEngineFlags(cmd *cobra.Command, fl *scanFlags) {
	f := cmd.Flags()
	// StringArray, not StringSlice: globs may contain commas ({a,b}).
	f.StringArrayVar(&fl.exclude, "exclude", nil, "skip paths matching this glob (doublestar syntax, repeatable)")
	f.StringSliceVar(&fl.enable, "enable", nil, "run a rule that is off by default (ID or glob such as 'KW*', repeatable)")
	f.StringSliceVar(&fl.disable, "disable", nil, "do not run a rule (ID or glob, repeatable)")
	f.StringVar(&fl.target, "target", "", "the Dockerfile stage that is the build's output (as docker build --target); default: the last stage")
	f.StringSliceVar(&fl.trusted, "trusted-registry", nil, "a registry images may come from, e.g. registry.example.com or *.example.com (repeatable); enables DF006")
	f.StringVar(&fl.hostRoot, "host-root", "", "read DIR as a host's / : /etc/docker, the docker and kube units, /etc/default/docker, /etc/environment … with their owner and mode (CIS Docker Benchmark §2–§4)")
	f.StringVar(&fl.kind, "kind", "", "read the files named on the command line as this kind ("+kindNames()+") whatever their names")
	f.StringVar(&fl.config, "config", "", "read the configuration from FILE instead of the "+analyzer.ConfigFileName+" found at the scanned directory or a parent")
	f.BoolVar(&fl.noConfig, "no-config", false, "read no configuration file")
}

// analyze runs the engine over paths as the flags and the configuration
// file say (flags given on the command line win over the file). Errors are
// exit codes (2).
func analyze(ctx context.Context, paths []string, fl scanFlags) (*rules.Result, *analyzer.Config, error) {
	if fl.changed == nil {
		fl.changed = func(string) bool { return false }
	}
	for _, p := range paths {
		if strings.TrimSpace(p) == "" {
			// An empty argument (an unset variable in a script) must not
			// silently mean the current directory.
			return nil, nil, usageError(fmt.Errorf("empty path argument"))
		}
	}
	reg, err := registry()
	if err != nil {
		return nil, nil, err
	}
	kind := parsers.Kind(fl.kind)
	if fl.kind != "" && !slices.Contains(parsers.Kinds, kind) {
		return nil, nil, usageError(fmt.Errorf("unknown --kind %q (want %s)", fl.kind, kindNames()))
	}
	cfg, err := loadConfig(paths, fl, reg)
	if err != nil {
		return nil, nil, usageError(err)
	}
	settings := rules.Settings{TrustedRegistries: fl.trusted, DockerfileTarget: fl.target}
	if cfg != nil {
		if cfg.TrustedRegistries != nil && !fl.changed("trusted-registry") {
			settings.TrustedRegistries = cfg.TrustedRegistries
		}
		if cfg.DockerfileTarget != "" && !fl.changed("target") {
			settings.DockerfileTarget = cfg.DockerfileTarget
		}
		settings.KubernetesDefaultNamespace = cfg.KubernetesDefaultNamespace
	}
	var baseline *analyzer.Baseline
	if fl.baseline != "" {
		if baseline, err = analyzer.ReadBaseline(fl.baseline); err != nil {
			return nil, nil, usageError(err)
		}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()

	res, err := analyzer.Run(ctx, analyzer.Options{
		Paths:    paths,
		Exclude:  fl.exclude,
		Enable:   fl.enable,
		Disable:  fl.disable,
		Registry: reg,
		Settings: settings,
		HostRoot: fl.hostRoot,
		Kind:     kind,
		Config:   cfg,
		Baseline: baseline,
	})
	if err != nil {
		return nil, nil, usageError(err)
	}
	return res, cfg, nil
}

// exitFor is the exit code of a finished scan: 2 on an internal error, 1
// for findings at or above threshold (0: never).
func exitFor(res *rules.Result, threshold rules.Severity) error {
	for _, e := range res.Errors {
		if e.Internal {
			return &exitCode{code: exitError, err: fmt.Errorf("%s: %s", e.Path, firstLine(e.Message))}
		}
	}
	// Suppressed findings never count (CountAtLeast skips them).
	if threshold != 0 && res.CountAtLeast(threshold) > 0 {
		return &exitCode{code: exitFindings}
	}
	return nil
}

func kindNames() string {
	names := make([]string, len(parsers.Kinds))
	for i, k := range parsers.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// parseFailOn reads --fail-on; "none" is severity 0 (never fail).
func parseFailOn(s string) (rules.Severity, error) {
	sev, err := analyzer.ParseFailOn(s)
	if err != nil {
		return 0, fmt.Errorf("unknown --fail-on %q (want %s)", s, strings.Join(failOnValues, ", "))
	}
	return sev, nil
}

// loadConfig reads the configuration file: the one --config names, else
// the .stridelint.yaml found at the scan's root or the nearest parent
// (none with --no-config). It returns nil when there is none.
func loadConfig(paths []string, fl scanFlags, reg *rules.Registry) (*analyzer.Config, error) {
	if fl.config != "" {
		if fl.noConfig {
			return nil, fmt.Errorf("--config and --no-config exclude each other")
		}
		return analyzer.LoadConfig(fl.config, fl.config, reg)
	}
	if fl.noConfig {
		return nil, nil
	}
	var root string
	var err error
	if len(paths) == 0 && fl.hostRoot != "" {
		root, err = os.Getwd() // not the host's tree: the user's project
	} else {
		root, err = analyzer.ScanRoot(paths)
	}
	if err != nil {
		return nil, err
	}
	file, err := analyzer.FindConfig(root)
	if err != nil || file == "" {
		return nil, err
	}
	return analyzer.LoadConfig(file, displayPath(file), reg)
}

// displayPath is an absolute path relative to the working directory when
// it is short that way ("../../.stridelint.yaml"), else as it is.
func displayPath(abs string) string {
	wd, err := os.Getwd()
	if err != nil {
		return abs
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil || strings.Count(rel, "..") > 3 {
		return abs
	}
	return rel
}

// plural is "1 finding" or "3 findings".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// colorable reports whether w is a terminal that wants colour: a character
// device, and NO_COLOR (https://no-color.org) not set.
func colorable(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
