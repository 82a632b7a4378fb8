package dockerfile

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"mvdan.cc/sh/v3/syntax"

	"github.com/stridelint/stridelint/parsers"
	pdockerfile "github.com/stridelint/stridelint/parsers/dockerfile"
	"github.com/stridelint/stridelint/rules"
)

var tlsVerifyDisabled = &rules.Rule{
	ID:       "DF009",
	Title:    "TLS verification disabled",
	Severity: rules.High,
	Threats:  []rules.ThreatID{rules.Docker1},
	STRIDE:   []rules.Category{rules.Tampering, rules.InformationDisclosure},
	Kind:     "dockerfile",
	Help: `The build downloads over HTTPS with certificate verification turned off. Without it, TLS
still encrypts but no longer proves who is on the other end: anyone on the network path —
a proxy, a compromised Wi-Fi, a DNS hijack — can serve their own package, script or binary,
and it is built into the image (and credentials sent along leak to them).

Flagged, on the parsed shell of every ` + "`RUN`" + ` (through ` + "`&&`" + `, pipes, ` + "`sh -c`" + `, ` + "`sudo`" + `, exec form,
heredocs): ` + "`curl -k`" + ` / ` + "`--insecure`" + ` (also in combined flags such as ` + "`-fsSLk`" + `), ` + "`wget --no-check-certificate`" + `,
` + "`pip install --trusted-host`" + ` and ` + "`pip config set global.trusted-host`" + `, ` + "`uv --allow-insecure-host`" + `,
` + "`git -c http.sslVerify=false`" + ` and ` + "`git config http.sslVerify false`" + `, ` + "`npm`" + `/` + "`pnpm`" + `/` + "`yarn config set strict-ssl false`" + `,
` + "`conda config --set ssl_verify false`" + `, ` + "`composer config disable-tls true`" + `,
` + "`--insecure-skip-tls-verify`" + ` and ` + "`--tls-verify=false`" + ` flags (helm, kubectl, skopeo, podman), and
configuration text written by the build — ` + "`--setopt=sslverify=0`" + ` for yum/dnf, ` + "`sslverify=0`" + ` echoed or
written through a heredoc into a repository file, apt's ` + "`Acquire::https::Verify-Peer \"false\"`" + `,
` + "`strict-ssl=false`" + ` in an ` + "`.npmrc`" + `. Environment variables set by ` + "`ENV`" + `, by an ` + "`ARG`" + ` with a default,
or in a ` + "`RUN`" + ` (` + "`export`" + `, ` + "`VAR=value cmd`" + `, ` + "`env VAR=value cmd`" + `): ` + "`NODE_TLS_REJECT_UNAUTHORIZED=0`" + `,
` + "`PYTHONHTTPSVERIFY=0`" + `, ` + "`GIT_SSL_NO_VERIFY`" + ` (git turns verification off whenever it is set, even to
` + "`0`" + `), ` + "`PIP_TRUSTED_HOST`" + `, ` + "`UV_INSECURE_HOST`" + `, ` + "`NPM_CONFIG_STRICT_SSL=false`" + `,
` + "`YARN_ENABLE_STRICT_SSL=false`" + `, ` + "`CONDA_SSL_VERIFY=false`" + `, ` + "`GOINSECURE`" + `, and an empty ` + "`CURL_CA_BUNDLE`" + `
(curl ignores it, but Python ` + "`requests`" + ` before 2.28 read it as "do not verify", and it is set empty
for nothing else). An ` + "`ENV`" + ` also switches verification off for the application at runtime.

Not flagged: the words in text that is only printed or is not a command (` + "`echo curl -k`" + `, a comment),
` + "`CMD`" + `/` + "`HEALTHCHECK`" + ` probes (a health check against the container's own self-signed endpoint is
common and does not fetch build inputs), values the file cannot know (` + "`ENV PIP_TRUSTED_HOST=$HOST`" + `
with no default), and ` + "`ARG`" + `s without a default.`,
	Remediation: `Keep verification on and give the tool the certificate it needs instead. For a corporate
proxy or private registry with its own CA, add the CA to the image's trust store, or mount it
for the build only:

` + "```dockerfile" + `
COPY corp-root-ca.crt /usr/local/share/ca-certificates/corp-root-ca.crt
RUN update-ca-certificates
# or per tool: curl --cacert, pip --cert, git -c http.sslCAInfo=…, npm config set cafile …,
# NODE_EXTRA_CA_CERTS=/path/ca.pem
` + "```" + `

Then remove ` + "`-k`" + `, ` + "`--no-check-certificate`" + `, ` + "`--trusted-host`" + `, ` + "`sslverify=0`" + ` and the like. If a mirror serves
plain HTTP, switch it to HTTPS rather than trusting it.`,
	References: []rules.Reference{
		{Title: "curl manual: --cacert and -k/--insecure", URL: "https://curl.se/docs/manpage.html#-k"},
		{Title: "pip documentation: HTTPS certificates", URL: "https://pip.pypa.io/en/stable/topics/https-certificates/"},
		{Title: "Git documentation: http.sslVerify", URL: "https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpsslVerify"},
		{Title: "Node.js documentation: NODE_TLS_REJECT_UNAUTHORIZED", URL: "https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue"},
		{Title: "psf/requests issue 6071: CURL_CA_BUNDLE= disables certificate verification", URL: "https://github.com/psf/requests/issues/6071"},
		{Title: "Checkov CKV2_DOCKER_2 to CKV2_DOCKER_6, CKV2_DOCKER_12 to CKV2_DOCKER_16", URL: "https://www.checkov.io/5.Policy%20Index/dockerfile.html"},
	},
	Check: onFile(checkTLSVerify),
}

