// Package hostpath knows which host paths are dangerous to give a
// container: runtime sockets, system directories. Compose and Kubernetes
// rules share it so that both judge a path the same way.
package hostpath

import (
	"path"
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
