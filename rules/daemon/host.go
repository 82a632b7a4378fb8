package daemon

import (
	"fmt"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/stridelint/stridelint/parsers"
	pdaemon "github.com/stridelint/stridelint/parsers/daemon"
	"github.com/stridelint/stridelint/parsers/envfile"
	"github.com/stridelint/stridelint/parsers/systemd"
	"github.com/stridelint/stridelint/parsers/yamlpos"
	"github.com/stridelint/stridelint/rules"
)

// A Host is one Docker daemon's configuration as the scanned files show
// it: daemon.json, the dockerd command line of its systemd unit (with
// drop-ins and the variables of its environment files), docker.socket. In
// --host-root mode every host file belongs to the one host; in a repository
// the pieces are joined when their paths say they belong together.
type Host struct {
	// HostRoot is true for the host read with --host-root.
	HostRoot bool
	JSON     *pdaemon.File
	JSONSrc  *parsers.Source
	// Units are the service unit and its drop-ins, in the order systemd
	// reads them.
	Units []unitFile
	// Socket is the socket unit that activates the daemon, if any.
	Socket *unitFile
	// Exec is the dockerd program word (nil when no dockerd command line
	// is known).
	Exec *arg
	// Args are dockerd's arguments after variable expansion, each where it
	// is written (in the unit, or in the environment file a variable comes
	// from).
	Args  []arg
	Flags *pdaemon.Flags
	// FlagErrors are problems with the command line (a flag without its
	// value).
	FlagErrors []located
	// EnvFiles are the environment files of the host: those the unit reads
	// and, on a host, /etc/environment and /etc/profile.d.
	EnvFiles []*envSource
	// Config is the effective configuration: daemon.json with the flags'
	// settings over it.
	Config pdaemon.Config
	// Sources are every file of the host, for ownership and mode checks.
	Sources []*parsers.Source
}

type unitFile struct {
	Src  *parsers.Source
	Unit *systemd.Unit
}

type envSource struct {
	Src  *parsers.Source
	File *envfile.File
}

// arg is a word of the dockerd command line with the file it is written in.
type arg struct {
	parsers.Token
	Path string
}

// located is a message at a place.
type located struct {
	Path    string
	Range   parsers.Range
	Message string
}

// where is a place a setting is written.
type where struct {
	Path  string
	Range parsers.Range
	// Flag is true for a dockerd flag, false for a daemon.json key.
	Flag bool
	// Text is the flag or key as written, for messages.
	Text string
}

// hostsOf returns the hosts of a scan, computed once and shared by the
// daemon rules.
func hostsOf(p *rules.ProjectPass) []*Host {
	return p.Memo("daemon.hosts", func() any { return buildHosts(p.Files) }).([]*Host)
}

// defaultConfigFile is where dockerd reads daemon.json unless
// --config-file says otherwise.
const defaultConfigFile = "/etc/docker/daemon.json"

// buildHosts groups the scanned files into hosts.
func buildHosts(files []rules.File) []*Host {
	var hostFiles, repoFiles []rules.File
	for _, f := range files {
		if f.Doc == nil {
			continue
		}
		if f.Source.HostPath != "" {
			hostFiles = append(hostFiles, f)
		} else {
			repoFiles = append(repoFiles, f)
		}
	}
	var hosts []*Host
	if len(hostFiles) > 0 {
		if h := buildRootHost(hostFiles); h != nil {
			hosts = append(hosts, h)
		}
	}
	hosts = append(hosts, buildRepoHosts(repoFiles)...)
	for _, h := range hosts {
		h.finish()
	}
	return hosts
}

// unitDirs are systemd's unit directories, highest precedence first.
var unitDirs = []string{"/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"}

