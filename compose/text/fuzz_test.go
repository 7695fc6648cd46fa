package text

import (
	"testing"
)

// FuzzRender drives the layout entry point with arbitrary text and boxes:
// it must never panic and never return a sprite larger than its box.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"", "hello world", "Ωμέγα Привет", "a\nb\nc\nd\ne", "\uE000\U0010FFFF\xff\xfe", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "e\u0301\u0301\u0301\u0301\u0301\u0301"} {
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
