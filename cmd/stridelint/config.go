package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/stridelint/stridelint/analyzer"
)

// starterConfig is what `config init` writes: every key, with the
// default or no value, and an example to uncomment under each. Comments
// in column 1 explain; indented ones are examples, valid once the "# " is
// removed (TestConfigInit checks both forms).
const starterConfig = `# stridelint configuration.
# stridelint reads .stridelint.yaml from the scanned directory or the nearest
# parent that has one (or the file given with --config). Flags on the command
# line win over this file. Every key is described in docs/configuration.md:
# https://github.com/stridelint/stridelint/blob/main/docs/configuration.md
# Paths below are doublestar globs relative to this file's directory.

# Exit 1 when a finding is at or above this severity:
# critical, high, medium, low, info or none (never fail).
fail-on: medium

# Rules not to run: IDs or globs (` + "`stridelint rules`" + ` lists them), or all.
disable:
  # - DC023       # no CPU limit
  # - "KW02*"

# Rules to run that are off by default or turned off by disable: all.
enable:
  # - KW001

# The severity of every finding of a rule: critical, high, medium, low, info.
severity:
  # KW016: high

# Paths not to scan. A pattern without "/" matches a name at any depth.
exclude:
  # - "test/**"
  # - "*.generated.yaml"

# Findings to dismiss, rule by rule, in some paths, with the reason. They are
# not shown and do not fail the scan; SARIF reports them as suppressed.
ignore:
  # - path: "legacy/**"
  #   rules: [DF001, DF005]
  #   reason: legacy images, replaced when the new platform ships

# The registries base images may come from (DF006 reports the others):
# hosts, host:port, *.example.com or a registry with a repository prefix.
trusted-registries:
  # - registry.example.com
  # - docker.io/library

# dockerfile.target: the stage that is the build's output (docker build
# --target); by default the last stage.
dockerfile:
  # target: runtime

# kubernetes.default-namespace: the namespace manifests without
# metadata.namespace are applied to (kubectl apply -n); by default unknown.
kubernetes:
  # default-namespace: shop
`

func newConfigCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Work with the configuration file (" + analyzer.ConfigFileName + ")",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	var force bool
	initCmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write a commented starter configuration (default " + analyzer.ConfigFileName + ")",
		Long: `Init writes a starter configuration with every key, its default and an example to
uncomment, to FILE (default ` + analyzer.ConfigFileName + ` in the current directory). It does not
overwrite an existing file unless --force is given; "-" writes to standard output.`,
		Example: "  stridelint config init\n  stridelint config init --force deploy/" + analyzer.ConfigFileName,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			file := analyzer.ConfigFileName
			if len(args) == 1 {
				file = args[0]
			}
			if file == "-" {
				_, err := io.WriteString(stdout, starterConfig)
				return err
			}
			flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
			if force {
				flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
			}
			f, err := os.OpenFile(file, flags, 0o644)
			if errors.Is(err, fs.ErrExist) {
				return usageError(fmt.Errorf("%s exists: not overwritten (use --force to replace it)", file))
			}
			if err != nil {
				return usageError(err)
			}
			if _, err := io.WriteString(f, starterConfig); err != nil {
				f.Close()
				return &exitCode{code: exitError, err: err}
			}
			if err := f.Close(); err != nil {
				return &exitCode{code: exitError, err: err}
			}
			fmt.Fprintf(stdout, "wrote %s\n", file)
			return nil
		},
	}
	initCmd.Flags().BoolVar(&force, "force", false, "overwrite an existing file")
	cmd.AddCommand(initCmd)
	return cmd
}
