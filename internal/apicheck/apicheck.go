// Package apicheck lists the public API of reel's library packages, one
// line per exported feature, for the checked-in api.txt at the root of
// the module. TestAPI fails when the API differs from api.txt, so that
// every change to the public surface shows up in review as a diff of
// that file; `go test ./internal/apicheck -run TestAPI -update` rewrites
// it.
//
// The format follows the Go project's own api/*.txt files:
//
//	pkg engine, func Photo(string, string) Asset
//	pkg engine, method (*Plan) Duration() float64
//	pkg engine, type Asset struct, Kind AssetKind
//	pkg engine, const KindImage AssetKind = "image"
//
// Parameter names are left out (renaming one is no change); types are
// written as the source spells them. It reads the source with go/parser,
// as built for linux/amd64 with cgo, and needs no type checking.
package apicheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
)

// Packages are the library's packages, relative to the module root: the
// ones a program embedding reel imports.
var Packages = []string{"audio", "compose", "compose/clip", "compose/text", "encode", "engine", "styles"}

// API returns the sorted API lines of the packages at root/rel for each
// rel in pkgs, each line starting with "pkg <rel>, ".
func API(root string, pkgs []string) ([]string, error) {
	var out []string
	for _, rel := range pkgs {
		lines, err := packageAPI(filepath.Join(root, filepath.FromSlash(rel)), rel)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	return out, nil
}

// buildContext selects the files of the linux/amd64 cgo build.
func buildContext() build.Context {
	c := build.Default
	c.GOOS, c.GOARCH, c.CgoEnabled = "linux", "amd64", true
	c.BuildTags = nil
	return c
}

// packageAPI lists the API of the package in dir, named rel.
func packageAPI(dir, rel string) ([]string, error) {
	ctx := buildContext()
	bp, err := ctx.ImportDir(dir, 0)
	if err != nil {
		return nil, fmt.Errorf("apicheck: %s: %w", rel, err)
	}
	fset := token.NewFileSet()
	w := &walker{fset: fset, prefix: "pkg " + rel + ", "}
	files := append(slices.Clone(bp.GoFiles), bp.CgoFiles...)
	slices.Sort(files)
	for _, name := range files {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("apicheck: %w", err)
		}
		w.file(f)
	}
	slices.Sort(w.lines)
	return slices.Compact(w.lines), nil
}

// walker collects the API lines of one package.
type walker struct {
	fset   *token.FileSet
	prefix string
	lines  []string
}

func (w *walker) add(format string, args ...any) {
	w.lines = append(w.lines, w.prefix+fmt.Sprintf(format, args...))
}

// expr prints a node as the source spells it, on one line.
func (w *walker) expr(n ast.Node) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, w.fset, n); err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func (w *walker) file(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			w.funcDecl(d)
		case *ast.GenDecl:
			switch d.Tok {
			case token.TYPE:
				for _, s := range d.Specs {
					w.typeSpec(s.(*ast.TypeSpec))
				}
			case token.CONST, token.VAR:
				w.valueSpecs(d)
			}
		}
	}
}

func (w *walker) funcDecl(d *ast.FuncDecl) {
	if !d.Name.IsExported() {
		return
	}
	if d.Recv == nil {
		w.add("func %s%s%s", d.Name.Name, w.typeParams(d.Type.TypeParams), w.signature(d.Type))
		return
	}
	recv := d.Recv.List[0].Type
	if !exportedBase(recv) {
		return
	}
	w.add("method (%s) %s%s", w.expr(recv), d.Name.Name, w.signature(d.Type))
}

// exportedBase reports whether a receiver's base type is exported.
func exportedBase(e ast.Expr) bool { return ast.IsExported(baseName(e)) }

// signature prints a function type without parameter names.
func (w *walker) signature(t *ast.FuncType) string {
	s := "(" + w.fieldTypes(t.Params) + ")"
	if t.Results == nil || len(t.Results.List) == 0 {
		return s
	}
	res := w.fieldTypes(t.Results)
	if len(t.Results.List) == 1 && len(t.Results.List[0].Names) <= 1 {
		return s + " " + res
	}
	return s + " (" + res + ")"
}

