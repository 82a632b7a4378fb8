package daemon

import (
	"fmt"
	"strings"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var liveRestoreOff = &rules.Rule{
	ID:       "DD011",
	Title:    "live restore off",
	Severity: rules.Info,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `Without ` + "`live-restore`" + ` every container stops when dockerd stops: a daemon upgrade, crash or
restart takes all workloads of the host down with it. Live restore keeps containers running
while the daemon is away. (It is not supported with Swarm mode, where the orchestrator
reschedules instead.)`,
	Remediation: `Set ` + "`\"live-restore\": true`" + ` in daemon.json (or ` + "`--live-restore`" + `).`,
	References: []rules.Reference{
		cis("2.15", "Ensure live restore is enabled"),
		{Title: "Docker docs: Live restore", URL: "https://docs.docker.com/engine/daemon/live-restore/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		setting(p, h, "live-restore", !isTrue(h.Config.LiveRestore),
			"live restore is off: every container stops whenever dockerd restarts",
			"live restore is off by default: every container stops whenever dockerd restarts",
			"true", "--live-restore")
	}),
}

var noAuthzPlugin = &rules.Rule{
	ID:       "DD012",
	Title:    "no authorization plugin",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker2},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege, rules.Repudiation},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `Docker's API is all or nothing: whoever reaches the socket can do everything, including
starting a privileged container that mounts the host's root. An authorization plugin
(` + "`authorization-plugins`" + `, ` + "`--authorization-plugin`" + `) is the only way to allow some API calls
and deny others (no ` + "`--privileged`" + `, no host mounts) and to log who did what.`,
	Remediation: `Install an authorization plugin (Open Policy Agent's ` + "`opa-docker-authz`" + `, Twistlock
AuthZ Broker, …) and list it in ` + "`\"authorization-plugins\"`" + `; where none is used, keep the set of
people and services that reach the socket minimal.`,
	References: []rules.Reference{
		cis("2.12", "Ensure that authorization for Docker client commands is enabled"),
		{Title: "Docker docs: Access authorization plugin", URL: "https://docs.docker.com/engine/extend/plugins_authorization/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		if len(h.Config.AuthorizationPlugins) > 0 {
			return
		}
		setting(p, h, "authorization-plugins", true,
			"no authorization plugin: every client of the API may do everything",
			"no authorization plugin: every client of the API may do everything",
			`["<plugin>"]`, "--authorization-plugin=<plugin>")
	}),
}

var loggingWeak = &rules.Rule{
	ID:       "DD013",
	Title:    "logging weakened",
	Severity: rules.Low,
	STRIDE:   []rules.Category{rules.Repudiation, rules.InformationDisclosure},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `The daemon's own log is the record of who did what through the API. ` + "`log-level`" + ` ` + "`error`" + `
or ` + "`fatal`" + ` drops the informational events; ` + "`debug`" + ` (or ` + "`debug: true`" + `, ` + "`-D`" + `) logs request
bodies, environment variables and registry credentials. ` + "`log-driver: none`" + ` keeps no
container logs at all, so an incident leaves no trace.`,
	Remediation: `Use ` + "`\"log-level\": \"info\"`" + ` (the default), turn debug off outside troubleshooting, and send
container logs somewhere durable (` + "`json-file`" + ` or ` + "`local`" + ` with rotation, or a remote driver
such as ` + "`syslog`" + `, ` + "`journald`" + `, ` + "`fluentd`" + `).`,
	References: []rules.Reference{
		cis("2.3", "Ensure the logging level is set to 'info'"),
		cis("2.13", "Ensure centralized and remote logging is configured"),
		{Title: "Docker docs: Configure logging drivers", URL: "https://docs.docker.com/engine/logging/configure/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		switch lvl := strings.ToLower(strings.TrimSpace(h.Config.LogLevel)); lvl {
		case "debug", "trace":
			w, _ := h.Where("log-level")
			report(p, w, "log-level", 0, "the daemon logs at %s level (%s): request details and credentials end up in the log", lvl, w.Text)
		case "error", "fatal", "panic":
			w, _ := h.Where("log-level")
			report(p, w, "log-level", 0, "the daemon logs only at %s level (%s): the events that show who did what through the API are dropped", lvl, w.Text)
		case "":
			if w, ok := h.debug(); ok {
				report(p, w, "debug", 0, "debug logging is on (%s): request details and credentials end up in the log", w.Text)
			}
		}
		if strings.EqualFold(strings.TrimSpace(h.Config.LogDriver), "none") {
			w, _ := h.Where("log-driver")
			report(p, w, "log-driver", 0, "container logs are discarded (%s): an incident leaves no trace", w.Text)
		}
	}),
}