const tlsTail = "a man in the middle can replace what it downloads"

func checkTLSVerify(p *rules.Pass, f *pdockerfile.File) {
	eachRun(f, func(s *pdockerfile.Stage, in *pdockerfile.Instruction) {
		cmds := in.Commands()
		for i := range cmds {
			c := &cmds[i]
			if what, ok := tlsOffCommand(c); ok {
				p.Reportf(commandRange(in, c), anchor(s, in)+":"+c.Name+":"+what,
					"%s turns off TLS certificate verification: %s", what, tlsTail)
			}
		}
		for _, a := range runEnvAssignments(in) {
			if why, ok := tlsOffEnv(a.name, a.value, a.known, true); ok {
				p.Reportf(a.rng, anchor(s, in)+":env "+a.name, "RUN sets %s, which %s: %s", a.name, why, tlsTail)
			}
		}
		if in.Shell != nil {
			eachHeredoc(in.Shell, func(text string, line int) {
				if what, off, ok := tlsOffText(text); ok {
					at := line + strings.Count(text[:off], "\n")
					p.Reportf(parsers.Range{StartLine: at}, anchor(s, in)+":heredoc:"+what,
						"the heredoc written here sets %s, which turns off TLS certificate verification: %s", what, tlsTail)
				}
			})
		}
	})
	eachEnvSetting(f, func(e envSetting) {
		if why, ok := tlsOffEnv(e.name, e.value.Text, e.value.Known, true); ok {
			p.Reportf(e.in.Range(), anchor(e.stage, e.in)+":"+e.name,
				"%s sets %s, which %s: %s", e.keyword(), e.name, why, tlsTail)
		}
	})
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			for _, hd := range instructionHeredocs(in) {
				if what, off, ok := tlsOffText(hd.text); ok {
					at := hd.line + strings.Count(hd.text[:off], "\n")
					p.Reportf(parsers.Range{StartLine: at}, anchor(s, in)+":heredoc:"+what,
						"the file %s writes sets %s, which turns off TLS certificate verification: %s", in.Keyword, what, tlsTail)
				}
			}
		}
	}
}

