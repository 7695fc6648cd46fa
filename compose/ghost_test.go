package compose

import (
	"image/color"
	"testing"

	"github.com/reelkit/reel/styles"
)

// TestWipeShowsNoDoubleImage: half way through Minimal's wipe from a red
// photo to a blue one, at most 1 % of a row's columns show a blend of the
// two (the soft edge), the rest one photo or the other.
func TestWipeShowsNoDoubleImage(t *testing.T) {
	t.Parallel()
	st := styleWith(t, "minimal", func(s *styles.Style) {
		s.Overlays = styles.Overlays{}
		s.Transitions.Kinds = []styles.Transition{styles.Wipe}
	})
	const w, h = 640, 360
	red, blue := color.RGBA{220, 30, 30, 255}, color.RGBA{30, 30, 220, 255}
	a := &Slide{Kind: PhotoSlide, Photo: solidPhotoSize(red, 640, 360), Duration: 4, Index: 1}
	b := &Slide{Kind: PhotoSlide, Photo: solidPhotoSize(blue, 640, 360), Duration: 4, Index: 2}
	ya, yb := int(toYUV(red.R, red.G, red.B).Y), int(toYUV(blue.R, blue.G, blue.B).Y)
	for _, mix := range []float64{0.3, 0.5, 0.7} {
		m := newYCbCr(w, h)
		if err := NewRenderer(st, w, h, Options{}).Render(m, Scene{Current: Shot{Slide: a, T: 3.5}, Next: &Shot{Slide: b, T: 0.4}, Mix: mix}); err != nil {
			t.Fatal(err)
		}
		blend := 0
		for x := 0; x < w; x++ {
			v := lumaAt(m, x, h/2)
			if absInt(v-ya) > 3 && absInt(v-yb) > 3 {
				blend++
			}
		}
		if blend > w/100 {
			t.Errorf("mix %.1f: %d of %d columns show both photos", mix, blend, w)
		}
	}
}

// TestCardAndPhotoDoNotGhost: through the crossfade between a text card
// and a photo (both ways) in Memories and Vanilla, no frame shows the
// card's text and the photo at once.
func TestCardAndPhotoDoNotGhost(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"memories", "vanilla"} {
		st := styleWith(t, name, func(s *styles.Style) {
			s.Overlays = styles.Overlays{Frame: s.Overlays.Frame}
			s.Transitions.Kinds = []styles.Transition{styles.Crossfade}
			s.Motion = styles.MotionSet{}
		})
		const w, h = 320, 180
		photo := &Slide{Kind: PhotoSlide, Photo: solidPhotoSize(color.RGBA{40, 120, 200, 255}, 320, 200), Duration: 4, Index: 1}
		card := &Slide{Kind: TextSlide, Title: "Day two", Text: "Into the hills", Duration: 4, Index: 2, Settled: true}
		blank := &Slide{Kind: TextSlide, Duration: 4, Index: 2, Settled: true}
		bg := toYUV(st.Palette.Background.R, st.Palette.Background.G, st.Palette.Background.B)
		td := st.Transitions.Duration
		for _, dir := range []string{"card to photo", "photo to card"} {
			r := NewRenderer(st, w, h, Options{})
			for mix := 0.05; mix < 1; mix += 0.05 {
				scene := func(c *Slide) Scene {
					if dir == "card to photo" {
						return Scene{Current: Shot{Slide: c, T: 4 - td*(1-mix)}, Next: &Shot{Slide: photo, T: td * mix}, Mix: mix}
					}
					return Scene{Current: Shot{Slide: photo, T: 4 - td*(1-mix)}, Next: &Shot{Slide: c, T: td * mix}, Mix: mix}
				}
				withText, without := newYCbCr(w, h), newYCbCr(w, h)
				if err := r.Render(withText, scene(card)); err != nil {
					t.Fatal(err)
				}
				if err := r.Render(without, scene(blank)); err != nil {
					t.Fatal(err)
				}
				text, photoShown := false, false
				for i := range withText.Y {
					text = text || absInt(int(withText.Y[i])-int(without.Y[i])) > 8
					photoShown = photoShown || absInt(int(without.Y[i])-int(bg.Y)) > 8
				}
				if text && photoShown {
					t.Errorf("%s %s at mix %.2f: the card's text and the photo on screen together", name, dir, mix)
				}
			}
		}
	}
}
