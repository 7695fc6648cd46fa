package text

import (
	"fmt"
	"image"
	"math/rand/v2"
	"testing"
)

// TestNoTextLeavesSafeArea renders random strings through every card
// helper of every built-in style at 360, 480 and 720 lines (16:9) and in
// portrait, square and 4:5 frames, and checks that
// every sprite, and so every drawn pixel, lies inside the title-safe area.
func TestNoTextLeavesSafeArea(t *testing.T) {
	t.Parallel()
	reg := builtin(t)
	rng := rand.New(rand.NewPCG(1, 2))
	const perStyleSize = 8
	for _, st := range reg.List() {
		for _, sz := range append(frameSizes[:len(frameSizes):len(frameSizes)], shapedSizes...) {
			safe := SafeArea(st, sz.X, sz.Y)
			frame := image.Rect(0, 0, sz.X, sz.Y)
			if !safe.In(frame) {
				t.Fatalf("%s %v: safe area %v not in frame", st.MachineName, sz, safe)
			}
			for i := 0; i < perStyleSize; i++ {
				a, b := randomText(rng), randomText(rng)
				name := fmt.Sprintf("%s/%dx%d/%q/%q", st.MachineName, sz.X, sz.Y, a, b)
				check := func(what string, p Placed) {
					t.Helper()
					if p.Block == nil || p.Image == nil {
						return
					}
					if r := p.Rect(); !r.In(safe) {
						t.Errorf("%s: %s sprite %v outside safe area %v", name, what, r, safe)
					}
					if ink := inkBounds(p.Image, p.At); !ink.Empty() && !ink.In(safe) {
						t.Errorf("%s: %s ink %v outside safe area %v", name, what, ink, safe)
					}
				}
				c, err := Caption(st, sz.X, sz.Y, a, nil)
				if err != nil {
					t.Fatalf("%s: caption: %v", name, err)
				}
				check("caption", c)
				tc, err := TitleCard(st, sz.X, sz.Y, b, nil)
				if err != nil {
					t.Fatalf("%s: title card: %v", name, err)
				}
				check("title card", tc)
				ti, tx, err := TextSlide(st, sz.X, sz.Y, a, b, nil)
				if err != nil {
					t.Fatalf("%s: text slide: %v", name, err)
				}
				check("text slide title", ti)
				check("text slide text", tx)
				if ti.Image != nil && tx.Image != nil && ti.Rect().Overlaps(tx.Rect()) {
					t.Errorf("%s: title %v overlaps text %v", name, ti.Rect(), tx.Rect())
				}
				cr, err := Credits(st, sz.X, sz.Y, [][2]string{{a, b}, {"Music", a}, {b, "Photos"}}, nil)
				if err != nil {
					t.Fatalf("%s: credits: %v", name, err)
				}
				for _, page := range cr.Pages {
					for _, p := range page {
						check("credits page", p)
					}
				}
				for _, p := range cr.Roll {
					if r := p.Rect(); r.Min.X < safe.Min.X || r.Max.X > safe.Max.X || r.Min.Y < 0 || r.Max.Y > cr.RollHeight {
						t.Errorf("%s: roll block %v outside x %v..%v / roll 0..%d", name, r, safe.Min.X, safe.Max.X, cr.RollHeight)
					}
				}
			}
		}
	}
}

// TestSpriteNeverExceedsBox drives Render directly with random boxes,
// including boxes far too small for the text.
func TestSpriteNeverExceedsBox(t *testing.T) {
	t.Parallel()
	st := builtin(t).Default().Caption.Text
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300; i++ {
		s := Spec{Text: randomText(rng), Style: st, Scale: float64(100 + rng.IntN(700)),
			MaxWidth: 1 + rng.IntN(900), MaxHeight: 1 + rng.IntN(300)}
		b, err := Render(s, nil)
		if err != nil {
			t.Fatalf("%+v: %v", s, err)
		}
		if b.Width > s.MaxWidth || b.Height > s.MaxHeight {
			t.Fatalf("%q in %dx%d: sprite %dx%d", s.Text, s.MaxWidth, s.MaxHeight, b.Width, b.Height)
		}
		if b.Image != nil && (b.Image.Bounds() != image.Rect(0, 0, b.Width, b.Height)) {
			t.Fatalf("image bounds %v, want %dx%d", b.Image.Bounds(), b.Width, b.Height)
		}
	}
}
