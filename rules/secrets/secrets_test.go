package secrets_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/rules/secrets"
)

// Made-up credentials of each format: random bodies, never real.
const (
	ghToken      = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"
	ghFineToken  = "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"
	awsKeyID     = "AKIAUVW75EFR6EDT4SYW"
	awsTempKeyID = "ASIAB5WKH7DNSIPZZ7FK"
	awsSecret    = "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"
	glToken      = "glpat-CzJr4i0B3JrTAwR4y9oj"
	slackToken   = "xoxb-122330792440-2685995289078-zzzzgEOzdmenCkhvMdgaKjIg"
	slackHook    = "https://hooks.slack.com/services/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"
	stripeKey    = "sk_live_8xNbe3nNyjOq9wMxEhh2FDEE"
	googleKey    = "AIzaNksnRH9ucAUsdMlHUvTCQCyEZDz-TddJ8Hy"
	googleSecret = "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"
	npmToken     = "npm_SM9wCZ7Uw9xfogoEmvnEN5N1aE6PwZPf1Qh6"
	sendgridKey  = "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"
	hfToken      = "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"
	dockerToken  = "dckr_pat_ENUhJduRHHJEYXg4JdpmrcXgGCJ"
	openaiKey    = "sk-proj-q7J58m1CiAhzCueQpBenT3BlbkFJQtYh5Xj8TPQxjq4i9DoV"
	anthropicKey = "sk-ant-api03-8gz4FkQ1okTBGzvAmwufUxbvJDCTbyvHNsG9eh6Yo4gfqrc5XlrWi0B26R08qzjI6GKFSufrdZSlB5er8bOfZqfM2o"
	doToken      = "dop_v1_283e0ad84173581569969e58b081006f7e3dfc967a64cb14028d512c9791e558"
	pypiToken    = "pypi-AgEIcHlwaS5vcmcCaqx9vJupc94tnwlavyfErGPmpGXafq0fjzLczbttOofL9H2WjQ5TY4MyWuU"
	jwt          = "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAiMTIzNDU2Nzg5MCIsICJuYW1lIjogInN2YyIsICJpYXQiOiAxNTE2MjM5MDIyfQ.li8GjHEAD6-Wj9KfzjsQGMrb9h_ImB_LK777pzNk8cL"
	anonJWT      = "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJpc3MiOiAic3VwYWJhc2UiLCAicm9sZSI6ICJhbm9uIiwgImlhdCI6IDE1MTYyMzkwMjJ9.6j5IXAAjlsHUqJoUD-_Ydua_5ZMs1SWOpQaPRYpzbLG"
	azureKey     = "ViYXjU2JgJngKtFI3OyV2dZAkg05rK+gqv81RKMGHZEM9YpvujA/C5Q52ryFlwRlOEVHzc0X0AWIRh/JUqBlIF=="
	pemBody      = "OcqZAAKJTf91R/VQpdbiPnmGPIw/B/VptKZODgUxf+KspWsUQTqqbOxeOn4Isla3"
	rsaKey       = "-----BEGIN RSA PRIVATE KEY-----\n" + pemBody + "\n-----END RSA PRIVATE KEY-----"
)

