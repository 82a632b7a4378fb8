package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stridelint/stridelint/report"
)

func newReportCmd(stdout, stderr io.Writer) *cobra.Command {
	fl := scanFlags{format: "markdown", failOn: "none"}
	cmd := &cobra.Command{
		Use:   "report [PATH...]",
		Short: "Write your threat model filled in with the evidence of a scan (Markdown or HTML)",
		Long: `Report scans like scan (the same files, rules and flags) and writes the user's threat
model — the five Docker and five Kubernetes threats with their STRIDE pillars and details —
with the evidence found for each, every finding linked to its line; a STRIDE matrix; and the
CIS Docker Benchmark items stridelint decides from files (PASS, FAIL or NOT ASSESSED).

Every threat, and every part of it, is either "evidence found", "no evidence found" (the files
that could show it were scanned by the rules that would show it) or "not assessed" (nothing in
the scan could show it, with what to add).

Links to files are relative to the report: write it with --output where it will be read (the
repository's root, or docs/) and they open the line on GitHub.`,
		Example: `  stridelint report -o threat-model.md
  stridelint report deploy/ --format html -o report.html
  stridelint report --host-root /mnt/host-snapshot -o host-report.md`,
		RunE: func(cmd *cobra.Command, args []string) error {
			fl.changed = cmd.Flags().Changed
			return runReport(cmd.Context(), args, fl, stdout)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&fl.format, "format", "f", fl.format, "report format: "+strings.Join(report.ThreatModelFormats, ", "))
	f.StringVarP(&fl.output, "output", "o", "", "write the report to FILE instead of standard output (links are relative to FILE's directory)")
	f.StringVar(&fl.failOn, "fail-on", fl.failOn, "exit 1 when a finding is at or above this severity: "+strings.Join(failOnValues, ", "))
	addEngineFlags(cmd, &fl)
	return cmd
}

func runReport(ctx context.Context, paths []string, fl scanFlags, stdout io.Writer) error {
	if !slices.Contains(report.ThreatModelFormats, fl.format) {
		return usageError(fmt.Errorf("unknown --format %q (want %s)", fl.format, strings.Join(report.ThreatModelFormats, ", ")))
	}
	threshold, err := parseFailOn(fl.failOn)
	if err != nil {
		return usageError(err)
	}
	prefix, err := linkPrefix(fl.output)
	if err != nil {
		return usageError(err)
	}
	res, _, err := analyze(ctx, paths, fl)
	if err != nil {
		return err
	}
	reg, err := registry()
	if err != nil {
		return err
	}
	targets := slices.Clone(paths)
	if fl.hostRoot != "" {
		targets = append(targets, "--host-root "+fl.hostRoot)
	}
	var buf bytes.Buffer
	opts := report.ThreatModelOptions{ToolVersion: toolVersion(), Registry: reg.Rules(), LinkPrefix: prefix, Targets: targets}
	if err := report.WriteThreatModel(&buf, fl.format, res, opts); err != nil {
		return &exitCode{code: exitError, err: err}
	}
	if fl.output != "" {
		if err := os.WriteFile(fl.output, buf.Bytes(), 0o644); err != nil {
			return &exitCode{code: exitError, err: err}
		}
	} else if _, err := stdout.Write(buf.Bytes()); err != nil {
		return &exitCode{code: exitError, err: err}
	}
	return exitFor(res, threshold)
}

// linkPrefix is the path from the directory the report is written in to
// the working directory, which finding paths are relative to ("" for
// standard output or a report in the working directory).
func linkPrefix(output string) (string, error) {
	if output == "" {
		return "", nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	dir, err := filepath.Abs(filepath.Dir(output))
	if err != nil {
		return "", err
	}
	// Resolve links so that a report written through a symlinked directory
	// still points at the files.
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	if w, err := filepath.EvalSymlinks(wd); err == nil {
		wd = w
	}
	rel, err := filepath.Rel(dir, wd)
	if err != nil {
		return "", fmt.Errorf("--output %s: %v", output, err)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}