var curlSpec = optSpec{
	short: "AbcCdDeEFHKmoPQrtTuUwxXyYz",
	long: []string{"output", "header", "data", "data-binary", "data-raw", "data-ascii", "data-urlencode",
		"user", "user-agent", "url", "cacert", "capath", "cert", "key", "config", "connect-timeout",
		"max-time", "retry", "retry-delay", "retry-max-time", "proto", "proto-redir", "proto-default",
		"proxy", "request", "write-out", "referer", "form", "form-string", "cookie", "cookie-jar", "range",
		"upload-file", "output-dir", "resolve", "connect-to", "dns-servers", "interface", "limit-rate",
		"max-filesize", "max-redirs", "netrc-file", "oauth2-bearer", "pinnedpubkey", "preproxy",
		"proxy-user", "tls-max", "ciphers", "expect100-timeout", "keepalive-time", "local-port",
		"unix-socket", "abstract-unix-socket", "variable", "dump-header", "cert-type", "key-type",
		"continue-at", "time-cond", "speed-limit", "speed-time", "quote", "telnet-option", "ftp-port",
		"aws-sigv4", "json", "url-query", "etag-save", "etag-compare", "trace", "trace-ascii", "stderr"},
}

var wgetSpec = optSpec{
	short: "oaeiBOtTwQPUlARDXI",
	long: []string{"output-document", "output-file", "append-output", "execute", "input-file", "base",
		"tries", "timeout", "wait", "quota", "directory-prefix", "user-agent", "level", "accept", "reject",
		"domains", "exclude-directories", "include-directories", "header", "user", "password",
		"http-user", "http-password", "ca-certificate", "ca-directory", "certificate", "private-key",
		"post-data", "post-file", "method", "body-data", "body-file", "referer", "load-cookies",
		"save-cookies", "limit-rate", "progress", "secure-protocol", "certificate-type",
		"private-key-type", "dns-timeout", "connect-timeout", "read-timeout", "waitretry", "bind-address"},
}

// fetchURL is the first operand of a download command that looks like a
// URL, redacted for a message ("" when there is none).
func fetchURL(p cmdArgs) string {
	for _, i := range p.operands {
		if t := p.args[i].Text; strings.Contains(t, "://") {
			return redactURL(t)
		}
	}
	return ""
}

// tlsOffCommand reports whether command c turns certificate checks off,
// and how (for the message).
func tlsOffCommand(c *pdockerfile.Command) (string, bool) {
	name := c.Name
	switch {
	case name == "curl":
		p := parseArgs(c.Args, curlSpec)
		if o, ok := p.find("-k", "--insecure", "--proxy-insecure", "--doh-insecure"); ok && !strings.Contains(o.name, "=") {
			what := "curl -k"
			if o.long {
				what = "curl --" + o.name
			}
			if u := fetchURL(p); u != "" {
				what += " (fetching " + u + ")"
			}
			return what, true
		}
	case name == "wget":
		p := parseArgs(c.Args, wgetSpec)
		if p.has("--no-check-certificate") {
			what := "wget --no-check-certificate"
			if u := fetchURL(p); u != "" {
				what += " (fetching " + u + ")"
			}
			return what, true
		}
	case isPip(c):
		p := parseArgs(c.Args, optSpec{short: "rcei", long: []string{"trusted-host", "index-url", "extra-index-url", "requirement", "constraint", "target", "prefix", "root", "find-links", "cert", "client-cert", "proxy", "timeout", "retries", "src", "editable", "python", "log", "cache-dir", "platform", "python-version", "implementation", "abi", "progress-bar", "upgrade-strategy", "config-settings", "allow-insecure-host"}})
		for _, flag := range []string{"--trusted-host", "--allow-insecure-host"} {
			if o, ok := p.find(flag); ok {
				host := ""
				if o.hasValue && o.known {
					host = " " + o.value
				}
				return c.Name + " " + flag + host, true
			}
		}
		if ops := operandTexts(p); len(ops) >= 3 && ops[0] == "config" && ops[1] == "set" && strings.HasSuffix(ops[2], "trusted-host") {
			return c.Name + " config set " + ops[2], true
		}
	case name == "git":
		return gitSSLVerifyOff(c)
	case name == "npm" || name == "pnpm" || name == "yarn":
		return nodeStrictSSLOff(c)
	case name == "conda" || name == "mamba" || name == "micromamba":
		for i, w := range c.Args {
			if w.Text == "--set" && i+2 < len(c.Args) && c.Args[i+1].Text == "ssl_verify" && isFalse(c.Args[i+2].Text, false) {
				return name + " config --set ssl_verify " + c.Args[i+2].Text, true
			}
		}
	case name == "composer":
		for i, w := range c.Args {
			if w.Text == "disable-tls" && i+1 < len(c.Args) && strings.EqualFold(c.Args[i+1].Text, "true") {
				return "composer config disable-tls true", true
			}
		}
	}
	for _, w := range c.Args {
		t := w.Text
		if !strings.HasPrefix(t, "--") || name == "echo" || name == "printf" {
			continue
		}
		flag, val, hasVal := strings.Cut(t[2:], "=")
		switch flag {
		case "insecure-skip-tls-verify", "skip-tls-verify", "insecure-skip-verify":
			if !hasVal || !isFalse(val, false) {
				return name + " " + t, true
			}
		case "tls-verify", "tlsverify", "src-tls-verify", "dest-tls-verify", "verify-ssl", "ssl-verify":
			if hasVal && isFalse(val, false) {
				return name + " " + t, true
			}
		}
	}
	if w, ok := tlsOffArg(c); ok {
		return w, true
	}
	return "", false
}

