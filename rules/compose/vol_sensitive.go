package compose

import (
	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/hostpath"
)

var sensitiveHostPath = &rules.Rule{
	ID:       "DC003",
	Title:    "sensitive host path mounted",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker4},
	STRIDE:   []rules.Category{rules.InformationDisclosure, rules.Tampering},
	Kind:     "compose",
	Help: `A service mounts a host directory that holds the host's secrets or controls the host
itself. Read-only does not make these safe: ` + "`/etc`" + ` read-only still hands over the password
hashes and keys, ` + "`/proc`" + ` read-only still shows every host process's command line and
environment. Read-write, most of them are a direct path to root on the host.

Flagged sources:

- ` + "`/`" + `, and with everything under them: ` + "`/proc`" + `, ` + "`/sys`" + `, ` + "`/boot`" + `, ` + "`/root`" + `,
  ` + "`/var/lib/docker`" + `, ` + "`/var/lib/containerd`" + `, ` + "`/var/lib/kubelet`" + `, ` + "`/var/lib/etcd`" + `;
- ` + "`/etc`" + ` as a whole, and the secrets under it: ` + "`/etc/shadow`" + `, ` + "`/etc/gshadow`" + `,
  ` + "`/etc/sudoers`" + `, ` + "`/etc/ssh`" + `, ` + "`/etc/kubernetes`" + `, ` + "`/etc/docker`" + `, ` + "`/etc/ssl/private`" + `,
  ` + "`/etc/pki/tls/private`" + `;
- ` + "`/dev`" + ` as a whole, and ` + "`/dev/pts`" + ` (host terminals), ` + "`/dev/shm`" + `, ` + "`/dev/mqueue`" + `,
  ` + "`/dev/mem`" + `, ` + "`/dev/kmem`" + `, ` + "`/dev/port`" + `;
- home directories: ` + "`/home`" + `, ` + "`/home/<user>`" + `, ` + "`/Users/<user>`" + `, ` + "`~`" + `, ` + "`$HOME`" + `;
- credential directories wherever they are: ` + "`~/.ssh`" + ` (also ` + "`$HOME/.ssh`" + `,
  ` + "`/home/alice/.ssh`" + `), ` + "`.gnupg`" + `, ` + "`.aws`" + `, ` + "`.azure`" + `, ` + "`.kube`" + `, ` + "`.docker`" + `,
  ` + "`.config/gcloud`" + `;
- read-write only, because read-only they disclose nothing secret but writable they are
  code execution on the host: the host's programs, libraries and kernel modules (` + "`/bin`" + `,
  ` + "`/sbin`" + `, ` + "`/lib`" + `, ` + "`/lib64`" + `, ` + "`/lib/modules`" + `, ` + "`/usr`" + `, ` + "`/usr/lib`" + `, ` + "`/usr/local/bin`" + `,
  ` + "`/usr/src`" + ` …) and the files deciding what the host runs and who logs in
  (` + "`/etc/passwd`" + `, ` + "`/etc/group`" + `, cron, ` + "`/etc/systemd`" + `, ` + "`/etc/init.d`" + `, ` + "`/etc/ld.so.preload`" + `,
  ` + "`/etc/profile.d`" + `, ` + "`/etc/pam.d`" + `, ` + "`/etc/modprobe.d`" + ` …).

Both volume syntaxes are read (` + "`/etc:/host/etc:ro`" + ` and ` + "`type: bind`" + ` with
` + "`source: /etc`" + `), as is a named volume that the local driver binds to a host directory
(` + "`driver_opts: {type: none, o: bind, device: /etc}`" + `).

Not flagged: the harmless files containers are routinely given from ` + "`/etc`" + ` and
` + "`/dev`" + ` — ` + "`/etc/localtime`" + `, ` + "`/etc/timezone`" + `, ` + "`/etc/ssl/certs`" + `, ` + "`/etc/passwd:ro`" + `,
an application's own directory such as ` + "`/etc/pihole`" + ` or ` + "`/usr/share/app`" + `,
` + "`/dev/ttyUSB0`" + ` (devices are DC014's subject, and an unprivileged container cannot open a
device node it was not granted); directories inside a home directory other than credential
directories (` + "`/home/alice/src`" + `); relative paths, which are project files; container
runtime sockets and ` + "`/var/run`" + `, which are DC002's. A source made of an unresolved variable
(` + "`${DATA_DIR}`" + `) is unknown and not judged.`,
	Remediation: `Mount only the specific files the service needs, read-only, and copy secrets in with
compose ` + "`secrets:`" + ` rather than mounting the host's credential stores:

` + "```yaml" + `
services:
  app:
    volumes:
      - /etc/localtime:/etc/localtime:ro   # not /etc:/host/etc
    secrets:
      - deploy_key
secrets:
  deploy_key:
    file: ./secrets/deploy_key
` + "```" + `

Monitoring agents that read ` + "`/proc`" + ` or ` + "`/sys`" + ` by design (node-exporter, cAdvisor) need
those mounts: keep them read-only, give the agent nothing else, and treat the finding as an
accepted risk for that service.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 5.6: Ensure sensitive host system directories are not mounted on containers", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Compose file reference: volumes", URL: "https://docs.docker.com/reference/compose-file/services/#volumes"},
		{Title: "Compose file reference: secrets", URL: "https://docs.docker.com/reference/compose-file/services/#secrets"},
	},
	Check: eachService(checkSensitiveHostPath),
}

func checkSensitiveHostPath(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	for _, v := range s.Config.Volumes {
		src, via := v.Source, ""
		if !isHostPathMount(v) {
			dev, ok := boundVolumeDevice(proj, v)
			if !ok {
				continue
			}
			src, via = dev, " through volume "+v.Source
		}
		if _, socket := hostpath.RuntimeSocket(src); socket {
			continue // DC002
		}
		what, ok := hostpath.Sensitive(src)
		if !v.ReadOnly {
			what, ok = hostpath.SensitiveWritable(src)
		}
		if !ok {
			continue
		}
		loc := proj.LocateItem(s, at("volumes"), pcompose.MatchVolume(v))
		if via == "" {
			src = writtenSource(loc, v)
		}
		mode, can := "read-write", "read and change"
		if v.ReadOnly {
			mode, can = "read-only", "read"
		}
		report(p, s, within(loc, "source"), "service %q mounts %s (%s) %s at %s%s: whoever compromises the container can %s it",
			s.Name, src, what, mode, v.Target, via, can)
	}
}
