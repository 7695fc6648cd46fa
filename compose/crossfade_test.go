package compose

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/reelkit/reel/styles"
)

// The fused crossfade into a photo slide (warped and blended straight into
// the frame, text band through scratch) must give exactly the frame of the
// plain way: both shots rendered whole, then mixed.
func TestCrossfadePhotoMatchesRenderThenMix(t *testing.T) {
	t.Parallel()
	const w, h = 320, 180
	cases := []struct {
		name string
		anim styles.Animation
	}{
		{"fade", styles.AnimFade},
		{"slide-up", styles.AnimSlideUp},
		{"typewriter", styles.AnimTypewriter},
		{"none", styles.AnimNone},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := styleWith(t, "vanilla", func(s *styles.Style) {
				s.Transitions.Kinds = []styles.Transition{styles.Crossfade}
				s.Caption.Animation = c.anim
			})
			r := NewRenderer(st, w, h, Options{})
			a := &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "03.jpg"), Caption: "Dunes at sunset", Duration: 5, Index: 0}
			b := &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "07.jpg"), Caption: "Ladybird on a leaf", Duration: 5, Index: 1}
			for _, mix := range []float64{0, 0.001, 0.2, 0.45, 0.5, 0.55, 0.7, 0.999, 1} {
				next := Shot{Slide: b, T: 0.3 + mix}
				sc := Scene{Current: Shot{Slide: a, T: 4 + mix}, Next: &next, Mix: mix}
				got := newYCbCr(w, h)
				if err := r.Render(got, sc); err != nil {
					t.Fatal(err)
				}
				want := renderThenMix(t, r, sc)
				for i, pl := range [][2][]uint8{{got.Y, want.y}, {got.Cb, want.cb}, {got.Cr, want.cr}} {
					if !bytes.Equal(pl[0], pl[1]) {
						t.Fatalf("mix %v: plane %d differs from render-then-mix (%s)", mix, i, firstDiff(pl[0], pl[1]))
					}
				}
			}
		})
	}
}

// renderThenMix is the reference crossfade: both shots whole, then mixed
// (what renderTransition does for the other kinds' frames).
func renderThenMix(t *testing.T, r *Renderer, s Scene) *planes {
	t.Helper()
	m := s.Mix
	opA, opB := max(0, 1-m/0.4), min(1, max(0, (m-0.5)*2))
	sc := &scratch{}
	pa, pb := newPlanes(r.w, r.h), newPlanes(r.w, r.h)
	if err := r.renderShot(pa, s.Current, sc, 0, r.h, opA); err != nil {
		t.Fatal(err)
	}
	if err := r.renderShot(pb, *s.Next, sc, 0, r.h, opB); err != nil {
		t.Fatal(err)
	}
	mixPlanes(pa, pb, int32(256*m+0.5))
	return pa
}

func firstDiff(a, b []uint8) string {
	for i := range a {
		if a[i] != b[i] {
			return fmt.Sprintf("byte %d: %d vs %d", i, a[i], b[i])
		}
	}
	return "lengths differ"
}
