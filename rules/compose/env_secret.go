package compose

import (
	"strings"

	pcompose "github.com/stridelint/stridelint/parsers/compose"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/secrets"
)

var secretInEnvironment = &rules.Rule{
	ID:          "DC029",
	SecretLines: true,
	Title:       "literal secret in environment",
	Severity:    rules.High,
	Threats:     []rules.ThreatID{rules.Docker1},
	STRIDE:      []rules.Category{rules.InformationDisclosure},
	Kind:        "compose",
	Help: `A secret is written into the compose file as the value of an ` + "`environment:`" + ` variable or
a ` + "`build.args`" + ` entry. The compose file is committed and shared: everyone who can read the
repository has the secret, and it stays in its history after it is removed. In the
environment it is also visible to anyone who can run ` + "`docker inspect`" + ` on the container, and
to every process in it. A build argument is recorded in the image's history
(` + "`docker history`" + `) when the Dockerfile uses it, so it ships with the image.

Reported, in both syntaxes (` + "`KEY: value`" + ` and ` + "`- KEY=value`" + `):

- a variable whose name says it holds a secret — password, passwd, pwd, secret, token, API
  key, private key, access key, credentials, … in any naming style (` + "`DB_PASSWORD`" + `,
  ` + "`dbPassword`" + `) — given a literal value;
- a value that has the shape of a known credential, whatever its name: an AWS access key
  ID, a GitHub, GitLab, Slack, Stripe, npm or PyPI token, a private key, a signed JWT, a URL
  or connection string with a password in it
  (` + "`DATABASE_URL: postgres://app:hunter2@db/app`" + `);
- a literal default of a variable: ` + "`POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-changeme}`" + ` runs
  with ` + "`changeme`" + ` whenever the variable is unset, and anyone who reads the file knows it.

The value is judged as it is written, not as compose interpolates it: a reference to a
variable (` + "`${DB_PASSWORD}`" + `, ` + "`$DB_PASSWORD`" + `, ` + "`${DB_PASSWORD:?required}`" + `) is a reference, supplied
from the environment or an ` + "`.env`" + ` file when compose runs. Not reported: such references, a
value made partly of one (only a credential written out beside it is), variables without
a value (` + "`- DB_PASSWORD`" + `, passed through from the host), names that hold a reference to a
secret or metadata about one (` + "`POSTGRES_PASSWORD_FILE: /run/secrets/db`" + `, ` + "`TOKEN_TTL`" + `,
` + "`MYSQL_ALLOW_EMPTY_PASSWORD`" + `), and obviously made-up values (` + "`<your-token>`" + `, ` + "`REPLACE_ME`" + `,
` + "`dummy`" + `, ` + "`true`" + `). A weak value such as ` + "`changeme`" + ` or ` + "`password`" + ` is reported: it is a real
password, and everyone can guess it. ` + "`env_file`" + ` files are not read. Findings never show the
secret, at most its public prefix.`,
	Remediation: `Remove the value from the file and rotate the secret: it is in the repository's history.
Give it to the service as a compose secret, which is mounted as a file instead of being
put in the environment, and point the application (most official images support a
` + "`_FILE`" + ` variable) at it:

` + "```yaml" + `
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_password
secrets:
  db_password:
    file: ./secrets/db_password.txt   # not committed
` + "```" + `

Where an environment variable is unavoidable, reference it without a default —
` + "`DB_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}`" + ` — and supply it from an ` + "`.env`" + ` file kept out of
the repository. Pass build-time secrets with ` + "`build.secrets`" + ` and ` + "`RUN --mount=type=secret`" + `,
never with ` + "`build.args`" + `.`,
	References: []rules.Reference{
		{Title: "Docker docs: Manage secrets securely in Docker Compose", URL: "https://docs.docker.com/compose/how-tos/use-secrets/"},
		{Title: "Compose file reference: environment", URL: "https://docs.docker.com/reference/compose-file/services/#environment"},
		{Title: "Compose file reference: secrets", URL: "https://docs.docker.com/reference/compose-file/services/#secrets"},
		{Title: "Compose Build Specification: args and secrets", URL: "https://docs.docker.com/reference/compose-file/build/#secrets"},
		{Title: "OWASP Secrets Management Cheat Sheet", URL: "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
	},
	Check: eachService(checkSecretInEnvironment),
}

func checkSecretInEnvironment(p *rules.Pass, proj *pcompose.Project, s *pcompose.Service) {
	for _, e := range entries(proj, s, at("environment"), s.Config.Environment) {
		m, ok := writtenSecret(e)
		if !ok {
			continue
		}
		if v := defaultOf(e.written); v != "" {
			report(p, s, e.Loc, "service %q has %s as the default of ${%s} in environment variable %s: the container gets it whenever the variable is unset, and anyone who can read the compose file knows it",
				s.Name, m.What(), v, e.Key)
			continue
		}
		report(p, s, e.Loc, "service %q has %s written in environment variable %s: anyone who can read the compose file or inspect the container has it",
			s.Name, m.What(), e.Key)
	}
	if s.Config.Build == nil {
		return
	}
	for _, e := range entries(proj, s, at("build", "args"), s.Config.Build.Args) {
		m, ok := writtenSecret(e)
		if !ok {
			continue
		}
		where := "in"
		if v := defaultOf(e.written); v != "" {
			where = "as the default of ${" + v + "} in"
		}
		report(p, s, e.Loc, "service %q passes %s to its build %s build argument %s: it is committed with the compose file and recorded in the image's history when the Dockerfile uses it",
			s.Name, m.What(), where, e.Key)
	}
}

// writtenSecret judges an entry as it is written. A value the file gives
// entirely (literal text, defaults) is judged by name and value; one that
// is partly a variable's only by a credential written out in it
// ("postgres://app:hunter2@${DB_HOST}": the password is literal), before
// or after interpolation.
func writtenSecret(e entry) (secrets.Match, bool) {
	if e.Known {
		return secrets.Literal(e.Key, e.Value)
	}
	for _, v := range []string{e.Raw, e.Value} {
		if k, ok := secrets.Value(v); ok {
			return secrets.Match{Kind: k, Shown: secrets.Redact(v)}, true
		}
	}
	return secrets.Match{}, false
}

// defaultOf is the variable whose default is the whole value
// (`${POSTGRES_PASSWORD:-changeme}`), or "".
func defaultOf(w written) string {
	if !w.Known || w.Defaulted == "" || !strings.HasPrefix(w.Raw, "${"+w.Defaulted) || closingBrace(w.Raw) != len(w.Raw)-1 {
		return ""
	}
	return w.Defaulted
}