func TestName(t *testing.T) {
	tests := []struct {
		name   string
		secret bool
		reason secrets.Reason
	}{
		// Secret names, in every naming style.
		{"PASSWORD", true, "password"},
		{"DB_PASSWORD", true, "password"},
		{"db-password", true, "password"},
		{"dbPassword", true, "password"},
		{"spring.datasource.password", true, "password"},
		{"MYSQL_ROOT_PASSWORD", true, "password"},
		{"MYSQLPASSWORD", true, "password"},
		{"POSTGRES_PASSWD", true, "password"},
		{"DB_PWD", true, "password"},
		{"DB_PASS", true, "password"},
		{"SMTP_PASSPHRASE", true, "passphrase"},
		{"SECRET", true, "secret"},
		{"TOKEN", true, "token"},
		{"GITHUB_TOKEN", true, "token"},
		{"githubToken", true, "token"},
		{"NPMTOKEN", true, "token"},
		{"AUTH_TOKEN", true, "token"},
		{"PASSWORD_RESET_TOKEN", true, "token"},
		{"CLIENT_SECRET", true, "client secret"},
		{"clientSecret", true, "client secret"},
		{"JWT_SECRET", true, "secret"},
		{"API_KEY", true, "API key"},
		{"apiKey", true, "API key"},
		{"APIKey", true, "API key"},
		{"x-api-key", true, "API key"},
		{"APIKEY", true, "API key"},
		{"STRIPE_APIKEY", true, "API key"},
		{"PRIVATE_KEY", true, "private key"},
		{"SSH_PRIVATE_KEY", true, "private key"},
		{"AWS_ACCESS_KEY", true, "access key"},
		{"AWS_SECRET_ACCESS_KEY", true, "secret access key"},
		{"SECRET_KEY", true, "secret key"},
		{"SECRET_KEY_BASE", true, "secret key"},
		{"DJANGO_SECRET_KEY", true, "secret key"},
		{"SESSION_KEY", true, "session key"},
		{"ENCRYPTION_KEY", true, "encryption key"},
		{"SIGNING_KEY", true, "signing key"},
		{"APP_KEY", true, "application key"},
		{"AZURE_STORAGE_ACCOUNT_KEY", true, "account key"},
		{"NEW_RELIC_LICENSE_KEY", true, "license key"},
		{"SUPABASE_SERVICE_KEY", true, "service key"},
		{"GOOGLE_APPLICATION_CREDENTIALS", true, "credential"},
		{"DOCKER_CREDS", true, "credential"},
		{"BEARER", true, "token"},
		{"KEYCLOAK_ADMIN_PASSWORD", true, "password"},
		{"PASSWORD_HASH", true, "password"},
		{"OAUTH2_TOKEN", true, "token"},
		{"RAILS_MASTER_KEY", true, "master key"},
		{"PGPASSWORD", true, "password"},
		{"MINIO_ACCESS_KEY", true, "access key"},
		{"SECRET_KEY_BASE_DUMMY", true, "secret key"},
		{"ASPNETCORE_Kestrel__Certificates__Default__Password", true, "password"},
		// References to a secret and metadata about one.
		{"PASSWORD_FILE", false, ""},
		{"DB_PASSWORD_FILE", false, ""},
		{"GITHUB_TOKEN_PATH", false, ""},
		{"SECRETS_DIR", false, ""},
		{"TOKEN_ENDPOINT", false, ""},
		{"ACCESS_TOKEN_URL", false, ""},
		{"PASSWORD_MIN_LENGTH", false, ""},
		{"TOKEN_TTL", false, ""},
		{"TOKEN_EXPIRY", false, ""},
		{"JWT_EXPIRATION_MS", false, ""},
		{"SESSION_TIMEOUT", false, ""},
		{"AWS_ACCESS_KEY_ID", false, ""},
		{"SECRET_KEY_ID", false, ""},
		{"TOKEN_AUTH_ENABLED", false, ""},
		{"TOKEN_TYPE", false, ""},
		{"TOKEN_HEADER", false, ""},
		{"SECRET_NAME", false, ""},
		{"DB_SECRET_REF", false, ""},
		{"SECRET_ARN", false, ""},
		{"PASSWORD_POLICY", false, ""},
		{"TOKEN_SERVICE", false, ""},
		{"ECR_CREDENTIAL_PROVIDER_CONFIG", false, ""},
		{"PASSWORD_USER", false, ""},
		{"PASSWORD_HASHER", false, ""},
		{"PASSWORD_ENCODER_STRENGTH", false, ""},
		{"PRIVATE_KEY_PATH", false, ""},
		{"JWT_PUBLIC_KEY", false, ""},
		{"API_KEY_HEADER", false, ""},
		{"GIT_ASKPASS", false, ""},
		// Not secret words at all.
		{"PWD", false, ""},
		{"OLDPWD", false, ""},
		{"DB_USER", false, ""},
		{"USERNAME", false, ""},
		{"KEY", false, ""},
		{"GPG_KEY", false, ""},
		{"GPG_KEYS", false, ""},
		{"KEYCLOAK_URL", false, ""},
		{"TOKENIZERS_PARALLELISM", false, ""},
		{"MAX_TOKENS", false, ""},
		{"PASSENGER_APP_ENV", false, ""},
		{"BYPASS_CACHE", false, ""},
		{"PATH", false, ""},
		{"", false, ""},
		{"___", false, ""},
	}
	for _, tt := range tests {
		r, ok := secrets.Name(tt.name)
		if ok != tt.secret || r != tt.reason {
			t.Errorf("Name(%q) = %q, %v; want %q, %v", tt.name, r, ok, tt.reason, tt.secret)
		}
	}
}