// fieldTypes lists a field list's types, one per name.
func (w *walker) fieldTypes(fl *ast.FieldList) string {
	if fl == nil {
		return ""
	}
	var parts []string
	for _, f := range fl.List {
		t := w.expr(f.Type)
		for range max(1, len(f.Names)) {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, ", ")
}

func (w *walker) typeParams(fl *ast.FieldList) string {
	if fl == nil || len(fl.List) == 0 {
		return ""
	}
	var parts []string
	for _, f := range fl.List {
		var names []string
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
		parts = append(parts, strings.Join(names, ", ")+" "+w.expr(f.Type))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (w *walker) typeSpec(s *ast.TypeSpec) {
	if !s.Name.IsExported() {
		return
	}
	name := s.Name.Name + w.typeParams(s.TypeParams)
	if s.Assign.IsValid() {
		w.add("type %s = %s", name, w.expr(s.Type))
		return
	}
	switch t := s.Type.(type) {
	case *ast.StructType:
		w.add("type %s struct", name)
		for _, f := range t.Fields.List {
			if len(f.Names) == 0 {
				if exportedBase(f.Type) || isQualified(f.Type) {
					w.add("type %s struct, embedded %s", name, w.expr(f.Type))
				}
				continue
			}
			for _, n := range f.Names {
				if n.IsExported() {
					w.add("type %s struct, %s %s", name, n.Name, w.expr(f.Type))
				}
			}
		}
	case *ast.InterfaceType:
		w.add("type %s interface", name)
		for _, m := range t.Methods.List {
			if len(m.Names) == 0 {
				w.add("type %s interface, embedded %s", name, w.expr(m.Type))
				continue
			}
			for _, n := range m.Names {
				if !n.IsExported() {
					w.add("type %s interface, unexported methods", name)
					continue
				}
				w.add("type %s interface, %s%s", name, n.Name, w.signature(m.Type.(*ast.FuncType)))
			}
		}
	default:
		w.add("type %s %s", name, w.expr(s.Type))
	}
}

// isQualified reports whether e is an (optionally pointer to a) type of
// another package, whose embedding promotes its exported members.
func isQualified(e ast.Expr) bool {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	_, ok := e.(*ast.SelectorExpr)
	return ok
}

// valueSpecs lists the exported constants or variables of a declaration,
// carrying a const group's implicit type and value (iota) to the specs
// that repeat them.
func (w *walker) valueSpecs(d *ast.GenDecl) {
	kind := d.Tok.String()
	var typ ast.Expr
	var vals []ast.Expr
	for iota, s := range d.Specs {
		vs := s.(*ast.ValueSpec)
		implicit := d.Tok == token.CONST && vs.Type == nil && len(vs.Values) == 0
		if !implicit {
			typ, vals = vs.Type, vs.Values
		}
		for i, n := range vs.Names {
			if !n.IsExported() {
				continue
			}
			line := kind + " " + n.Name
			if typ != nil {
				line += " " + w.expr(typ)
			}
			if i < len(vals) {
				v := w.expr(vals[i])
				if implicit || strings.Contains(v, "iota") {
					v = fmt.Sprintf("%s (iota %d)", v, iota)
				}
				line += " = " + v
			}
			w.add("%s", line)
		}
	}
}

// Undocumented returns the exported top-level names of the packages at
// root/rel (functions, methods of exported types, types, and constants
// and variables outside a documented group) that have no doc comment, as
// "rel.Name" or "rel.Type.Method".
func Undocumented(root string, pkgs []string) ([]string, error) {
	var out []string
	ctx := buildContext()
	for _, rel := range pkgs {
		dir := filepath.Join(root, filepath.FromSlash(rel))
		bp, err := ctx.ImportDir(dir, 0)
		if err != nil {
			return nil, fmt.Errorf("apicheck: %s: %w", rel, err)
		}
		fset := token.NewFileSet()
		for _, name := range append(slices.Clone(bp.GoFiles), bp.CgoFiles...) {
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return nil, fmt.Errorf("apicheck: %w", err)
			}
			out = append(out, undocumented(rel, f)...)
		}
	}
	slices.Sort(out)
	return out, nil
}

func undocumented(rel string, f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() || d.Doc != nil {
				continue
			}
			if d.Recv == nil {
				out = append(out, rel+"."+d.Name.Name)
			} else if recv := d.Recv.List[0].Type; exportedBase(recv) {
				out = append(out, rel+"."+baseName(recv)+"."+d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() && s.Doc == nil && d.Doc == nil {
						out = append(out, rel+"."+s.Name.Name)
					}
				case *ast.ValueSpec:
					if s.Doc != nil || s.Comment != nil || d.Doc != nil {
						continue
					}
					for _, n := range s.Names {
						if n.IsExported() {
							out = append(out, rel+"."+n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

// baseName is a receiver's type name.
func baseName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return "?"
		}
	}
}
