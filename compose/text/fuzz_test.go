package text

import (
	"testing"
)

// FuzzRender drives the layout entry point with arbitrary text and boxes:
// it must never panic and never return a sprite larger than its box.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"", "hello world", "Ωμέγα Привет", "a\nb\nc\nd\ne", "\uE000\U0010FFFF\xff\xfe", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "e\u0301\u0301\u0301\u0301\u0301\u0301",
		"क्षत्रिय र्क कि", "لا إله بِسْمِ", "abc \u202eשלום\u202c def \u2067عالم\u2069", "👩\u200d💻👍🏽 \u200d\u200d", "漢字かな交じり文"} {
		f.Add(s, uint16(600), uint16(120), uint8(0))
	}
	st := builtin(f).List()
	f.Fuzz(func(t *testing.T, s string, w, h uint16, which uint8) {
		style := st[int(which)%len(st)]
		sp := Spec{Text: s, Style: style.Caption.Text, Scale: 360, MaxWidth: int(w%2000) + 1, MaxHeight: int(h%800) + 1}
		b, err := Render(sp, nil)
		if err != nil {
			t.Fatal(err)
		}
		if b.Width > sp.MaxWidth || b.Height > sp.MaxHeight {
			t.Fatalf("sprite %dx%d exceeds box %dx%d", b.Width, b.Height, sp.MaxWidth, sp.MaxHeight)
		}
	})
}

// FuzzLayoutUnicode lays out strings of code points drawn from the whole
// Unicode range, weighted towards the hard parts (combining marks,
// joiners, bidi controls, Arabic, Devanagari, Hebrew, emoji and their
// modifiers): never a panic, never a sprite outside its box.
func FuzzLayoutUnicode(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, uint16(300))
	f.Add([]byte("\x10\x20\x30\x40\x50\x60\x70\x80\x90\xa0\xb0"), uint16(40))
	pools := [][2]rune{{0x20, 0x7e}, {0x300, 0x36f}, {0x590, 0x5ff}, {0x600, 0x6ff}, {0x900, 0x97f},
		{0x200b, 0x200f}, {0x202a, 0x202e}, {0x2066, 0x2069}, {0x1f300, 0x1f64f}, {0x1f3fb, 0x1f3ff},
		{0xfe00, 0xfe0f}, {0x4e00, 0x4e80}, {0, 0x10ffff}}
	st := builtin(f).List()
	f.Fuzz(func(t *testing.T, b []byte, w uint16) {
		var rs []rune
		for i := 0; i+1 < len(b) && len(rs) < 400; i += 2 {
			p := pools[int(b[i])%len(pools)]
			rs = append(rs, p[0]+rune(b[i+1])*(p[1]-p[0]+1)/256)
		}
		style := st[len(b)%len(st)]
		sp := Spec{Text: string(rs), Style: style.Caption.Text, Scale: 360, MaxWidth: int(w%1500) + 1, MaxHeight: 200}
		g, err := Render(sp, nil)
		if err != nil {
			t.Fatal(err)
		}
		if g.Width > sp.MaxWidth || g.Height > sp.MaxHeight {
			t.Fatalf("sprite %dx%d exceeds box %dx%d", g.Width, g.Height, sp.MaxWidth, sp.MaxHeight)
		}
	})
}
