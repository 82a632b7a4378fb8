package dockerfile

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/stridelint/stridelint/parsers"
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/secrets"
)

var secretInEnv = &rules.Rule{
	ID:          "DF007",
	SecretLines: true,
	Title:       "secret in ARG or ENV",
	Severity:    rules.High,
	Threats:     []rules.ThreatID{rules.Docker1},
	STRIDE:      []rules.Category{rules.InformationDisclosure},
	Kind:        "dockerfile",
	Help: `A secret is written into the Dockerfile as the value of an ` + "`ENV`" + `, the default of an
` + "`ARG`" + ` or a ` + "`LABEL`" + `. ` + "`ENV`" + ` values and labels are stored in the image's configuration: anyone who can pull
the image reads them with ` + "`docker inspect`" + `, and every container started from it has them in
its environment. Build arguments are recorded in the image history of every ` + "`RUN`" + ` that
follows them (` + "`docker history`" + `), and a default value is committed with the Dockerfile itself.

Reported:

- a variable whose name says it holds a secret — password, passwd, pwd, secret, token, API
  key, private key, access key, secret key, credentials, … in any naming style
  (` + "`DB_PASSWORD`" + `, ` + "`dbPassword`" + `) — given a literal value;
- a value that has the shape of a known credential, whatever its name: an AWS access key
  ID, a GitHub, GitLab, Slack, Stripe, npm or PyPI token, a Google API key, a private key, a
  signed JWT, a URL or connection string with a password in it (also in a ` + "`LABEL`" + `);
- a build-argument leak: ` + "`ENV API_TOKEN=${API_TOKEN}`" + ` (or a ` + "`LABEL`" + `) that copies a build argument
  with a secret's name, or a credential for a value, into the image's configuration. Passing
  the secret at build time does not help: the ` + "`ENV`" + ` stores it in the image.

Not reported: ` + "`ARG TOKEN`" + ` without a default (the value is given at build time — but see
below); names that hold a reference to a secret or metadata about one (` + "`PASSWORD_FILE`" + `,
` + "`TOKEN_ENDPOINT`" + `, ` + "`SECRET_NAME`" + `, ` + "`PASSWORD_MIN_LENGTH`" + `, ` + "`AWS_ACCESS_KEY_ID`" + ` with a value that is not an
AWS key ID, ` + "`GPG_KEY`" + ` fingerprints); values that are references or obviously not secrets
(` + "`/run/secrets/db`" + `, ` + "`${VAR}`" + `, empty, ` + "`true`" + `, ` + "`<your-token>`" + `, ` + "`REPLACE_ME`" + `, ` + "`dummy`" + `); values
made of a variable the file cannot know. A weak default such as ` + "`changeme`" + ` is reported: it is a
real password, known to everyone. Literal secrets are reported in every stage, since the
Dockerfile itself holds them; findings never show the secret, at most its public prefix.

A build argument without a default is still visible in ` + "`docker history`" + ` when a ` + "`RUN`" + ` uses it:
secrets belong in ` + "`RUN --mount=type=secret`" + `, which this rule does not report.`,
	Remediation: `Remove the value from the Dockerfile and rotate the secret: it is in the repository's
history and in every image built from it. Pass secrets to the build with a secret mount,
which is neither stored in a layer nor in the image's configuration:

` + "```dockerfile" + `
# docker build --secret id=npm_token,env=NPM_TOKEN .
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
` + "```" + `

Give runtime secrets to the container when it starts (` + "`docker run --env-file`" + `, compose
` + "`secrets:`" + `, a Kubernetes Secret), and let the application read them from a file:
` + "`ENV DB_PASSWORD_FILE=/run/secrets/db_password`" + `.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.10: Ensure secrets are not stored in Dockerfiles", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: Build secrets", URL: "https://docs.docker.com/build/building/secrets/"},
		{Title: "Dockerfile reference: ARG (do not use build arguments for secrets)", URL: "https://docs.docker.com/reference/dockerfile/#arg"},
		{Title: "Dockerfile reference: RUN --mount=type=secret", URL: "https://docs.docker.com/reference/dockerfile/#run---mounttypesecret"},
	},
	Check: onFile(checkSecretInEnv),
}

func checkSecretInEnv(p *rules.Pass, f *pdockerfile.File) {
	for i, in := range f.MetaArgs {
		if c, ok := in.Command.(*instructions.ArgCommand); ok {
			secretArgDefaults(p, f, nil, in, c, "meta:ARG#"+strconv.Itoa(i))
		}
	}
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			switch c := in.Command.(type) {
			case *instructions.ArgCommand:
				secretArgDefaults(p, f, s, in, c, anchor(s, in))
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					secretAssignment(p, f, s, in, kv.Key, kv.Value)
				}
			case *instructions.LabelCommand:
				for _, kv := range c.Labels {
					secretAssignment(p, f, s, in, kv.Key, kv.Value)
				}
			}
		}
	}
}

// secretArgDefaults reports ARGs whose default is a literal secret. An ARG
// without a default, or whose default is made of other variables, is
// given at build time: not reported.
func secretArgDefaults(p *rules.Pass, f *pdockerfile.File, s *pdockerfile.Stage, in *pdockerfile.Instruction, c *instructions.ArgCommand, anc string) {
	for _, kv := range c.Args {
		if kv.Value == nil {
			continue
		}
		var v pdockerfile.Value
		switch {
		case len(secretVarRefs(f.Escape, *kv.Value)) > 0:
			// Made of other variables; only a credential written out
			// next to them is a literal.
			v = pdockerfile.Value{Text: *kv.Value}
		case s == nil:
			v = f.ResolveGlobal(*kv.Value)
		default:
			v = s.ResolveAt(in, *kv.Value)
		}
		m, ok := secretLiteral(kv.Key, v)
		if !ok {
			continue
		}
		p.Reportf(secretKeyRange(f, in, kv.Key), anc+":"+kv.Key,
			"ARG %s has a literal default holding %s: it is committed with the Dockerfile and recorded in the image history of every RUN that uses it",
			kv.Key, m.What())
	}
}

// secretAssignment judges one ENV or LABEL key=value of stage s.
func secretAssignment(p *rules.Pass, f *pdockerfile.File, s *pdockerfile.Stage, in *pdockerfile.Instruction, key, raw string) {
	where := "the image's environment"
	if in.Keyword == "LABEL" {
		where = "the image's labels"
	}
	ships := secretStageShips(p, f, s)
	if !ships {
		where = strings.Replace(where, "the image's", "build stage "+stageName(s)+"'s", 1)
	}
	consequence := "where anyone who can pull the image can read it"
	if !ships {
		consequence = "kept in the build cache, and in the image when the stage is built with --target"
	}
	rng, anc := secretKeyRange(f, in, key), anchor(s, in)+":"+key
	refs := secretVarRefs(f.Escape, raw)
	if len(refs) > 0 {
		// A value made of variables: a leak when one of them is a build
		// argument that holds a secret.
		v := s.ResolveAt(in, raw)
		for _, name := range refs {
			if !secretIsStageArg(s, in, name) {
				continue
			}
			what := ""
			if r, ok := secrets.Name(key); ok {
				what = secrets.Match{Reason: r}.What()
			}
			if r, ok := secrets.Name(name); ok {
				what = secrets.Match{Reason: r}.What()
			}
			if v.Known {
				if k, ok := secrets.Value(v.Text); ok {
					what = secrets.Match{Kind: k, Shown: secrets.Redact(v.Text)}.What()
				}
			}
			if what == "" {
				continue
			}
			p.Reportf(rng, anc, "build-argument leak: %s %s copies build argument %s, %s, into %s, %s",
				in.Keyword, key, name, what, where, consequence)
			return
		}
	}
	// A value made of variables holds what they hold, reported where it is
	// written; judge only what this instruction writes out.
	v := pdockerfile.Value{Text: raw}
	if len(refs) == 0 {
		v = s.ResolveAt(in, raw)
	}
	m, ok := secretLiteral(key, v)
	if !ok {
		return
	}
	p.Reportf(rng, anc, "%s %s holds %s as a literal: it is committed with the Dockerfile and stored in %s, %s",
		in.Keyword, key, m.What(), where, consequence)
}

// secretLiteral judges key=v. A value that still holds variables the file
// cannot resolve is not a literal, except for a credential written out in
// it ("postgres://$DB_USER:hunter2@db": the password is literal).
func secretLiteral(key string, v pdockerfile.Value) (secrets.Match, bool) {
	if v.Known {
		return secrets.Literal(key, v.Text)
	}
	if k, ok := secrets.Value(v.Text); ok {
		return secrets.Match{Kind: k, Shown: secrets.Redact(v.Text)}, true
	}
	return secrets.Match{}, false
}

// secretStageShips reports whether stage s is part of the build's output:
// the final stage or a stage it is built FROM.
func secretStageShips(p *rules.Pass, f *pdockerfile.File, s *pdockerfile.Stage) bool {
	for x := finalStage(p, f); x != nil; x = x.BaseStage {
		if x == s {
			return true
		}
	}
	return false
}

// secretIsStageArg reports whether $name, just before in, is the value of
// a build argument declared in the stage (and not an ENV of the same name,
// which takes precedence over it).
func secretIsStageArg(s *pdockerfile.Stage, in *pdockerfile.Instruction, name string) bool {
	for b := s.BaseStage; b != nil; b = b.BaseStage {
		for _, x := range b.Instructions {
			if c, ok := x.Command.(*instructions.EnvCommand); ok && secretEnvSets(c, name) {
				return false
			}
		}
	}
	isArg := false
	for _, x := range s.Instructions {
		if x == in {
			break
		}
		switch c := x.Command.(type) {
		case *instructions.ArgCommand:
			for _, kv := range c.Args {
				if kv.Key == name {
					isArg = true
				}
			}
		case *instructions.EnvCommand:
			if secretEnvSets(c, name) {
				return false
			}
		}
	}
	return isArg
}

func secretEnvSets(c *instructions.EnvCommand, name string) bool {
	for _, kv := range c.Env {
		if kv.Key == name {
			return true
		}
	}
	return false
}

// secretRefRecorder is an environment in which no variable is set; the
// lexer reports every variable a word references as unmatched.
type secretRefRecorder struct{}

func (secretRefRecorder) Get(string) (string, bool) { return "", false }
func (secretRefRecorder) Keys() []string            { return nil }

// secretVarRefs returns the variables a Dockerfile word references ($X,
// ${X}, ${X:-y}), as buildkit reads it: not in single quotes, not escaped.
func secretVarRefs(escape rune, word string) []string {
	if !strings.Contains(word, "$") || !utf8.ValidString(word) {
		return nil
	}
	res, err := shell.NewLex(escape).ProcessWordWithMatches(word, secretRefRecorder{})
	if err != nil {
		return []string{""} // unreadable: not a literal
	}
	names := make([]string, 0, len(res.Unmatched))
	for n := range res.Unmatched {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// secretKeyRange is where a key of a multi-key ENV, ARG or LABEL is
// written: its own line within the instruction's continuation lines, else
// the instruction.
func secretKeyRange(f *pdockerfile.File, in *pdockerfile.Instruction, key string) parsers.Range {
	re, err := regexp.Compile(`(^|[\s"'])` + regexp.QuoteMeta(key) + `(["']?=|\s|$)`)
	if err != nil {
		return in.Range()
	}
	for n := in.StartLine; n <= in.EndLine; n++ {
		line := f.Line(n)
		skip := 0
		if n == in.StartLine {
			trimmed := strings.TrimLeft(line, " \t")
			skip = len(line) - len(trimmed) + len(in.Keyword)
			if skip > len(line) {
				skip = len(line)
			}
		}
		loc := re.FindStringSubmatchIndex(line[skip:])
		if loc == nil {
			continue
		}
		start := skip + loc[3] // after the separator group
		if n == in.StartLine {
			return in.Range()
		}
		col := utf8.RuneCountInString(line[:start]) + 1
		return parsers.Range{StartLine: n, StartCol: col, EndLine: n, EndCol: col + utf8.RuneCountInString(key)}
	}
	return in.Range()
}
