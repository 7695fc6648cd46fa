package text

import (
	"image"
	"math"
	"testing"
)

// shapedSizes are portrait, square and 4:5 frames, beside the 16:9
// frameSizes: the card helpers must lay out every one of them.
var shapedSizes = []image.Point{{360, 640}, {1080, 1920}, {720, 720}, {1080, 1350}}

// TestTypeSizeFollowsShortSide: a style's type sizes are fractions of the
// frame's short side, so 1920x1080, 1080x1920 and 1080x1080 frames set a
// caption, a title and a credit name in the same pixel size.
func TestTypeSizeFollowsShortSide(t *testing.T) {
	t.Parallel()
	for _, st := range builtin(t).List() {
		for _, sz := range []image.Point{{1920, 1080}, {1080, 1920}, {1080, 1080}, {1080, 1350}} {
			c, err := Caption(st, sz.X, sz.Y, "Dune grass", nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := st.Caption.Text.Size * 1080; math.Abs(c.Size-want) > 1e-9 {
				t.Errorf("%s %v: caption size %v, want %v", st.MachineName, sz, c.Size, want)
			}
			tc, err := TitleCard(st, sz.X, sz.Y, "Hi", nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := st.TitleCard.Text.Size * 1080; math.Abs(tc.Size-want) > 1e-9 {
				t.Errorf("%s %v: title size %v, want %v", st.MachineName, sz, tc.Size, want)
			}
		}
	}
}

// TestTextInsideSafeZones: for every built-in style at 16:9, 9:16, 1:1
// and 4:5 (two sizes each), every caption, title card, text slide and
// credits page (short and long texts) lies inside the style's title-safe
// margin, and in 9:16 out of the phone platforms' UI: the top 12 %, the
// bottom 20 % and the right 15 % of the frame (figures written out here,
// not read from the package, so a change to them fails this test).
func TestTextInsideSafeZones(t *testing.T) {
	t.Parallel()
	texts := []string{"Hi", "Morning light on the water", "A caption long enough to wrap onto a second line in a narrow frame, and then some more words"}
	credits := make([][2]string, 30)
	for i := range credits {
		credits[i] = [2]string{"Photography", "Someone With A Long Name"}
	}
	for _, st := range builtin(t).List() {
		for _, sz := range [][2]int{{1280, 720}, {1920, 1080}, {720, 1280}, {1080, 1920}, {720, 720}, {1080, 1080}, {720, 900}, {1080, 1350}} {
			w, h := sz[0], sz[1]
			mx, my := int(math.Round(st.SafeMargin*float64(w))), int(math.Round(st.SafeMargin*float64(h)))
			zone := image.Rect(mx, my, w-mx, h-my)
			if h*2 >= w*3 {
				zone = zone.Intersect(image.Rect(0, int(math.Round(0.12*float64(h))), int(math.Round(0.85*float64(w))), int(math.Round(0.80*float64(h)))))
			}
			check := func(what string, p Placed) {
				if r := p.Rect(); !r.Empty() && !r.In(zone) {
					t.Errorf("%s %dx%d %s: box %v outside the safe zone %v", st.MachineName, w, h, what, r, zone)
				}
			}
			for _, s := range texts {
				c, err := Caption(st, w, h, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				check("caption "+s, c)
				tc, err := TitleCard(st, w, h, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				check("title "+s, tc)
				a, b, err := TextSlide(st, w, h, s, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				check("text slide title", a)
				check("text slide text", b)
			}
			cl, err := Credits(st, w, h, credits, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, page := range cl.Pages {
				for _, p := range page {
					check("credits", p)
				}
			}
			for _, p := range cl.Roll { // x only: compose rolls them through the safe rows
				if r := p.Rect(); !r.Empty() && (r.Min.X < zone.Min.X || r.Max.X > zone.Max.X) {
					t.Errorf("%s %dx%d rolling credit: x %d..%d outside %d..%d", st.MachineName, w, h, r.Min.X, r.Max.X, zone.Min.X, zone.Max.X)
				}
			}
		}
	}
}

// TestSquareLetterboxStyle: a style that letterboxes 16:9 frames uses its
// own SafeMargin in square and portrait frames, where no bars are drawn.
func TestSquareLetterboxStyle(t *testing.T) {
	t.Parallel()
	st, ok := builtin(t).Lookup("cinematic")
	if !ok || st.Overlays.Letterbox == 0 {
		t.Skip("no letterboxing built-in style")
	}
	if got, want := SafeArea(st, 1080, 1080).Min.Y, int(math.Round(st.SafeMargin*1080)); got != want {
		t.Errorf("square safe top %d, want %d", got, want)
	}
	if got := SafeArea(st, 1280, 720).Min.Y; float64(got) <= st.Overlays.LetterboxBar(1280, 720) {
		t.Errorf("16:9 safe top %d inside the %v-row bar", got, st.Overlays.LetterboxBar(1280, 720))
	}
}
