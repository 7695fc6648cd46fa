package compose

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// A slide's own transition replaces the style's: a push-left into slide 2
// shows, halfway, the right half of slide 1 moved to the left half of the
// frame (exactly its pixels), while the style's own transition
// (crossfade) mixes the two pictures everywhere.
func TestSlideTransitionOverridesStyle(t *testing.T) {
	t.Parallel()
	const w, h = 320, 180
	st := plainStyle(t, styles.Crossfade)
	r := NewRenderer(st, w, h, Options{})
	a := &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "03.jpg"), Duration: 5, Index: 1}
	alone := newYCbCr(w, h)
	if err := r.Render(alone, Scene{Current: Shot{Slide: a, T: 4.5}}); err != nil {
		t.Fatal(err)
	}
	// shifted is how far the left half of frame f is from slide 1's right
	// half, mean absolute luma difference.
	shifted := func(f *image.YCbCr) float64 {
		var sum, n int
		for y := 0; y < h; y++ {
			for x := 0; x < w/2; x++ {
				d := int(f.Y[y*f.YStride+x]) - int(alone.Y[y*alone.YStride+x+w/2])
				sum += max(d, -d)
				n++
			}
		}
		return float64(sum) / float64(n)
	}
	for _, c := range []struct {
		name string
		tr   styles.Transition
		push bool
	}{{"push-left", styles.PushLeft, true}, {"style's choice", "", false}} {
		b := &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "07.jpg"), Duration: 5, Index: 2, Transition: c.tr}
		f := newYCbCr(w, h)
		sc := Scene{Current: Shot{Slide: a, T: 4.5}, Next: &Shot{Slide: b, T: 0.5}, Mix: 0.5}
		if err := r.Render(f, sc); err != nil {
			t.Fatal(err)
		}
		d := shifted(f)
		t.Logf("%s: left half vs slide 1's right half: %.2f", c.name, d)
		if c.push && d != 0 {
			t.Errorf("%s: left half of the frame is not slide 1 moved left by half (mean |diff| %.2f)", c.name, d)
		}
		if !c.push && d < 10 {
			t.Errorf("%s: the style's crossfade looks like a push (mean |diff| %.2f)", c.name, d)
		}
	}
}

// An explicit transition into a text slide after a card replaces the
// card-to-card dissolve.
func TestSlideTransitionReplacesCardDissolve(t *testing.T) {
	t.Parallel()
	const w, h = 320, 180
	r := NewRenderer(plainStyle(t, styles.Crossfade), w, h, Options{})
	a := &Slide{Kind: TextSlide, Title: "One", Duration: 4, Index: 1, Settled: false}
	frame := func(tr styles.Transition) *image.YCbCr {
		b := &Slide{Kind: TextSlide, Title: "Two", Duration: 4, Index: 2, Transition: tr, Settled: tr == ""}
		f := newYCbCr(w, h)
		if err := r.Render(f, Scene{Current: Shot{Slide: a, T: 3.5}, Next: &Shot{Slide: b, T: 0.5}, Mix: 0.5}); err != nil {
			t.Fatal(err)
		}
		return f
	}
	dissolve, dip := frame(""), frame(styles.DipToColour)
	// the dip goes through black: darker on average than the dissolve
	mean := func(f *image.YCbCr) float64 {
		s := 0
		for _, v := range f.Y {
			s += int(v)
		}
		return float64(s) / float64(len(f.Y))
	}
	if md, mk := mean(dissolve), mean(dip); mk >= md-5 {
		t.Errorf("dip-to-colour into a text slide: mean luma %.1f, dissolve %.1f: the dissolve was not replaced", mk, md)
	}
}

