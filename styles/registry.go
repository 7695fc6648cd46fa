package styles

import (
	"embed"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
)

//go:embed builtin/*.json
var builtinFiles embed.FS

// DefaultName is the machine name of the default style.
const DefaultName = "vanilla"

// Registry is a set of validated styles keyed by machine name. It is
// immutable after construction and safe for concurrent use; callers must
// not modify the *Style values it hands out (use Clone to get a copy).
type Registry struct {
	byName map[string]*Style
	list   []*Style
	def    *Style
}

// NewRegistry validates the styles and indexes them. The default style is
// the one called DefaultName, or else the first.
func NewRegistry(styles ...*Style) (*Registry, error) {
	if len(styles) == 0 {
		return nil, fmt.Errorf("styles: empty registry")
	}
	r := &Registry{byName: make(map[string]*Style, len(styles))}
	for _, s := range styles {
		if err := s.Validate(); err != nil {
			return nil, err
		}
		if _, dup := r.byName[s.MachineName]; dup {
			return nil, fmt.Errorf("styles: duplicate style %q", s.MachineName)
		}
		r.byName[s.MachineName] = s
		r.list = append(r.list, s)
	}
	sort.SliceStable(r.list, func(i, j int) bool {
		if r.list[i].Order != r.list[j].Order {
			return r.list[i].Order < r.list[j].Order
		}
		return r.list[i].MachineName < r.list[j].MachineName
	})
	r.def = r.byName[DefaultName]
	if r.def == nil {
		r.def = r.list[0]
	}
	return r, nil
}

// LoadBuiltin parses and validates the embedded built-in styles.
func LoadBuiltin() (*Registry, error) {
	entries, err := builtinFiles.ReadDir("builtin")
	if err != nil {
		return nil, fmt.Errorf("styles: builtin: %w", err)
	}
	var all []*Style
	for _, e := range entries {
		b, err := builtinFiles.ReadFile(path.Join("builtin", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("styles: builtin %s: %w", e.Name(), err)
		}
		s, err := Parse(b)
		if err != nil {
			return nil, fmt.Errorf("styles: builtin %s: %w", e.Name(), err)
		}
		all = append(all, s)
	}
	return NewRegistry(all...)
}

// Builtin returns a fresh registry of the embedded built-in styles (vanilla
// is the default). It parses a few kilobytes of JSON: call it once and keep
// the result. It panics only if the embedded data is invalid, which the
// package's tests rule out.
func Builtin() *Registry {
	r, err := LoadBuiltin()
	if err != nil {
		panic(err)
	}
	return r
}

// Lookup finds a style by machine name.
func (r *Registry) Lookup(name string) (*Style, bool) {
	s, ok := r.byName[name]
	return s, ok
}

// List returns every style, ordered by Order then machine name. The slice
// is a copy; the styles are shared.
func (r *Registry) List() []*Style { return append([]*Style(nil), r.list...) }

// Default returns the default style (vanilla for Builtin).
func (r *Registry) Default() *Style { return r.def }

// LoadDir parses and validates every style file (*.json) of dir, in
// lexical order of file name: the format of the built-in styles
// (builtin/*.json). A file that does not parse is an error naming it.
func LoadDir(dir string) ([]*Style, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("styles: %s: %w", dir, err)
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("styles: %w", err)
	}
	sort.Strings(files)
	out := make([]*Style, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("styles: %w", err)
		}
		s, err := Parse(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// WithBuiltin returns a registry of the built-in styles and extra (a
// style whose machine name is a built-in one's is an error): what a
// program serving its own style files alongside reel's uses.
func WithBuiltin(extra ...*Style) (*Registry, error) {
	return NewRegistry(append(Builtin().List(), extra...)...)
}
