package compose

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/reelkit/reel/styles"
)

// TestFramePhotoFollowsFrameAspect: the same 3:2 photo is cropped to the
// frame's aspect when the style covers, and shown whole (contained,
// centred) when its aspect is too far from the frame's.
func TestFramePhotoFollowsFrameAspect(t *testing.T) {
	t.Parallel()
	photo := image.Rect(0, 0, 3000, 2000)
	crop := &styles.Style{Fill: styles.PhotoFill{Mode: styles.FillCrop}}
	blur := &styles.Style{Fill: styles.PhotoFill{Mode: styles.FillBlur, Tolerance: 0.2}}
	for _, sz := range [][2]int{{1920, 1080}, {1080, 1920}, {1080, 1080}, {1080, 1350}} {
		cw, ch := sz[0], sz[1]
		fr := framePhoto(crop, photo, cw, ch, focus{}, nil)
		if !fr.cover || fr.dst != image.Rect(0, 0, cw, ch) || !fr.crop.In(photo) {
			t.Fatalf("%dx%d crop style: %+v", cw, ch, fr)
		}
		if got, want := float64(fr.crop.Dx())/float64(fr.crop.Dy()), float64(cw)/float64(ch); math.Abs(got/want-1) > 0.002 {
			t.Errorf("%dx%d: crop %v has aspect %.4f, want %.4f", cw, ch, fr.crop, got, want)
		}
		if fr.crop.Dx() != photo.Dx() && fr.crop.Dy() != photo.Dy() {
			t.Errorf("%dx%d: crop %v is not the largest of its aspect", cw, ch, fr.crop)
		}
		// centred
		if l, r := fr.crop.Min.X, photo.Max.X-fr.crop.Max.X; l-r > 1 || r-l > 1 {
			t.Errorf("%dx%d: crop %v not centred", cw, ch, fr.crop)
		}
		fb := framePhoto(blur, photo, cw, ch, focus{}, nil)
		if cw*2 < ch*3 { // frame narrower than 3:2 by more than the tolerance
			if fb.cover || fb.crop != photo || fb.dst.Dx() != cw || fb.dst.Min.Y <= 0 {
				t.Errorf("%dx%d blur style: %+v, want the whole photo across the width", cw, ch, fb)
			}
		}
	}
	// Within tolerance (1.5/1.78 is 16 % off), a 3:2 photo covers a 16:9 frame.
	if fr := framePhoto(blur, photo, 1920, 1080, focus{}, nil); !fr.cover {
		t.Errorf("3:2 in 16:9 with tolerance 0.2 not covered: %+v", fr)
	}
}

// TestPortraitNoLetterbox: a letterboxing style draws its bars on 16:9
// frames only; a 9:16 frame of the same slide has picture in its top and
// bottom rows.
func TestPortraitNoLetterbox(t *testing.T) {
	t.Parallel()
	st := plainStyle(t, styles.Crossfade)
	st.Overlays.Letterbox = 2.39
	grey := &Slide{Kind: PhotoSlide, Photo: solidPhoto(color.RGBA{128, 128, 128, 255}), Duration: 4}
	for _, sz := range [][3]int{{320, 180, 1}, {180, 320, 0}, {240, 240, 0}} {
		w, h := sz[0], sz[1]
		m := newYCbCr(w, h)
		if err := NewRenderer(st, w, h, Options{}).Render(m, Scene{Current: Shot{Slide: grey, T: 1}}); err != nil {
			t.Fatal(err)
		}
		black := lumaAt(m, w/2, 0) == 16 && lumaAt(m, w/2, h-1) == 16
		if black != (sz[2] == 1) {
			t.Errorf("%dx%d: black top and bottom rows = %v", w, h, black)
		}
	}
}
