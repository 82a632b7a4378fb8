package hostpath

import "testing"

func TestSensitive(t *testing.T) {
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"/", true},
		{"//", true},
		{"/etc", true},
		{"/etc/", true},
		{"/etc/shadow", true},
		{"/etc/ssh/ssh_host_ed25519_key", true},
		{"/etc/kubernetes/pki", true},
		{"/etc/localtime", false},
		{"/etc/timezone", false},
		{"/etc/ssl/certs", false},
		{"/etc/passwd", false},
		{"/proc", true},
		{"/proc/sys/kernel", true},
		{"/sys/fs/cgroup", true},
		{"/boot", true},
		{"/dev", true},
		{"/dev/shm", true},
		{"/dev/ttyUSB0", false},
		{"/dev/dri", false},
		{"/root", true},
		{"/root/.cache", true},
		{"/var/lib/docker", true},
		{"/var/lib/docker/volumes/x/_data", true},
		{"/var/lib/kubelet", true},
		{"/var/lib/etcd", true},
		{"/var/lib/postgresql/data", false},
		{"/home", true},
		{"/home/alice", true},
		{"/home/alice/", true},
		{"/home/alice/src/app", false},
		{"/home/alice/.ssh", true},
		{"/home/alice/.ssh/id_ed25519", true},
		{"/Users/alice/.aws", true},
		{"~", true},
		{"~/.ssh", true},
		{"~/.config/gcloud", true},
		{"~/.config/app", false},
		{"~/src", false},
		{"$HOME/.ssh", true},
		{"${HOME}/.kube/config", true},
		{"${HOME}", true},
		{"/.ssh", true}, // $HOME/.ssh with HOME empty
		{"${DATA_DIR}", false},
		{"${DATA_DIR}/x", false},
		{"${KEYS}/.ssh", true},
		{`C:\Users\alice\.ssh`, true},
		{`C:\data`, false},
		{"./data", false},
		{"./.ssh", false},
		{"data", false},
		{"", false},
		{"/srv/app", false},
		{"/etcd", false},
		{"/procfs", false},
	} {
		what, ok := Sensitive(tt.path)
		if ok != tt.want {
			t.Errorf("Sensitive(%q) = %q, %v; want %v", tt.path, what, ok, tt.want)
		}
		if ok && what == "" {
			t.Errorf("Sensitive(%q) names nothing", tt.path)
		}
	}
}

func TestSensitiveWritable(t *testing.T) {
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"/etc", true},
		{"/lib/modules", true},
		{"/usr/src", true},
		{"/usr/local/bin", true},
		{"/etc/passwd", true},
		{"/etc/cron.d", true},
		{"/etc/systemd/system", true},
		{"/etc/localtime", false},
		{"/etc/pihole", false},
		{"/etc/nginx/conf.d", false},
		{"/usr/share/appdata/wireguard/config", false},
		{"/usr", true},
		{"/usr/lib/x86_64-linux-gnu", true},
		{"/srv/data", false},
		{"./usr", false},
		{"/library", false},
	} {
		what, ok := SensitiveWritable(tt.path)
		if ok != tt.want {
			t.Errorf("SensitiveWritable(%q) = %q, %v; want %v", tt.path, what, ok, tt.want)
		}
	}
}

func TestRuntimeSocket(t *testing.T) {
	for _, tt := range []struct {
		path string
		want string // "" for not a runtime socket
	}{
		{"/var/run/docker.sock", "Docker"},
		{"/run/docker.sock/", "Docker"},
		{"/run/containerd/containerd.sock", "containerd"},
		{"/run/k3s/containerd/containerd.sock", "containerd"},
		{"/var/run/crio/crio.sock", "CRI-O"},
		{"/run/cri-dockerd.sock", "cri-dockerd"},
		{"/run/user/1000/podman/podman.sock", "Podman"},
		{`\\.\pipe\docker_engine`, "Docker"},
		{"/var/run", RuntimeDir},
		{"/run/", RuntimeDir},
		{"/var/run/docker", RuntimeDir},
		{"/run/containerd", RuntimeDir},
		{"/run/k3s/containerd", RuntimeDir},
		{"/run/xtables.lock", ""},
		{"/var/run/netns", ""},
		{"/var/log", ""},
		{"/var/lib/docker", ""},
		{"", ""},
	} {
		rt, ok := RuntimeSocket(tt.path)
		if ok != (tt.want != "") || rt != tt.want {
			t.Errorf("RuntimeSocket(%q) = %q, %v; want %q", tt.path, rt, ok, tt.want)
		}
	}
}
