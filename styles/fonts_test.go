package styles

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/go-text/typesetting/font"
)

// TestFallbackChainsCoverScripts: for every face, each character of Latin
// Extended, Greek, Cyrillic, Devanagari, Arabic and Hebrew samples is in
// some font of its chain.
func TestFallbackChainsCoverScripts(t *testing.T) {
	t.Parallel()
	const sample = "AZaz09ĄąŁłŻżĞğŐőÆØßÐÞŦ…—€" + "ΑΩαωάέήίόύώΪϋ" + "АЯаяЁёЄєІіЇїЎўЖж" +
		"नमस्तेक्षत्रज्ञर्कि" + "مرحبا بالعالم لا" + "שלום עולם"
	faces := map[string]*font.Face{}
	for _, name := range FontNames() {
		b, err := FontData(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := font.ParseTTF(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		faces[name] = f
	}
	for _, name := range FontNames() {
		chain, ok := FallbackChain(name)
		if !ok || len(chain) < 2 || chain[0] != name {
			t.Fatalf("%s: chain %v, ok %v", name, chain, ok)
		}
		for _, r := range sample {
			if r == ' ' {
				continue
			}
			found := false
			for _, n := range chain {
				if _, has := faces[n].NominalGlyph(r); has {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: no font in the chain has %q", name, r)
			}
		}
	}
	if c, ok := FallbackChain("nope"); ok || c[0] != FontDejaVuSans {
		t.Errorf("unknown face: chain %v ok %v", c, ok)
	}
	if _, has := faces[FontDejaVuSans].NominalGlyph('\uE000'); has {
		t.Error("DejaVu claims a private-use rune")
	}
	if _, err := FontData("nope"); err == nil {
		t.Error("FontData of an unknown face succeeded")
	}
}

// TestEmbeddedFontsBudget keeps the embedded font files modest and checks
// each has its licence beside it.
func TestEmbeddedFontsBudget(t *testing.T) {
	t.Parallel()
	total := 0
	err := fs.WalkDir(fontFiles, "fonts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fontFiles.ReadFile(p)
		total += len(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 6<<20 {
		t.Errorf("embedded fonts %d bytes, budget 6 MiB", total)
	}
	t.Logf("embedded fonts: %d bytes", total)
}
