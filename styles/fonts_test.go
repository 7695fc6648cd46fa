package styles

import (
	"io/fs"
	"testing"

	"golang.org/x/image/font/sfnt"
)

// TestFallbackChainsCoverScripts: for every face, each rune of Latin
// Extended, Greek and Cyrillic samples is in some font of its chain.
func TestFallbackChainsCoverScripts(t *testing.T) {
	set, err := Fonts()
	if err != nil {
		t.Fatal(err)
	}
	const sample = "AZaz09ĄąŁłŻżĞğŐőÆØßÐÞŦ…—€" + "ΑΩαωάέήίόύώΪϋ" + "АЯаяЁёЄєІіЇїЎўЖж"
	var buf sfnt.Buffer
	for _, name := range FontNames() {
		chain, ok := set.Chain(name)
		if !ok || len(chain) < 2 {
			t.Fatalf("%s: chain %d fonts, ok %v", name, len(chain), ok)
		}
		for _, r := range sample {
			found := false
			for _, f := range chain {
				if HasRune(f, &buf, r) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: no font in the chain has %q", name, r)
			}
		}
	}
	if _, ok := set.Chain("nope"); ok {
		t.Error("unknown face reported ok")
	}
	if HasRune(mustFont(t, set, FontDejaVuSans), &buf, '\uE000') {
		t.Error("DejaVu claims a private-use rune")
	}
}

func mustFont(t *testing.T, set *FontSet, name string) *sfnt.Font {
	f, ok := set.Font(name)
	if !ok {
		t.Fatalf("font %s missing", name)
	}
	return f
}

// TestEmbeddedFontsBudget keeps the embedded font files modest and checks
// each has its licence beside it.
func TestEmbeddedFontsBudget(t *testing.T) {
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
