package compose

import (
	"bytes"
	"image/color"
	"sync"
	"testing"

	"github.com/reelkit/reel/styles"
)

// TestMissingGlyphWarnsAndShows: a caption of characters no embedded font
// has reaches Options.Warn (once per character and slide, not per frame)
// and is still drawn: the frame differs from the same slide uncaptioned.
func TestMissingGlyphWarnsAndShows(t *testing.T) {
	t.Parallel()
	const w, h = 320, 180
	var mu sync.Mutex
	var warned []rune
	warn := func(r rune) { mu.Lock(); warned = append(warned, r); mu.Unlock() }
	st := plainStyle(t, styles.Crossfade)
	photo := solidPhoto(color.RGBA{60, 90, 120, 255})
	render := func(caption string, o Options) []byte {
		r := NewRenderer(st, w, h, o)
		s := &Slide{Kind: PhotoSlide, Photo: photo, Caption: caption, Duration: 5, Index: 1}
		dst := newYCbCr(w, h)
		for _, tt := range []float64{2, 2.5, 3} {
			if err := r.Render(dst, Scene{Current: Shot{Slide: s, T: tt}}); err != nil {
				t.Fatal(err)
			}
		}
		return append(append(append([]byte{}, dst.Y...), dst.Cb...), dst.Cr...)
	}
	plain := render("", Options{})
	boxed := render("\uE000\U000F0000", Options{Warn: warn})
	if len(warned) != 2 || warned[0] != '\uE000' || warned[1] != '\U000F0000' {
		t.Errorf("warned %q, want [U+E000 U+F0000] once each", warned)
	}
	if bytes.Equal(plain, boxed) {
		t.Error("a caption of missing glyphs left the frame untouched (want visible replacement boxes)")
	}
}
