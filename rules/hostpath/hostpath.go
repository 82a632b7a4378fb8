// Package hostpath knows which host paths are dangerous to give a
// container: runtime sockets, system directories. Compose and Kubernetes
// rules share it so that both judge a path the same way.
package hostpath

import (
	"path"
	"regexp"
	"strings"
)

// runtimeSockets are the file names of container runtime API sockets.
var runtimeSockets = map[string]string{
	"docker.sock":      "Docker",
	"containerd.sock":  "containerd",
	"crio.sock":        "CRI-O",
	"podman.sock":      "Podman",
	"dockershim.sock":  "dockershim",
	"cri-dockerd.sock": "cri-dockerd",
	"docker_engine":    "Docker", // \\.\pipe\docker_engine on Windows
}

// runtimeDirs are directories that hold a runtime socket: mounting one
// mounts the socket.
var runtimeDirs = map[string]bool{
	"/run": true, "/var/run": true,
	"/run/docker": true, "/var/run/docker": true,
	"/run/containerd": true, "/var/run/containerd": true,
	"/run/crio": true, "/var/run/crio": true,
	"/run/podman": true, "/var/run/podman": true,
	"/run/k3s/containerd": true, "/var/run/k3s/containerd": true,
}

// RuntimeDir is the runtime RuntimeSocket names for a directory that holds
// sockets rather than a socket itself.
const RuntimeDir = "container runtime"