// tlsOffArg looks for configuration text that turns verification off in
// the arguments of any command: yum/dnf --setopt=sslverify=0, apt-get -o
// Acquire::https::Verify-Peer=false, echo "sslverify=0" >> repo file,
// sed -i 's/sslverify=1/sslverify=0/'.
func tlsOffArg(c *pdockerfile.Command) (string, bool) {
	if c.Name == "git" || c.Name == "npm" || c.Name == "pnpm" || c.Name == "yarn" {
		return "", false // judged by their own syntax
	}
	for _, w := range c.Args {
		text := w.Text
		if c.Name == "sed" {
			text = sedReplacements(text)
		}
		if what, _, ok := tlsOffText(text); ok {
			return c.Name + " … " + what, true
		}
	}
	return "", false
}

// sedReplacements keeps what a sed script writes: the replacement of each
// s command ("s/sslverify=0/sslverify=1/" writes sslverify=1), and the
// text of a, i and c commands. Other arguments are returned whole.
func sedReplacements(script string) string {
	var out []string
	for _, cmd := range strings.Split(script, ";") {
		cmd = strings.TrimSpace(cmd)
		if len(cmd) < 4 || cmd[0] != 's' {
			out = append(out, cmd)
			continue
		}
		delim := cmd[1]
		var parts []string
		var cur strings.Builder
		for i := 2; i < len(cmd); i++ {
			if cmd[i] == '\\' && i+1 < len(cmd) && cmd[i+1] == delim {
				cur.WriteByte(delim)
				i++
				continue
			}
			if cmd[i] == delim {
				parts = append(parts, cur.String())
				cur.Reset()
				continue
			}
			cur.WriteByte(cmd[i])
		}
		if len(parts) >= 2 {
			out = append(out, parts[1])
		} else {
			out = append(out, cmd)
		}
	}
	return strings.Join(out, "\n")
}

var tlsOffPatterns = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`(?i)\bsslverify\s*=\s*["']?(?:0|false|no|off)\b`), "sslverify=0"},
	{regexp.MustCompile(`(?i)\bAcquire::https?::(?:[^:\s"']+::)?Verify-(?:Peer|Host)\s*(?:=|\s)\s*["']?(?:false|0|no|off)\b`), "Acquire::https::Verify-Peer false"},
	{regexp.MustCompile(`(?i)\bcheck[_-]certificate\s*=\s*["']?(?:off|0|false|no)\b`), "check_certificate=off"},
	{regexp.MustCompile(`(?i)(?:^|[\s"'])strict-ssl\s*(?:=\s*|\s+)["']?false\b`), "strict-ssl=false"},
	{regexp.MustCompile(`(?i)\benableStrictSsl\s*:\s*["']?false\b`), "enableStrictSsl: false"},
	{regexp.MustCompile(`(?i)(?:^|\\n|\n)\s*trusted-host\s*=\s*\S`), "trusted-host"},
	{regexp.MustCompile(`(?i)\bssl_verify\s*:\s*["']?(?:false|no|0)\b`), "ssl_verify: false"},
}

