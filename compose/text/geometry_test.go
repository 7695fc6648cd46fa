package text

import (
	"image"
	"math"
	"testing"

	"github.com/reelkit/reel/styles"
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

// TestPortraitTextClearOfPhoneUI: in a 9:16 frame every caption, title and
// credit keeps out of the top and bottom tenth (where phone apps draw their
// buttons), and a letterboxing style draws no bars to keep out of.
func TestPortraitTextClearOfPhoneUI(t *testing.T) {
	t.Parallel()
	const w, h = 1080, 1920
	band := int(math.Round(styles.TallSafeMargin * h))
	for _, st := range builtin(t).List() {
		safe := SafeArea(st, w, h)
		if safe.Min.Y < band || safe.Max.Y > h-band {
			t.Errorf("%s: safe area %v reaches into the top or bottom %d rows", st.MachineName, safe, band)
		}
		if mx := int(math.Round(st.SafeMargin * w)); safe.Min.X != mx {
			t.Errorf("%s: left inset %d, want %d", st.MachineName, safe.Min.X, mx)
		}
		long := "A caption long enough to wrap onto a second line in a narrow frame"
		c, err := Caption(st, w, h, long, nil)
		if err != nil {
			t.Fatal(err)
		}
		if ink := inkBounds(c.Image, c.At); ink.Empty() || ink.Min.Y < band || ink.Max.Y > h-band {
			t.Errorf("%s: caption ink %v within %d rows of the edge", st.MachineName, ink, band)
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
