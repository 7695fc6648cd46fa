package compose

import (
	"bytes"
	"image"
	"image/color"
	"sync"
	"testing"

	"github.com/reelkit/reel/styles"
)

func solidPhoto(c color.RGBA) *Photo {
	m := image.NewRGBA(image.Rect(0, 0, 320, 180))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return NewPhoto(m, DecodeOptions{})
}

// plainStyle is vanilla without motion, overlays or grading, using only
// the transition tr.
func plainStyle(t testing.TB, tr styles.Transition) *styles.Style {
	return styleWith(t, "vanilla", func(s *styles.Style) {
		s.Motion = styles.MotionSet{}
		s.Overlays = styles.Overlays{}
		s.Fill.Mode = styles.FillCrop
		s.Transitions.Kinds = []styles.Transition{tr}
		s.Transitions.DipColour = styles.Color{R: 0, G: 0, B: 0, A: 255}
	})
}

func lumaAt(m *image.YCbCr, x, y int) int { return int(m.Y[y*m.YStride+x]) }

func TestTransitions(t *testing.T) {
	t.Parallel()
	const w, h = 160, 90
	red, blue := color.RGBA{220, 30, 30, 255}, color.RGBA{30, 30, 220, 255}
	a := &Slide{Kind: PhotoSlide, Photo: solidPhoto(red), Duration: 4, Index: 1}
	b := &Slide{Kind: PhotoSlide, Photo: solidPhoto(blue), Duration: 4, Index: 2}
	ya, yb := int(toYUV(red.R, red.G, red.B).Y), int(toYUV(blue.R, blue.G, blue.B).Y)
	black := 16
	// probe: (x, y) fractions of the frame and the expected luma
	type probe struct {
		fx, fy float64
		want   int
	}
	tests := []struct {
		tr     styles.Transition
		mix    float64
		probes []probe
	}{
		{styles.Crossfade, 0, []probe{{0.5, 0.5, ya}}},
		{styles.Crossfade, 1, []probe{{0.5, 0.5, yb}}},
		{styles.Crossfade, 0.5, []probe{{0.5, 0.5, (ya + yb + 1) / 2}}},
		{styles.PushLeft, 0.5, []probe{{0.25, 0.5, ya}, {0.75, 0.5, yb}}},
		{styles.PushRight, 0.5, []probe{{0.25, 0.5, yb}, {0.75, 0.5, ya}}},
		{styles.PushUp, 0.5, []probe{{0.5, 0.25, ya}, {0.5, 0.75, yb}}},
		{styles.PushDown, 0.5, []probe{{0.5, 0.25, yb}, {0.5, 0.75, ya}}},
		{styles.Wipe, 0.5, []probe{{0.05, 0.5, yb}, {0.95, 0.5, ya}}},
		{styles.Wipe, 0, []probe{{0.05, 0.5, ya}}},
		{styles.Wipe, 1, []probe{{0.95, 0.5, yb}}},
		{styles.DipToColour, 0.5, []probe{{0.5, 0.5, black}}},
		{styles.DipToColour, 0, []probe{{0.5, 0.5, ya}}},
		{styles.DipToColour, 1, []probe{{0.5, 0.5, yb}}},
		{styles.ZoomThrough, 0, []probe{{0.5, 0.5, ya}}},
		{styles.ZoomThrough, 1, []probe{{0.5, 0.5, yb}}},
	}
	for _, tc := range tests {
		r := NewRenderer(plainStyle(t, tc.tr), w, h, Options{})
		dst := newYCbCr(w, h)
		sc := Scene{Current: Shot{Slide: a, T: 3.5}, Next: &Shot{Slide: b, T: 0.5}, Mix: tc.mix}
		if err := r.Render(dst, sc); err != nil {
			t.Fatal(err)
		}
		for _, p := range tc.probes {
			x, y := int(p.fx*w), int(p.fy*h)
			if got := lumaAt(dst, x, y); got < p.want-2 || got > p.want+2 {
				t.Errorf("%s mix %.1f: luma at (%d,%d) = %d, want %d", tc.tr, tc.mix, x, y, got, p.want)
			}
		}
	}
}

func TestPickTransitionCycles(t *testing.T) {
	t.Parallel()
	ts := styles.TransitionSet{Kinds: []styles.Transition{styles.Crossfade, styles.Wipe, styles.PushUp}}
	want := []styles.Transition{styles.Crossfade, styles.Wipe, styles.PushUp, styles.Crossfade}
	for i, w := range want {
		if got := pickTransition(ts, i+1); got != w {
			t.Errorf("next index %d: %s, want %s", i+1, got, w)
		}
	}
}

