package dockerfile

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var passwordInImage = &rules.Rule{
	ID:       "DF031",
	Title:    "password set inside the image",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker5},
	STRIDE:   []rules.Category{rules.Spoofing, rules.ElevationOfPrivilege},
	Kind:     "dockerfile",
	Help: `A ` + "`RUN`" + ` step sets an account password: ` + "`chpasswd`" + ` (` + "`echo 'root:secret' | chpasswd`" + `, also with
` + "`-e`" + ` and a hash), ` + "`passwd`" + ` fed the password on its input (` + "`echo … | passwd`" + `, ` + "`passwd --stdin`" + `,
a heredoc) or told to delete it (` + "`passwd -d`" + `, which leaves an account that needs no password),
and ` + "`useradd`" + `/` + "`usermod -p`" + ` (` + "`--password`" + `) with a hash — including one computed from a build argument
(` + "`-p \"$(openssl passwd -1 \"$PASSWORD\")\"`" + `): whatever its value, a hash is written into the image.

The password, or its hash in ` + "`/etc/shadow`" + `, is then part of a layer: every container from the
image shares it, anyone who can pull the image can read it (` + "`docker history`" + `, the layer
tarball) and crack it offline, and it cannot be rotated without rebuilding. A known password
for root or a sudoer turns any foothold in the container into root.

Not flagged: locking or unlocking accounts (` + "`passwd -l`" + `, ` + "`usermod -L`" + `, ` + "`usermod -p '!'`" + ` or ` + "`'*'`" + `,
which are not passwords but "no login by password"), ` + "`adduser --disabled-password`" + `, and the words
in text that is not a command (` + "`echo \"run passwd later\"`" + `).`,
	Remediation: `Do not give image accounts passwords. Run as an unprivileged user that needs none, and
lock the password of the accounts that exist:

` + "```dockerfile" + `
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin app \
 && passwd -l root
USER 10001
` + "```" + `

If a service in the container really needs a credential, provide it at runtime (a secret
mounted into the container, an environment variable from the orchestrator), never at build
time. For build-time secrets use ` + "`RUN --mount=type=secret`" + `, which keeps them out of the layers.`,
	References: []rules.Reference{
		{Title: "Docker docs: Build secrets", URL: "https://docs.docker.com/build/building/secrets/"},
		{Title: "CIS Docker Benchmark 4.10: Ensure secrets are not stored in Dockerfiles", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Checkov CKV2_DOCKER_17", URL: "https://www.checkov.io/5.Policy%20Index/dockerfile.html"},
	},
	Check: onFile(checkPassword),
}

var useraddSpec = optSpec{
	short: "bcdefgGkKpsuRPZ",
	long: []string{"base-dir", "comment", "home-dir", "home", "expiredate", "inactive", "gid", "groups", "skel",
		"key", "password", "shell", "uid", "root", "prefix", "selinux-user", "selinux-range", "login",
		"add-subuids", "del-subuids", "add-subgids", "del-subgids"},
}

var usermodSpec = optSpec{
	short: "cdefgGlpsuRPZvVwW",
	long:  useraddSpec.long,
}

func checkPassword(p *rules.Pass, f *pdockerfile.File) {
	const shared = "every container shares it, and anyone with the image can read it from the layer"
	eachRun(f, func(s *pdockerfile.Stage, in *pdockerfile.Instruction) {
		cmds := in.Commands()
		fedByHeredoc := stdinFedCalls(in)
		for i := range cmds {
			c := &cmds[i]
			var msg string
			switch c.Name {
			case "chpasswd":
				msg = "chpasswd sets the password of " + chpasswdUsers(c) + " in the image: " + shared
			case "passwd":
				pa := parseArgs(c.Args, optSpec{short: "xnwiR", long: []string{"maxdays", "mindays", "warndays", "inactive", "root", "prefix", "repository"}})
				user := "root"
				if w, ok := pa.operand(0); ok {
					user = w.Text
				}
				switch {
				case pa.has("-d", "--delete"):
					msg = "passwd -d removes the password of " + user + ": in every container from the image the account needs none to log in"
				case pa.has("--stdin") || pipeSource(c) != nil || (c.Node != nil && fedByHeredoc[c.Node]):
					if pa.has("-l", "--lock", "-u", "--unlock", "-e", "--expire", "-S", "--status") {
						continue
					}
					msg = "passwd reads a password for " + user + " from its input and sets it in the image: " + shared
				}
			case "useradd", "usermod":
				spec := useraddSpec
				if c.Name == "usermod" {
					spec = usermodSpec
				}
				pa := parseArgs(c.Args, spec)
				o, ok := pa.find("-p", "--password")
				if !ok || !o.hasValue || (o.known && lockedHash(o.value)) {
					continue
				}
				user := "an account"
				if len(pa.operands) > 0 {
					user = pa.args[pa.operands[len(pa.operands)-1]].Text
				}
				if o.known && o.value == "" {
					msg = c.Name + " -p '' gives " + user + " an empty password: in every container from the image the account needs none to log in"
				} else {
					msg = c.Name + " -p writes a password hash for " + user + " into the image: " + shared
				}
			}
			if msg == "" {
				continue
			}
			p.Report(rules.Finding{Range: commandRange(in, c), Anchor: anchor(s, in) + ":" + c.Name, Message: msg})
		}
	})
}

// lockedHash: a password field that disables password login ("!", "*",
// "!!", "!$6$…" — a locked hash).
func lockedHash(v string) bool {
	return strings.HasPrefix(v, "!") || strings.HasPrefix(v, "*")
}

// chpasswdUsers names the accounts of "user:password" lines echoed into
// chpasswd, "accounts" when they cannot be read.
func chpasswdUsers(c *pdockerfile.Command) string {
	src := pipeSource(c)
	if src == nil || (src.Name != "echo" && src.Name != "printf") {
		return "accounts"
	}
	var users []string
	for _, a := range src.Args {
		for _, line := range strings.Split(strings.ReplaceAll(a.Text, `\n`, "\n"), "\n") {
			u, _, ok := strings.Cut(line, ":")
			if ok && u != "" && isEnvName(strings.ReplaceAll(u, "-", "_")) {
				users = append(users, u)
			}
		}
	}
	if len(users) == 0 {
		return "accounts"
	}
	return strings.Join(users, ", ")
}

// stdinFedCalls are the calls of the RUN's script whose stdin is a
// heredoc or here-string (passwd <<EOF).
func stdinFedCalls(in *pdockerfile.Instruction) map[*syntax.CallExpr]bool {
	out := map[*syntax.CallExpr]bool{}
	if in.Shell == nil {
		return out
	}
	syntax.Walk(in.Shell.File, func(n syntax.Node) bool {
		st, ok := n.(*syntax.Stmt)
		if !ok {
			return true
		}
		call, ok := st.Cmd.(*syntax.CallExpr)
		if !ok {
			return true
		}
		for _, r := range st.Redirs {
			if (r.N == nil || r.N.Value == "0") && (r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc || r.Op == syntax.WordHdoc) {
				out[call] = true
			}
		}
		return true
	})
	return out
}
