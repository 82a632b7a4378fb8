package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
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
	// showSuppressed lists suppressed findings in text output.
	showSuppressed bool
}

var failOnValues = []string{"critical", "high", "medium", "low", "info", "none"}

func newScanCmd(stdout, stderr io.Writer) *cobra.Command {
	var fl scanFlags
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Scan files and directories (default: the current directory)",
		Long: `Scan walks the given paths (default ".") and analyses every Dockerfile, compose file,
daemon.json and Kubernetes manifest it finds. It skips .git, node_modules, vendor and what
.gitignore files say; files named on the command line are always scanned.

Files that cannot be parsed are reported with their line and do not stop the scan
(Dockerfile parse errors are findings of rule DF040).`,
		Example: `  stridelint scan
  stridelint scan deploy/ Dockerfile --fail-on high
  stridelint scan --format sarif --output stridelint.sarif
  stridelint scan --disable DF005 --exclude 'test/**'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd.Context(), args, fl, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&fl.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	f.StringVarP(&fl.output, "output", "o", "", "write the report to FILE instead of standard output")
	f.StringVar(&fl.failOn, "fail-on", "medium", "exit 1 when a finding is at or above this severity: "+strings.Join(failOnValues, ", "))
	// StringArray, not StringSlice: globs may contain commas ({a,b}).
	f.StringArrayVar(&fl.exclude, "exclude", nil, "skip paths matching this glob (doublestar syntax, repeatable)")
	f.StringSliceVar(&fl.enable, "enable", nil, "run a rule that is off by default (ID or glob such as 'KW*', repeatable)")
	f.StringSliceVar(&fl.disable, "disable", nil, "do not run a rule (ID or glob, repeatable)")
	f.StringVar(&fl.target, "target", "", "the Dockerfile stage that is the build's output (as docker build --target); default: the last stage")
	f.StringSliceVar(&fl.trusted, "trusted-registry", nil, "a registry images may come from, e.g. registry.example.com or *.example.com (repeatable); enables DF006")
	f.StringVar(&fl.hostRoot, "host-root", "", "read DIR as a host's / : /etc/docker, the docker and kube units, /etc/default/docker, /etc/environment … with their owner and mode (CIS Docker Benchmark §2–§4)")
	f.StringVar(&fl.kind, "kind", "", "read the files named on the command line as this kind ("+kindNames()+") whatever their names")
	f.BoolVar(&fl.noColor, "no-color", false, "never colour the text output")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print only findings and errors, no summary")
	f.BoolVar(&fl.showSuppressed, "show-suppressed", false, "list the findings suppressed by ignore comments and annotations in text output (JSON and SARIF always carry them)")
	return cmd
}

func runScan(ctx context.Context, paths []string, fl scanFlags, stdout, stderr io.Writer) error {
	if !slices.Contains(report.Formats, fl.format) {
		return usageError(fmt.Errorf("unknown --format %q (want %s)", fl.format, strings.Join(report.Formats, ", ")))
	}
	threshold, err := parseFailOn(fl.failOn)
	if err != nil {
		return usageError(err)
	}
	reg, err := registry()
	if err != nil {
		return err
	}
	kind := parsers.Kind(fl.kind)
	if fl.kind != "" && !slices.Contains(parsers.Kinds, kind) {
		return usageError(fmt.Errorf("unknown --kind %q (want %s)", fl.kind, kindNames()))
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
		Settings: rules.Settings{TrustedRegistries: fl.trusted, DockerfileTarget: fl.target},
		HostRoot: fl.hostRoot,
		Kind:     kind,
	})
	if err != nil {
		return usageError(err)
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
	if strings.EqualFold(s, "none") {
		return 0, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("unknown --fail-on %q (want %s)", s, strings.Join(failOnValues, ", "))
	}
	return sev, nil
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