// buildRootHost makes the one host of a --host-root scan.
func buildRootHost(files []rules.File) *Host {
	h := &Host{HostRoot: true}
	units := map[string]rules.File{}              // unit name -> file, by precedence
	dropins := map[string]map[string]rules.File{} // unit name -> drop-in file name -> file
	envByPath := map[string]*envSource{}
	for _, f := range files {
		hp := f.Source.HostPath
		h.Sources = append(h.Sources, f.Source)
		switch doc := f.Doc.(type) {
		case *pdaemon.File:
			if hp == defaultConfigFile || h.JSON == nil {
				h.JSON, h.JSONSrc = doc, f.Source
			}
		case *systemd.Unit:
			dir, name := path.Split(hp)
			dir = strings.TrimSuffix(dir, "/")
			if strings.HasSuffix(dir, ".d") {
				unit := path.Base(dir)
				unit = strings.TrimSuffix(unit, ".d")
				if dropins[unit] == nil {
					dropins[unit] = map[string]rules.File{}
				}
				if old, ok := dropins[unit][name]; !ok || dirRank(path.Dir(dir)) < dirRank(path.Dir(old.Source.HostPath[:len(old.Source.HostPath)-len(name)-1])) {
					dropins[unit][name] = f
				}
				continue
			}
			if old, ok := units[name]; !ok || dirRank(dir) < dirRank(path.Dir(old.Source.HostPath)) {
				units[name] = f
			}
		case *envfile.File:
			e := &envSource{Src: f.Source, File: doc}
			envByPath[hp] = e
			if hp == "/etc/environment" || hp == "/etc/profile" || strings.HasPrefix(hp, "/etc/profile.d/") || hp == "/etc/bash.bashrc" || hp == "/etc/selinux/config" {
				h.EnvFiles = append(h.EnvFiles, e)
			}
		}
	}
	service := "docker.service"
	if _, ok := units[service]; !ok {
		// Another unit running dockerd (a renamed or custom service).
		for _, name := range sortedKeys(units) {
			if u := units[name]; strings.HasSuffix(name, ".service") && runsDockerd(stack(u, dropins[name])) {
				service = name
				break
			}
		}
	}
	if base, ok := units[service]; ok || len(dropins[service]) > 0 {
		h.Units = stack(base, dropins[service])
	}
	sock := strings.TrimSuffix(service, ".service") + ".socket"
	if s, ok := units[sock]; ok {
		h.Socket = &unitFile{Src: s.Source, Unit: s.Doc.(*systemd.Unit)}
	}
	h.commandLine(func(p string) *envSource { return envByPath[p] }, envByPath)
	if h.JSON == nil && h.Exec == nil && len(h.Args) == 0 {
		// Nothing says how a Docker daemon is configured on this host; the
		// host files (env, certificates) are still judged by their own
		// rules. A host without dockerd is not a Docker host.
		if !slices.ContainsFunc(h.Sources, func(s *parsers.Source) bool { return s.Kind == parsers.KindHostFile || s.Kind == parsers.KindEnv }) {
			return nil
		}
	}
	return h
}

