package compose

import (
	"image"
	"image/color"
	"image/draw"
	"sync"
	"testing"

	"github.com/reelkit/reel/styles"
)

// testPicture is a w x h 4:2:0 frame of a smooth colour gradient, seeded
// (smooth as photos are: 4:2:0 keeps one chroma sample per 2x2 pixels).
func testPicture(w, h int, seed uint8) *image.YCbCr {
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			rgba.SetRGBA(x, y, color.RGBA{uint8(x*200/w) + seed/3, uint8(y*200/h) + seed/2, 60 + seed, 255})
		}
	}
	m := image.NewYCbCr(rgba.Rect, image.YCbCrSubsampleRatio420)
	p := planesOf(m)
	rgbaToPlanes(&p, rgba)
	return m
}

// maxDiff is the largest difference between two frames' samples.
func maxDiff(a, b *image.YCbCr) int {
	d := 0
	for _, pair := range [][2][]uint8{{a.Y, b.Y}, {a.Cb, b.Cb}, {a.Cr, b.Cr}} {
		for i := range pair[0] {
			d = max(d, abs(int(pair[0][i])-int(pair[1][i])))
		}
	}
	return d
}

func cloneYCbCr(m *image.YCbCr) *image.YCbCr {
	c := *m
	c.Y, c.Cb, c.Cr = append([]uint8(nil), m.Y...), append([]uint8(nil), m.Cb...), append([]uint8(nil), m.Cr...)
	return &c
}

// TestRGBATransitionMatchesPlanes: a crossfade written in ten lines of
// image/draw gives the frames the built-in crossfade gives on the planes,
// within the rounding of two colour conversions; a transition that draws
// nothing leaves the outgoing picture; concurrent use is safe.
func TestRGBATransitionMatchesPlanes(t *testing.T) {
	t.Parallel()
	a, b := testPicture(64, 36, 0), testPicture(64, 36, 90)
	crossfade := RGBATransition(func(dst draw.Image, a, b image.Image, m float64) {
		mask := image.NewUniform(color.Alpha{A: uint8(255*m + 0.5)})
		draw.DrawMask(dst, dst.Bounds(), b, image.Point{}, mask, image.Point{}, draw.Over)
	})
	builtin := StyleTransition(nil, styles.Crossfade)
	for _, m := range []float64{0.1, 0.5, 0.9} {
		got, want := cloneYCbCr(a), cloneYCbCr(a)
		crossfade.Blend(got, got, b, m)
		builtin.Blend(want, want, b, m)
		if d := maxDiff(got, want); d > 4 {
			t.Errorf("m=%v: the image/draw crossfade differs from the planes' by %d levels", m, d)
		}
		if d := maxDiff(got, a); m >= 0.5 && d < 10 {
			t.Errorf("m=%v: the crossfade left the outgoing picture (%d levels off)", m, d)
		}
	}
	still := RGBATransition(func(draw.Image, image.Image, image.Image, float64) {})
	got := cloneYCbCr(a)
	still.Blend(got, got, b, 0.5)
	if d := maxDiff(got, a); d > 3 {
		t.Errorf("a transition that draws nothing changed the picture by %d levels", d)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				dst := cloneYCbCr(a)
				crossfade.Blend(dst, dst, b, 0.5)
			}
		}()
	}
	wg.Wait()
}
