// Command stridelint is an offline static security analyzer for
// Dockerfiles, docker-compose files, Docker daemon configuration and
// Kubernetes manifests. Every finding is tied to a threat of the user's
// STRIDE threat model.
//
// The command is thin: flags → analyzer.Run → report.Write → exit code.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/all"
)

// version is stamped at release time: -ldflags "-X main.version=1.2.3".
var version = ""

// Exit codes.
const (
	exitClean    = 0 // no finding at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitError    = 2 // usage or internal error
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// exitCode is an error that carries the process exit code; a nil message
// means "exit quietly".
type exitCode struct {
	code int
	err  error
}

func (e *exitCode) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

// run executes the CLI and returns the exit code. Tests call it directly.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitClean
	}
	var ec *exitCode
	if errors.As(err, &ec) {
		if ec.err != nil {
			fmt.Fprintln(stderr, "stridelint:", ec.err)
		}
		return ec.code
	}
	// cobra's own errors: unknown command or flag, bad flag value.
	fmt.Fprintln(stderr, "stridelint:", err)
	fmt.Fprintln(stderr, "Run 'stridelint --help' for usage.")
	return exitError
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "stridelint",
		Short: "Offline security analyzer for Dockerfiles, compose, Docker daemon config and Kubernetes YAML",
		Long: `stridelint reads Dockerfiles, docker-compose files, Docker's daemon.json and Kubernetes
manifests, and reports the threats it finds — root users, an open daemon API, privileged
containers, host mounts, weak RBAC — each tied to a threat of your STRIDE threat model.
It never reaches the network, a Docker daemon or a cluster.

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or
internal error.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newScanCmd(stdout, stderr), newReportCmd(stdout, stderr), newRulesCmd(stdout), newExplainCmd(stdout), newConfigCmd(stdout), newVersionCmd(stdout))
	return root
}

// registry returns the rule registry or an internal error.
func registry() (*rules.Registry, error) {
	reg, err := all.Registry()
	if err != nil {
		return nil, &exitCode{code: exitError, err: fmt.Errorf("internal error: %w", err)}
	}
	return reg, nil
}

// toolVersion is the ldflags version, else the module version `go install`
// recorded, else "dev".
func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// usageError wraps an error as exit code 2.
func usageError(err error) error {
	if err == nil {
		return nil
	}
	var ue *analyzer.UsageError
	if errors.As(err, &ue) {
		return &exitCode{code: exitError, err: ue.Err}
	}
	return &exitCode{code: exitError, err: err}
}

func newVersionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintln(stdout, "stridelint", toolVersion())
			return nil
		},
	}
}
