package dockerfile

import (
	"path"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
	"github.com/stridelint/stridelint/rules/secrets"
)

var secretFile = &rules.Rule{
	ID:          "DF008",
	SecretLines: true,
	Title:       "secret file copied into the image",
	Severity:    rules.High,
	Threats:     []rules.ThreatID{rules.Docker1},
	STRIDE:      []rules.Category{rules.InformationDisclosure},
	Kind:        "dockerfile",
	Help: `A ` + "`COPY`" + ` or ` + "`ADD`" + ` puts a file that holds credentials into an image layer: SSH private keys
(` + "`id_rsa`" + `, ` + "`id_ed25519`" + `, anything in ` + "`.ssh/`" + ` but ` + "`known_hosts`" + `, ` + "`authorized_keys`" + `, ` + "`config`" + ` and ` + "`*.pub`" + `),
private keys and key stores (` + "`*.key`" + `, ` + "`*.p12`" + `, ` + "`*.pfx`" + `, ` + "`*.jks`" + `, ` + "`*.keystore`" + `, and ` + "`*.pem`" + ` files named
as keys such as ` + "`privkey.pem`" + ` or ` + "`server-key.pem`" + `), ` + "`.env`" + ` files, ` + "`.npmrc`" + `, ` + "`.pypirc`" + `, ` + "`.netrc`" + `,
` + "`.git-credentials`" + `, ` + "`credentials`" + ` files, ` + "`.aws/`" + `, ` + "`.docker/config.json`" + `, ` + "`kubeconfig`" + ` and ` + "`.kube/config`" + `,
Terraform state, and data files named as secrets (` + "`secrets.yaml`" + `, ` + "`password.txt`" + `). The source
name and the destination name (` + "`COPY deploy_key /root/.ssh/id_rsa`" + `) are judged. A heredoc
(` + "`COPY <<EOF /root/.npmrc`" + `) is judged by its content: a literal secret, or a build argument with a
secret's name that the heredoc expands into the file (` + "`_authToken=${NPM_TOKEN}`" + `; with a quoted
delimiter, ` + "`<<'EOF'`" + `, the reference stays as written and npm reads the variable at run time). Anyone who can pull the image can read every layer, and
a ` + "`RUN rm`" + ` later does not remove the file from the layer that added it.

A glob is judged on the shortest name it matches: ` + "`COPY *.key`" + ` and ` + "`COPY .env* ./`" + ` are reported,
` + "`COPY *.pem /certs/`" + ` is not (certificates are PEM files too). Not reported: public keys and
certificates (` + "`cert.pem`" + `, ` + "`ca.pem`" + `, ` + "`*.crt`" + `, ` + "`*.pub`" + `), templates (` + "`.env.example`" + `, ` + "`.env.sample`" + `,
` + "`.env.template`" + `, also when copied to their real name: ` + "`COPY .env.example .env`" + `), encrypted files
(` + "`credentials.yml.enc`" + `), keys copied into a package manager's keyring (` + "`/etc/apt/keyrings/`" + `,
` + "`/usr/share/keyrings/`" + `, ` + "`/etc/pki/rpm-gpg/`" + `: public signing keys), and ` + "`COPY . .`" + `, which may include
secrets but names none (keeping them out of the build context is ` + "`.dockerignore`" + `'s job). A file
is judged by its name: stridelint does not read the build context, so a ` + "`kubeconfig`" + ` that only
uses exec authentication is reported like one that embeds a client key.

Every stage is judged. A secret copied into the final stage, into a stage it is built
` + "`FROM`" + `, or from a build stage with ` + "`COPY --from`" + ` is in the shipped image. One copied into a build
stage only is not in the final image, but its layer is in the build cache, in exported cache
(` + "`--cache-to … mode=max`" + `) and in any image built with ` + "`--target`" + ` that stage: the finding says so.`,
	Remediation: `Do not copy credentials into the image; mount them for the one step that needs them:

` + "```dockerfile" + `
# docker build --secret id=npmrc,src=$HOME/.npmrc --ssh default .
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
RUN --mount=type=ssh git clone git@github.com:org/private.git
` + "```" + `

Give runtime secrets to the container when it starts (compose ` + "`secrets:`" + `, a Kubernetes
Secret mounted as a file). Add the files to ` + "`.dockerignore`" + ` so that ` + "`COPY . .`" + ` cannot pick them
up, and rotate any secret that was already pushed in an image.`,
	References: []rules.Reference{
		{Title: "CIS Docker Benchmark 4.10: Ensure secrets are not stored in Dockerfiles", URL: "https://www.cisecurity.org/benchmark/docker"},
		{Title: "Docker docs: Build secrets", URL: "https://docs.docker.com/build/building/secrets/"},
		{Title: "Docker docs: .dockerignore files", URL: "https://docs.docker.com/build/concepts/context/#dockerignore-files"},
		{Title: "Dockerfile reference: RUN --mount=type=secret", URL: "https://docs.docker.com/reference/dockerfile/#run---mounttypesecret"},
	},
	Check: onFile(checkSecretFile),
}

func checkSecretFile(p *rules.Pass, f *pdockerfile.File) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			var sd instructions.SourcesAndDest
			switch c := in.Command.(type) {
			case *instructions.CopyCommand:
				sd = c.SourcesAndDest
			case *instructions.AddCommand:
				sd = c.SourcesAndDest
			default:
				continue
			}
			if found := secretFilesCopied(s, in, sd); len(found) > 0 {
				p.Reportf(in.Range(), anchor(s, in)+":"+found[0].name, "%s %s into %s",
					in.Keyword, secretFileList(found), secretFileWhere(p, f, s))
			}
		}
	}
}

