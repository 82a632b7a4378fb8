package compose

import (
	"fmt"
	"strings"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
)

var adminPortOnAllInterfaces = &rules.Rule{
	ID:       "DC019",
	Title:    "admin or data port published on all interfaces",
	Severity: rules.Medium,
	Threats:  []rules.ThreatID{rules.Docker3},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering},
	Kind:     "compose",
	Help: `A service publishes, on every interface of the host, the port of a database, cache,
message broker, cluster store, debugger or remote administration service. These services
are meant for the application next to them or for an administrator, not for the network:
many ship without authentication or with a default password (Redis, Memcached,
Elasticsearch, MongoDB, etcd, the kubelet's API), and an exposed one is found by
Internet-wide scans within hours and emptied, held for ransom or used to run code.

The port is judged by the **container** port — that is what the service is; the host
port in front of it may be anything (` + "`\"15432:5432\"`" + ` is PostgreSQL). Ports recognised:

| port | service |
|---|---|
| 22, 23, 3389, 5900 | SSH, Telnet, RDP, VNC |
| 9229 | Node.js inspector (a debugger: it runs any code it is sent) |
| 3306, 33060 | MySQL / MariaDB |
| 5432 | PostgreSQL |
| 1433 | Microsoft SQL Server |
| 1521 | Oracle Database |
| 27017, 27018, 27019 | MongoDB |
| 6379 | Redis |
| 11211 | Memcached |
| 9200, 9300 | Elasticsearch / OpenSearch (HTTP, transport) |
| 5984 | CouchDB |
| 9042 | Cassandra (CQL) |
| 8086 | InfluxDB |
| 7687 | Neo4j (Bolt) |
| 26257 | CockroachDB |
| 8529 | ArangoDB |
| 28015 | RethinkDB |
| 2379, 2380 | etcd (client, peer) |
| 2181 | ZooKeeper |
| 9092 | Kafka |
| 5672, 15672 | RabbitMQ (AMQP, management) |
| 4369 | Erlang port mapper (RabbitMQ, CouchDB clusters) |
| 8500 | Consul HTTP API |
| 6443, 10250, 10255 | Kubernetes API server, kubelet, kubelet read-only |

Only entries that listen on every interface are reported (no host address, ` + "`0.0.0.0`" + `,
` + "`::`" + `); ` + "`\"127.0.0.1:5432:5432\"`" + ` is fine, and so is a database with no ` + "`ports:`" + ` at all —
which is the usual and best form. The Docker API ports 2375/2376 are DC018's. Ports that
are ambiguous (9000, 8080, 8123) are not in the list. DC017 reports the same entry as a
port on all interfaces; this rule adds what the port is.`,
	Remediation: `Do not publish the port: the application reaches the database by service name on the
project network (` + "`postgres://db:5432/app`" + `), which needs no ` + "`ports:`" + ` entry. If tools on the
host need it, bind it to the loopback:

` + "```yaml" + `
services:
  db:
    image: postgres:16
    ports:
      - "127.0.0.1:5432:5432"
` + "```" + `

For remote administration, use an SSH tunnel or a VPN rather than a published port, and
keep authentication enabled (` + "`requirepass`" + ` for Redis, ` + "`xpack.security.enabled`" + ` for
Elasticsearch).`,
	References: []rules.Reference{
		{Title: "Compose file reference: ports", URL: "https://docs.docker.com/reference/compose-file/services/#ports"},
		{Title: "CIS Docker Benchmark 5.14: Ensure that incoming container traffic is bound to a specific host interface", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "OWASP Docker Security Cheat Sheet", URL: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
	},
	Check: eachPortEntry(checkAdminPort),
}

// adminPorts are container ports of services that should not face the
// network: remote administration, databases, caches, brokers, cluster
// stores. Only well-known ports with one clear meaning are listed.
var adminPorts = map[uint32]string{
	22: "SSH", 23: "Telnet", 3389: "RDP", 5900: "VNC",
	9229: "Node.js inspector",
	3306: "MySQL", 33060: "MySQL X protocol",
	5432:  "PostgreSQL",
	1433:  "SQL Server",
	1521:  "Oracle Database",
	27017: "MongoDB", 27018: "MongoDB", 27019: "MongoDB",
	6379:  "Redis",
	11211: "Memcached",
	9200:  "Elasticsearch HTTP", 9300: "Elasticsearch transport",
	5984:  "CouchDB",
	9042:  "Cassandra",
	8086:  "InfluxDB",
	7687:  "Neo4j Bolt",
	26257: "CockroachDB",
	8529:  "ArangoDB",
	28015: "RethinkDB",
	2379:  "etcd client", 2380: "etcd peer",
	2181: "ZooKeeper",
	9092: "Kafka",
	5672: "RabbitMQ AMQP", 15672: "RabbitMQ management",
	4369:  "Erlang port mapper",
	8500:  "Consul HTTP API",
	6443:  "Kubernetes API server",
	10250: "kubelet API", 10255: "kubelet read-only API",
}

func checkAdminPort(p *rules.Pass, s *pcompose.Service, e *portEntry) {
	var found []string
	seen := map[string]bool{}
	for _, b := range e.publicBindings() {
		if name, ok := adminPorts[b.Target]; ok && !seen[name] {
			seen[name] = true
			found = append(found, fmt.Sprintf("%s (%d)", name, b.Target))
		}
	}
	if len(found) == 0 {
		return
	}
	report(p, s, e.Loc, "service %q publishes the %s port as %s on %s: it is meant for the services beside it or an administrator, not for every network the host is on",
		s.Name, strings.Join(found, ", "), e.hostPorts(), e.interfaces())
}
