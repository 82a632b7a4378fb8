package compose

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/stridelint/stridelint/parsers"
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var serviceRunsAsRoot = &rules.Rule{
	ID:       "DC015",
	Title:    "service runs as root",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.ElevationOfPrivilege},
	Kind:     "compose",
	Help: `The service's processes run as root. Decided from, in order:

- ` + "`user:`" + ` on the service: ` + "`root`" + `, ` + "`0`" + `, ` + "`0:0`" + ` or ` + "`root:…`" + ` is reported where it is written;
- otherwise, for a service with ` + "`build:`" + `, the Dockerfile it builds (the build context plus
  ` + "`dockerfile`" + `, its ` + "`target`" + ` stage or else the last one): when that stage ends as root —
  the same judgement as DF001 — the finding sits on the service's ` + "`build`" + ` key and names
  the Dockerfile's ` + "`USER`" + ` or ` + "`FROM`" + ` line as a related location;
- otherwise (` + "`image:`" + ` only) the image's user cannot be known without pulling it: the finding
  says so, at low severity, so that the service gets an explicit ` + "`user:`" + `.

Root in a container is one runtime or kernel vulnerability, one mounted socket or one added
capability away from root on the host. A ` + "`user:`" + ` or Dockerfile ` + "`USER`" + ` that comes from a variable
without a value is unknown and not reported; a build from a remote context is not judged.`,
	Remediation: `Set a numeric non-root user on the service, or end the Dockerfile's final stage with one:

` + "```yaml" + `
services:
  api:
    build: .
    user: "10001:10001"
` + "```" + `

Files the process must write then need to be owned by that user (a named volume, or a
` + "`chown`" + ` in the Dockerfile).`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.1: Ensure that a user for the container has been created", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: user", URL: "https://docs.docker.com/reference/compose-file/services/#user"},
		{Title: "Compose file reference: build", URL: "https://docs.docker.com/reference/compose-file/build/"},
	},
	CheckProject: checkServiceRunsAsRoot,
}

// checkServiceRunsAsRoot is cross-file: a service that builds its image
// is judged by the Dockerfile it builds, found among the scanned files (or
// read from disk when the scan did not include it).
func checkServiceRunsAsRoot(p *rules.ProjectPass) {
	dockerfiles := map[string]*rules.File{}
	for i, f := range p.Files {
		if f.Source.Kind == parsers.KindDockerfile {
			if abs, err := filepath.Abs(f.Source.DiskPath); err == nil {
				dockerfiles[abs] = &p.Files[i]
			}
		}
	}
	for _, f := range p.Files {
		proj, ok := f.Doc.(*pcompose.Project)
		if !ok {
			continue
		}
		for _, s := range proj.Services() {
			judgeServiceUser(p, proj, s, dockerfiles)
		}
	}
}

func judgeServiceUser(p *rules.ProjectPass, proj *pcompose.Project, s *pcompose.Service, dockerfiles map[string]*rules.File) {
	if u := s.Config.User; u != "" {
		if !pcompose.Unresolved(u) && pdockerfile.IsRootUser(u) {
			report(p, s, proj.Locate(s, at("user")), "service %q runs as root (user: %s)", s.Name, u)
		}
		return
	}
	b := s.Config.Build
	if b == nil {
		if s.Config.Image == "" || pcompose.Unresolved(s.Config.Image) {
			return
		}
		loc := proj.Locate(s, at("image"))
		reportWith(p, s, loc, []option{withSeverity(rules.Low)},
			"service %q sets no user: it runs as whatever user image %s defines, which cannot be known without pulling it (often root)", s.Name, s.Config.Image)
		return
	}
	if b.DockerfileInline != "" || pcompose.Unresolved(b.Context) || strings.Contains(b.Context, "://") || strings.HasPrefix(b.Context, "git@") {
		return
	}
	buildLoc := proj.Locate(s, at("build"))
	dir := filepath.Dir(proj.Main.DiskPath)
	if buildLoc.Def.File != nil {
		dir = filepath.Dir(buildLoc.Def.File.DiskPath)
	}
	ctx := b.Context
	if ctx == "" {
		ctx = "."
	}
	if !filepath.IsAbs(ctx) {
		ctx = filepath.Join(dir, ctx)
	}
	name := b.Dockerfile
	if name == "" {
		name = "Dockerfile"
	}
	if pcompose.Unresolved(name) {
		return
	}
	disk := name
	if !filepath.IsAbs(disk) {
		disk = filepath.Join(ctx, name)
	}
	df, display := dockerfileFor(disk, proj, dockerfiles)
	if df == nil {
		return // not in the repository: nothing to judge
	}
	stage := df.FinalStage()
	if b.Target != "" {
		stage = nil
		for _, st := range df.Stages {
			if strings.EqualFold(st.Name, b.Target) {
				stage = st
			}
		}
	}
	if stage == nil {
		return
	}
	v, in, _ := stage.User()
	var related rules.Related
	switch {
	case in == nil:
		related = rules.Related{Path: display, Range: stage.From.Range(),
			Message: "the Dockerfile's stage has no USER: its processes run as root unless the base image sets a user"}
	case !v.Known:
		return
	case pdockerfile.IsRootUser(v.Text):
		related = rules.Related{Path: display, Range: in.Range(), Message: "USER " + v.Text + " is the last user of the stage"}
	default:
		return
	}
	stageDesc := "final stage"
	if b.Target != "" {
		stageDesc = "target stage " + b.Target
	}
	reportWith(p, s, buildLoc, []option{withRelated(related)},
		"service %q sets no user and builds %s, whose %s runs as root", s.Name, display, stageDesc)
}

// dockerfileFor returns the parsed Dockerfile at disk: the scanned one
// when the scan included it, else read and parsed here.
func dockerfileFor(disk string, proj *pcompose.Project, scanned map[string]*rules.File) (*pdockerfile.File, string) {
	abs, err := filepath.Abs(disk)
	if err != nil {
		return nil, ""
	}
	if f, ok := scanned[abs]; ok {
		df, _ := f.Doc.(*pdockerfile.File)
		return df, f.Source.Path
	}
	data, err := os.ReadFile(abs)
	if err != nil || len(data) > 8<<20 {
		return nil, ""
	}
	display := proj.DisplayPath(abs)
	df, _ := pdockerfile.Parse(&parsers.Source{Path: display, DiskPath: abs, Kind: parsers.KindDockerfile, Data: data})
	return df, display
}
