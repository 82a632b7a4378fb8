package dockerfile

import (
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var addRemoteURL = &rules.Rule{
	ID:       "DF012",
	Title:    "ADD of a remote URL",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "dockerfile",
	Help: `An ` + "`ADD`" + ` fetches a remote source — an ` + "`http://`" + ` or ` + "`https://`" + ` URL, or a Git repository
(` + "`git@host:repo`" + `, ` + "`git://`" + `, ` + "`ssh://`" + `, ` + "`https://…/repo.git`" + `) — without ` + "`--checksum=`" + `. The build then
takes whatever the server returns that day: a moved tag, a replaced release asset, a
compromised mirror, and (over plain HTTP) anyone on the network path. Nothing in the
Dockerfile records what was built in.

The source is judged after variable expansion: ` + "`ADD https://…/v${VERSION}/tool.tgz`" + ` is remote whatever
the version. A source that is wholly a variable without a default (` + "`ADD ${URL} /x`" + `) is unknown
and not flagged, and so is a Git source whose ref is such a variable (it may be a commit). Not flagged: an ` + "`ADD`" + ` with ` + "`--checksum=sha256:…`" + ` (or, for Git, a checksum in the
URL), and a Git source pinned to a full commit hash (` + "`…repo.git#3f2a…`" + ` with 40 hex digits), which
cannot move. Local sources are DF013's concern.`,
	Remediation: `Pin the content with a checksum (BuildKit, Dockerfile syntax 1.6+):

` + "```dockerfile" + `
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
    https://example.com/tool-1.4.2.tar.gz /tmp/
` + "```" + `

For a Git source, pin the commit: ` + "`ADD --checksum=<commit sha> https://github.com/org/repo.git#v1.4.2 /src`" + `
or ` + "`…repo.git#<commit sha>`" + `. Or download in a ` + "`RUN`" + ` step and verify with ` + "`sha256sum -c`" + ` or a
signature before use.`,
	References: []rules.Reference{
		{Title: "Dockerfile reference: ADD --checksum", URL: "https://docs.docker.com/reference/dockerfile/#add---checksum"},
		{Title: "Dockerfile reference: adding files from a URL", URL: "https://docs.docker.com/reference/dockerfile/#adding-files-from-a-url"},
		{Title: "CIS Docker Benchmark 4.9: Ensure that COPY is used instead of ADD in Dockerfiles", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Checkov CKV_DOCKER_4", URL: "https://www.checkov.io/5.Policy%20Index/dockerfile.html"},
	},
	Check: onFile(checkAddURL),
}

func checkAddURL(p *rules.Pass, f *pdockerfile.File) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			add, ok := in.Command.(*instructions.AddCommand)
			if !ok || add.Checksum != "" {
				continue
			}
			for _, src := range add.SourcePaths {
				v := s.ResolveAt(in, src)
				switch remoteKind(v.Text) {
				case "http":
					p.Reportf(in.Range(), anchor(s, in)+":"+redactURL(v.Text),
						"ADD downloads %s without --checksum: the build takes whatever that server returns", redactURL(v.Text))
				case "git":
					if !gitPinned(v.Text) && !(!v.Known && gitRefUnknown(v.Text)) {
						p.Reportf(in.Range(), anchor(s, in)+":"+redactURL(v.Text),
							"ADD clones %s without --checksum or a commit hash: the branch or tag can move to other code", redactURL(v.Text))
					}
				}
			}
		}
	}
}

// remoteKind says whether an ADD source is fetched by BuildKit: "git" for
// a Git repository, "http" for a URL, "" for a local path (or one that is
// unknown, like "${SRC}").
func remoteKind(src string) string {
	l := strings.ToLower(src)
	switch {
	case strings.HasPrefix(l, "git@"), strings.HasPrefix(l, "git://"), strings.HasPrefix(l, "ssh://"):
		return "git"
	case strings.HasPrefix(l, "http://"), strings.HasPrefix(l, "https://"):
		path := l
		if i := strings.IndexAny(path, "#?"); i >= 0 {
			path = path[:i]
		}
		if strings.HasSuffix(strings.TrimSuffix(path, "/"), ".git") {
			return "git"
		}
		return "http"
	}
	return ""
}

// gitRefUnknown: the ref of a Git source holds a variable the file cannot
// resolve — it may be a commit hash, and unknown is not insecure.
func gitRefUnknown(src string) bool {
	_, after, ok := strings.Cut(src, "#")
	if !ok {
		_, after, ok = strings.Cut(src, "?")
	}
	return ok && strings.Contains(after, "$")
}

var commitHash = regexp.MustCompile(`^(?:[0-9a-f]{40}|[0-9a-f]{64})$`)

// gitPinned: the Git source names a full commit hash (#<sha>[:subdir],
// ?ref=<sha> or ?commit=<sha>) or carries a checksum in its query.
func gitPinned(src string) bool {
	rest := src
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		query, _, _ := strings.Cut(rest[i+1:], "#")
		for _, kv := range strings.Split(query, "&") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "checksum":
				if v != "" {
					return true
				}
			case "ref", "commit":
				if commitHash.MatchString(strings.ToLower(v)) {
					return true
				}
			}
		}
	}
	if _, frag, ok := strings.Cut(src, "#"); ok {
		ref, _, _ := strings.Cut(frag, ":")
		return commitHash.MatchString(strings.ToLower(ref))
	}
	return false
}
