package styles

import (
	"embed"
	"fmt"
	"path"
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
