package styles

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFamilyFacesAndTextAspect: a family name finds the embedded faces of
// that family however it is spelt, and a text style's aspect is its
// embedded face's, or its weight (400 when unset) and slant for a family.
func TestFamilyFacesAndTextAspect(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Lato", "lato", "LATO"} {
		if got := FamilyFaces(name); !slices.Equal(got, []string{FontLatoBlack, FontLatoLight}) {
			t.Errorf("FamilyFaces(%q) = %v", name, got)
		}
	}
	if got := FamilyFaces("DejaVu-Sans"); !slices.Equal(got, []string{FontDejaVuSans, FontDejaVuSansBold}) {
		t.Errorf("FamilyFaces(DejaVu-Sans) = %v", got)
	}
	if got := FamilyFaces("DejaVu Sans Mono"); got != nil {
		t.Errorf("FamilyFaces(DejaVu Sans Mono) = %v, want none embedded", got)
	}
	for _, tc := range []struct {
		ts   TextStyle
		want Aspect
	}{
		{TextStyle{Font: FontLatoBlack}, Aspect{Weight: 900}},
		{TextStyle{Font: "Brand Sans"}, Aspect{Weight: 400}},
		{TextStyle{Font: "Brand Sans", Weight: 700, Italic: true}, Aspect{Weight: 700, Italic: true}},
	} {
		if got := tc.ts.Aspect(); got != tc.want {
			t.Errorf("%+v: aspect %+v, want %+v", tc.ts, got, tc.want)
		}
	}
}

// TestLoadDir: every *.json of a directory is parsed and validated, in
// file-name order; a bad file is an error naming it; WithBuiltin adds the
// styles to the built-in ones and refuses a built-in machine name.
func TestLoadDir(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("builtin", "vanilla.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, n := range []string{"b", "a"} {
		body := strings.Replace(string(b), `"machine_name": "vanilla"`, `"machine_name": "brand-`+n+`"`, 1)
		if err := os.WriteFile(filepath.Join(dir, n+".json"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := LoadDir(dir)
	if err != nil || len(got) != 2 || got[0].MachineName != "brand-a" || got[1].MachineName != "brand-b" {
		t.Fatalf("LoadDir: %v, %v", got, err)
	}
	reg, err := WithBuiltin(got...)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := reg.Lookup("brand-b"); !ok || len(reg.List()) != len(Builtin().List())+2 {
		t.Errorf("registry lists %d styles", len(reg.List()))
	}
	if _, err := WithBuiltin(Builtin().Default().Clone()); err == nil {
		t.Error("WithBuiltin accepted a second vanilla")
	}
	if err := os.WriteFile(filepath.Join(dir, "c.json"), []byte(`{"machine_name": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDir(dir); err == nil || !strings.Contains(err.Error(), "c.json") {
		t.Errorf("bad file: %v", err)
	}
	if _, err := LoadDir(filepath.Join(dir, "none")); err == nil {
		t.Error("missing directory: no error")
	}
}