// debug is where debug mode is turned on ("debug": true, -D, --debug).
func (h *Host) debug() (where, bool) {
	if idx := h.Flags.Set["debug"]; len(idx) > 0 {
		a := h.Args[idx[len(idx)-1]]
		if v, ok := strings.CutPrefix(a.Text, "--debug="); ok && (v == "false" || v == "0") {
			return where{}, false
		}
		return where{Path: a.Path, Range: a.Range(), Flag: true, Text: a.Text}, true
	}
	if h.JSON != nil && h.JSON.Doc != nil {
		m := h.JSON.Doc.Lookup(yamlpos.P("debug"))
		if m.Exact && m.Node != nil && m.Node.Value == "true" {
			return where{Path: h.JSONSrc.Path, Range: h.JSON.Doc.MatchRange(m), Text: `"debug" in daemon.json`}, true
		}
	}
	return where{}, false
}

var experimentalOn = &rules.Rule{
	ID:       "DD014",
	Title:    "experimental features on",
	Severity: rules.Low,
	STRIDE:   []rules.Category{rules.Tampering, rules.DenialOfService},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `` + "`experimental: true`" + ` enables features that are not covered by Docker's stability and
security guarantees, in production daemons.`,
	Remediation: `Remove ` + "`\"experimental\": true`" + ` (and ` + "`--experimental`" + `) from production hosts.`,
	References: []rules.Reference{
		cis("2.18", "Ensure that experimental features are not implemented in production"),
		dockerdRef,
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		if isTrue(h.Config.Experimental) {
			w, _ := h.Where("experimental")
			report(p, w, "experimental", 0, "experimental daemon features are on (%s)", w.Text)
		}
	}),
}

var noUlimits = &rules.Rule{
	ID:       "DD015",
	Title:    "default ulimits unset",
	Severity: rules.Info,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `Without ` + "`default-ulimits`" + ` containers inherit the daemon's own limits (often
` + "`nofile`" + ` in the millions, ` + "`nproc`" + ` unlimited): one container can exhaust the host's file
descriptors or process table (a fork bomb) and deny service to every other.`,
	Remediation: `Set ` + "`\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", \"Soft\": 64000, \"Hard\": 64000}, \"nproc\": {…}}`" + `
in daemon.json (or ` + "`--default-ulimit nofile=64000:64000`" + `); raise them per container where needed.`,
	References: []rules.Reference{
		cis("2.8", "Ensure the default ulimit is configured appropriately"),
		dockerdRef,
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		setting(p, h, "default-ulimits", len(h.Config.DefaultUlimits) == 0,
			"default-ulimits is empty: containers inherit the daemon's limits",
			"no default ulimits: containers inherit the daemon's limits and one can exhaust the host's processes or file descriptors",
			`{"nofile": {"Name": "nofile", "Soft": 64000, "Hard": 64000}}`, "--default-ulimit nofile=64000:64000")
	}),
}

var storageDriver = &rules.Rule{
	ID:       "DD016",
	Title:    "deprecated storage driver",
	Severity: rules.Low,
	STRIDE:   []rules.Category{rules.Tampering, rules.DenialOfService},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `` + "`aufs`" + `, ` + "`devicemapper`" + ` and ` + "`overlay`" + ` (v1) are deprecated storage drivers, removed from
current Docker Engine releases: they are no longer maintained and have known stability and
isolation problems. ` + "`dm.basesize`" + ` in ` + "`storage-opts`" + ` changes the size of every container's base
device, which can fill the thin pool and take the daemon down.`,
	Remediation: `Use ` + "`overlay2`" + ` (the default on every current distribution) and remove ` + "`dm.*`" + ` storage
options.`,
	References: []rules.Reference{
		cis("2.6", "Ensure aufs storage driver is not used"),
		cis("2.11", "Ensure base device size is not changed until needed"),
		{Title: "Docker docs: Deprecated features", URL: "https://docs.docker.com/engine/deprecated/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		switch d := strings.ToLower(strings.TrimSpace(h.Config.StorageDriver)); d {
		case "aufs", "devicemapper", "overlay":
			w, _ := h.Where("storage-driver")
			report(p, w, "storage-driver", 0, "storage driver %s is deprecated and removed from current Docker releases (%s)", d, w.Text)
		}
		items := h.Items("storage-opts")
		for i, o := range h.Config.StorageOpts {
			if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(o)), "dm.basesize") {
				continue
			}
			at := h.Anchor()
			if i < len(items) {
				at = items[i]
			}
			report(p, at, fmt.Sprintf("storage-opts:%s", o), 0, "%s changes every container's base device size and can exhaust the thin pool", o)
		}
	}),
}
