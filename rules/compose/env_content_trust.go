package compose

import (
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

var contentTrustDisabled = &rules.Rule{
	ID:       "DC032",
	Title:    "content trust disabled",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering},
	Kind:     "compose",
	Help: `A service sets ` + "`DOCKER_CONTENT_TRUST`" + ` to a value that turns Docker Content Trust off —
` + "`0`" + `, ` + "`false`" + `, ` + "`f`" + ` or empty — in its ` + "`environment:`" + ` (map or list syntax) or its ` + "`build.args`" + `.
With content trust on, the docker CLI pulls, builds from and runs only images whose tags
are signed; turned off, it accepts whatever the registry serves for a tag. The setting
matters to the docker CLI that runs with it: in a service's environment, the CLI inside the
container — a CI runner, a deployment or tooling container that pulls images; in
` + "`build.args`" + `, the docker commands of a Dockerfile that declares the argument. Writing it
there has no other purpose than turning the check off. CIS 4.5 asks for content trust to be
enabled.

The value is read as the docker CLI reads it (Go's ` + "`strconv.ParseBool`" + `): ` + "`0`" + `, ` + "`f`" + `, ` + "`false`" + `,
` + "`FALSE`" + `, ` + "`False`" + ` and the empty value turn it off; ` + "`1`" + `, ` + "`true`" + ` and any other text turn it on. A
default counts (` + "`${DCT:-0}`" + ` is off whenever the variable is unset). Not flagged: a value the file
cannot know (` + "`${DOCKER_CONTENT_TRUST}`" + `), a variable without a value (` + "`- DOCKER_CONTENT_TRUST`" + `,
passed through from the host).`,
	Remediation: `Remove the setting, or turn content trust on where images are pulled:

` + "```yaml" + `
services:
  deployer:
    image: docker:27-cli
    environment:
      DOCKER_CONTENT_TRUST: "1"
` + "```" + `

Pin the images the service pulls by digest as well (` + "`image@sha256:…`" + `): a digest cannot be
moved, signed or not.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.5: Ensure Content trust for Docker is Enabled", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: Content trust in Docker", URL: "https://docs.docker.com/engine/security/trust/"},
		{Title: "Compose file reference: environment", URL: "https://docs.docker.com/reference/compose-file/services/#environment"},
	},
	Check: eachService(checkContentTrustDisabled),
}

const contentTrustVar = "DOCKER_CONTENT_TRUST"

func checkContentTrustDisabled(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	for _, e := range trustEntries(proj, s, at("environment"), s.Config.Environment) {
		report(p, s, e.Loc, "service %q sets %s in its environment, which turns content trust off: the docker CLI in the container then accepts unsigned images for any tag",
			s.Name, trustShown(e))
	}
	if s.Config.Build == nil {
		return
	}
	for _, e := range trustEntries(proj, s, at("build", "args"), s.Config.Build.Args) {
		report(p, s, e.Loc, "service %q passes %s to its build, which turns content trust off: docker commands of the Dockerfile then accept unsigned images for any tag",
			s.Name, trustShown(e))
	}
}

// trustEntries returns the DOCKER_CONTENT_TRUST entry of a setting when
// the file gives it a value that turns content trust off.
func trustEntries(proj *pcompose.Project, s *pcompose.Service, field yamlpos.Path, m types.MappingWithEquals) []entry {
	v, ok := m[contentTrustVar]
	if !ok || v == nil {
		return nil
	}
	var out []entry
	for _, e := range entries(proj, s, field, types.MappingWithEquals{contentTrustVar: v}) {
		if e.Known && trustOff(e.Value) {
			out = append(out, e)
		}
	}
	return out
}

// trustOff reports whether a DOCKER_CONTENT_TRUST value turns content
// trust off as the docker CLI reads it: empty, or false for
// strconv.ParseBool (anything it cannot parse counts as on).
func trustOff(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return true
	}
	on, err := strconv.ParseBool(v)
	return err == nil && !on
}

// trustShown is the setting for a message, as written.
func trustShown(e entry) string {
	shown := contentTrustVar + "=" + e.Raw
	if e.Raw == "" {
		shown = contentTrustVar + " to an empty value"
	}
	if e.Raw != e.Value {
		shown += " (" + e.Value + " by default)"
	}
	return shown
}
