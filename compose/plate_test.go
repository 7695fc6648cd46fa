package compose

import (
	"image/color"
	"testing"

	"github.com/reelkit/reel/styles"
)

// TestCaptionPlateIsNeutral: over a saturated yellow photo, the plate
// reel adds behind Vanilla's white caption (and the plates Minimal and
// Memories draw) keep no yellow: every chroma sample inside the caption's
// sprite is within a few levels of the plate's and text's own
// (neutral or near it), not the photo's hue mixed in.
func TestCaptionPlateIsNeutral(t *testing.T) {
	t.Parallel()
	yellow := solidPhotoSize(color.RGBA{235, 205, 30, 255}, 640, 360)
	for _, name := range []string{"vanilla", "minimal", "memories"} {
		st := styleWith(t, name, func(s *styles.Style) {
			s.Motion = styles.MotionSet{}
			s.Overlays = styles.Overlays{}
			s.Caption.Animation = styles.AnimNone
		})
		const w, h = 640, 360
		plain := &Slide{Kind: PhotoSlide, Photo: yellow, Duration: 4}
		capt := &Slide{Kind: PhotoSlide, Photo: yellow, Caption: "Golden hour", Duration: 4}
		a, b := newYCbCr(w, h), newYCbCr(w, h)
		r := NewRenderer(st, w, h, Options{})
		if err := r.Render(a, Scene{Current: Shot{Slide: plain, T: 2}}); err != nil {
			t.Fatal(err)
		}
		if err := r.Render(b, Scene{Current: Shot{Slide: capt, T: 2}}); err != nil {
			t.Fatal(err)
		}
		n := 0
		for cy := 0; cy < h/2; cy++ {
			for cx := 0; cx < w/2; cx++ {
				// inside: the luma of the sample's 6x6 neighbourhood all changed
				under := true
				for y := 2*cy - 2; y < 2*cy+4 && under; y++ {
					for x := 2*cx - 2; x < 2*cx+4; x++ {
						if x < 0 || y < 0 || x >= w || y >= h || absInt(lumaAt(a, x, y)-lumaAt(b, x, y)) < 12 {
							under = false
							break
						}
					}
				}
				if !under {
					continue
				}
				n++
				cb, cr := int(b.Cb[cy*b.CStride+cx]), int(b.Cr[cy*b.CStride+cx])
				if absInt(cb-128) > 8 || absInt(cr-128) > 8 {
					t.Fatalf("%s: chroma (%d, %d) at (%d, %d) under the caption: the photo's yellow shows through the plate", name, cb, cr, 2*cx, 2*cy)
				}
			}
		}
		if n < 100 {
			t.Fatalf("%s: only %d chroma samples under the caption", name, n)
		}
	}
}

// TestPortraitBackdropMutedAndShadowed: behind a portrait photo in a 16:9
// frame, the blurred backdrop is darker and less saturated than the
// photo, and darker still next to the photo's edge (its soft shadow).
func TestPortraitBackdropMutedAndShadowed(t *testing.T) {
	t.Parallel()
	st := styleWith(t, "vanilla", func(s *styles.Style) {
		s.Motion = styles.MotionSet{}
		s.Overlays = styles.Overlays{}
	})
	const w, h = 640, 360
	sl := &Slide{Kind: PhotoSlide, Photo: solidPhotoSize(color.RGBA{230, 120, 30, 255}, 300, 600), Duration: 4}
	m := newYCbCr(w, h)
	if err := NewRenderer(st, w, h, Options{}).Render(m, Scene{Current: Shot{Slide: sl, T: 2}}); err != nil {
		t.Fatal(err)
	}
	chroma := func(x, y int) int {
		i := (y/2)*m.CStride + x/2
		return absInt(int(m.Cb[i])-128) + absInt(int(m.Cr[i])-128)
	}
	photoX := w / 2
	left := (w - h*300/600) / 2 // the photo's left edge
	far, near := 8, left-3
	if !(lumaAt(m, far, h/2) < lumaAt(m, photoX, h/2)*3/4) {
		t.Errorf("backdrop luma %d not clearly darker than the photo's %d", lumaAt(m, far, h/2), lumaAt(m, photoX, h/2))
	}
	if !(chroma(far, h/2)*10 < chroma(photoX, h/2)*6) {
		t.Errorf("backdrop chroma %d not clearly below the photo's %d", chroma(far, h/2), chroma(photoX, h/2))
	}
	if !(lumaAt(m, near, h/2) < lumaAt(m, far, h/2)-4) {
		t.Errorf("no shadow at the seam: luma %d next to the photo, %d far from it", lumaAt(m, near, h/2), lumaAt(m, far, h/2))
	}
}
