package styles

import (
	"math"
	"testing"
)

func TestUnit(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		w, h int
		want float64
	}{{1280, 720, 720}, {1080, 1920, 1080}, {1080, 1080, 1080}, {1080, 1350, 1080}, {0, 0, 1}} {
		if got := Unit(c.w, c.h); got != c.want {
			t.Errorf("Unit(%d, %d) = %v, want %v", c.w, c.h, got, c.want)
		}
	}
}

func TestLetterboxBarLandscapeOnly(t *testing.T) {
	t.Parallel()
	o := Overlays{Letterbox: 2.39}
	if got, want := o.LetterboxBar(1280, 720), (720-1280/2.39)/2; math.Abs(got-want) > 1e-9 {
		t.Errorf("16:9 bar %v, want %v", got, want)
	}
	for _, sz := range [][2]int{{1080, 1920}, {1080, 1080}, {1080, 1350}, {2560, 1000}} {
		if got := o.LetterboxBar(sz[0], sz[1]); got != 0 {
			t.Errorf("%dx%d: bar %v, want 0", sz[0], sz[1], got)
		}
	}
	if got := (Overlays{}).LetterboxBar(1280, 720); got != 0 {
		t.Errorf("letterbox off: bar %v", got)
	}
}

func TestSafeInsets(t *testing.T) {
	t.Parallel()
	st := &Style{SafeMargin: 0.05}
	for _, c := range []struct {
		w, h, mx, my int
	}{
		{1280, 720, 64, 36},    // landscape: SafeMargin of each side
		{1080, 1080, 54, 54},   // square
		{1080, 1350, 54, 68},   // 4:5 feed post: no phone UI margin
		{1080, 1920, 54, 192},  // 9:16: TallSafeMargin top and bottom
		{720, 1280, 36, 128},   // 9:16 at 720
		{1440, 3040, 72, 304},  // 9:19: taller still
		{1920, 1080, 96, 54},   // 1080p landscape
		{3840, 2160, 192, 108}, // 4K
	} {
		mx, my := st.SafeInsets(c.w, c.h)
		if mx != c.mx || my != c.my {
			t.Errorf("%dx%d: insets %d, %d, want %d, %d", c.w, c.h, mx, my, c.mx, c.my)
		}
	}
	wide := &Style{SafeMargin: 0.07, Overlays: Overlays{Letterbox: 2.39}}
	if _, my := wide.SafeInsets(1280, 720); float64(my) < wide.Overlays.LetterboxBar(1280, 720) {
		t.Errorf("letterboxed safe inset %d inside the bar", my)
	}
	if _, my := wide.SafeInsets(1080, 1080); my != 76 {
		t.Errorf("square letterbox style: inset %d, want 76 (no bars)", my)
	}
}