func TestOverlays(t *testing.T) {
	t.Parallel()
	const w, h = 320, 180
	grey := &Slide{Kind: PhotoSlide, Photo: solidPhoto(color.RGBA{128, 128, 128, 255}), Duration: 4}
	render := func(st *styles.Style, tt float64) *image.YCbCr {
		dst := newYCbCr(w, h)
		if err := NewRenderer(st, w, h, Options{}).Render(dst, Scene{Current: Shot{Slide: grey, T: tt}}); err != nil {
			t.Fatal(err)
		}
		return dst
	}
	t.Run("letterbox", func(t *testing.T) {
		st := plainStyle(t, styles.Crossfade)
		st.Overlays.Letterbox = 2.39
		m := render(st, 1)
		bar := (h - 134) / 2 // 320/2.39 = 134 picture lines
		if lumaAt(m, w/2, 0) != 16 || lumaAt(m, w/2, h-1) != 16 || m.Cb[0] != 128 || m.Cr[0] != 128 {
			t.Errorf("bars are not black")
		}
		if lumaAt(m, w/2, bar+2) == 16 || lumaAt(m, w/2, h/2) == 16 {
			t.Errorf("picture area is black")
		}
	})
	t.Run("vignette", func(t *testing.T) {
		st := plainStyle(t, styles.Crossfade)
		st.Overlays.Vignette = 0.8
		m := render(st, 1)
		if c, e := lumaAt(m, w/2, h/2), lumaAt(m, 1, 1); e >= c-10 {
			t.Errorf("corner %d not darker than centre %d", e, c)
		}
	})
	t.Run("grain", func(t *testing.T) {
		st := plainStyle(t, styles.Crossfade)
		st.Overlays.Grain = 0.5
		a, b, c := render(st, 1), render(st, 1), render(st, 1+1.0/30)
		if !bytes.Equal(a.Y, b.Y) {
			t.Error("grain is not deterministic")
		}
		if bytes.Equal(a.Y, c.Y) {
			t.Error("grain does not change between frames")
		}
		lo, hi := 255, 0
		for _, v := range a.Y {
			lo, hi = min(lo, int(v)), max(hi, int(v))
		}
		if hi-lo < 4 || hi-lo > 30 {
			t.Errorf("grain spread %d..%d", lo, hi)
		}
	})
	t.Run("grade-spares-bars", func(t *testing.T) {
		st := plainStyle(t, styles.Crossfade)
		st.Overlays.Grade, st.Overlays.GradeAmount = styles.GradeCool, 1
		st.Fill = styles.PhotoFill{Mode: styles.FillBars, Colour: styles.Color{R: 255, G: 255, B: 255, A: 255}}
		s := &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "portrait.jpg"), Duration: 4}
		dst := newYCbCr(w, h)
		if err := NewRenderer(st, w, h, Options{}).Render(dst, Scene{Current: Shot{Slide: s, T: 1}}); err != nil {
			t.Fatal(err)
		}
		if y, cb, cr := dst.Y[h/2*dst.YStride+1], dst.Cb[h/4*dst.CStride], dst.Cr[h/4*dst.CStride]; y != 235 || cb != 128 || cr != 128 {
			t.Errorf("white bar graded to %d,%d,%d", y, cb, cr)
		}
	})
	t.Run("grade-bw", func(t *testing.T) {
		st := plainStyle(t, styles.Crossfade)
		st.Overlays.Grade = styles.GradeBW
		s := &Slide{Kind: PhotoSlide, Photo: solidPhoto(color.RGBA{200, 60, 40, 255}), Duration: 4}
		dst := newYCbCr(w, h)
		if err := NewRenderer(st, w, h, Options{}).Render(dst, Scene{Current: Shot{Slide: s, T: 1}}); err != nil {
			t.Fatal(err)
		}
		if cb, cr := dst.Cb[len(dst.Cb)/2], dst.Cr[len(dst.Cr)/2]; cb < 127 || cb > 129 || cr < 127 || cr > 129 {
			t.Errorf("black-and-white grade left chroma %d,%d", cb, cr)
		}
	})
}

// TestTypewriterReveals: the text of a typewriter slide appears
// progressively, never retreating, and is complete at the end.
func TestTypewriterReveals(t *testing.T) {
	t.Parallel()
	st := styleWith(t, "vanilla", func(s *styles.Style) {
		s.TextSlide.Animation = styles.AnimTypewriter
		s.TextSlide.AnimDuration = 2
		s.Overlays = styles.Overlays{}
	})
	const w, h = 320, 180
	r := NewRenderer(st, w, h, Options{})
	s := &Slide{Kind: TextSlide, Title: "Typewriter", Text: "one key at a time", Duration: 5}
	bg := toYUV(st.Palette.Background.R, st.Palette.Background.G, st.Palette.Background.B).Y
	prev := -1
	dst := newYCbCr(w, h)
	for tt := 0.0; tt <= 4; tt += 0.1 {
		if err := r.Render(dst, Scene{Current: Shot{Slide: s, T: tt}}); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, v := range dst.Y {
			if v != bg {
				n++
			}
		}
		if n < prev {
			t.Fatalf("T=%.1f: %d text pixels, fewer than before (%d)", tt, n, prev)
		}
		prev = n
	}
	if prev < 200 {
		t.Errorf("only %d text pixels at the end", prev)
	}
}

