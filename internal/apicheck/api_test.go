package apicheck

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite api.txt at the module root from the source")

// apiFile is the checked-in API listing, at the module root.
var apiFile = filepath.Join("..", "..", "api.txt")

// TestAPI fails when the public API of the library packages differs from
// api.txt: regenerate it with -update and let the diff show the change in
// review.
func TestAPI(t *testing.T) {
	lines, err := API(filepath.Join("..", ".."), Packages)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.WriteFile(apiFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(apiFile)
	if err != nil {
		t.Fatalf("%v (write it with: go test ./internal/apicheck -run TestAPI -update)", err)
	}
	want := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	var added, removed []string
	for _, l := range lines {
		if !slices.Contains(want, l) {
			added = append(added, "+ "+l)
		}
	}
	for _, l := range want {
		if !slices.Contains(lines, l) {
			removed = append(removed, "- "+l)
		}
	}
	if len(added) > 0 || len(removed) > 0 || string(b) != got {
		t.Errorf("the public API differs from api.txt (review the change, then run: go test ./internal/apicheck -run TestAPI -update):\n%s",
			strings.Join(append(removed, added...), "\n"))
	}
}

// TestAPIListsEveryExportedFeature checks the listing of a sample
// package: exported names only, parameter names dropped, iota carried
// through a const group, struct fields, interfaces, aliases, generics.
func TestAPIListsEveryExportedFeature(t *testing.T) {
	got, err := API("testdata", []string{"sample"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`pkg sample, const High Level = iota (iota 2)`,
		`pkg sample, const KindA Kind = "a"`,
		`pkg sample, const Low Level = iota (iota 0)`,
		`pkg sample, const Mid Level = iota (iota 1)`,
		`pkg sample, func New[T any](T, ...string) *Thing`,
		`pkg sample, method (*Thing) Get(string, int) (string, error)`,
		`pkg sample, method (*Thing) Undocumented()`,
		`pkg sample, type Alias = Thing`,
		`pkg sample, type Doer interface`,
		`pkg sample, type Doer interface, Do(int, int) error`,
		`pkg sample, type Kind string`,
		`pkg sample, type Level int`,
		`pkg sample, type Thing struct`,
		`pkg sample, type Thing struct, End int64`,
		`pkg sample, type Thing struct, Name string`,
		`pkg sample, type Thing struct, Start int64`,
		`pkg sample, type Thing struct, embedded io.Reader`,
		`pkg sample, var ErrX = io.EOF`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestEveryExportedNameIsDocumented fails for an exported function,
// method, type, constant or variable of the library without a doc
// comment.
func TestEveryExportedNameIsDocumented(t *testing.T) {
	missing, err := Undocumented(filepath.Join("..", ".."), Packages)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range missing {
		t.Errorf("%s has no doc comment", m)
	}
	sample, err := Undocumented("testdata", []string{"sample"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"sample.Thing.Undocumented"}; !slices.Equal(sample, want) {
		t.Errorf("sample: undocumented %q, want %q", sample, want)
	}
}
