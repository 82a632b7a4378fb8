package compose

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

// securityOpt splits a security_opt entry as Docker does: "key=value",
// or the older "key:value"; "no-new-privileges" alone means true.
func securityOpt(opt string) (key, value string) {
	opt = strings.TrimSpace(opt)
	if opt == "no-new-privileges" {
		return opt, "true"
	}
	if k, v, ok := strings.Cut(opt, "="); ok {
		return k, v
	}
	k, v, _ := strings.Cut(opt, ":")
	return k, v
}

// matchSecurityOpt accepts the security_opt entry that is opt, however its
// separator is written.
func matchSecurityOpt(opt string) func(*yaml.Node) bool {
	k, v := securityOpt(opt)
	return func(item *yaml.Node) bool {
		if item.Kind != yaml.ScalarNode {
			return false
		}
		ik, iv := securityOpt(item.Value)
		return ik == k && iv == v
	}
}

var noNewPrivileges = &rules.Rule{
	ID:       "DC012",
	Title:    "no-new-privileges not set",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service's ` + "`security_opt`" + ` does not set ` + "`no-new-privileges`" + `. Without it, a process in
the container can gain privileges through setuid or setgid binaries and file capabilities
(` + "`su`" + `, ` + "`sudo`" + `, ` + "`ping`" + ` in many images): a non-root user in the container can become root
there, and an attacker who gets code execution as that user can do the same.

The daemon can turn the option on for every container (` + "`\"no-new-privileges\": true`" + ` in
daemon.json); a compose file cannot tell whether it does, so the service is reported unless
it sets the option itself.

Accepted spellings: ` + "`no-new-privileges:true`" + `, ` + "`no-new-privileges=true`" + `, and
` + "`no-new-privileges`" + ` alone. An explicit ` + "`no-new-privileges:false`" + ` is reported at its entry.
A ` + "`security_opt`" + ` entry that is an unresolved variable is unknown and the service is not
judged.`,
	Remediation: `Set the option on every service (an ` + "`x-`" + ` anchor keeps it in one place):

` + "```yaml" + `
x-hardening: &hardening
  security_opt:
    - no-new-privileges:true
services:
  web:
    <<: *hardening
    image: nginx:1.27
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.26: Ensure that the container is restricted from acquiring additional privileges", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: security_opt", URL: "https://docs.docker.com/reference/compose-file/services/#security_opt"},
		{Title: "Linux kernel docs: No New Privileges Flag", URL: "https://docs.kernel.org/userspace-api/no_new_privs.html"},
	},
	Check: eachService(checkNoNewPrivileges),
}

func checkNoNewPrivileges(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	if writesUnknown(s, "security_opt") {
		return
	}
	var disabled string
	for _, opt := range s.Config.SecurityOpt {
		if pcompose.Unresolved(opt) {
			return
		}
		k, v := securityOpt(opt)
		if k != "no-new-privileges" {
			continue
		}
		on, err := strconv.ParseBool(v)
		if err != nil || on {
			return // on; or a value Docker rejects, and the service does not start
		}
		disabled = opt
	}
	if disabled != "" {
		loc := locateEntry(proj, s, "security_opt", matchScalar(disabled), matchSecurityOpt(disabled), matchInterpolated(disabled))
		report(p, s, loc, "service %q sets %s: processes in it can gain privileges through setuid binaries", s.Name, disabled)
		return
	}
	report(p, s, proj.ServiceLocation(s), "service %q does not set security_opt no-new-privileges:true: processes in it can gain privileges through setuid binaries, unless the daemon enables the option for every container (a compose file cannot tell)", s.Name)
}

// confinementOff says which confinement a security_opt entry turns off.
func confinementOff(opt string) (what string, ok bool) {
	opt = strings.TrimSpace(opt)
	// systempaths is read by the compose CLI itself, in this spelling only.
	if opt == "systempaths=unconfined" {
		return "the masking of /proc and /sys paths (systempaths)", true
	}
	k, v := securityOpt(opt)
	switch {
	case k == "seccomp" && v == "unconfined":
		return "the seccomp system-call filter", true
	case k == "apparmor" && v == "unconfined":
		return "the AppArmor profile", true
	case k == "label" && v == "disable":
		return "SELinux labelling", true
	case k == "label" && (v == "type:spc_t" || v == "type:unconfined_t"):
		return "SELinux confinement (an unconfined SELinux type)", true
	}
	return "", false
}

var confinementDisabled = &rules.Rule{
	ID:       "DC013",
	Title:    "confinement disabled",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `A service's ` + "`security_opt`" + ` turns off a layer of the container's confinement:

- ` + "`seccomp:unconfined`" + ` / ` + "`seccomp=unconfined`" + ` — no system-call filter: the whole kernel
  attack surface, including calls Docker blocks because they led to escapes;
- ` + "`apparmor:unconfined`" + ` / ` + "`apparmor=unconfined`" + ` — no AppArmor profile (writes to ` + "`/proc`" + `
  and ` + "`/sys`" + `, mounts are no longer denied);
- ` + "`label:disable`" + ` / ` + "`label=disable`" + `, ` + "`label=type:spc_t`" + ` — no SELinux separation from the
  host and other containers;
- ` + "`systempaths=unconfined`" + ` — ` + "`/proc`" + ` and ` + "`/sys`" + ` paths Docker masks or makes read-only
  (` + "`/proc/kcore`" + `, ` + "`/proc/sysrq-trigger`" + `) become reachable.

Each entry is reported at its line.

Not flagged: a custom profile (` + "`seccomp:./profile.json`" + `, ` + "`apparmor=my-profile`" + `),
` + "`label=type:container_t`" + ` and other SELinux options.`,
	Remediation: `Remove the entry. If the default seccomp profile blocks a call the service needs, write a
profile that allows that one call on top of Docker's default:

` + "```yaml" + `
services:
  app:
    security_opt:
      - no-new-privileges:true
      - seccomp=./seccomp/app.json
` + "```",
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.2: Ensure that, if applicable, an AppArmor Profile is enabled", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "CIS Docker Benchmark 5.3: Ensure that, if applicable, SELinux security options are set", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "CIS Docker Benchmark 5.22: Ensure the default seccomp profile is not Disabled", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: security_opt", URL: "https://docs.docker.com/reference/compose-file/services/#security_opt"},
		{Title: "Docker docs: Seccomp security profiles for Docker", URL: "https://docs.docker.com/engine/security/seccomp/"},
	},
	Check: eachService(checkConfinementDisabled),
}

func checkConfinementDisabled(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	var seen []string
	for _, opt := range s.Config.SecurityOpt {
		what, ok := confinementOff(opt)
		if !ok || slices.Contains(seen, opt) {
			continue
		}
		seen = append(seen, opt)
		loc := locateEntry(proj, s, "security_opt", matchScalar(opt), matchSecurityOpt(opt), matchInterpolated(opt))
		report(p, s, loc, "service %q sets security_opt %s: it turns off %s, a layer that stands between a compromise and the host", s.Name, strings.TrimSpace(opt), what)
	}
}