func TestValue(t *testing.T) {
	tests := []struct {
		value string
		kind  secrets.Kind // "" = not a credential
	}{
		{awsKeyID, "AWS access key ID"},
		{awsTempKeyID, "AWS access key ID"},
		{"key=" + awsKeyID + ";", "AWS access key ID"},
		{ghToken, "GitHub token"},
		{"gho_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", "GitHub token"},
		{"ghs_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", "GitHub token"},
		{ghFineToken, "GitHub token"},
		{glToken, "GitLab token"},
		{slackToken, "Slack token"},
		{slackHook, "Slack webhook URL"},
		{stripeKey, "Stripe secret key"},
		{googleKey, "Google API key"},
		{googleSecret, "Google OAuth client secret"},
		{npmToken, "npm token"},
		{sendgridKey, "SendGrid API key"},
		{hfToken, "Hugging Face token"},
		{dockerToken, "Docker Hub token"},
		{openaiKey, "OpenAI API key"},
		{anthropicKey, "Anthropic API key"},
		{doToken, "DigitalOcean token"},
		{pypiToken, "PyPI token"},
		{jwt, "JSON Web Token"},
		{"Bearer " + jwt, "JSON Web Token"},
		{rsaKey, "private key"},
		{"-----BEGIN OPENSSH PRIVATE KEY-----\\n" + pemBody, "private key"},
		{"-----BEGIN EC PRIVATE KEY----- " + pemBody, "private key"},
		{"-----BEGIN PRIVATE KEY-----" + pemBody, "private key"},
		{"-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + pemBody, "private key"},
		{"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + pemBody, "private key"},
		{base64.StdEncoding.EncodeToString([]byte(rsaKey)), "base64-encoded private key"},
		{"client-key-data: " + base64.StdEncoding.EncodeToString([]byte(rsaKey+"\n")), "base64-encoded private key"},
		{"postgres://app:s3cr3t-Pa55@db:5432/app", "URL with a password"},
		{"redis://:hunter2@cache:6379/0", "URL with a password"},
		{"https://x-access-token:" + ghToken + "@github.com/org/repo.git", "GitHub token"},
		{"mongodb://root:changeme@mongo:27017", "URL with a password"},
		{"jdbc:mysql://db:3306/app?user=root&password=hunter2", "URL with a password"},
		{"Server=db;Database=app;User Id=sa;Password=Str0ng!Pass;", "connection string with a password"},
		{"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + azureKey + ";EndpointSuffix=core.windows.net", "Azure storage account key"},
		{"aws_secret_access_key = " + awsSecret, "AWS secret access key"},
		{"-H 'Authorization: Bearer 9f8e7d6c5b4a39281706'", "HTTP authorization credential"},
		{"//registry.npmjs.org/:_authToken=9f8e7d6c-5b4a-3928-1706-abcdefabcdef", "npm registry token"},

		// Not credentials, or obviously made up.
		{"", ""},
		{"AKIAIOSFODNN7EXAMPLE", ""},
		{"AKIAUVW75EFR6EDT4SYWX", ""}, // too long for a key ID
		{"XAKIAUVW75EFR6EDT4SYW", ""},
		{"ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", ""},
		{"ghp_1234567890abcdefghijklmnopqrstuvwxyz", ""},
		{"ghp_short", ""},
		{"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", ""},
		{"pk_live_8xNbe3nNyjOq9wMxEhh2FDEE", ""}, // publishable, meant to be public
		{"7169605F62C751356D054A26A821E680E5FA6305", ""},
		{"sha256:1500c1f56fa9e26b9b8f42452a553675796ade0807cdce11975eb98170b3a570", ""},
		{"-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----", ""},
		{"-----BEGIN CERTIFICATE-----\n" + pemBody, ""},
		{"-----BEGIN PUBLIC KEY-----\n" + pemBody, ""},
		{base64.StdEncoding.EncodeToString([]byte("-----BEGIN CERTIFICATE-----\n" + pemBody + "\n-----END CERTIFICATE-----\n")), ""},
		{base64.StdEncoding.EncodeToString([]byte("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n")), ""},
		{anonJWT, ""},
		{"eyJhbGciOi.eyJzdWIiOi.abc", ""},
		{"postgres://app:${DB_PASSWORD}@db:5432/app", ""},
		{"postgres://app:$DB_PASSWORD@db/app", ""},
		{"postgres://app:<password>@db/app", ""},
		{"postgres://app:***@db/app", ""},
		{"postgres://app@db:5432/app", ""},
		{"https://user:hunter2@example.com/repo", ""},
		{"http://localhost:8080/path@v1", ""},
		{"git@github.com:org/repo.git", ""},
		{"https://github.com/tc-hib/go-winres.git?ref=v0.3.1&keep-git-dir=1", ""},
		{"Server=db;Database=app;User Id=sa;Password=${SA_PASSWORD};", ""},
		{"password=hunter2", ""}, // no connection-string context: the name decides
		{"//registry.npmjs.org/:_authToken=${NPM_TOKEN}", ""},
		{"Authorization: Bearer $TOKEN", ""},
		{"hello world", ""},
	}
	for _, tt := range tests {
		k, ok := secrets.Value(tt.value)
		if ok != (tt.kind != "") || k != tt.kind {
			t.Errorf("Value(%q) = %q, %v; want %q", tt.value, k, ok, tt.kind)
		}
	}
}

func TestPlaceholder(t *testing.T) {
	tests := []struct {
		value       string
		placeholder bool
	}{
		{"", true},
		{"  ", true},
		{`""`, true},
		{"${DB_PASSWORD}", true},
		{"$DB_PASSWORD", true},
		{"${DB_PASSWORD:-}", true},
		{"$(cat /run/secrets/db)", true},
		{"{{ .Values.password }}", true},
		{"{{ secret }}", true},
		{"%DB_PASSWORD%", true},
		{"#{db_password}", true},
		{"/run/secrets/db_password", true},
		{"./secrets/token.txt", true},
		{"~/.config/key.json", true},
		{`C:\secrets\cert.pfx`, true},
		{"credentials.json", true},
		{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db", true},
		{"vault:secret/data/db#password", true},
		{"op://vault/item/password", true},
		{"projects/p/secrets/db/versions/latest", true},
		{"true", true},
		{"FALSE", true},
		{"yes", true},
		{"0", true},
		{"1", true},
		{"none", true},
		{"null", true},
		{"TODO", true},
		{"REPLACE_ME", true},
		{"xxx", true},
		{"xxxxxxxx", true},
		{"****", true},
		{"••••••", true},
		{"...", true},
		{"<your-token>", true},
		{"[API_KEY]", true},
		{"your_api_key_here", true},
		{"YOUR-SECRET", true},
		{"dummy", true},
		{"dummy-secret-for-assets", true},
		{"example", true},
		{"my-example-password", true},
		{"placeholder", true},
		{"sample", true},
		{"hogehoge", true},
		{"foobar", true},
		{"replace_this_at_build_time", true},

		// Real values, weak ones included: they are baked in and guessable.
		{"changeme", false},
		{"password", false},
		{"secret", false},
		{"admin", false},
		{"hunter2", false},
		{"s3cr3t-Pa55", false},
		{"1234", false},
		{"123456", false},
		{ghToken, false},
		{"k8s-goat-cf658c56a501385205cc6d2dafee8fc1", false},
		{"base64:dGhpcyBpcyBub3QgcmVhbA==", false},
		{"pa ss/word", false},
		{"//registry.npmjs.org", false},
	}
	for _, tt := range tests {
		if got := secrets.Placeholder(tt.value); got != tt.placeholder {
			t.Errorf("Placeholder(%q) = %v; want %v", tt.value, got, tt.placeholder)
		}
	}
}

func TestReference(t *testing.T) {
	tests := []struct {
		value string
		ref   bool
	}{
		{"${TOKEN}", true},
		{"/run/secrets/token", true},
		{"{{ .Values.token }}", true},
		{"arn:aws:ssm:eu-west-1:1:parameter/db", true},
		{"hunter2", false},
		{"changeme", false},
		{"", false},
		{"TODO", false}, // a placeholder, not a reference
		{"/", false},
	}
	for _, tt := range tests {
		if got := secrets.Reference(tt.value); got != tt.ref {
			t.Errorf("Reference(%q) = %v; want %v", tt.value, got, tt.ref)
		}
	}
}

func TestLiteral(t *testing.T) {
	tests := []struct {
		name, value string
		secret      bool
		what        string
	}{
		{"DB_PASSWORD", "hunter2", true, "a password"},
		{"DB_PASSWORD", "changeme", true, "a password"},
		{"API_KEY", "k8s-goat-cf658c56a501385205cc6d2dafee8fc1", true, "an API key"},
		{"GITHUB_TOKEN", ghToken, true, "a GitHub token (ghp_… (40 chars))"},
		{"SOMETHING", ghToken, true, "a GitHub token (ghp_… (40 chars))"},
		{"AWS_ACCESS_KEY_ID", awsKeyID, true, "an AWS access key ID (AKIA… (20 chars))"},
		{"DATABASE_URL", "postgres://app:hunter2@db/app", true, "a URL with a password (postgres://••••••@db)"},
		{"SSH_KEY", rsaKey, true, "a private key (-----BEGIN RSA PRIVATE KEY-----…)"},
		{"DB_PASSWORD", "${DB_PASSWORD}", false, ""},
		{"DB_PASSWORD", "", false, ""},
		{"PASSWORD_FILE", "/run/secrets/db", false, ""},
		{"PASSWORD_FILE", "hunter2", false, ""},
		{"MYSQL_ALLOW_EMPTY_PASSWORD", "yes", false, ""},
		{"MYSQL_RANDOM_ROOT_PASSWORD", "1", false, ""},
		{"SECRET_KEY_BASE", "dummy", false, ""},
		{"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", false, ""},
		{"GPG_KEY", "7169605F62C751356D054A26A821E680E5FA6305", false, ""},
		{"PWD", "/app", false, ""},
		{"DATABASE_URL", "postgres://db:5432/app", false, ""},
	}
	for _, tt := range tests {
		m, ok := secrets.Literal(tt.name, tt.value)
		if ok != tt.secret || (ok && m.What() != tt.what) {
			t.Errorf("Literal(%q, %q) = %q, %v; want %q, %v", tt.name, tt.value, m.What(), ok, tt.what, tt.secret)
		}
		if ok && tt.value != "" && strings.Contains(m.What(), tt.value) {
			t.Errorf("Literal(%q, …).What() shows the value", tt.name)
		}
	}
}

// TestRedact: the display form shows the public prefix of a known format
// at most, and never the secret itself or a long piece of it.
func TestRedact(t *testing.T) {
	tests := []struct{ value, want string }{
		{awsKeyID, "AKIA… (20 chars)"},
		{ghToken, "ghp_… (40 chars)"},
		{"token " + ghToken + " here", "ghp_… (40 chars)"},
		{jwt, "eyJ… (" + itoa(len(jwt)) + " chars)"},
		{rsaKey, "-----BEGIN RSA PRIVATE KEY-----…"},
		{"postgres://app:hunter2@db:5432/app", "postgres://••••••@db:5432"},
		{"jdbc:mysql://db:3306/app?user=root&password=hunter2", "mysql://db:3306/…?password=••••••"},
		{"Server=db;User Id=sa;Password=Str0ng!Pass;", "Password=••••••"},
		{"AccountName=a;AccountKey=" + azureKey, "AccountKey=••••••"},
		{"hunter2", "••••••"},
		{"", "••••••"},
	}
	for _, tt := range tests {
		if got := secrets.Redact(tt.value); got != tt.want {
			t.Errorf("Redact(%q) = %q; want %q", tt.value, got, tt.want)
		}
	}
	all := []string{ghToken, ghFineToken, awsKeyID, awsTempKeyID, glToken, slackToken, slackHook, stripeKey,
		googleKey, googleSecret, npmToken, sendgridKey, hfToken, dockerToken, openaiKey, anthropicKey,
		doToken, pypiToken, jwt, rsaKey, "hunter2", "changeme", "postgres://app:hunter2@db/app"}
	for _, v := range all {
		shown := secrets.Redact(v)
		if leaks(shown, v) {
			t.Errorf("Redact(%q) = %q leaks the secret", v, shown)
		}
	}
}

// leaks reports whether shown contains 6 or more consecutive characters of
// secret other than a known public prefix.
func leaks(shown, secret string) bool {
	for _, prefix := range []string{"ghp_", "github_pat_", "AKIA", "ASIA", "glpat-", "xoxb-", "sk_live_", "AIza",
		"GOCSPX-", "npm_", "SG.", "hf_", "dckr_pat_", "sk-proj-", "sk-ant-api03-", "dop_v1_", "pypi-",
		"https://hooks.slack.com/services/", "-----BEGIN RSA PRIVATE KEY-----", "postgres://"} {
		shown = strings.ReplaceAll(shown, prefix, "")
		secret = strings.Replace(secret, prefix, "\x00", 1)
	}
	for i := 0; i+6 <= len(secret); i++ {
		if piece := secret[i : i+6]; !strings.ContainsRune(piece, 0) && strings.Contains(shown, piece) {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestFile(t *testing.T) {
	tests := []struct {
		path   string
		secret bool
	}{
		{"id_rsa", true},
		{"keys/id_ed25519", true},
		{"/root/.ssh/id_ecdsa", true},
		{"/root/.ssh/deploy_key", true},
		{".ssh", true},
		{".ssh/", true},
		{"home/app/.ssh", true},
		{".env", true},
		{"config/.env", true},
		{".env.production", true},
		{".env.local", true},
		{".npmrc", true},
		{".pypirc", true},
		{".netrc", true},
		{".git-credentials", true},
		{"credentials", true},
		{"credentials.json", true},
		{".aws/credentials", true},
		{".aws", true},
		{"/root/.docker/config.json", true},
		{".docker", true},
		{"kubeconfig", true},
		{"admin.kubeconfig", true},
		{"/root/.kube/config", true},
		{"server.key", true},
		{"master.key", true},
		{"privkey.pem", true},
		{"server-key.pem", true},
		{"ca-key.pem", true},
		{"key.pem", true},
		{"cert.p12", true},
		{"app.pfx", true},
		{"keystore.jks", true},
		{"release.keystore", true},
		{"terraform.tfstate", true},
		{"terraform.tfstate.backup", true},
		{"secret.txt", true},
		{"secrets.yaml", true},
		{"secrets", true},
		{"db_password.txt", true},
		{"client_secret.json", true},
		{"ssh_host_rsa_key", true},
		{`C:\keys\app.pfx`, true},

		{"id_rsa.pub", false},
		{"/root/.ssh/known_hosts", false},
		{"/root/.ssh/authorized_keys", false},
		{"/root/.ssh/config", false},
		{".aws/config", false},
		{".env.example", false},
		{".env.sample", false},
		{".env.template", false},
		{"credentials.json.example", false},
		{"cert.pem", false},
		{"ca.pem", false},
		{"fullchain.pem", false},
		{"public-key.pem", false},
		{"server.crt", false},
		{"ecr-credential-provider-config.json", false},
		{"/etc/passwd", false},
		{"passwd", false},
		{"credentials.yml.enc", false},
		{"secret.go", false},
		{"tokens.json", false},
		{"tokenizer.json", false},
		{"my.cnf", false},
		{".", false},
		{"", false},
		{"package.json", false},
		{"/etc/docker/daemon.json", false},
		{"docker.gpg", false},
	}
	for _, tt := range tests {
		what, ok := secrets.File(tt.path)
		if ok != tt.secret {
			t.Errorf("File(%q) = %q, %v; want %v", tt.path, what, ok, tt.secret)
		}
		if ok && what == "" {
			t.Errorf("File(%q): no description", tt.path)
		}
	}
}

func TestTemplate(t *testing.T) {
	for p, want := range map[string]bool{
		".env.example": true, "config/.npmrc.sample": true, "secrets.template.yaml": true,
		"credentials.json.dist": true, ".env": false, "id_rsa": false, "examples/.env": false,
	} {
		if got := secrets.Template(p); got != want {
			t.Errorf("Template(%q) = %v; want %v", p, got, want)
		}
	}
}

func TestIdentifier(t *testing.T) {
	for name, want := range map[string]bool{
		// Who and where, beside a secret.
		"username": true, "apiUsername": true, "discovery.sendtargets.auth.username_in": true,
		"azurestorageaccountname": true, "apiAddress": true, "host": true, "DB_PORT": true,
		"database-url": true, "token-id": true, "client_id": true, "tls.crt": true,
		"ca.crt": true, "id_rsa.pub": true, "ssh-known-hosts": true, "secret-name": true,
		"host2": true, "s3-bucket": true, "key-file": true, "token_type": true, "tokenTTL": true,
		// Secrets, and names the last word of which is not an identifier.
		"password": false, "db_user_password": false, "auth.password_in": false,
		"ca-key": false, "host-key": false, "tls.key": false, "db-connection-string": false,
		"k8sgoatvaultkey": false, "token": false, "extra": false, "": false,
	} {
		if got := secrets.Identifier(name); got != want {
			t.Errorf("Identifier(%q) = %v; want %v", name, got, want)
		}
	}
}

func TestScanText(t *testing.T) {
	text := strings.Join([]string{
		"# database",                            // 1
		"spring.datasource.username=app",        // 2
		"spring.datasource.password=hunter2",    // 3
		"DB_PASSWORD_FILE=/run/secrets/db",      // 4
		`  "apiKey": "k8s-goat-cf658c56a501",`,  // 5
		"token: ${TOKEN}",                       // 6
		"export GITHUB_TOKEN=" + ghToken,        // 7
		"url = postgres://app:s3cr3t@db/app",    // 8
		"note: the key is " + awsKeyID,          // 9
		"password: |",                           // 10
		"-----BEGIN OPENSSH PRIVATE KEY-----",   // 11
		pemBody,                                 // 12
		"-----END OPENSSH PRIVATE KEY-----",     // 13
		"secret_key_base = dummy # for assets",  // 14
		"admin_password = 'changeme' # default", // 15
	}, "\n")
	want := []struct {
		line int
		name string
	}{{3, "spring.datasource.password"}, {5, "apiKey"}, {7, "GITHUB_TOKEN"}, {8, "url"}, {9, "note"}, {11, ""}, {15, "admin_password"}}
	hits := secrets.ScanText(text)
	if len(hits) != len(want) {
		t.Fatalf("ScanText: %d hits %+v; want %d", len(hits), hits, len(want))
	}
	for i, h := range hits {
		if h.Line != want[i].line || h.Name != want[i].name {
			t.Errorf("hit %d: line %d name %q; want line %d name %q", i, h.Line, h.Name, want[i].line, want[i].name)
		}
		for _, secret := range []string{"hunter2", "k8s-goat-cf658c56a501", ghToken, "s3cr3t", awsKeyID, pemBody, "changeme"} {
			if strings.Contains(h.What(), secret) || strings.Contains(h.Shown, secret) {
				t.Errorf("hit %d shows a secret: %q", i, h.What())
			}
		}
	}
}
