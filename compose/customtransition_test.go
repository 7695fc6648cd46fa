package compose

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/reelkit/reel/styles"
)

// splitTransition shows the outgoing slide on the left half and the
// incoming one on the right half.
var splitTransition = TransitionFunc(func(dst, a, b *image.YCbCr, m float64) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	for y := range h {
		copy(dst.Y[y*dst.YStride:y*dst.YStride+w/2], a.Y[y*a.YStride:])
		copy(dst.Y[y*dst.YStride+w/2:y*dst.YStride+w], b.Y[y*b.YStride+w/2:])
	}
	for y := range (h + 1) / 2 {
		for _, p := range [][3][]uint8{{dst.Cb, a.Cb, b.Cb}, {dst.Cr, a.Cr, b.Cr}} {
			copy(p[0][y*dst.CStride:y*dst.CStride+w/4], p[1][y*a.CStride:])
			copy(p[0][y*dst.CStride+w/4:y*dst.CStride+w/2], p[2][y*b.CStride+w/4:])
		}
	}
})

// TestCustomTransition: with Options.Transition the Renderer hands the
// two shots, drawn as they would be alone, to the caller's Blend: the
// left half of the frame is the outgoing slide's, the right half the
// incoming one's, byte for byte.
func TestCustomTransition(t *testing.T) {
	t.Parallel()
	st, _ := styles.Builtin().Lookup("vanilla")
	a := &Slide{Kind: PhotoSlide, Photo: solidPhoto(color.RGBA{200, 30, 30, 255}), Duration: 4, Index: 1}
	b := &Slide{Kind: PhotoSlide, Photo: solidPhoto(color.RGBA{30, 30, 200, 255}), Duration: 4, Index: 2}
	sa, sb := Shot{Slide: a, T: 3.5}, Shot{Slide: b, T: 0.5}
	const w, h = 320, 180
	r := NewRenderer(st, w, h, Options{Transition: splitTransition})
	got := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	if err := r.Render(got, Scene{Current: sa, Next: &sb, Mix: 0.5}); err != nil {
		t.Fatal(err)
	}
	plain := NewRenderer(st, w, h, Options{})
	wa := image.NewYCbCr(got.Rect, image.YCbCrSubsampleRatio420)
	wb := image.NewYCbCr(got.Rect, image.YCbCrSubsampleRatio420)
	if err := plain.Render(wa, Scene{Current: sa}); err != nil {
		t.Fatal(err)
	}
	if err := plain.Render(wb, Scene{Current: sb}); err != nil {
		t.Fatal(err)
	}
	for y := range h {
		for x := range w {
			want := wa
			if x >= w/2 {
				want = wb
			}
			if g, e := got.Y[got.YOffset(x, y)], want.Y[want.YOffset(x, y)]; g != e {
				t.Fatalf("luma at (%d,%d) = %d, want %d", x, y, g, e)
			}
		}
	}
	// The default renderer's crossfade differs from the split.
	if err := plain.Render(wa, Scene{Current: sa, Next: &sb, Mix: 0.5}); err != nil {
		t.Fatal(err)
	}
	if wa.Y[wa.YOffset(10, 90)] == got.Y[got.YOffset(10, 90)] {
		t.Error("the custom transition was not used")
	}
}

// TestStyleTransitions: every built-in kind, as a Transition, starts from
// a and ends on b (uniform frames, so warps and pushes are exact), and a
// crossfade half-way is the average.
func TestStyleTransitions(t *testing.T) {
	t.Parallel()
	mk := func(v uint8) *image.YCbCr {
		m := image.NewYCbCr(image.Rect(0, 0, 64, 36), image.YCbCrSubsampleRatio420)
		for i := range m.Y {
			m.Y[i] = v
		}
		for i := range m.Cb {
			m.Cb[i], m.Cr[i] = 128, 128
		}
		return m
	}
	kinds := []styles.Transition{styles.Crossfade, styles.DipToColour, styles.Wipe, styles.PushLeft,
		styles.PushRight, styles.PushUp, styles.PushDown, styles.ZoomThrough}
	for _, k := range kinds {
		tr := StyleTransition(nil, k)
		for _, c := range []struct {
			m    float64
			want uint8
		}{{0.0001, 50}, {0.9999, 200}} {
			a, b := mk(50), mk(200)
			tr.Blend(a, a, b, c.m) // in place, as the Renderer calls it
			for i, v := range a.Y {
				if math.Abs(float64(v)-float64(c.want)) > 2 {
					t.Fatalf("%s at m=%v: luma[%d] = %d, want %d", k, c.m, i, v, c.want)
				}
			}
		}
	}
	a, b, d := mk(50), mk(200), mk(0)
	StyleTransition(nil, styles.Crossfade).Blend(d, a, b, 0.5)
	if d.Y[0] != 125 || a.Y[0] != 50 {
		t.Errorf("crossfade into a separate dst: %d (a now %d), want 125 (a untouched)", d.Y[0], a.Y[0])
	}
}