func dirRank(dir string) int {
	if i := slices.Index(unitDirs, dir); i >= 0 {
		return i
	}
	return len(unitDirs)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// stack is a unit followed by its drop-ins in file-name order (base may be
// the zero File when only drop-ins exist).
func stack(base rules.File, dropins map[string]rules.File) []unitFile {
	var out []unitFile
	if u, ok := base.Doc.(*systemd.Unit); ok {
		out = append(out, unitFile{Src: base.Source, Unit: u})
	}
	for _, name := range sortedKeys(dropins) {
		if !strings.HasSuffix(name, ".conf") {
			continue
		}
		f := dropins[name]
		out = append(out, unitFile{Src: f.Source, Unit: f.Doc.(*systemd.Unit)})
	}
	return out
}

// execStart is the ExecStart= in effect over a unit and its drop-ins (an
// empty assignment resets the list; the last command is dockerd's).
func execStart(units []unitFile) (unitFile, *systemd.Entry) {
	var last *systemd.Entry
	var in unitFile
	for _, u := range units {
		for _, e := range u.Unit.Entries("Service", "ExecStart") {
			if strings.TrimSpace(e.Value) == "" {
				last = nil
				continue
			}
			last, in = e, u
		}
	}
	return in, last
}

// dockerdArgs finds dockerd in a command line: "dockerd …", "docker daemon
// …", "docker -d …". ok is false when the program is something else.
func dockerdArgs(argv []parsers.Token) (prog parsers.Token, args []parsers.Token, ok bool) {
	if len(argv) == 0 {
		return prog, nil, false
	}
	prog = argv[0]
	switch path.Base(prog.Text) {
	case "dockerd", "dockerd-rootless.sh", "dockerd-rootless":
		return prog, argv[1:], true
	case "docker":
		for i, a := range argv[1:] {
			if a.Text == "daemon" || a.Text == "-d" || a.Text == "--daemon" {
				return prog, argv[i+2:], true
			}
		}
	}
	return prog, nil, false
}

func runsDockerd(units []unitFile) bool {
	_, e := execStart(units)
	if e == nil {
		return false
	}
	c, err := e.Command()
	if err != nil {
		return false
	}
	_, _, ok := dockerdArgs(c.Argv)
	return ok
}

// commandLine reads dockerd's arguments from the unit (expanding the
// variables its Environment= and EnvironmentFile= set) or, without a unit,
// from DOCKER_OPTS / OPTIONS of /etc/default/docker or /etc/sysconfig/docker
// (read by the SysV and Upstart scripts).
func (h *Host) commandLine(envFile func(hostPath string) *envSource, all map[string]*envSource) {
	in, entry := execStart(h.Units)
	if entry != nil {
		c, err := entry.Command()
		if err != nil {
			h.FlagErrors = append(h.FlagErrors, located{Path: in.Src.Path, Range: entry.Range(), Message: "ExecStart: " + err.Error()})
		}
		prog, args, ok := dockerdArgs(c.Argv)
		if !ok {
			return
		}
		h.Exec = &arg{Token: prog, Path: in.Src.Path}
		vars := map[string]varSource{}
		for _, u := range h.Units {
			for _, a := range u.Unit.Environment() {
				vars[a.Name] = varSource{value: a.Value, path: u.Src.Path, fields: unitFields(a)}
			}
		}
		for _, u := range h.Units {
			for _, ef := range u.Unit.EnvironmentFiles() {
				e := envFile(ef.Path)
				if e == nil {
					continue
				}
				if !slices.Contains(h.EnvFiles, e) {
					h.EnvFiles = append(h.EnvFiles, e)
					h.Sources = appendSource(h.Sources, e.Src)
				}
				for _, a := range e.File.Assignments {
					if !a.Prefix {
						vars[a.Name] = varSource{value: a.Value, path: e.Src.Path, fields: a.Fields}
					}
				}
			}
		}
		h.Args = expandArgs(args, in.Src.Path, vars)
		return
	}
	if len(h.Units) > 0 {
		return
	}
	for _, p := range []string{"/etc/default/docker", "/etc/sysconfig/docker"} {
		e := all[p]
		if e == nil {
			continue
		}
		if a, ok := optsOf(e.File); ok {
			h.EnvFiles = appendEnv(h.EnvFiles, e)
			h.Exec = &arg{Token: parsers.Token{Text: a.Name, Line: a.Line, Col: a.Col}, Path: e.Src.Path}
			for _, t := range a.Fields {
				h.Args = append(h.Args, arg{Token: t, Path: e.Src.Path})
			}
			return
		}
	}
}

// optsOf is the dockerd options variable of an environment file.
func optsOf(f *envfile.File) (envfile.Assignment, bool) {
	for _, name := range []string{"DOCKER_OPTS", "OPTIONS"} {
		if a, ok := f.Lookup(name); ok {
			return a, true
		}
	}
	return envfile.Assignment{}, false
}

func appendEnv(l []*envSource, e *envSource) []*envSource {
	if slices.Contains(l, e) {
		return l
	}
	return append(l, e)
}

func appendSource(l []*parsers.Source, s *parsers.Source) []*parsers.Source {
	if slices.Contains(l, s) {
		return l
	}
	return append(l, s)
}

// varSource is a variable's value and the fields of it, where written.
type varSource struct {
	value  string
	path   string
	fields []parsers.Token
}

// unitFields places the whitespace-separated fields of an Environment=
// value: on the assignment's line, after "NAME=" (and an opening quote).
func unitFields(a systemd.Assignment) []parsers.Token {
	col := a.Token.Col + len([]rune(a.Name)) + 1
	if strings.HasPrefix(a.Token.Text, `"`) || strings.HasPrefix(a.Token.Text, `'`) {
		col++
	}
	var out []parsers.Token
	off := 0
	for _, f := range strings.Fields(a.Value) {
		i := strings.Index(a.Value[off:], f) + off
		out = append(out, parsers.Token{Text: f, Line: a.Token.Line, Col: col + len([]rune(a.Value[:i]))})
		off = i + len(f)
	}
	return out
}

// expandArgs expands $VAR and ${VAR} in dockerd's arguments as systemd
// does; a word that comes from a variable points at where the variable's
// value is written.
func expandArgs(args []parsers.Token, unitPath string, vars map[string]varSource) []arg {
	lookup := func(name string) (string, bool) {
		v, ok := vars[name]
		return v.value, ok
	}
	var out []arg
	used := map[string]int{}
	for _, t := range systemd.Expand(args, lookup) {
		a := arg{Token: t.Token, Path: unitPath}
		if v, ok := vars[t.From]; ok && t.From != "" {
			k := used[t.From]
			if k < len(v.fields) && v.fields[k].Text == t.Text {
				a.Token, a.Path = v.fields[k], v.path
			}
			used[t.From]++
		}
		out = append(out, a)
	}
	return out
}

// buildRepoHosts groups the daemon files of a repository: a unit with its
// drop-ins (<dir>/<unit>.d/*.conf beside <dir>/<unit>), the daemon.json its
// --config-file (or /etc/docker/daemon.json) names by path suffix or that
// sits in the same directory, the socket beside the unit. When the
// repository holds exactly one dockerd unit and one daemon.json they are
// one host.
func buildRepoHosts(files []rules.File) []*Host {
	var jsons []rules.File
	type unitKey struct{ dir, name string }
	bases := map[unitKey]rules.File{}
	dropins := map[unitKey]map[string]rules.File{}
	sockets := map[unitKey]rules.File{}
	var envs []*envSource
	for _, f := range files {
		switch doc := f.Doc.(type) {
		case *pdaemon.File:
			jsons = append(jsons, f)
		case *systemd.Unit:
			dir, name := path.Split(f.Source.Path)
			dir = strings.TrimSuffix(dir, "/")
			if strings.HasSuffix(dir, ".d") {
				k := unitKey{path.Dir(dir), strings.TrimSuffix(path.Base(dir), ".d")}
				if dropins[k] == nil {
					dropins[k] = map[string]rules.File{}
				}
				dropins[k][name] = f
				continue
			}
			if strings.HasSuffix(name, ".socket") {
				sockets[unitKey{dir, strings.TrimSuffix(name, ".socket")}] = f
				continue
			}
			bases[unitKey{dir, name}] = f
		case *envfile.File:
			envs = append(envs, &envSource{Src: f.Source, File: doc})
		}
	}
	keys := map[unitKey]bool{}
	for k := range bases {
		keys[k] = true
	}
	for k := range dropins {
		keys[k] = true
	}
	var ordered []unitKey
	for k := range keys {
		ordered = append(ordered, k)
	}
	slices.SortFunc(ordered, func(a, b unitKey) int { return strings.Compare(a.dir+"/"+a.name, b.dir+"/"+b.name) })

	// Environment files a unit reads are found by the end of their path.
	envFor := func(hostPath string) *envSource {
		want := strings.TrimPrefix(hostPath, "/")
		var best *envSource
		for _, e := range envs {
			if e.Src.Path == want || strings.HasSuffix(e.Src.Path, "/"+want) || path.Base(e.Src.Path) == path.Base(want) && path.Base(path.Dir(e.Src.Path)) == path.Base(path.Dir(want)) {
				if best == nil {
					best = e
				}
			}
		}
		return best
	}
	var hosts []*Host
	usedJSON := map[*parsers.Source]bool{}
	usedEnv := map[*envSource]bool{}
	for _, k := range ordered {
		stackUnits := stack(bases[k], dropins[k])
		if !runsDockerd(stackUnits) {
			continue
		}
		h := &Host{Units: stackUnits}
		for _, u := range stackUnits {
			h.Sources = append(h.Sources, u.Src)
		}
		stem := strings.TrimSuffix(k.name, ".service")
		if s, ok := sockets[unitKey{k.dir, stem}]; ok {
			h.Socket = &unitFile{Src: s.Source, Unit: s.Doc.(*systemd.Unit)}
			h.Sources = append(h.Sources, s.Source)
		}
		h.commandLine(envFor, nil)
		for _, e := range h.EnvFiles {
			usedEnv[e] = true
		}
		hosts = append(hosts, h)
	}
	// SysV/Upstart style: DOCKER_OPTS in default/docker or sysconfig/docker.
	for _, e := range envs {
		if usedEnv[e] || !isDockerDefaults(e.Src.Path) {
			continue
		}
		if _, ok := optsOf(e.File); !ok {
			continue
		}
		h := &Host{Sources: []*parsers.Source{e.Src}}
		h.commandLine(nil, map[string]*envSource{"/etc/default/docker": e})
		hosts = append(hosts, h)
	}
	// Pair each dockerd command line with its daemon.json: the file in the
	// unit's directory (or beside its .d directory), or the file at the
	// --config-file path (default /etc/docker/daemon.json) of a tree that
	// also holds the unit (<root>/etc/docker/daemon.json and
	// <root>/etc/systemd/system/docker.service).
	for _, h := range hosts {
		cf := defaultConfigFile
		if flags, _ := pdaemon.ParseFlags(tokens(h.Args)); flags.ConfigFile != "" {
			cf = flags.ConfigFile
		}
		dir := path.Dir(h.Sources[0].Path)
		for _, j := range jsons {
			p := j.Source.Path
			if usedJSON[j.Source] {
				continue
			}
			sameDir := path.Dir(p) == dir || strings.HasSuffix(dir, ".d") && path.Dir(p) == path.Dir(dir)
			treeRoot, atConfigPath := strings.CutSuffix("/"+p, cf)
			inTree := atConfigPath && (treeRoot == "" || strings.HasPrefix("/"+h.Sources[0].Path, treeRoot+"/"))
			if sameDir || inTree {
				h.JSON, h.JSONSrc = j.Doc.(*pdaemon.File), j.Source
				usedJSON[j.Source] = true
				h.Sources = append(h.Sources, j.Source)
				break
			}
		}
	}
	for _, j := range jsons {
		if !usedJSON[j.Source] {
			hosts = append(hosts, &Host{JSON: j.Doc.(*pdaemon.File), JSONSrc: j.Source, Sources: []*parsers.Source{j.Source}})
		}
	}
	slices.SortStableFunc(hosts, func(a, b *Host) int { return strings.Compare(a.Sources[0].Path, b.Sources[0].Path) })
	return hosts
}

func isDockerDefaults(p string) bool {
	return strings.HasSuffix(p, "default/docker") || strings.HasSuffix(p, "sysconfig/docker")
}

func tokens(args []arg) []parsers.Token {
	out := make([]parsers.Token, len(args))
	for i, a := range args {
		out[i] = a.Token
	}
	return out
}

// finish parses the flags and computes the effective configuration.
func (h *Host) finish() {
	var diags []parsers.Diagnostic
	h.Flags, diags = pdaemon.ParseFlags(tokens(h.Args))
	for _, d := range diags {
		p := h.Exec.Path
		for _, a := range h.Args {
			if a.Line == d.Line && a.Col == d.Col {
				p = a.Path
			}
		}
		h.FlagErrors = append(h.FlagErrors, located{Path: p, Range: parsers.Range{StartLine: d.Line, StartCol: d.Col}, Message: d.Message})
	}
	if h.JSON != nil {
		h.Config = h.JSON.Config
	}
	// Flags win (dockerd refuses to start when both set a key: DD023).
	cv := reflect.ValueOf(&h.Config).Elem()
	fv := reflect.ValueOf(h.Flags.Config)
	t := cv.Type()
	for i := 0; i < t.NumField(); i++ {
		key, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if len(h.Flags.Set[key]) > 0 {
			cv.Field(i).Set(fv.Field(i))
		}
	}
}

// inJSON reports whether daemon.json sets key.
func (h *Host) inJSON(key string) bool {
	return h.JSON != nil && slices.Contains(h.JSON.Keys, key)
}

// Where is the place that sets key: the last flag that does, or the
// daemon.json key. ok is false when nothing sets it.
func (h *Host) Where(key string) (where, bool) {
	if idx := h.Flags.Set[key]; len(idx) > 0 {
		a := h.Args[idx[len(idx)-1]]
		return where{Path: a.Path, Range: a.Range(), Flag: true, Text: a.Text}, true
	}
	if h.inJSON(key) {
		r, _ := h.JSON.Range(yamlpos.P(key))
		return where{Path: h.JSONSrc.Path, Range: r, Text: fmt.Sprintf("%q in daemon.json", key)}, true
	}
	return where{}, false
}

// Items are the places of the items of a list setting, in order.
func (h *Host) Items(key string) []where {
	var out []where
	if idx := h.Flags.Set[key]; len(idx) > 0 {
		for _, i := range idx {
			a := h.Args[i]
			out = append(out, where{Path: a.Path, Range: a.Range(), Flag: true, Text: a.Text})
		}
		return out
	}
	if h.inJSON(key) {
		n := reflect.ValueOf(h.JSON.Config).FieldByNameFunc(func(name string) bool {
			f, _ := reflect.TypeOf(h.JSON.Config).FieldByName(name)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			return tag == key
		})
		if n.IsValid() && n.Kind() == reflect.Slice {
			for i := 0; i < n.Len(); i++ {
				r, _ := h.JSON.Range(yamlpos.P(key, i))
				out = append(out, where{Path: h.JSONSrc.Path, Range: r, Text: fmt.Sprintf("%s[%d] in daemon.json", key, i)})
			}
		}
	}
	return out
}

// Anchor is where a missing setting is reported: daemon.json's opening
// brace, else the dockerd program in ExecStart= (or the DOCKER_OPTS line).
func (h *Host) Anchor() where {
	if h.JSON != nil {
		r := parsers.Range{StartLine: 1}
		if h.JSON.Doc != nil {
			r = h.JSON.Doc.NodeRange(h.JSON.Doc.Root)
		}
		return where{Path: h.JSONSrc.Path, Range: r, Text: "daemon.json"}
	}
	if h.Exec != nil {
		return where{Path: h.Exec.Path, Range: h.Exec.Range(), Flag: true, Text: "the dockerd command line"}
	}
	return where{Path: h.Sources[0].Path, Range: parsers.Range{StartLine: 1}}
}

// Judged reports whether the host has a daemon configuration to judge
// settings on (daemon.json or a dockerd command line).
func (h *Host) Judged() bool { return h.JSON != nil || h.Exec != nil }

// how says how to set a daemon.json key where the host configures dockerd.
func (h *Host) how(key, value, flag string) string {
	if h.JSON == nil && h.Exec != nil {
		return fmt.Sprintf("add %s to the dockerd command line (or %q: %s in daemon.json)", flag, key, value)
	}
	return fmt.Sprintf("set %q: %s in daemon.json", key, value)
}
