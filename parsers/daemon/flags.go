package daemon

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stridelint/stridelint/parsers"
)

// flagKind is how a dockerd flag takes its value.
type flagKind int

const (
	boolFlag   flagKind = iota // --icc, --icc=false (pflag: never a separate "false" word)
	stringFlag                 // --log-level debug, --log-level=debug, -l debug
	listFlag                   // repeatable: -H a -H b
	mapFlag                    // repeatable key=value: --log-opt max-size=10m
)

// flagSpec maps a dockerd flag to its daemon.json key.
type flagSpec struct {
	key  string
	kind flagKind
}

// dockerdFlags are the dockerd flags whose daemon.json keys stridelint
// judges (and the few it must know to read the command line: a flag that
// takes a value must not have its value mistaken for another flag).
var dockerdFlags = map[string]flagSpec{
	"host":                     {"hosts", listFlag},
	"tls":                      {"tls", boolFlag},
	"tlsverify":                {"tlsverify", boolFlag},
	"tlscacert":                {"tlscacert", stringFlag},
	"tlscert":                  {"tlscert", stringFlag},
	"tlskey":                   {"tlskey", stringFlag},
	"icc":                      {"icc", boolFlag},
	"userland-proxy":           {"userland-proxy", boolFlag},
	"userland-proxy-path":      {"userland-proxy-path", stringFlag},
	"iptables":                 {"iptables", boolFlag},
	"ip6tables":                {"ip6tables", boolFlag},
	"ip-forward":               {"ip-forward", boolFlag},
	"ip-masq":                  {"ip-masq", boolFlag},
	"ip":                       {"ip", stringFlag},
	"insecure-registry":        {"insecure-registries", listFlag},
	"registry-mirror":          {"registry-mirrors", listFlag},
	"userns-remap":             {"userns-remap", stringFlag},
	"no-new-privileges":        {"no-new-privileges", boolFlag},
	"seccomp-profile":          {"seccomp-profile", stringFlag},
	"live-restore":             {"live-restore", boolFlag},
	"authorization-plugin":     {"authorization-plugins", listFlag},
	"log-level":                {"log-level", stringFlag},
	"log-driver":               {"log-driver", stringFlag},
	"log-opt":                  {"log-opts", mapFlag},
	"experimental":             {"experimental", boolFlag},
	"default-ulimit":           {"default-ulimits", listFlag},
	"storage-driver":           {"storage-driver", stringFlag},
	"storage-opt":              {"storage-opts", listFlag},
	"selinux-enabled":          {"selinux-enabled", boolFlag},
	"config-file":              {"config-file", stringFlag},
	"debug":                    {"debug", boolFlag},
	"containerd":               {"containerd", stringFlag},
	"group":                    {"group", stringFlag},
	"data-root":                {"data-root", stringFlag},
	"exec-root":                {"exec-root", stringFlag},
	"exec-opt":                 {"exec-opts", listFlag},
	"default-runtime":          {"default-runtime", stringFlag},
	"bridge":                   {"bridge", stringFlag},
	"bip":                      {"bip", stringFlag},
	"mtu":                      {"mtu", stringFlag},
	"dns":                      {"dns", listFlag},
	"dns-opt":                  {"dns-opts", listFlag},
	"dns-search":               {"dns-search", listFlag},
	"label":                    {"labels", listFlag},
	"pidfile":                  {"pidfile", stringFlag},
	"cgroup-parent":            {"cgroup-parent", stringFlag},
	"default-cgroupns-mode":    {"default-cgroupns-mode", stringFlag},
	"max-concurrent-downloads": {"max-concurrent-downloads", stringFlag},
	"shutdown-timeout":         {"shutdown-timeout", stringFlag},
	"init":                     {"init", boolFlag},
	"raw-logs":                 {"raw-logs", boolFlag},
}

// shortFlags are dockerd's one-letter flags.
var shortFlags = map[string]string{"H": "host", "l": "log-level", "s": "storage-driver", "D": "debug", "G": "group", "b": "bridge", "p": "pidfile"}

// Flags is the configuration a dockerd command line sets.
type Flags struct {
	// Config holds the values the flags set, as daemon.json would.
	Config Config
	// Set maps a daemon.json key to the indexes (in the arguments given to
	// ParseFlags) of the flags that set it, in order (several for a
	// repeated flag).
	Set map[string][]int
	// ConfigFile is --config-file's value ("" when not given).
	ConfigFile string
}

// ParseFlags reads dockerd's arguments (without the program name). Each
// flag is remembered with its token so that findings point at it. Flags
// stridelint does not know are skipped; a flag missing its value is a
// diagnostic at the flag.
func ParseFlags(args []parsers.Token) (*Flags, []parsers.Diagnostic) {
	f := &Flags{Set: map[string][]int{}}
	raw := map[string]any{}
	var diags []parsers.Diagnostic
	for i := 0; i < len(args); i++ {
		at, tok := i, args[i]
		a := tok.Text
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			continue // an operand (dockerd takes none; old "docker daemon" has one)
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "--") {
			// -H value, -Hvalue, -D
			short := name[:1]
			long, ok := shortFlags[short]
			if !ok {
				continue
			}
			if len(name) > 1 && !hasValue {
				value, hasValue = name[1:], true
			}
			name = long
		}
		spec, ok := dockerdFlags[name]
		if !ok {
			continue
		}
		if spec.kind != boolFlag && !hasValue {
			if i+1 >= len(args) {
				diags = append(diags, parsers.Diagnostic{Line: tok.Line, Col: tok.Col, Message: "dockerd flag " + a + " needs a value"})
				continue
			}
			i++
			value = args[i].Text
		}
		f.Set[spec.key] = append(f.Set[spec.key], at)
		switch spec.kind {
		case boolFlag:
			b := true
			if hasValue {
				switch strings.ToLower(value) {
				case "true", "1", "t":
				case "false", "0", "f":
					b = false
				default:
					diags = append(diags, parsers.Diagnostic{Line: tok.Line, Col: tok.Col, Message: fmt.Sprintf("dockerd flag --%s takes true or false, not %q", name, value)})
					continue
				}
			}
			raw[spec.key] = b
		case stringFlag:
			raw[spec.key] = value
		case listFlag:
			l, _ := raw[spec.key].([]string)
			raw[spec.key] = append(l, value)
		case mapFlag:
			m, _ := raw[spec.key].(map[string]string)
			if m == nil {
				m = map[string]string{}
			}
			k, v, _ := strings.Cut(value, "=")
			m[k] = v
			raw[spec.key] = m
		}
	}
	if cf, ok := raw["config-file"].(string); ok {
		f.ConfigFile = cf
	}
	// default-ulimits is a map in daemon.json and a list of flags.
	if l, ok := raw["default-ulimits"].([]string); ok {
		m := map[string]any{}
		for _, u := range l {
			k, v, _ := strings.Cut(u, "=")
			m[k] = v
		}
		raw["default-ulimits"] = m
	}
	b, _ := json.Marshal(raw)
	_ = json.Unmarshal(b, &f.Config)
	return f, diags
}

// FlagKeys lists the daemon.json keys a flag can set, for conflict checks.
func FlagKeys() map[string]bool {
	out := map[string]bool{}
	for _, s := range dockerdFlags {
		out[s.key] = true
	}
	return out
}
