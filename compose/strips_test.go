package compose

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/reelkit/reel/styles"
)

// frameAspects are the frame sizes the look is checked at: 16:9, 9:16,
// 1:1 and 4:5.
var frameAspects = [][2]int{{1280, 720}, {720, 1280}, {720, 720}, {720, 900}}

// visibleStrips returns the fill's share of the visible picture on the
// padded axis of a view (both strips together, and the thinner one) for a
// photo drawn at dst on a cw x ch canvas, seen through camera c with
// letterbox share visible of the frame on that axis.
func visibleStrips(pd padding, dst image.Rectangle, cw, ch int, c camera) (total, thinner float64) {
	if pd.axis == 0 {
		return 0, 0
	}
	p0, p1 := float64(dst.Min.X)/float64(cw), float64(dst.Max.X)/float64(cw)
	centre := c.cx
	if pd.axis == 2 {
		p0, p1 = float64(dst.Min.Y)/float64(ch), float64(dst.Max.Y)/float64(ch)
		centre = c.cy
	}
	half := 0.5 / c.z * pd.visible // the part of the view between the bars
	v0, v1 := centre-half, centre+half
	left := math.Max(0, math.Min(p0, v1)-v0)
	right := math.Max(0, v1-math.Max(p1, v0))
	return (left + right) / (v1 - v0), math.Min(left, right) / (v1 - v0)
}

// TestNoThinFillStrips: for every built-in style at 16:9, 9:16, 1:1 and
// 4:5, photos of aspects from 1:3 to 3:1 (with and without a face at the
// photo's edge), every Ken Burns view of every move of the style shows
// either no fill at all or a fill of at least 15 % of the visible
// picture on the padded axis, never a thin strip.
func TestNoThinFillStrips(t *testing.T) {
	t.Parallel()
	checked := 0
	for _, st := range styles.Builtin().List() {
		if st.Overlays.Frame != nil {
			continue // framed prints always lie on the paper
		}
		for _, fs := range frameAspects {
			for pa := 1.0 / 3; pa <= 3; pa *= 1.03 {
				pb := image.Rect(0, 0, int(1200*pa), 1200)
				edgeFace := focus{on: true, faces: []image.Rectangle{image.Rect(0, 500, 120, 650)}, point: image.Pt(60, 575)}
				for _, fc := range []focus{{}, {on: true, point: pb.Size().Div(2)}, edgeFace} {
					for i, m := range st.Motion.Moves {
						cw, ch := canvasSize(fs[0], fs[1], headroom(m))
						fr := framePhoto(st, pb, cw, ch, fc, nil)
						d := &slideData{motion: m, keep: fr.keep, pad: fr.pad}
						if fr.cover != (fr.pad.axis == 0) {
							t.Fatalf("%s %v photo %.2f: cover %v but padding %+v", st.MachineName, fs, pa, fr.cover, fr.pad)
						}
						for k := 0; k <= 20; k++ {
							c := d.camera(st.Motion.Easing, float64(k)/20)
							total, _ := visibleStrips(fr.pad, fr.dst, cw, ch, c)
							checked++
							if total > 0.002 && total < 0.15 {
								t.Fatalf("%s %dx%d photo %.3f focus %v move %d (%s) at %d/20: fill strip %.1f %% of the picture",
									st.MachineName, fs[0], fs[1], pa, fc.on, i, m.Kind, k, 100*total)
							}
						}
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}

// TestNearAspectPhotosFillFrame: 16:10 and 3:2 photos fill a 16:9 frame in
// every blur and bars style (no strips), while a 4:3 photo in a 9:16
// frame keeps its fill.
func TestNearAspectPhotosFillFrame(t *testing.T) {
	t.Parallel()
	for _, st := range styles.Builtin().List() {
		if st.Overlays.Frame != nil {
			continue
		}
		for _, pa := range [][2]int{{1600, 1000}, {1500, 1000}} {
			fr := framePhoto(st, image.Rect(0, 0, pa[0], pa[1]), 1280, 720, focus{}, nil)
			if !fr.cover {
				t.Errorf("%s: %dx%d photo in 16:9 padded (dst %v)", st.MachineName, pa[0], pa[1], fr.dst)
			}
		}
		if fr := framePhoto(st, image.Rect(0, 0, 1600, 1200), 720, 1280, focus{}, nil); fr.cover {
			t.Errorf("%s: 4:3 photo covers a 9:16 frame", st.MachineName)
		}
	}
}

// TestNoThinStripPixels renders a 3:2 photo (a flat colour) in Bold and
// Cinematic at 16:9 through the whole slide: every frame's left and
// right columns (inside the letterbox) show the photo, not a fill.
func TestNoThinStripPixels(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"bold", "cinematic", "retro", "vanilla"} {
		st := styleWith(t, name, func(s *styles.Style) {
			s.Overlays = styles.Overlays{Letterbox: s.Overlays.Letterbox}
		})
		ph := solidPhotoSize(color.RGBA{200, 40, 40, 255}, 300, 200)
		for i := 0; i < len(st.Motion.Moves); i++ {
			sl := &Slide{Kind: PhotoSlide, Photo: ph, Duration: 4, Index: i}
			r := NewRenderer(st, 320, 180, Options{})
			m := newYCbCr(320, 180)
			for _, tt := range []float64{0, 1, 2, 3, 4} {
				if err := r.Render(m, Scene{Current: Shot{Slide: sl, T: tt}}); err != nil {
					t.Fatal(err)
				}
				for _, x := range []int{0, 1, 318, 319} {
					if y := lumaAt(m, x, 90); absInt(y-lumaAt(m, 160, 90)) > 3 {
						t.Fatalf("%s move %d t=%v: column %d luma %d, the photo's is %d", name, i, tt, x, y, lumaAt(m, 160, 90))
					}
				}
			}
		}
	}
}

func absInt(v int) int { return max(v, -v) }

// solidPhotoSize is a w x h photo of one colour.
func solidPhotoSize(c color.RGBA, w, h int) *Photo {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return NewPhoto(m, DecodeOptions{})
}
