package engine

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRenderWarnsMissingGlyphs: characters no font has are reported in
// Result.Warnings, one line per script with their code points, and the
// render still succeeds.
func TestRenderWarnsMissingGlyphs(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	lib, err := NewFontLibrary(FontConfig{}) // embedded faces only: independent of the machine
	if err != nil {
		t.Fatal(err)
	}
	p := quickProject()
	p.Assets[0].Data.Caption = "Plain \u0378\u0379 and ක"
	p.Assets[1].Data.Title = "Again \u0378"
	res := render(t, p, Options{Output: ToFile(filepath.Join(t.TempDir(), "w.mp4")), Renditions: []Quality{Quality360}, Fonts: lib})
	if len(res.Warnings) != 2 {
		t.Fatalf("warnings %q, want two lines (symbols, Sinhala)", res.Warnings)
	}
	if w := res.Warnings[0]; !strings.Contains(w, "U+0378 U+0379") || !strings.Contains(w, "boxes") {
		t.Errorf("first warning %q", w)
	}
	if w := res.Warnings[1]; !strings.Contains(w, "Sinhala") || !strings.Contains(w, "U+0D9A") {
		t.Errorf("second warning %q", w)
	}
	clean := render(t, quickProject(), Options{Output: ToFile(filepath.Join(t.TempDir(), "c.mp4")), Renditions: []Quality{Quality360}, Fonts: lib})
	if len(clean.Warnings) != 0 {
		t.Errorf("warnings for plain text: %q", clean.Warnings)
	}
}