// TestConcurrentRenderMatchesSerial: a pool of goroutines sharing one
// Renderer produces exactly the serial frames.
func TestConcurrentRenderMatchesSerial(t *testing.T) {
	t.Parallel()
	const w, h = 320, 180
	st := styleWith(t, "retro", nil)
	g := newGoldenProject(t)
	scenes := g.scenes(st)
	serial := make([][]byte, len(scenes))
	r := NewRenderer(st, w, h, Options{})
	for i, sc := range scenes {
		dst := newYCbCr(w, h)
		if err := r.Render(dst, sc); err != nil {
			t.Fatal(err)
		}
		serial[i] = append(append(append([]byte{}, dst.Y...), dst.Cb...), dst.Cr...)
	}
	r2 := NewRenderer(st, w, h, Options{})
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for worker := 0; worker < 4; worker++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dst := newYCbCr(w, h)
			for k := 0; k < 3; k++ {
				for i, sc := range scenes {
					if err := r2.Render(dst, sc); err != nil {
						errs <- err.Error()
						return
					}
					got := append(append(append([]byte{}, dst.Y...), dst.Cb...), dst.Cr...)
					if !bytes.Equal(got, serial[i]) {
						errs <- "frame differs from the serial render"
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestReleaseAndErrors(t *testing.T) {
	t.Parallel()
	r := NewRenderer(nil, 64, 36, Options{})
	s := &Slide{Kind: PhotoSlide, Photo: solidPhoto(color.RGBA{1, 2, 3, 255}), Duration: 1}
	dst := newYCbCr(64, 36)
	if err := r.Render(dst, Scene{Current: Shot{Slide: s}}); err != nil {
		t.Fatal(err)
	}
	if len(r.cache) != 1 {
		t.Fatalf("cache holds %d slides", len(r.cache))
	}
	r.Release(s)
	if len(r.cache) != 0 {
		t.Fatal("Release kept the slide")
	}
	if err := r.Render(dst, Scene{Current: Shot{Slide: s}}); err != nil {
		t.Fatalf("render after release: %v", err)
	}
	bad := []struct {
		name string
		r    *Renderer
		dst  *image.YCbCr
		sc   Scene
	}{
		{"odd size", NewRenderer(nil, 63, 36, Options{}), newYCbCr(63, 36), Scene{Current: Shot{Slide: s}}},
		{"wrong dst", r, newYCbCr(32, 18), Scene{Current: Shot{Slide: s}}},
		{"4:4:4 dst", r, image.NewYCbCr(image.Rect(0, 0, 64, 36), image.YCbCrSubsampleRatio444), Scene{Current: Shot{Slide: s}}},
		{"no slide", r, dst, Scene{}},
		{"photo slide without photo", r, dst, Scene{Current: Shot{Slide: &Slide{Kind: PhotoSlide}}}},
		{"unknown kind", r, dst, Scene{Current: Shot{Slide: &Slide{Kind: 99}}}},
	}
	for _, tc := range bad {
		if err := tc.r.Render(tc.dst, tc.sc); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// TestNoAllocsPerFrame: steady-state frames (photo + caption, and a
// crossfade) allocate nothing.
func TestNoAllocsPerFrame(t *testing.T) {
	st := plainStyle(t, styles.Crossfade)
	st.Motion = styles.MotionSet{Moves: []styles.Motion{{Kind: styles.ZoomIn, Amount: 0.1}}}
	r := NewRenderer(st, 320, 180, Options{})
	a := &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "03.jpg"), Caption: "Caption", Duration: 4}
	b := &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "07.jpg"), Caption: "Other", Duration: 4, Index: 1}
	dst := newYCbCr(320, 180)
	next := &Shot{Slide: b, T: 0.5}
	tt := 0.0
	scenes := []Scene{{Current: Shot{Slide: a, T: 1}}, {Current: Shot{Slide: a, T: 3.5}, Next: next, Mix: 0.5}}
	for _, sc := range scenes {
		if err := r.Render(dst, sc); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(20, func() {
			tt += 0.03
			sc.Current.T = tt
			_ = r.Render(dst, sc)
		})
		if allocs != 0 {
			t.Errorf("%.1f allocations per frame", allocs)
		}
	}
}

// TestAlphaOverBackground: transparent pixels of a PNG show the style's
// background colour.
func TestAlphaOverBackground(t *testing.T) {
	t.Parallel()
	st := plainStyle(t, styles.Crossfade)
	st.Palette.Background = styles.Color{R: 200, G: 40, B: 40, A: 255}
	p := testPhoto(t, "alpha.png") // 640x400 with transparent corners
	const w, h = 320, 200
	r := NewRenderer(st, w, h, Options{})
	dst := newYCbCr(w, h)
	if err := r.Render(dst, Scene{Current: Shot{Slide: &Slide{Kind: PhotoSlide, Photo: p, Duration: 2}}}); err != nil {
		t.Fatal(err)
	}
	want := toYUV(200, 40, 40)
	// the corners are fully transparent in alpha.png (16:10 in a 16:10 frame: cover)
	if got := dst.Y[2*dst.YStride+2]; int(got) < int(want.Y)-2 || int(got) > int(want.Y)+2 {
		t.Errorf("corner luma %d, want background %d", got, want.Y)
	}
	if got := dst.Cr[dst.CStride+1]; int(got) < int(want.Cr)-3 {
		t.Errorf("corner Cr %d, want background %d", got, want.Cr)
	}
}

// TestRollingCredits: a rolling credits card moves its text upwards.
func TestRollingCredits(t *testing.T) {
	t.Parallel()
	st := styleWith(t, "cinematic", func(s *styles.Style) { s.Overlays = styles.Overlays{} })
	if st.Credits.Mode != styles.CreditsRolling {
		t.Skip("cinematic no longer rolls its credits")
	}
	const w, h = 320, 180
	r := NewRenderer(st, w, h, Options{})
	s := &Slide{Kind: CreditsCard, Duration: 8, Credits: [][2]string{{"Music", "A"}, {"Photos", "B"}, {"Words", "C"}}}
	bg := toYUV(st.Palette.Background.R, st.Palette.Background.G, st.Palette.Background.B).Y
	top := func(tt float64) int {
		dst := newYCbCr(w, h)
		if err := r.Render(dst, Scene{Current: Shot{Slide: s, T: tt}}); err != nil {
			t.Fatal(err)
		}
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				if d := int(dst.Y[y*dst.YStride+x]) - int(bg); d > 20 || d < -20 {
					return y
				}
			}
		}
		return h
	}
	a, b := top(2), top(3)
	if !(b < a) {
		t.Errorf("text top %d at 2 s, %d at 3 s: not rolling up", a, b)
	}
}

