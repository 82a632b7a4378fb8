package daemon

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var invalidDaemonJSON = &rules.Rule{
	ID:       "DD023",
	Title:    "invalid daemon.json",
	Severity: rules.High,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `dockerd refuses to start — and every container of the host with it — when daemon.json is
not valid JSON, holds a key it does not know (` + "`\"userland_proxy\"`" + `, ` + "`\"insecure-registry\"`" + `), a
value of the wrong type (` + "`\"icc\": \"false\"`" + `), or sets a key that is also given as a flag on
the dockerd command line ("the following directives are specified both as a flag and in
the configuration file"). A broken file also means none of its hardening applies. A flag
on the command line that lacks its value is reported here too.

The findings point at the offending key (or the flag, with the daemon.json key as related
location); an unknown key says which known key was probably meant.`,
	Remediation: `Fix the JSON, spell keys as dockerd does (` + "`dockerd --validate --config-file /etc/docker/daemon.json`" + `
checks a file), and set each option in one place only: daemon.json or the unit's
` + "`ExecStart=`" + `, not both (a drop-in that resets ` + "`ExecStart=`" + ` to plain ` + "`dockerd`" + ` leaves
daemon.json in charge).`,
	References: []rules.Reference{
		{Title: "Docker docs: daemon configuration file", URL: "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file"},
		{Title: "Docker docs: Configure the daemon with systemd", URL: "https://docs.docker.com/engine/daemon/proxy/#systemd-unit-file"},
	},
	ParseErrors: true,
	Check: func(p *rules.Pass) {
		for i, d := range p.Diagnostics {
			p.Report(rules.Finding{
				Range:   parsers.Range{StartLine: max(d.Line, 1), StartCol: d.Col},
				Anchor:  "diagnostic #" + strconv.Itoa(i) + ": " + d.Message,
				Message: "dockerd will not start: " + d.Message,
			})
		}
	},
	CheckProject: func(p *rules.ProjectPass) {
		for _, h := range hostsOf(p) {
			for _, e := range h.FlagErrors {
				p.Report(rules.Finding{Path: e.Path, Range: e.Range, Anchor: "flag: " + e.Message, Message: "dockerd will not start: " + e.Message})
			}
			if h.JSON == nil {
				continue
			}
			keys := make([]string, 0, len(h.Flags.Set))
			for k := range h.Flags.Set {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, key := range keys {
				if !h.inJSON(key) || key == "config-file" {
					continue
				}
				w, _ := h.Where(key)
				r, _ := h.JSON.Range(yamlpos.P(key))
				p.Report(rules.Finding{Path: w.Path, Range: w.Range, Anchor: "conflict:" + key,
					Message: fmt.Sprintf("%s is given as a flag (%s) and in daemon.json: dockerd refuses to start when a directive is specified both ways", key, w.Text),
					Related: []rules.Related{{Path: h.JSONSrc.Path, Range: r, Message: fmt.Sprintf("%q is also set in daemon.json", key)}}})
			}
		}
	},
}