// tlsOffText finds configuration text that turns verification off; off is
// the byte offset of the match.
func tlsOffText(text string) (what string, off int, ok bool) {
	best := -1
	for _, p := range tlsOffPatterns {
		if loc := p.re.FindStringIndex(text); loc != nil && (best < 0 || loc[0] < best) {
			best, what = loc[0], p.what
		}
	}
	if best < 0 {
		return "", 0, false
	}
	// Start the match at its first non-space byte, for the line.
	for best < len(text) && (text[best] == '\n' || text[best] == ' ' || text[best] == '\t') {
		best++
	}
	return what, best, true
}

func operandTexts(p cmdArgs) []string {
	out := make([]string, len(p.operands))
	for k, i := range p.operands {
		out[k] = p.args[i].Text
	}
	return out
}

// isPip: pip, pip3, pip3.12, python -m pip, uv pip / uv add.
func isPip(c *pdockerfile.Command) bool {
	n := c.Name
	if n == "pip" || n == "uv" || (strings.HasPrefix(n, "pip") && strings.Trim(n[3:], "0123456789.") == "") {
		return true
	}
	if strings.HasPrefix(n, "python") && strings.Trim(n[6:], "0123456789.") == "" {
		for i, w := range c.Args {
			if w.Text == "-m" && i+1 < len(c.Args) && c.Args[i+1].Text == "pip" {
				return true
			}
		}
	}
	return false
}

// isFalse: a boolean false as git, npm and YAML tools write it ("" counts
// for git, which reads an empty value as false).
func isFalse(v string, emptyIsFalse bool) bool {
	switch strings.ToLower(strings.Trim(v, `"'`)) {
	case "false", "no", "off", "0":
		return true
	case "":
		return emptyIsFalse
	}
	return false
}

var gitSSLVerifyKey = regexp.MustCompile(`(?i)^http\.(?:.+\.)?sslverify$`)

// gitSSLVerifyOff: git -c http.sslVerify=false …, git clone -c/--config
// http.sslVerify=false, git config [--global] [set] http.sslVerify false.
func gitSSLVerifyOff(c *pdockerfile.Command) (string, bool) {
	args := c.Args
	for i, w := range args {
		t := w.Text
		var kv string
		switch {
		case (t == "-c" || t == "--config") && i+1 < len(args):
			kv = args[i+1].Text
		case strings.HasPrefix(t, "--config="):
			kv = strings.TrimPrefix(t, "--config=")
		case strings.HasPrefix(t, "-c") && len(t) > 2 && !strings.HasPrefix(t, "--"):
			kv = t[2:]
		default:
			continue
		}
		if k, v, ok := strings.Cut(kv, "="); ok && gitSSLVerifyKey.MatchString(k) && isFalse(v, true) {
			return "git -c " + kv, true
		}
	}
	// git [global options] config [options] [set] KEY VALUE
	p := parseArgs(args, optSpec{short: "Cc", long: []string{"git-dir", "work-tree", "namespace", "config-env", "exec-path"}, posix: true})
	sub, ok := p.operand(0)
	if !ok || sub.Text != "config" {
		return "", false
	}
	q := parseArgs(args[p.operands[0]+1:], optSpec{short: "f", long: []string{"file", "blob", "type", "default", "comment", "value"}})
	ops := operandTexts(q)
	if len(ops) > 0 && ops[0] == "set" {
		ops = ops[1:]
	}
	if len(ops) >= 2 && gitSSLVerifyKey.MatchString(ops[0]) && isFalse(ops[1], true) {
		return "git config " + ops[0] + " " + ops[1], true
	}
	return "", false
}

// nodeStrictSSLOff: npm config set strict-ssl false, npm set strict-ssl=false,
// npm install --strict-ssl=false / --no-strict-ssl, yarn config set
// enableStrictSsl false.
func nodeStrictSSLOff(c *pdockerfile.Command) (string, bool) {
	for _, w := range c.Args {
		switch t := w.Text; {
		case t == "--no-strict-ssl":
			return c.Name + " " + t, true
		case strings.HasPrefix(t, "--strict-ssl="):
			if isFalse(strings.TrimPrefix(t, "--strict-ssl="), false) {
				return c.Name + " " + t, true
			}
		}
	}
	p := parseArgs(c.Args, optSpec{long: []string{"location", "userconfig", "globalconfig", "registry", "cwd"}})
	ops := operandTexts(p)
	if len(ops) > 0 && ops[0] == "config" {
		ops = ops[1:]
	}
	if len(ops) < 2 || ops[0] != "set" {
		return "", false
	}
	key, val, hasVal := strings.Cut(ops[1], "=")
	if !hasVal {
		if len(ops) < 3 {
			return "", false
		}
		val = ops[2]
	}
	if (key == "strict-ssl" || key == "enableStrictSsl") && isFalse(val, false) {
		return fmt.Sprintf("%s config set %s %s", c.Name, key, val), true
	}
	return "", false
}

