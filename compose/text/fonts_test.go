package text

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/reelkit/reel/compose/text/internal/bidi"
	"github.com/reelkit/reel/styles"
)

// sinhalaFont is a face reel does not embed (Debian fonts-noto-core).
const sinhalaFont = "/usr/share/fonts/truetype/noto/NotoSansSinhala-Regular.ttf"

func readFontOrSkip(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s not installed (apt-get install fonts-noto-core): %v", path, err)
	}
	return b
}

func fontSpec(s string, lib *FontLibrary) Spec {
	return Spec{Text: s, Style: styles.TextStyle{Font: styles.FontDejaVuSans, Size: 0.08, Colour: styles.Color{R: 255, G: 255, B: 255, A: 255}},
		Scale: 720, MaxWidth: 1200, MaxHeight: 400, Fonts: lib}
}

// TestRegisteredFonts: a character no embedded face has is a box and a
// warning; with a registered font (bytes or a directory) it is drawn from
// that font, without warning.
func TestRegisteredFonts(t *testing.T) {
	t.Parallel()
	data := readFontOrSkip(t, sinhalaFont)
	const s = "ශ්\u200dරී ලංකා"
	var warned []rune
	box, err := Render(fontSpec(s, nil), func(r rune) { warned = append(warned, r) })
	if err != nil {
		t.Fatal(err)
	}
	if len(warned) == 0 || len(box.Missing) == 0 {
		t.Fatalf("no warning without the font (missing %q)", box.Missing)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "si.ttf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	byData, err := NewFontLibrary(FontConfig{Data: [][]byte{data}})
	if err != nil {
		t.Fatal(err)
	}
	byDir, err := NewFontLibrary(FontConfig{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	for name, lib := range map[string]*FontLibrary{"data": byData, "dir": byDir} {
		warned = nil
		b, err := Render(fontSpec(s, lib), func(r rune) { warned = append(warned, r) })
		if err != nil {
			t.Fatal(err)
		}
		if len(warned) != 0 || len(b.Missing) != 0 {
			t.Errorf("%s: warned %q", name, warned)
		}
		if inkCount(b.Image) == inkCount(box.Image) {
			t.Errorf("%s: same ink as the boxes", name)
		}
	}
	if _, err := NewFontLibrary(FontConfig{Data: [][]byte{[]byte("not a font")}}); err == nil {
		t.Error("garbage font data accepted")
	}
	if _, err := NewFontLibrary(FontConfig{Dirs: []string{filepath.Join(dir, "nope")}}); err == nil {
		t.Error("missing font directory accepted")
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.otf"), []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewFontLibrary(FontConfig{Dirs: []string{dir}}); err == nil || !strings.Contains(err.Error(), "bad.otf") {
		t.Errorf("bad font file: err %v, want one naming bad.otf", err)
	}
}

// systemLib is one library over the machine's fonts for the tests, its
// index in a temporary cache directory (fontscan builds one index per
// process, so the first directory given is used throughout).
var systemLib = sync.OnceValues(func() (*FontLibrary, string) {
	dir, err := os.MkdirTemp("", "reel-fontcache-")
	if err != nil {
		panic(err)
	}
	l, err := NewFontLibrary(FontConfig{System: true, CacheDir: dir})
	if err != nil {
		panic(err)
	}
	return l, dir
})

// needSystemFont skips unless the machine has a font for s.
func needSystemFont(t *testing.T, s, pkg string) *FontLibrary {
	t.Helper()
	lib, _ := systemLib()
	if lib.systemFont([]rune(s), styles.Aspect{Weight: 400}, 0) == nil {
		t.Skipf("no system font has %q (apt-get install %s)", s, pkg)
	}
	return lib
}

// TestSystemCJK: Chinese and Japanese come from the machine's fonts, and
// lines break between ideographs (UAX #14) when there are no spaces.
func TestSystemCJK(t *testing.T) {
	t.Parallel()
	lib := needSystemFont(t, "你", "fonts-noto-cjk")
	for _, s := range []string{"你好，世界", "こんにちは世界", "안녕하세요"} {
		var warned []rune
		b, err := Render(fontSpec(s, lib), func(r rune) { warned = append(warned, r) })
		if err != nil {
			t.Fatal(err)
		}
		if len(warned) != 0 || inkCount(b.Image) == 0 {
			t.Errorf("%s: warned %q, ink %d", s, warned, inkCount(b.Image))
		}
	}
	long := strings.Repeat("日本語の文章は空白なしで続きます。", 6)
	sp := fontSpec(long, lib)
	sp.MaxWidth = 500
	g, err := Layout(sp, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Lines) < 2 {
		t.Fatalf("%d lines for a long unspaced CJK text", len(g.Lines))
	}
	if _, dir := systemLib(); dir != "" {
		if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) == 0 {
			t.Error("no font index written to the cache directory")
		}
	}
}

// TestColourEmoji: ZWJ sequences and skin tones are single glyphs, drawn
// in colour from the machine's emoji font.
func TestColourEmoji(t *testing.T) {
	t.Parallel()
	lib := needSystemFont(t, "😀", "fonts-noto-color-emoji")
	for _, s := range []string{"👩‍💻", "👍🏽", "🏳️‍🌈", "😀"} {
		ss, err := newSession(fontSpec(s, lib), nil, bidi.Auto)
		if err != nil {
			t.Fatal(err)
		}
		cs := ss.paras[0].clusters
		if len(cs) != 1 || len(cs[0].glyphs) != 1 || cs[0].glyphs[0].face < 0 || cs[0].glyphs[0].id == 0 {
			t.Errorf("%q: %d clusters %+v, want one glyph", s, len(cs), cs)
		}
	}
	// Emoji presentation (U+FE0F) of characters text faces have too,
	// after words: the emoji font still draws them.
	for _, s := range []string{"I ❤️ you", "hi ☺️", "מזל טוב ✈️"} {
		ss, err := newSession(fontSpec(s, lib), nil, bidi.Auto)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range ss.paras[0].clusters {
			if isEmojiCluster(c.text) && (c.glyphs[0].face < 0 || !ss.fonts.emoji[c.glyphs[0].face]) {
				t.Errorf("%q: %q not drawn with the emoji font", s, string(c.text))
			}
		}
	}
	b, err := Render(fontSpec("Party 🎉👍🏽", lib), nil)
	if err != nil {
		t.Fatal(err)
	}
	coloured := 0
	for i := 0; i+3 < len(b.Image.Pix); i += 4 {
		p := b.Image.Pix[i : i+4]
		if p[3] == 255 && (max(p[0], p[1], p[2])-min(p[0], p[1], p[2])) > 60 {
			coloured++
		}
	}
	if coloured < 100 {
		t.Errorf("%d coloured pixels: emoji not drawn in colour", coloured)
	}
}

// TestBlockCache: with a library, drawing the same Spec again returns the
// same block (missing characters still reported); another Spec does not.
func TestBlockCache(t *testing.T) {
	t.Parallel()
	lib, err := NewFontLibrary(FontConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var warned []rune
	warn := func(r rune) { warned = append(warned, r) }
	a, err := Render(fontSpec("cached \u0378", lib), warn)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(fontSpec("cached \u0378", lib), warn)
	if err != nil {
		t.Fatal(err)
	}
	if a != b || len(warned) != 2 {
		t.Errorf("second render: same block %v, warned %q (want twice U+0378)", a == b, warned)
	}
	c, err := Render(fontSpec("other", lib), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c == a {
		t.Error("another text returned the cached block")
	}
	d, err := Render(fontSpec("cached \u0378", nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d == a || inkCount(d.Image) != inkCount(a.Image) {
		t.Errorf("without a library: shared %v, ink %d vs %d", d == a, inkCount(d.Image), inkCount(a.Image))
	}
	for i := 0; i < 200; i++ { // eviction keeps the cache bounded
		if _, err := Render(fontSpec(strings.Repeat("x", i+1), lib), nil); err != nil {
			t.Fatal(err)
		}
	}
	if lib.blocks.bytes > blockCacheBytes {
		t.Errorf("cache holds %d bytes, bound %d", lib.blocks.bytes, blockCacheBytes)
	}
}

// TestLibraryConcurrent renders from several goroutines with one shared
// library (run with -race): machine-font lookups, the block cache and
// per-call faces must not race.
func TestLibraryConcurrent(t *testing.T) {
	t.Parallel()
	lib, _ := systemLib()
	texts := []string{"hello", "नमस्ते", "مرحبا", "你好 😀", "ශ්\u200dරී", "hello"}
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range texts {
				if _, err := Render(fontSpec(texts[(i+g)%len(texts)], lib), nil); err != nil {
					t.Error(err)
				}
			}
		}(g)
	}
	wg.Wait()
}