// TestRenditionSizes: every style renders the golden project at the three
// rendition sizes.
func TestRenditionSizes(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("renders 6 styles x 3 sizes")
	}
	g := newGoldenProject(t)
	for _, st := range styles.Builtin().List() {
		for _, sz := range [][2]int{{640, 360}, {854, 480}, {1280, 720}} {
			r := NewRenderer(st, sz[0], sz[1], Options{})
			dst := newYCbCr(sz[0], sz[1])
			for i, sc := range g.scenes(st) {
				if err := r.Render(dst, sc); err != nil {
					t.Fatalf("%s %dx%d scene %d: %v", st.MachineName, sz[0], sz[1], i, err)
				}
				lo, hi := 255, 0
				for _, v := range dst.Y {
					lo, hi = min(lo, int(v)), max(hi, int(v))
				}
				if hi-lo < 30 {
					t.Errorf("%s %dx%d scene %d: flat frame (luma %d..%d)", st.MachineName, sz[0], sz[1], i, lo, hi)
				}
			}
		}
	}
}

func TestGrades(t *testing.T) {
	t.Parallel()
	tests := []struct {
		g     styles.Grade
		check func(r, g, b int) bool
	}{
		{styles.GradeWarm, func(r, g, b int) bool { return r > 128 && b < 128 }},
		{styles.GradeCool, func(r, g, b int) bool { return r < 128 && b > 128 }},
		{styles.GradeBW, func(r, g, b int) bool { return r == g && g == b }},
		{styles.GradeSepia, func(r, g, b int) bool { return r > g && g > b }},
	}
	for _, tc := range tests {
		m := image.NewRGBA(image.Rect(0, 0, 1, 1))
		m.Pix[0], m.Pix[1], m.Pix[2], m.Pix[3] = 128, 128, 128, 255
		applyGrade(m, tc.g, 1)
		if !tc.check(int(m.Pix[0]), int(m.Pix[1]), int(m.Pix[2])) {
			t.Errorf("%s: grey became %v", tc.g, m.Pix[:3])
		}
	}
}
