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
		w, h int
		want Insets
	}{
		{1280, 720, Insets{64, 36, 64, 36}},      // landscape: SafeMargin of each side
		{1080, 1080, Insets{54, 54, 54, 54}},     // square
		{1080, 1350, Insets{54, 68, 54, 68}},     // 4:5 feed post: no phone UI zones
		{1080, 1920, Insets{54, 230, 162, 384}},  // 9:16: top 12 %, bottom 20 %, right 15 %
		{720, 1280, Insets{36, 154, 108, 256}},   // 9:16 at 720
		{1440, 3040, Insets{72, 365, 216, 608}},  // 9:19: taller still
		{1920, 1080, Insets{96, 54, 96, 54}},     // 1080p landscape
		{3840, 2160, Insets{192, 108, 192, 108}}, // 4K
	} {
		if got := st.SafeInsets(c.w, c.h); got != c.want {
			t.Errorf("%dx%d: insets %+v, want %+v", c.w, c.h, got, c.want)
		}
	}
	own := &Style{SafeMargin: 0.05, PhoneSafe: SafeZones{Top: 0.2, Left: 0.1}}
	if got, want := own.SafeInsets(1080, 1920), (Insets{108, 384, 162, 384}); got != want {
		t.Errorf("a style's own phone zones: %+v, want %+v", got, want)
	}
	wide := &Style{SafeMargin: 0.07, Overlays: Overlays{Letterbox: 2.39}}
	if in := wide.SafeInsets(1280, 720); float64(in.Top) < wide.Overlays.LetterboxBar(1280, 720) || in.Bottom != in.Top {
		t.Errorf("letterboxed safe insets %+v inside the bar", in)
	}
	if in := wide.SafeInsets(1080, 1080); in.Top != 76 {
		t.Errorf("square letterbox style: inset %d, want 76 (no bars)", in.Top)
	}
}
