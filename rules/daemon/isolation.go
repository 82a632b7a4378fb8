package daemon

import (
	"strings"

	"github.com/stridelint/stridelint/parsers"
	"github.com/stridelint/stridelint/rules"
)

var usernsOff = &rules.Rule{
	ID:       "DD008",
	Title:    "user namespace remap off",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `Without ` + "`userns-remap`" + ` root in a container is root (uid 0) on the host: a process that
escapes the container — through a kernel bug, a writable host mount or a mounted Docker
socket — is host root. With user namespace remapping, container uid 0 is an unprivileged
subordinate uid on the host.`,
	Remediation: `Set ` + "`\"userns-remap\": \"default\"`" + ` in daemon.json (or ` + "`--userns-remap=default`" + `), which
creates the ` + "`dockremap`" + ` user and its ` + "`/etc/subuid`" + ` and ` + "`/etc/subgid`" + ` ranges. Containers that
need the host's user namespace can opt out with ` + "`--userns=host`" + `. Existing images and
volumes are re-owned, so plan the switch.`,
	References: []rules.Reference{
		cis("2.9", "Enable user namespace support"),
		{Title: "Docker docs: Isolate containers with a user namespace", URL: "https://docs.docker.com/engine/security/userns-remap/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		setting(p, h, "userns-remap", strings.TrimSpace(h.Config.UsernsRemap) == "",
			"user namespace remapping is off: root in a container is root on the host",
			"user namespace remapping is off: root in a container is root on the host",
			`"default"`, "--userns-remap=default")
	}),
}

var noNewPrivsOff = &rules.Rule{
	ID:       "DD009",
	Title:    "no-new-privileges off",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `Unless ` + "`no-new-privileges`" + ` is true, processes in containers can gain privileges through
setuid and setgid binaries and file capabilities (` + "`su`" + `, ` + "`sudo`" + `, a planted setuid shell).
Setting it daemon-wide makes ` + "`--security-opt no-new-privileges`" + ` the default for every
container.`,
	Remediation: `Set ` + "`\"no-new-privileges\": true`" + ` in daemon.json (or ` + "`--no-new-privileges`" + `). Images that
rely on setuid binaries at run time need changing first.`,
	References: []rules.Reference{
		cis("2.14", "Ensure containers are restricted from acquiring new privileges"),
		dockerdRef,
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		setting(p, h, "no-new-privileges", !isTrue(h.Config.NoNewPrivileges),
			"no-new-privileges is off: setuid binaries and file capabilities can raise privileges inside containers",
			"no-new-privileges is off by default",
			"true", "--no-new-privileges")
	}),
}

var seccompOff = &rules.Rule{
	ID:       "DD010",
	Title:    "seccomp disabled",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `` + "`seccomp-profile: unconfined`" + ` (` + "`--seccomp-profile=unconfined`" + `) turns off the default seccomp
profile for every container: the ~50 system calls it blocks (` + "`keyctl`" + `, ` + "`add_key`" + `,
` + "`unshare`" + `, ` + "`mount`" + `, ` + "`bpf`" + `, kernel module calls…) are the ones most container escapes go
through.`,
	Remediation: `Remove the ` + "`seccomp-profile`" + ` setting to get Docker's default profile, or point it at a
custom profile file that extends it; give the few containers that need a syscall a profile
of their own.`,
	References: []rules.Reference{
		cis("2.17", "Ensure that a daemon-wide custom seccomp profile is applied if appropriate"),
		{Title: "Docker docs: Seccomp security profiles", URL: "https://docs.docker.com/engine/security/seccomp/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		if strings.EqualFold(strings.TrimSpace(h.Config.SeccompProfile), "unconfined") {
			w, _ := h.Where("seccomp-profile")
			report(p, w, "seccomp-profile", 0, "seccomp is disabled for every container (%s): the system calls most escapes use are allowed", w.Text)
		}
	}),
}

var selinuxOff = &rules.Rule{
	ID:       "DD017",
	Title:    "SELinux support off",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     parsers.KindDaemon,
	Reads:    hostReads,
	Help: `On a host that runs SELinux, dockerd labels containers only with ` + "`selinux-enabled: true`" + `
(` + "`--selinux-enabled`" + `); without it containers run unconfined by the policy, and a process
that escapes has the daemon's label. In --host-root mode the host's ` + "`/etc/selinux/config`" + `
tells whether SELinux is enforcing: a daemon without SELinux support there is reported at
low. Elsewhere stridelint cannot know the host, so an explicit ` + "`selinux-enabled: false`" + ` is
reported at info, and an absent setting is not reported.`,
	Remediation: `Set ` + "`\"selinux-enabled\": true`" + ` (or ` + "`--selinux-enabled`" + `) on SELinux hosts (RHEL, Fedora,
CentOS), with the ` + "`container-selinux`" + ` policy installed.`,
	References: []rules.Reference{
		{Title: "Docker docs: dockerd --selinux-enabled", URL: "https://docs.docker.com/reference/cli/dockerd/"},
		{Title: "Red Hat: Container security with SELinux", URL: "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/9/html/using_selinux/"},
	},
	CheckProject: onHosts(func(p *rules.ProjectPass, h *Host) {
		if isTrue(h.Config.SELinuxEnabled) {
			return
		}
		if h.HostRoot && h.selinuxEnforcing() {
			setting(p, h, "selinux-enabled", true,
				"SELinux is enforcing on this host but dockerd's SELinux support is off: containers are not confined by the policy",
				"SELinux is enforcing on this host but dockerd's SELinux support is off",
				"true", "--selinux-enabled")
			return
		}
		if isFalse(h.Config.SELinuxEnabled) {
			w, _ := h.Where("selinux-enabled")
			report(p, w, "selinux-enabled", rules.Info, "SELinux support is turned off (%s): on a host that runs SELinux, containers are not confined by the policy", w.Text)
		}
	}),
}

// selinuxEnforcing reports whether the host's /etc/selinux/config sets
// SELINUX=enforcing.
func (h *Host) selinuxEnforcing() bool {
	for _, e := range h.EnvFiles {
		if e.Src.HostPath != "/etc/selinux/config" {
			continue
		}
		if a, ok := e.File.Lookup("SELINUX"); ok && strings.EqualFold(a.Value, "enforcing") {
			return true
		}
	}
	return false
}
