package dockerfile

import (
	"path"
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var pkgCacheLeft = &rules.Rule{
	ID:       "DF019",
	Title:    "package caches left in image",
	Severity: rules.Info,
	STRIDE:   []rules.Category{rules.DenialOfService},
	Kind:     "dockerfile",
	Help: `A ` + "`RUN`" + ` of a stage that ships downloads package indexes or archives and leaves them in its
layer: ` + "`apt-get update`" + ` without removing ` + "`/var/lib/apt/lists`" + ` in the same ` + "`RUN`" + `; ` + "`apk add`" + `/` + "`update`" + `/` + "`upgrade`" + `
without ` + "`--no-cache`" + `; ` + "`yum`" + `/` + "`dnf`" + `/` + "`microdnf`" + ` transactions without ` + "`clean all`" + `; ` + "`zypper`" + ` without
` + "`zypper clean -a`" + ` (plain ` + "`zypper clean`" + ` keeps the metadata); ` + "`pip install`" + ` without ` + "`--no-cache-dir`" + `;
` + "`yarn install`" + `/` + "`add`" + ` without ` + "`yarn cache clean`" + `. Tens to hundreds of megabytes ship in every copy of the
image, slow every pull and start, and a later ` + "`RUN`" + ` cannot reclaim them: a deleted file still
exists in the layer below.

Only the image's own stages are judged — the final stage (or ` + "`--target`" + `) and the stages it is
built ` + "`FROM`" + ` — because a build stage's caches stay behind when ` + "`COPY --from`" + ` takes its output.
Cleaning counts only in the same ` + "`RUN`" + `: ` + "`rm -rf`" + ` (or ` + "`find … -delete`" + `) of the cache directory or a
parent, ` + "`apt-get dist-clean`" + `, ` + "`dnf clean all`" + `/` + "`metadata`" + `, ` + "`pip cache purge`" + `. A ` + "`RUN --mount=type=cache`" + ` (or
tmpfs) on the cache directory keeps it out of the layer and is not reported; so is pip with
` + "`PIP_NO_CACHE_DIR`" + ` set by ` + "`ENV`" + `/` + "`ARG`" + ` or on the command. APT's downloaded ` + "`.deb`" + ` files are not
judged: Debian and Ubuntu images delete them after each install.`,
	Remediation: `Clean up in the same ` + "`RUN`" + ` that downloads, or use a cache mount (BuildKit), which also
speeds up rebuilds:

` + "```dockerfile" + `
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
RUN apk add --no-cache curl
RUN dnf install -y nginx && dnf clean all
RUN pip install --no-cache-dir -r requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
` + "```",
	References: []rules.Reference{
		{Title: "Docker docs: Building best practices (apt-get)", URL: "https://docs.docker.com/build/building/best-practices/#apt-get"},
		{Title: "Docker docs: Optimize cache usage (cache mounts)", URL: "https://docs.docker.com/build/cache/optimize/#use-cache-mounts"},
		{Title: "pip: Caching", URL: "https://pip.pypa.io/en/stable/topics/caching/"},
	},
	Check: onFile(checkPkgCacheLeft),
}

func checkPkgCacheLeft(p *rules.Pass, f *pdockerfile.File) {
	final := finalStage(p, f)
	if final == nil {
		return
	}
	for _, r := range pkgRuns(f, pkgShippedStages(final)) {
		gone := append(pkgRemovedPaths(r.in), pkgMountTargets(r.in)...)
		reported := map[string]bool{}
		for i := range r.calls {
			c := &r.calls[i]
			kind, msg := pkgLeavesCache(r, c, gone)
			if kind == "" || reported[kind] {
				continue
			}
			reported[kind] = true
			p.Reportf(c.at(), anchor(r.stage, r.in)+":cache "+kind, "%s %s", c.label(), msg)
		}
	}
}

// pkgLeavesCache says which cache c leaves in the layer (a kind, and the
// rest of the message), or "" when it leaves none.
func pkgLeavesCache(r pkgRun, c *pkgCall, gone []string) (kind, msg string) {
	switch {
	case c.is(pkgApt, "update"):
		if pkgCovers(gone, "/var/lib/apt/lists") || pkgRunHas(r, func(x *pkgCall) bool { return x.is(pkgApt, "dist-clean") }) {
			return "", ""
		}
		return "apt", "leaves the package lists in /var/lib/apt/lists: add rm -rf /var/lib/apt/lists/* to the same RUN"
	case c.is(pkgApk, "add", "update", "upgrade", "fix"):
		// --no-network: nothing is downloaded, so nothing is cached.
		if c.has("--no-cache", "--no-network") || pkgCovers(gone, "/var/cache/apk") || pkgCovers(gone, "/etc/apk/cache") {
			return "", ""
		}
		return "apk", "without --no-cache leaves the package index in /var/cache/apk"
	case c.tool.family == pkgRPM && c.tool.name != "rpm" && c.tool.name != "yum-config-manager" && pkgRPMDownloads(c):
		// yum is dnf on current releases, and microdnf shares yum's
		// directory: removing either directory is taken as cleaning.
		if pkgCovers(gone, "/var/cache/yum") || pkgCovers(gone, "/var/cache/dnf") || pkgCovers(gone, "/var/cache/libdnf5") ||
			pkgCovers(gone, "/var/cache/tdnf") ||
			pkgRunHas(r, func(x *pkgCall) bool { return x.is(pkgRPM, "clean") && pkgHasOperand(x, "all", "metadata") }) {
			return "", ""
		}
		return "rpm", "without " + c.tool.name + " clean all in the same RUN leaves the repository metadata in /var/cache"
	case c.is(pkgZypper, "install", "update", "dist-upgrade", "patch", "refresh", "source-install", "install-new-recommends"):
		if pkgCovers(gone, "/var/cache/zypp") || pkgRunHas(r, func(x *pkgCall) bool {
			return x.is(pkgZypper, "clean") && x.has("-a", "--all", "-m", "--metadata")
		}) {
			return "", ""
		}
		if pkgRunHas(r, func(x *pkgCall) bool { return x.is(pkgZypper, "clean") }) {
			return "zypper", "leaves the repository metadata in /var/cache/zypp: zypper clean without -a removes only packages"
		}
		return "zypper", "without zypper clean -a in the same RUN leaves the repository metadata in /var/cache/zypp"
	case c.is(pkgPip, "install") && c.tool.name == "pip":
		if c.has("--no-cache-dir") || pkgStageDeclares(r.stage, r.in, "PIP_NO_CACHE_DIR") || pkgInlineEnv(r.in, c.cmd, "PIP_NO_CACHE_DIR") ||
			pkgRunHas(r, func(x *pkgCall) bool { return x.is(pkgPip, "cache") && (x.sub2 == "purge" || x.sub2 == "remove") }) ||
			pkgHomeCacheGone(gone, "pip") {
			return "", ""
		}
		if d := c.opt("--cache-dir"); d != nil && (!d.known || pkgCovers(gone, path.Clean(d.value))) {
			return "", ""
		}
		return "pip", "without --no-cache-dir leaves downloaded packages in ~/.cache/pip"
	case c.tool.name == "yarn" && (c.sub == "" && len(c.operands) == 0 && !c.opaque || c.sub == "install" || c.sub == "add" || c.sub == "global" && c.sub2 == "add"):
		if pkgRunHas(r, func(x *pkgCall) bool { return x.tool.name == "yarn" && x.sub == "cache" && x.sub2 == "clean" }) ||
			pkgHomeCacheGone(gone, "yarn") {
			return "", ""
		}
		for _, g := range gone {
			if strings.Contains(g, "yarn") {
				return "", ""
			}
		}
		if d := c.opt("--cache-folder"); d != nil && (!d.known || pkgCovers(gone, path.Clean(d.value))) {
			return "", ""
		}
		return "yarn", "without yarn cache clean in the same RUN leaves the package cache in the layer"
	}
	return "", ""
}

// pkgRPMDownloads: a yum/dnf/microdnf command that fetches repository
// metadata or packages.
func pkgRPMDownloads(c *pkgCall) bool {
	switch c.sub {
	case "install", "reinstall", "localinstall", "groupinstall", "update", "upgrade", "downgrade", "distro-sync",
		"upgrade-minimal", "update-minimal", "makecache", "swap":
		return true
	case "group", "module":
		return c.sub2 == "install" || c.sub2 == "upgrade" || c.sub2 == "update"
	}
	return false
}

// pkgHomeCacheGone: ~/.cache/<tool> (or ~/.cache) is removed or mounted.
func pkgHomeCacheGone(gone []string, tool string) bool {
	for _, g := range gone {
		if strings.HasSuffix(g, "/.cache/"+tool) || strings.HasSuffix(g, "/.cache") || g == "~/.cache" {
			return true
		}
	}
	return false
}

func pkgRunHas(r pkgRun, pred func(*pkgCall) bool) bool {
	for i := range r.calls {
		if pred(&r.calls[i]) {
			return true
		}
	}
	return false
}

func pkgHasOperand(c *pkgCall, names ...string) bool {
	for _, w := range c.operands {
		for _, n := range names {
			if w.Text == n {
				return true
			}
		}
	}
	return false
}
