package dockerfile

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// vars maps variable names to values; a variable with an unknown value is
// reported as unset to buildkit's lexer, which then lists it as unmatched.
type vars map[string]Value

func (v vars) Get(name string) (string, bool) {
	val, ok := v[name]
	if !ok || !val.Known {
		return "", false
	}
	return val.Text, true
}

func (v vars) Keys() []string {
	keys := make([]string, 0, len(v))
	for k, val := range v {
		if val.Known {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func (v vars) clone() vars {
	c := make(vars, len(v))
	for k, val := range v {
		c[k] = val
	}
	return c
}

// scope is what a word can reference at one point of a stage: ENV wins over
// ARG of the same name, as in docker.
type scope struct {
	env, args vars
}

func (s scope) Get(name string) (string, bool) {
	if v, ok := s.env[name]; ok {
		if v.Known {
			return v.Text, true
		}
		return "", false
	}
	return s.args.Get(name)
}

func (s scope) Keys() []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []vars{s.env, s.args} {
		for _, k := range m.Keys() {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

func (s scope) lookup(name string) (Value, bool) {
	if v, ok := s.env[name]; ok {
		return v, true
	}
	v, ok := s.args[name]
	return v, ok
}

// expand resolves $VAR and ${VAR...} in word with buildkit's lexer. The
// result is unknown when a variable has no known value or the expansion
// fails; unknown references are kept as written in Text.
func expand(escape rune, word string, env shell.EnvGetter) Value {
	if !utf8.ValidString(word) {
		// buildkit's lexer (text/scanner) would print an error to stderr.
		return Value{Text: word}
	}
	lex := shell.NewLex(escape)
	lex.SkipUnsetEnv = true
	res, err := lex.ProcessWordWithMatches(word, env)
	if err != nil {
		return Value{Text: word}
	}
	return Value{Text: res.Result, Known: len(res.Unmatched) == 0}
}

// ResolveGlobal resolves word with the defaults of the meta ARGs (the ARGs
// before the first FROM), the way FROM is resolved.
func (f *File) ResolveGlobal(word string) Value {
	return expand(f.Escape, word, f.metaEnv)
}

func (f *File) addMetaArg(in *Instruction) {
	arg, ok := in.Command.(*instructions.ArgCommand)
	if !ok {
		return
	}
	for _, kv := range arg.Args {
		if kv.Value == nil {
			f.metaEnv[kv.Key] = Value{Text: "${" + kv.Key + "}"}
			continue
		}
		f.metaEnv[kv.Key] = expand(f.Escape, *kv.Value, f.metaEnv)
	}
}

// scopeBefore returns the variables visible just before stop (at the end of
// the stage when stop is nil or not in the stage).
func (s *Stage) scopeBefore(stop *Instruction) scope {
	sc := scope{env: vars{}, args: vars{}}
	if s.BaseStage != nil && s.BaseStage != s && s.BaseStage.Index < s.Index {
		sc.env = s.BaseStage.scopeBefore(nil).env.clone()
	}
	for _, in := range s.Instructions {
		if in == stop {
			break
		}
		switch c := in.Command.(type) {
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				sc.env[kv.Key] = expand(s.escape(), kv.Value, sc)
			}
		case *instructions.ArgCommand:
			for _, kv := range c.Args {
				switch {
				case kv.Value != nil:
					sc.args[kv.Key] = expand(s.escape(), *kv.Value, sc)
				default:
					v, ok := s.file.metaEnv[kv.Key]
					if !ok {
						v = Value{Text: "${" + kv.Key + "}"}
					}
					sc.args[kv.Key] = v
				}
			}
		}
	}
	return sc
}

func (s *Stage) escape() rune {
	if s.file == nil || s.file.Escape == 0 {
		return '\\'
	}
	return s.file.Escape
}

// Env returns the value of an ARG or ENV variable visible at the end of the
// stage: ENV and ARG with defaults in this stage, ENV inherited through the
// BaseStage chain, meta ARGs re-declared in the stage. A variable that is not
// declared (it may come from the base image) is unknown.
func (s *Stage) Env(name string) Value {
	if v, ok := s.scopeBefore(nil).lookup(name); ok {
		return v
	}
	return Value{Text: "${" + name + "}"}
}

// ResolveAt expands $VAR and ${VAR:-x} in word with the variables visible
// just before in (in the FROM instruction: the meta ARGs). When in is not in
// the stage, the variables at the end of the stage are used.
func (s *Stage) ResolveAt(in *Instruction, word string) Value {
	if in != nil && in == s.From && s.file != nil {
		return s.file.ResolveGlobal(word)
	}
	return expand(s.escape(), word, s.scopeBefore(in))
}

// DefaultShell is the shell docker uses for shell-form instructions on Linux.
var DefaultShell = []string{"/bin/sh", "-c"}

// WindowsShell is the shell docker uses on Windows images.
var WindowsShell = []string{"cmd", "/S", "/C"}

// Windows reports whether the stage builds on a Windows image, as far as the
// Dockerfile tells: a --platform=windows/..., or a Microsoft Windows base
// image (servercore, nanoserver), here or in the BaseStage chain.
func (s *Stage) Windows() bool {
	for cur, n := s, 0; cur != nil && n < 1000; cur, n = cur.BaseStage, n+1 {
		if strings.HasPrefix(strings.ToLower(cur.Platform), "windows") {
			return true
		}
		ref := strings.ToLower(cur.BaseName)
		if cur.Base.Known {
			ref = strings.ToLower(cur.Base.Text)
		}
		for _, w := range []string{"mcr.microsoft.com/windows", "servercore", "nanoserver", "microsoft/windows"} {
			if strings.Contains(ref, w) {
				return true
			}
		}
		if cur.BaseStage != nil && cur.BaseStage.Index >= cur.Index {
			break
		}
	}
	return false
}

// defaultShell is the shell of a stage without SHELL instruction.
func (s *Stage) defaultShell() []string {
	if s.Windows() {
		return WindowsShell
	}
	return DefaultShell
}

// ShellAt returns the SHELL in effect for in: the last SHELL before it in the
// stage, else the one in effect at the end of the base stage, else the
// default: ["/bin/sh", "-c"], or ["cmd", "/S", "/C"] on a Windows image (see
// Windows). The slice is a copy.
func (s *Stage) ShellAt(in *Instruction) []string {
	for cur, stop := s, in; cur != nil; cur, stop = cur.BaseStage, nil {
		var last []string
		for _, i := range cur.Instructions {
			if i == stop {
				break
			}
			if sh, ok := i.Command.(*instructions.ShellCommand); ok && len(sh.Shell) > 0 {
				last = sh.Shell
			}
		}
		if last != nil {
			return append([]string(nil), last...)
		}
		if cur.BaseStage != nil && cur.BaseStage.Index >= cur.Index {
			break
		}
	}
	return append([]string(nil), s.defaultShell()...)
}

// User is the USER a stage runs as: its last USER instruction, or that of
// the stage it is built FROM (and so on). in is nil when no stage of the
// chain sets one (the base image decides); owner is the stage in whose
// instructions it was found.
func (s *Stage) User() (v Value, in *Instruction, owner *Stage) {
	for cur, n := s, 0; cur != nil && n < 1000; cur, n = cur.BaseStage, n+1 {
		for i := len(cur.Instructions) - 1; i >= 0; i-- {
			x := cur.Instructions[i]
			if x.Keyword == "USER" && len(x.Args) > 0 {
				return cur.ResolveAt(x, x.Args[0]), x, cur
			}
		}
		if cur.BaseStage != nil && cur.BaseStage.Index >= cur.Index {
			break
		}
	}
	return Value{}, nil, nil
}

// RootStage is the first stage of the FROM chain: the one whose base is an
// image rather than an earlier stage.
func (s *Stage) RootStage() *Stage {
	cur := s
	for n := 0; cur.BaseStage != nil && cur.BaseStage.Index < cur.Index && n < 1000; n++ {
		cur = cur.BaseStage
	}
	return cur
}

// IsRootUser reports whether a USER value names the root user: root or
// UID 0, with or without a group; ContainerAdministrator on Windows.
func IsRootUser(user string) bool {
	u, _, _ := strings.Cut(strings.TrimSpace(user), ":")
	return u == "root" || (u != "" && strings.Trim(u, "0") == "") ||
		strings.EqualFold(u, "ContainerAdministrator")
}