// tlsOffEnv judges an environment variable. known is whether value is
// known; set is whether the variable is set at all (an ENV, or an ARG with
// a default, always is, even to an unknown value).
func tlsOffEnv(name, value string, known, set bool) (string, bool) {
	if name == "GIT_SSL_NO_VERIFY" {
		// git tests only that the variable exists.
		if set {
			return "makes git skip certificate checks whatever its value", true
		}
		return "", false
	}
	if !known {
		return "", false
	}
	v := strings.TrimSpace(value)
	if strings.EqualFold(name, "NPM_CONFIG_STRICT_SSL") && isFalse(v, false) {
		return "makes npm accept any registry certificate", true // npm reads npm_config_* in any case
	}
	switch {
	case name == "NODE_TLS_REJECT_UNAUTHORIZED" && v == "0":
		return "makes every Node.js process accept any certificate", true
	case name == "PYTHONHTTPSVERIFY" && v == "0":
		return "makes Python's HTTPS clients skip certificate checks", true
	case name == "PIP_TRUSTED_HOST" && v != "":
		return "makes pip skip certificate checks (and accept plain HTTP) for " + v, true
	case name == "UV_INSECURE_HOST" && v != "":
		return "makes uv skip certificate checks for " + v, true
	case name == "YARN_ENABLE_STRICT_SSL" && isFalse(v, false):
		return "makes yarn accept any registry certificate", true
	case name == "CONDA_SSL_VERIFY" && isFalse(v, false):
		return "makes conda skip certificate checks", true
	case name == "CURL_CA_BUNDLE" && v == "":
		return "when empty is the known trick that makes Python requests (before 2.28) skip certificate checks", true
	case name == "GOINSECURE" && v != "":
		return "makes the go command skip certificate checks (and accept plain HTTP) for " + v, true
	}
	return "", false
}

// eachHeredoc calls fn with the text of every heredoc in a RUN's script
// (cat > /etc/yum.repos.d/x.repo <<EOF …) and the Dockerfile line its
// body starts on.
func eachHeredoc(sc *pdockerfile.Script, fn func(text string, line int)) {
	syntax.Walk(sc.File, func(n syntax.Node) bool {
		st, ok := n.(*syntax.Stmt)
		if !ok {
			return true
		}
		for _, r := range st.Redirs {
			if r.Hdoc == nil || (r.Op != syntax.Hdoc && r.Op != syntax.DashHdoc) {
				continue
			}
			text, _ := wordLiteral(r.Hdoc)
			line, _ := sc.Position(r.Hdoc.Pos())
			if line > 0 {
				fn(text, line)
			}
		}
		return true
	})
}

type heredocBody struct {
	text string
	line int // the Dockerfile line the body starts on
}

// instructionHeredocs are the files COPY <<EOF and ADD <<EOF write.
func instructionHeredocs(in *pdockerfile.Instruction) []heredocBody {
	var srcs []instructions.SourceContent
	switch c := in.Command.(type) {
	case *instructions.CopyCommand:
		srcs = c.SourceContents
	case *instructions.AddCommand:
		srcs = c.SourceContents
	default:
		return nil
	}
	if len(srcs) == 0 || in.Node == nil || len(in.Node.Heredocs) != len(srcs) {
		return nil
	}
	out := make([]heredocBody, len(srcs))
	end := in.EndLine
	for k := len(srcs) - 1; k >= 0; k-- {
		n := strings.Count(in.Node.Heredocs[k].Content, "\n")
		start := end - n
		out[k] = heredocBody{text: srcs[k].Data, line: start}
		end = start - 1
	}
	return out
}
