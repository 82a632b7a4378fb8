package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/stridelint/stridelint/report"
)

func newRulesCmd(stdout io.Writer) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its ID, severity, threat, STRIDE categories and title",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			reg, err := registry()
			if err != nil {
				return err
			}
			switch format {
			case "text":
				return report.RuleList(stdout, reg.Rules())
			case "json":
				return report.RuleListJSON(stdout, reg.Rules())
			}
			return usageError(fmt.Errorf("unknown --format %q (want text or json)", format))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return cmd
}

func newExplainCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:     "explain RULE",
		Short:   "Explain a rule: what it flags, why, how to fix it, references",
		Example: "  stridelint explain DF001",
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			reg, err := registry()
			if err != nil {
				return err
			}
			r, ok := reg.Lookup(args[0])
			if !ok {
				return usageError(fmt.Errorf("unknown rule %q (see `stridelint rules`)", args[0]))
			}
			return report.Explain(stdout, r)
		},
	}
}
