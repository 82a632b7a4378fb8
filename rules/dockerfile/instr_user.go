package dockerfile

import (
	"strings"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var userByName = &rules.Rule{
	ID:       "DF002",
	Title:    "USER is a name, not a numeric UID",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "dockerfile",
	Help: `The final stage's effective ` + "`USER`" + ` is a user name (` + "`USER app`" + `, ` + "`USER app:app`" + `) rather
than a numeric UID. A name means nothing outside the image: Kubernetes'
` + "`runAsNonRoot: true`" + ` cannot tell whether ` + "`app`" + ` is UID 0 and refuses to start the pod
("image has non-numeric user"), and pod security policies or admission controllers that
check UID ranges cannot verify it either. A name can also resolve to a different UID
than intended if ` + "`/etc/passwd`" + ` changes in the base image.

The user part decides: ` + "`USER 10001:app`" + ` is fine, ` + "`USER app:10001`" + ` is not. Only the last
` + "`USER`" + ` that applies to the final stage is judged (it may come from a stage the final stage
is built ` + "`FROM`" + `). Not reported: ` + "`root`" + ` (DF001's business), a value from a build argument
without default (unknown), and Windows images, which have no numeric UIDs.`,
	Remediation: `Create the user with a fixed UID and refer to it by number:

` + "```dockerfile" + `
RUN useradd --uid 10001 --no-create-home app
USER 10001:10001
` + "```" + ``,
	References: []rules.Reference{
		{Title: "Dockerfile reference: USER", URL: "https://docs.docker.com/reference/dockerfile/#user"},
		{Title: "Kubernetes docs: SecurityContext runAsNonRoot", URL: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"},
		{Title: "hadolint DL3066", URL: "https://github.com/hadolint/hadolint/wiki/DL3066"},
	},
	Check: onFile(checkUserByName),
}

func checkUserByName(p *rules.Pass, f *pdockerfile.File) {
	final := finalStage(p, f)
	if final == nil || final.Windows() {
		return
	}
	in, s := lastInStageChain(final, "USER")
	if in == nil || len(in.Args) == 0 {
		return
	}
	v := s.ResolveAt(in, in.Args[0])
	if !v.Known {
		return
	}
	user, _, _ := strings.Cut(strings.TrimSpace(v.Text), ":")
	if user == "" || isNumericID(user) || pdockerfile.IsRootUser(v.Text) {
		return
	}
	where := ""
	if s != final {
		where = " (set in stage " + stageName(s) + ", which the final stage is built from)"
	}
	p.Reportf(in.Range(), anchor(s, in)+":"+user,
		"USER %s is a name, not a numeric UID%s: Kubernetes runAsNonRoot cannot verify that it is not root", user, where)
}

// lastInStageChain finds the last instruction with keyword that applies to
// the stage: in the stage itself, else in the stages it is built FROM. It
// returns the instruction and the stage it is in (nil, nil when none).
func lastInStageChain(stage *pdockerfile.Stage, keyword string) (*pdockerfile.Instruction, *pdockerfile.Stage) {
	for s := stage; s != nil; s = s.BaseStage {
		for i := len(s.Instructions) - 1; i >= 0; i-- {
			if s.Instructions[i].Keyword == keyword {
				return s.Instructions[i], s
			}
		}
	}
	return nil, nil
}

func isNumericID(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