// secretCopied is one secret file an instruction copies.
type secretCopied struct {
	name string // the source, "src → dest", or the heredoc's destination
	what string // "SSH private key", "its content holds a password, key DB_PASSWORD"
}

func secretFilesCopied(s *pdockerfile.Stage, in *pdockerfile.Instruction, sd instructions.SourcesAndDest) []secretCopied {
	dest := s.ResolveAt(in, sd.DestPath)
	destDir := !dest.Known || strings.HasSuffix(dest.Text, "/") || dest.Text == "." ||
		len(sd.SourcePaths)+len(sd.SourceContents) > 1
	// Package managers' keyrings hold public signing keys, whatever
	// their extension (ADD https://…/Release.key /etc/apt/keyrings/).
	if dest.Known && secretKeyringDir(dest.Text) {
		return nil
	}
	var found []secretCopied
	for _, raw := range sd.SourcePaths {
		src := s.ResolveAt(in, raw)
		if !src.Known {
			continue
		}
		remote := strings.Contains(src.Text, "://") || strings.HasPrefix(src.Text, "git@")
		if !remote {
			if what, ok := secrets.File(secretShortestMatch(src.Text)); ok {
				found = append(found, secretCopied{name: src.Text, what: what})
				continue
			}
		}
		// A template copied to its real name (COPY .env.example .env)
		// holds no secret.
		if !dest.Known || secrets.Template(src.Text) {
			continue
		}
		target := dest.Text
		if destDir {
			if remote {
				continue
			}
			target = path.Join(target, path.Base(secretShortestMatch(strings.TrimRight(src.Text, "/"))))
		}
		if what, ok := secrets.File(target); ok {
			found = append(found, secretCopied{name: src.Text + " → " + target, what: what})
		}
	}
	// A heredoc is judged by its content, which the file shows: a literal
	// secret, or a build argument with a secret's name that an unquoted
	// heredoc expands into the file (_authToken=${NPM_TOKEN}).
	for _, c := range sd.SourceContents {
		target := c.Path
		if dest.Known {
			target = dest.Text
			if destDir {
				target = path.Join(target, c.Path)
			}
		}
		if hits := secrets.ScanText(c.Data); len(hits) > 0 {
			what := "its content holds " + hits[0].What()
			if hits[0].Name != "" {
				what += ", key " + hits[0].Name
			}
			found = append(found, secretCopied{name: target, what: what})
			continue
		}
		if !c.Expand {
			continue
		}
		for _, m := range secretHeredocRefRe.FindAllStringSubmatch(c.Data, -1) {
			name := m[1]
			if r, ok := secrets.Name(name); ok && secretIsStageArg(s, in, name) {
				found = append(found, secretCopied{name: target, what: "its content expands build argument " + name + ", " + secrets.Match{Reason: r}.What()})
				break
			}
		}
	}
	return found
}

// secretHeredocRefRe finds $NAME and ${NAME…} in a heredoc's content.
var secretHeredocRefRe = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// secretKeyringDirs are where package managers keep the public keys that
// verify package signatures.
var secretKeyringDirs = []string{
	"/etc/apt/trusted.gpg.d/", "/etc/apt/keyrings/", "/usr/share/keyrings/",
	"/etc/pki/rpm-gpg/", "/etc/apk/keys/", "/usr/share/pacman/keyrings/",
}

func secretKeyringDir(dest string) bool {
	d := path.Clean("/"+dest) + "/"
	for _, k := range secretKeyringDirs {
		if strings.HasPrefix(d, k) {
			return true
		}
	}
	return false
}

// secretShortestMatch is the shortest name a COPY glob matches: "*" and
// "?" stand for nothing and one character, a class for its first member.
// "*.key" gives ".key" (a key), "*.pem" gives ".pem" (not named as one).
func secretShortestMatch(glob string) string {
	if !strings.ContainsAny(glob, "*?[") {
		return glob
	}
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; c {
		case '*':
		case '?':
			b.WriteByte('x')
		case '[':
			end := strings.IndexByte(glob[i+1:], ']')
			if end < 0 {
				b.WriteByte(c)
				continue
			}
			class := strings.TrimLeft(glob[i+1:i+1+end], "!^")
			if class == "" || glob[i+1] == '!' || glob[i+1] == '^' {
				b.WriteByte('x')
			} else {
				b.WriteByte(class[0])
			}
			i += end + 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func secretFileList(found []secretCopied) string {
	parts := make([]string, len(found))
	for i, c := range found {
		parts[i] = c.name + " (" + c.what + ")"
	}
	switch len(parts) {
	case 1:
		return "puts " + parts[0]
	case 2:
		return "puts " + parts[0] + " and " + parts[1]
	}
	return "puts " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// secretFileWhere says where the copied file ends up and who can read it.
func secretFileWhere(p *rules.Pass, f *pdockerfile.File, s *pdockerfile.Stage) string {
	final := finalStage(p, f)
	switch {
	case s == final:
		return "the image: anyone who can pull it can read the file from its layer, even if a later RUN deletes it"
	case secretStageShips(p, f, s):
		return "stage " + stageName(s) + ", which the final stage is built from: anyone who can pull the image can read the file from its layer"
	}
	return "build stage " + stageName(s) + ": not in the final image, but its layer stays in the build cache, in exported cache and in any image built with that stage as --target"
}
