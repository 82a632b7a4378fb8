// Package daemon holds the Docker daemon and host rules (DDxxx). They judge
// each Docker host of the scan (see Host): daemon.json and the dockerd flags
// of its systemd unit merged into one effective configuration, and, with
// --host-root, the owner and mode of the host's files.
package daemon

import (
	"fmt"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

// Rules returns every daemon rule.
func Rules() []*rules.Rule {
	return []*rules.Rule{
		plainTCPAPI, tlsNoVerify, apiAllInterfaces,
		iccOn, userlandProxy, iptablesOff, insecureRegistries,
		usernsOff, noNewPrivsOff, seccompOff,
		liveRestoreOff, noAuthzPlugin, loggingWeak, experimentalOn, noUlimits, storageDriver,
		selinuxOff, bindAllInterfaces,
		daemonJSONOwner, configWritable, socketLoosened, contentTrustOff, invalidDaemonJSON,
	}
}

// hostReads are the kinds a host-based rule reads besides daemon.json.
var hostReads = []parsers.Kind{parsers.KindSystemd, parsers.KindEnv, parsers.KindHostFile}

const cisURL = "https://www.cisecurity.org/benchmark/docker"

func cis(section, title string) rules.Reference {
	return rules.Reference{Title: "CIS Docker Benchmark " + section + ": " + title, URL: cisURL}
}

var (
	dockerdRef    = rules.Reference{Title: "Docker docs: dockerd reference and daemon.json", URL: "https://docs.docker.com/reference/cli/dockerd/"}
	protectAccess = rules.Reference{Title: "Docker docs: Protect the Docker daemon socket", URL: "https://docs.docker.com/engine/security/protect-access/"}
)

// onHosts runs check over every host that has a daemon configuration
// (daemon.json or a dockerd command line).
func onHosts(check func(p *rules.ProjectPass, h *Host)) func(*rules.ProjectPass) {
	return func(p *rules.ProjectPass) {
		for _, h := range hostsOf(p) {
			if h.Judged() {
				check(p, h)
			}
		}
	}
}

// report records a finding at w about a daemon setting.
func report(p *rules.ProjectPass, w where, key string, sev rules.Severity, format string, args ...any) {
	p.Report(rules.Finding{Path: w.Path, Range: w.Range, Anchor: "daemon:" + key, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// setting judges one setting: bad tells whether the effective value is
// insecure; a set value is reported where it is written (setMsg), an absent
// one at the host's anchor (absentMsg, with how to set it).
func setting(p *rules.ProjectPass, h *Host, key string, bad bool, setMsg, absentMsg, value, flag string) {
	if !bad {
		return
	}
	if w, ok := h.Where(key); ok {
		report(p, w, key, 0, "%s (%s)", setMsg, w.Text)
		return
	}
	report(p, h.Anchor(), key, 0, "%s; %s", absentMsg, h.how(key, value, flag))
}

func isTrue(b *bool) bool  { return b != nil && *b }
func isFalse(b *bool) bool { return b != nil && !*b }
