package compose

import (
	"bytes"
	"math"
	"testing"
)

// TestNaNTimesAreZero: a NaN slide time or mix renders exactly as 0 does
// (never a NaN camera or alpha, which would reach the warp's unchecked
// loads as an implementation-defined integer).
func TestNaNTimesAreZero(t *testing.T) {
	t.Parallel()
	const w, h = 160, 90
	g := newGoldenProject(t)
	nan := math.NaN()
	frame := func(r *Renderer, s Scene) []byte {
		dst := newYCbCr(w, h)
		if err := r.Render(dst, s); err != nil {
			t.Fatal(err)
		}
		return append(append(append([]byte{}, dst.Y...), dst.Cb...), dst.Cr...)
	}
	for _, name := range []string{"vanilla", "retro", "bold"} {
		r := NewRenderer(styleWith(t, name, nil), w, h, Options{})
		tests := []struct {
			name     string
			got, ref Scene
		}{
			{"photo T", Scene{Current: Shot{Slide: g.photo, T: nan}}, Scene{Current: Shot{Slide: g.photo}}},
			{"text T", Scene{Current: Shot{Slide: g.textSlide, T: nan}}, Scene{Current: Shot{Slide: g.textSlide}}},
			{"mix", Scene{Current: Shot{Slide: g.photo, T: 4}, Next: &Shot{Slide: g.photo2, T: 0.2}, Mix: nan},
				Scene{Current: Shot{Slide: g.photo, T: 4}, Next: &Shot{Slide: g.photo2, T: 0.2}}},
			{"next T", Scene{Current: Shot{Slide: g.photo, T: 4}, Next: &Shot{Slide: g.photo2, T: nan}, Mix: 0.5},
				Scene{Current: Shot{Slide: g.photo, T: 4}, Next: &Shot{Slide: g.photo2}, Mix: 0.5}},
		}
		for _, tc := range tests {
			if !bytes.Equal(frame(r, tc.got), frame(r, tc.ref)) {
				t.Errorf("%s: %s NaN renders differently from 0", name, tc.name)
			}
		}
	}
}