// A caption placed at "top" has its ink in the upper third of the frame
// (at "bottom", the style's, in the lower third).
func TestCaptionAtTopInUpperThird(t *testing.T) {
	t.Parallel()
	const w, h = 480, 270
	st := styleWith(t, "vanilla", func(s *styles.Style) {
		s.Motion = styles.MotionSet{}
		s.Overlays = styles.Overlays{}
	})
	r := NewRenderer(st, w, h, Options{})
	ph := solidPhoto(color.RGBA{40, 60, 90, 255})
	bare := newYCbCr(w, h)
	if err := r.Render(bare, Scene{Current: Shot{Slide: &Slide{Kind: PhotoSlide, Photo: ph, Duration: 5, Index: 1}, T: 2.5}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		pos          styles.VAlign
		third        int
		wantInkThird int
	}{{styles.VAlignTop, 0, 0}, {"", 2, 2}, {styles.VAlignMiddle, 1, 1}} {
		s := &Slide{Kind: PhotoSlide, Photo: ph, Caption: "Dune grass above the sea", Duration: 5, Index: 1, TextPosition: c.pos}
		f := newYCbCr(w, h)
		if err := r.Render(f, Scene{Current: Shot{Slide: s, T: 2.5}}); err != nil {
			t.Fatal(err)
		}
		var ink image.Rectangle
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				if d := int(f.Y[y*f.YStride+x]) - int(bare.Y[y*bare.YStride+x]); d > 8 || d < -8 {
					ink = ink.Union(image.Rect(x, y, x+1, y+1))
				}
			}
		}
		third := image.Rect(0, c.wantInkThird*h/3, w, (c.wantInkThird+1)*h/3)
		t.Logf("position %q: ink %v", c.pos, ink)
		if ink.Empty() || !ink.In(third) {
			t.Errorf("position %q: caption ink %v, want it inside %v", c.pos, ink, third)
		}
	}
}

// Property: at every position, in every built-in style, 16:9 and 9:16,
// the caption (its whole sprite's ink: glyphs, outline, shadow and plate)
// lies inside the safe zones (phone UI zones included in 9:16), sits in
// the asked part of the safe area, and over a photo of the caption's own
// colour still gets its contrast plate (or the style's box).
func TestCaptionPositionKeepsSafeZonesAndPlate(t *testing.T) {
	t.Parallel()
	for _, st := range styles.Builtin().List() {
		for _, sz := range [][2]int{{480, 270}, {270, 480}} {
			w, h := sz[0], sz[1]
			r := NewRenderer(st, w, h, Options{})
			safe := text.SafeArea(st, w, h)
			tc := st.Caption.Text.Colour
			ph := solidPhoto(color.RGBA{tc.R, tc.G, tc.B, 255})
			for _, pos := range []styles.VAlign{styles.VAlignTop, styles.VAlignMiddle, styles.VAlignBottom} {
				name := fmt.Sprintf("%s %dx%d %s", st.MachineName, w, h, pos)
				s := &Slide{Kind: PhotoSlide, Photo: ph, Caption: "Dune grass above the sea at dawn", Duration: 6, Index: 1, TextPosition: pos}
				d, err := r.data(s)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if len(d.texts) != 1 {
					t.Fatalf("%s: %d text sprites, want 1", name, len(d.texts))
				}
				spr := d.texts[0].spr
				var ink image.Rectangle
				var inked int
				for y := 0; y < spr.h; y++ {
					for x := 0; x < spr.w; x++ {
						if spr.a[y*spr.w+x] > 0 {
							ink = ink.Union(image.Rect(spr.x+x, spr.y+y, spr.x+x+1, spr.y+y+1))
							inked++
						}
					}
				}
				if !ink.In(safe) {
					t.Errorf("%s: caption ink %v outside the safe zones %v", name, ink, safe)
				}
				mid := (ink.Min.Y + ink.Max.Y) / 2
				switch pos {
				case styles.VAlignTop:
					if mid > safe.Min.Y+safe.Dy()/3 {
						t.Errorf("%s: caption %v not in the top of the safe area %v", name, ink, safe)
					}
				case styles.VAlignBottom:
					if mid < safe.Max.Y-safe.Dy()/3 {
						t.Errorf("%s: caption %v not in the bottom of the safe area %v", name, ink, safe)
					}
				default:
					if c := (safe.Min.Y + safe.Max.Y) / 2; mid < c-safe.Dy()/6 || mid > c+safe.Dy()/6 {
						t.Errorf("%s: caption %v not in the middle of the safe area %v", name, ink, safe)
					}
				}
				// text over its own colour: a plate (or box) fills the block
				if f := float64(inked) / float64(ink.Dx()*ink.Dy()); f < 0.8 {
					t.Errorf("%s: caption over a photo of its own colour covers %.0f %% of its box: no contrast plate", name, 100*f)
				}
				r.Release(s)
			}
		}
	}
}
