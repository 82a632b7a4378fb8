package kube_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stridelint/stridelint/analyzer"
	"github.com/stridelint/stridelint/report"
	"github.com/stridelint/stridelint/rules/all"
)

// Made-up secrets: random, never real.
const (
	leakPassword   = "Tr0ub4dor-Zq8x!"
	leakDataValue  = "hunter2-Pr0d!"
	leakToken      = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"
	leakPEMBody    = "UvImZaYMEtKJGF2VDuiBNgkWb2sRPReNbA/TkB/yOaGglfIPk5VlDPk4C47bIkpr"
	leakRegistry   = "Zq8-rT4v-Wm2x"
	leakConfigPass = "Kp9-xW2r-Tq5v"
	leakArgPass    = "Ex9-pT2w-Lq4z"
	leakBadBase64  = "not base64 hunter3!"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// TestDataFindingsNeverShowTheSecret scans manifests whose secrets are
// known and checks that no output format holds any of them, neither as
// written nor encoded nor decoded.
func TestDataFindingsNeverShowTheSecret(t *testing.T) {
	pem := "-----BEGIN RSA PRIVATE KEY-----\n" + leakPEMBody + "\n-----END RSA PRIVATE KEY-----\n"
	dockerConfig := `{"auths":{"registry.internal":{"auth":"` + b64("deploy:"+leakRegistry) + `"}}}`
	manifest := `apiVersion: v1
kind: Secret
metadata:
  name: app
stringData:
  password: ` + leakPassword + `
  token: ` + leakToken + `
  config.yaml: |
    db:
      password: ` + leakConfigPass + `
data:
  db-password: ` + b64(leakDataValue) + `
  tls.key: ` + b64(pem) + `
  .dockerconfigjson: ` + b64(dockerConfig) + `
---
apiVersion: v1
kind: Secret
metadata:
  name: broken
data:
  password: "` + leakBadBase64 + `"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  DB_PASSWORD: ` + leakPassword + `
  application.properties: |
    spring.datasource.password=` + leakConfigPass + `
  key.pem: |
    -----BEGIN RSA PRIVATE KEY-----
    ` + leakPEMBody + `
    -----END RSA PRIVATE KEY-----
---
apiVersion: example.com/v1
kind: Notifier
metadata:
  name: app
  annotations:
    example.com/token: ` + leakToken + `
spec:
  args: ["--db=postgres://app:` + leakArgPass + `@db/app"]
`
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	reg, err := all.Registry()
	if err != nil {
		t.Fatal(err)
	}
	res, err := analyzer.Run(context.Background(), analyzer.Options{
		Paths: []string{dir}, BaseDir: dir, Registry: reg, Enable: []string{"all"},
	})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, f := range res.Findings {
		count[f.RuleID]++
	}
	// The scan must have found them, or the test proves nothing.
	if count["KD001"] < 6 || count["KD002"] < 3 || count["KD003"] < 2 || len(res.Errors) != 1 {
		for _, f := range res.Findings {
			t.Log(f.RuleID, f.Range.StartLine, f.Message)
		}
		t.Fatalf("findings by rule %v, errors %v: the fixture's secrets were not all found", count, res.Errors)
	}
	forbidden := []string{leakPassword, leakDataValue, leakToken, leakPEMBody, leakRegistry,
		leakConfigPass, leakArgPass, leakBadBase64, "hunter3",
		b64(leakPassword), b64(leakDataValue), b64(leakToken), b64(pem), b64(dockerConfig),
		b64("deploy:" + leakRegistry), b64(pem)[:40], b64(dockerConfig)[:40],
		// The secret part of the token without its public prefix.
		strings.TrimPrefix(leakToken, "ghp_")[:12]}
	for _, format := range report.Formats {
		var out bytes.Buffer
		if err := report.Write(&out, format, res, report.Options{}); err != nil {
			t.Fatal(err)
		}
		for _, s := range forbidden {
			if strings.Contains(out.String(), s) {
				t.Errorf("%s output holds the secret %q", format, s)
			}
		}
	}
}
