package compose

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var onlyDefaultNetwork = &rules.Rule{
	ID:       "DC021",
	Title:    "only the default network",
	Severity: rules.Low,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.InformationDisclosure},
	Kind:     "compose",
	Help: `A service has no ` + "`networks:`" + ` of its own (or lists only ` + "`default`" + `), so it sits on the
project's default network together with other services. Every container on a network
can reach every port of every other: the web front end can talk to the database's admin
port, the metrics exporter to the cache. If one of them is compromised, the network gives
it a path to all the others. Separate networks (a ` + "`frontend`" + ` for the proxy and the app, a
` + "`backend`" + ` for the app and the database) limit that lateral movement.

Reported once per service, at the service (or at its ` + "`networks:`" + ` when that is written),
when at least one other service of the project is also on the default network — a
single service, or one alone on it, has no one to share it with.

Also reported: ` + "`network_mode: bridge`" + `, which puts the container on Docker's own default
bridge (` + "`docker0`" + `), shared with every container on the host started without a network
(CIS 5.30), whatever project it belongs to.

Not reported: services with their own networks (even if ` + "`default`" + ` is one of them), and
services with another ` + "`network_mode`" + ` — ` + "`host`" + ` (DC005's matter), ` + "`none`" + `, or
` + "`service:…`" + ` / ` + "`container:…`" + `, which share the namespace of a service judged on its own.`,
	Remediation: `Give services the networks they need, and only those; mark a network that must not reach
the outside ` + "`internal: true`" + `:

` + "```yaml" + `
services:
  proxy:
    image: nginx:1.27
    networks: [frontend]
  app:
    image: example/app:1.4
    networks: [frontend, backend]
  db:
    image: postgres:16
    networks: [backend]
networks:
  frontend: {}
  backend:
    internal: true
` + "```" + ``,
	References: []rules.Reference{
		{Title: `CIS Docker Benchmark 5.30: Ensure that Docker's default bridge "docker0" is not used`, URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: networks", URL: "https://docs.docker.com/reference/compose-file/services/#networks"},
		{Title: "Docker docs: Networking in Compose", URL: "https://docs.docker.com/compose/how-tos/networking/"},
	},
	Check: eachService(checkOnlyDefaultNetwork),
}

func checkOnlyDefaultNetwork(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	switch strings.ToLower(s.Config.NetworkMode) {
	case "bridge", "default":
		report(p, s, proj.Locate(s, at("network_mode")),
			"service %q uses network_mode: %s, Docker's default bridge, shared with every container on the host started without a network",
			s.Name, s.Config.NetworkMode)
		return
	case "":
	default:
		return
	}
	if !onDefault(s.Config) || len(s.Config.Networks) > 1 {
		return
	}
	var peers []string
	for _, name := range slices.Sorted(maps.Keys(proj.Model.Services)) {
		if o := proj.Model.Services[name]; name != s.Name && onDefault(&o) {
			peers = append(peers, fmt.Sprintf("%q", name))
		}
	}
	if len(peers) == 0 {
		return
	}
	if len(peers) > 3 {
		peers = append(peers[:3], fmt.Sprintf("%d more", len(peers)-3))
	}
	report(p, s, proj.Locate(s, at("networks")),
		"service %q is only on the project's default network, which it shares with %s: each can reach every port of the others, with no segmentation",
		s.Name, strings.Join(peers, ", "))
}

// onDefault reports whether a service is attached to the project's default
// network: compose puts a service without networks (and without a
// network_mode) there.
func onDefault(s *types.ServiceConfig) bool {
	if s.NetworkMode != "" {
		return false
	}
	if len(s.Networks) == 0 {
		return true
	}
	_, ok := s.Networks["default"]
	return ok
}
