package analyzer

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stridelint/stridelint/parsers"
)

// hostFiles are the files of a host stridelint reads in --host-root mode
// (the CIS Docker Benchmark §2–§4 sources and the Kubernetes node's), as
// host paths. A trailing "/*" lists a directory; "/**" walks it.
var hostFiles = []struct {
	pattern string
	kind    parsers.Kind // "" = classify by name and content
}{
	{"/etc/docker/daemon.json", parsers.KindDaemon},
	{"/etc/docker/**", parsers.KindHostFile}, // certificates and keys (judged by owner and mode)
	{"/etc/default/docker", parsers.KindEnv},
	{"/etc/sysconfig/docker", parsers.KindEnv},
	{"/etc/default/kubelet", parsers.KindEnv},
	{"/etc/sysconfig/kubelet", parsers.KindEnv},
	{"/etc/environment", parsers.KindEnv},
	{"/etc/profile", parsers.KindEnv},
	{"/etc/profile.d/*", parsers.KindEnv},
	{"/etc/bash.bashrc", parsers.KindEnv},
	{"/etc/selinux/config", parsers.KindEnv},
	{"/etc/systemd/system/*", ""},
	{"/etc/systemd/system/**.d/*", ""},
	{"/lib/systemd/system/*", ""},
	{"/lib/systemd/system/**.d/*", ""},
	{"/usr/lib/systemd/system/*", ""},
	{"/usr/lib/systemd/system/**.d/*", ""},
	{"/etc/kubernetes/manifests/*", ""},
	{"/var/lib/kubelet/config.yaml", parsers.KindKubernetes},
}

// hostUnitNames are the systemd units of interest on a host: the container
// runtime and the Kubernetes node components.
func hostUnitName(name string) bool {
	for _, p := range []string{"docker", "containerd", "kube", "etcd"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// discoverHost lists the host files under root. Every path is resolved
// inside root as if root were "/": a symbolic link, absolute or relative,
// never leads outside it.
func discoverHost(root, base string, maxSize int64) ([]Candidate, []Skipped, error) {
	fi, err := os.Stat(root)
	if err != nil || !fi.IsDir() {
		return nil, nil, fmt.Errorf("--host-root %s: not a directory", root)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, nil, fmt.Errorf("--host-root %s: %v", root, err)
	}
	realRoot, _ = filepath.Abs(realRoot)
	seen := map[string]bool{}
	var cands []Candidate
	var skipped []Skipped
	add := func(hostPath string, kind parsers.Kind) {
		disk, ok := resolveInRoot(realRoot, hostPath)
		if !ok || seen[disk] {
			return
		}
		info, err := os.Stat(disk)
		if err != nil || !info.Mode().IsRegular() {
			return
		}
		display := displayPath(base, filepath.Join(root, filepath.FromSlash(hostPath)))
		if maxSize > 0 && info.Size() > maxSize {
			skipped = append(skipped, Skipped{Path: display, Reason: "larger than the size limit"})
			return
		}
		seen[disk] = true
		cands = append(cands, Candidate{Path: display, DiskPath: disk, Info: info, Explicit: true, Kind: kind, HostPath: hostPath})
	}
	for _, hf := range hostFiles {
		switch {
		case strings.HasSuffix(hf.pattern, "/**"):
			dir := strings.TrimSuffix(hf.pattern, "/**")
			walkHost(realRoot, dir, func(hp string) {
				// Only key material and certificates, not daemon.json again.
				switch path.Ext(hp) {
				case ".pem", ".crt", ".cert", ".key":
					add(hp, hf.kind)
				}
			})
		case strings.HasSuffix(hf.pattern, "/**.d/*"):
			dir := strings.TrimSuffix(hf.pattern, "/**.d/*")
			for _, d := range listHost(realRoot, dir) {
				if strings.HasSuffix(d, ".d") && hostUnitName(path.Base(d)) {
					for _, f := range listHost(realRoot, d) {
						add(f, parsers.KindSystemd)
					}
				}
			}
		case strings.HasSuffix(hf.pattern, "/*"):
			dir := strings.TrimSuffix(hf.pattern, "/*")
			for _, f := range listHost(realRoot, dir) {
				name := path.Base(f)
				kind := hf.kind
				if strings.Contains(dir, "systemd") {
					if !hostUnitName(name) || !(strings.HasSuffix(name, ".service") || strings.HasSuffix(name, ".socket")) {
						continue
					}
					kind = parsers.KindSystemd
				}
				if dir == "/etc/profile.d" && !strings.HasSuffix(name, ".sh") {
					continue
				}
				add(f, kind)
			}
		default:
			add(hf.pattern, hf.kind)
		}
	}
	slices.SortFunc(cands, func(a, b Candidate) int { return strings.Compare(a.Path, b.Path) })
	return cands, skipped, nil
}

// resolveInRoot turns a host path into the disk path under root, following
// symbolic links the way the host would (an absolute target is relative to
// the host's "/", that is root). ok is false when the path does not exist
// or would leave root.
func resolveInRoot(root, hostPath string) (string, bool) {
	parts := strings.Split(strings.Trim(path.Clean("/"+hostPath), "/"), "/")
	cur := root
	for hops := 0; len(parts) > 0; {
		p := parts[0]
		parts = parts[1:]
		switch p {
		case "", ".":
			continue
		case "..":
			if cur != root {
				cur = filepath.Dir(cur)
			}
			continue
		}
		next := filepath.Join(cur, p)
		fi, err := os.Lstat(next)
		if err != nil {
			return "", false
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			cur = next
			continue
		}
		if hops++; hops > 40 {
			return "", false
		}
		target, err := os.Readlink(next)
		if err != nil {
			return "", false
		}
		if strings.HasPrefix(target, "/") {
			cur = root
		}
		parts = append(strings.Split(filepath.ToSlash(target), "/"), parts...)
	}
	if cur != root && !strings.HasPrefix(cur, root+string(filepath.Separator)) {
		return "", false
	}
	return cur, true
}

// listHost lists the entries of a host directory as host paths.
func listHost(root, dir string) []string {
	disk, ok := resolveInRoot(root, dir)
	if !ok {
		return nil
	}
	entries, err := os.ReadDir(disk)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		out = append(out, path.Join(dir, e.Name()))
	}
	return out
}

// walkHost calls fn for every file below a host directory (bounded depth).
func walkHost(root, dir string, fn func(hostPath string)) {
	var walk func(d string, depth int)
	walk = func(d string, depth int) {
		if depth > 6 {
			return
		}
		for _, p := range listHost(root, d) {
			disk, ok := resolveInRoot(root, p)
			if !ok {
				continue
			}
			if fi, err := os.Lstat(disk); err == nil && fi.IsDir() {
				walk(p, depth+1)
			} else {
				fn(p)
			}
		}
	}
	walk(dir, 0)
}

// displayPath is a disk path as reports show it: relative to base.
func displayPath(base, disk string) string {
	abs, err := filepath.Abs(disk)
	if err != nil {
		return filepath.ToSlash(disk)
	}
	if rel, err := filepath.Rel(base, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}