// RuntimeSocket says whether a host path is a container runtime socket
// (or a directory exposing one) and names the runtime.
func RuntimeSocket(hostPath string) (runtime string, ok bool) {
	p := strings.ReplaceAll(hostPath, `\`, "/")
	if p == "" {
		return "", false
	}
	clean := path.Clean(p)
	if rt, ok := runtimeSockets[path.Base(clean)]; ok {
		return rt, true
	}
	if runtimeDirs[clean] {
		return RuntimeDir, true
	}
	return "", false
}

// Sensitive says whether mounting a host path gives a container the host's
// secrets or a handle on the host itself, and says what the path is. It
// judges the path, not the mount mode: a read-only mount of /etc still
// discloses the host's password hashes.
//
// Whole system trees (/proc, /sys, /boot, /root, the runtime and kubelet
// state directories) are sensitive with everything under them. /etc and
// /dev are sensitive as a whole, but under them only named secrets and
// control files are: /etc/localtime, /etc/timezone, /etc/ssl/certs or
// /dev/ttyUSB0 are what containers are routinely given. A home directory
// is sensitive as a whole (/home, /home/alice, ~), and anywhere a credential
// directory (~/.ssh, ~/.aws, ~/.kube …) is. Relative paths are project
// files, never sensitive here. Runtime sockets are RuntimeSocket's, not
// this function's.
func Sensitive(hostPath string) (what string, ok bool) {
	p := strings.TrimSpace(strings.ReplaceAll(hostPath, `\`, "/"))
	if p == "" {
		return "", false
	}
	// Base directories that are unknown to a static scan: the user's home
	// (~, $HOME) or an unresolved variable. The rest of the path can still
	// name a credential directory.
	home, rest, known := splitBase(p)
	if !known {
		return credentialDir(rest)
	}
	if home {
		if what, ok := credentialDir(rest); ok {
			return what, true
		}
		if path.Clean("/"+rest) == "/" {
			return "a user's home directory", true
		}
		return "", false
	}
	if windowsDrive.MatchString(p) {
		// C:/Users/alice/.aws on Docker Desktop.
		return credentialDir(p)
	}
	if !strings.HasPrefix(p, "/") {
		return "", false
	}
	clean := path.Clean(p)
	if clean == "/" {
		return "the host's root filesystem", true
	}
	if what, ok := sensitiveExact[clean]; ok {
		return what, true
	}
	for dir := clean; dir != "/"; dir = path.Dir(dir) {
		if what, ok := sensitiveTrees[dir]; ok {
			return what, true
		}
	}
	if what, ok := credentialDir(clean); ok {
		return what, true
	}
	// A user's home directory as a whole: /home/alice, /Users/alice.
	if parent := path.Dir(clean); parent == "/home" || parent == "/Users" {
		return "a user's home directory", true
	}
	return "", false
}

var windowsDrive = regexp.MustCompile(`^[A-Za-z]:/`)

// splitBase recognises a leading home reference (~, ~user, $HOME, ${HOME},
// %USERPROFILE%) or another unresolved variable, and returns the path after
// it.
func splitBase(p string) (home bool, rest string, known bool) {
	first, rest, _ := strings.Cut(p, "/")
	switch {
	case strings.HasPrefix(first, "~"):
		return true, rest, true
	case first == "$HOME" || first == "${HOME}" || first == "${USERPROFILE}" || strings.EqualFold(first, "%USERPROFILE%"):
		return true, rest, true
	case strings.HasPrefix(first, "$") || strings.HasPrefix(first, "%"):
		return false, rest, false
	}
	return false, "", true
}

// sensitiveExact are host paths sensitive as a whole but not everything
// under them.
var sensitiveExact = map[string]string{
	"/etc":   "the host's configuration directory, with its password hashes and keys",
	"/dev":   "the host's device nodes",
	"/home":  "every user's home directory",
	"/Users": "every user's home directory",
}

// sensitiveTrees are host paths sensitive with everything under them.
var sensitiveTrees = map[string]string{
	"/proc":                "the host's process and kernel interface",
	"/sys":                 "the host's kernel and device interface",
	"/boot":                "the host's kernel and boot loader",
	"/root":                "root's home directory",
	"/var/lib/docker":      "the Docker daemon's state, with every container's files",
	"/var/lib/containerd":  "containerd's state, with every container's files",
	"/var/lib/kubelet":     "the kubelet's state, with every pod's secrets",
	"/var/lib/etcd":        "etcd's data, with every Kubernetes secret",
	"/etc/shadow":          "the host's password hashes",
	"/etc/gshadow":         "the host's group password hashes",
	"/etc/sudoers":         "the host's sudo rules",
	"/etc/sudoers.d":       "the host's sudo rules",
	"/etc/ssh":             "the host's SSH keys and configuration",
	"/etc/kubernetes":      "the Kubernetes configuration and keys",
	"/etc/docker":          "the Docker daemon's configuration and TLS keys",
	"/etc/ssl/private":     "the host's TLS private keys",
	"/etc/pki/tls/private": "the host's TLS private keys",
	"/dev/pts":             "the host's terminals",
	"/dev/shm":             "the host's shared memory",
	"/dev/mqueue":          "the host's message queues",
	"/dev/mem":             "the host's physical memory",
	"/dev/kmem":            "the host's kernel memory",
	"/dev/port":            "the host's I/O ports",
}

// credentialDirs are directories, wherever they are (usually a home
// directory), that hold a user's keys and cloud or cluster credentials.
var credentialDirs = map[string]string{
	".ssh":           "SSH keys",
	".gnupg":         "GnuPG keys",
	".aws":           "AWS credentials",
	".azure":         "Azure credentials",
	".kube":          "Kubernetes credentials",
	".docker":        "Docker registry credentials",
	".config/gcloud": "Google Cloud credentials",
}

// credentialDir finds a credential directory among the path's elements.
func credentialDir(p string) (what string, ok bool) {
	elems := strings.Split(p, "/")
	for i, e := range elems {
		if what, ok := credentialDirs[e]; ok {
			return what, true
		}
		if i+1 < len(elems) {
			if what, ok := credentialDirs[e+"/"+elems[i+1]]; ok {
				return what, true
			}
		}
	}
	return "", false
}

// SensitiveWritable is Sensitive for a mount the container can write to:
// besides the paths that are sensitive however they are mounted, it
// accepts the host's programs, libraries and kernel modules, and the
// configuration that decides what the host runs and who may log in
// (/etc/passwd, cron, systemd units, the dynamic loader's preload list).
// Read-only, those are public knowledge; writable, they are code execution
// on the host.
func SensitiveWritable(hostPath string) (what string, ok bool) {
	if what, ok := Sensitive(hostPath); ok {
		return what, true
	}
	p := strings.TrimSpace(strings.ReplaceAll(hostPath, `\`, "/"))
	if !strings.HasPrefix(p, "/") {
		return "", false
	}
	clean := path.Clean(p)
	if clean == "/usr" || clean == "/usr/local" {
		return "the host's programs and libraries", true
	}
	for dir := clean; dir != "/"; dir = path.Dir(dir) {
		if what, ok := hostCodeTrees[dir]; ok {
			return what, true
		}
	}
	return "", false
}

// hostCodeTrees are host paths whose content the host executes or trusts
// for authentication, with everything under them. /usr/share and
// /usr/local/share are data, and applications keep their own files there.
var hostCodeTrees = map[string]string{
	"/bin":                "the host's programs",
	"/sbin":               "the host's programs",
	"/usr/bin":            "the host's programs",
	"/usr/sbin":           "the host's programs",
	"/usr/lib":            "the host's libraries",
	"/usr/lib32":          "the host's libraries",
	"/usr/lib64":          "the host's libraries",
	"/usr/libx32":         "the host's libraries",
	"/usr/libexec":        "the host's programs",
	"/usr/local/bin":      "the host's programs",
	"/usr/local/sbin":     "the host's programs",
	"/usr/local/lib":      "the host's libraries",
	"/usr/src":            "the host's kernel sources, from which modules are built",
	"/lib":                "the host's libraries",
	"/lib/modules":        "the host's kernel modules",
	"/usr/lib/modules":    "the host's kernel modules",
	"/lib32":              "the host's libraries",
	"/lib64":              "the host's libraries",
	"/libx32":             "the host's libraries",
	"/etc/passwd":         "the host's user accounts",
	"/etc/group":          "the host's groups",
	"/etc/crontab":        "the host's scheduled jobs",
	"/etc/cron.d":         "the host's scheduled jobs",
	"/etc/cron.hourly":    "the host's scheduled jobs",
	"/etc/cron.daily":     "the host's scheduled jobs",
	"/etc/cron.weekly":    "the host's scheduled jobs",
	"/etc/cron.monthly":   "the host's scheduled jobs",
	"/var/spool/cron":     "the host's scheduled jobs",
	"/etc/systemd":        "the host's service definitions",
	"/etc/init.d":         "the host's service scripts",
	"/etc/rc.local":       "the host's boot script",
	"/etc/ld.so.preload":  "the host's dynamic loader preload list",
	"/etc/ld.so.conf":     "the host's dynamic loader configuration",
	"/etc/ld.so.conf.d":   "the host's dynamic loader configuration",
	"/etc/profile":        "the host's login scripts",
	"/etc/profile.d":      "the host's login scripts",
	"/etc/bash.bashrc":    "the host's shell start-up script",
	"/etc/environment":    "the host's login environment",
	"/etc/pam.d":          "the host's authentication configuration",
	"/etc/security":       "the host's authentication configuration",
	"/etc/modprobe.d":     "the host's kernel module configuration",
	"/etc/modules-load.d": "the host's kernel module configuration",
	"/etc/udev":           "the host's device event rules",
}
