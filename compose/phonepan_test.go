package compose

import (
	"image"
	"testing"

	"github.com/reelkit/reel/styles"
)

// gradientPhoto is a w x h photo whose red rises from left to right and
// whose green is constant: any column's colour tells its x.
func gradientPhoto(w, h int) *Photo {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			o := m.PixOffset(x, y)
			m.Pix[o], m.Pix[o+1], m.Pix[o+2], m.Pix[o+3] = uint8(20+200*x/w), 160, 60, 255
		}
	}
	return NewPhoto(m, DecodeOptions{})
}

// TestLandscapePhotoFillsPortraitFrame: a 16:9 photo in Vanilla and Bold
// at 9:16, 4:5 and 1:1 fills the frame (its top and bottom rows are the
// photo's green, not a dimmed backdrop) and pans: the frame's colour at
// its centre moves across the photo between the slide's start and end.
// With fill.band set it keeps the band over the backdrop.
func TestLandscapePhotoFillsPortraitFrame(t *testing.T) {
	t.Parallel()
	ph := gradientPhoto(1600, 900)
	for _, name := range []string{"vanilla", "bold"} {
		for _, band := range []bool{false, true} {
			st := styleWith(t, name, func(s *styles.Style) {
				s.Overlays = styles.Overlays{}
				s.Fill.Band = band
			})
			for _, sz := range [][2]int{{180, 320}, {288, 360}, {240, 240}} {
				w, h := sz[0], sz[1]
				sl := &Slide{Kind: PhotoSlide, Photo: ph, Duration: 4, Index: 1}
				r := NewRenderer(st, w, h, Options{})
				var centre [2]int
				for i, tt := range []float64{0, 4} {
					m := newYCbCr(w, h)
					if err := r.Render(m, Scene{Current: Shot{Slide: sl, T: tt}}); err != nil {
						t.Fatal(err)
					}
					edge := lumaAt(m, w/2, 0)
					filled := absInt(edge-lumaAt(m, w/2, h/2)) < 20
					if filled == band {
						t.Errorf("%s band=%v %dx%d t=%v: top row luma %d vs centre %d: filled %v", name, band, w, h, tt, edge, lumaAt(m, w/2, h/2), filled)
					}
					centre[i] = int(m.Cr[(h/4)*m.CStride+w/4])
				}
				if !band && absInt(centre[1]-centre[0]) < 4 {
					t.Errorf("%s %dx%d: no pan (centre Cr %d at the start, %d at the end)", name, w, h, centre[0], centre[1])
				}
			}
		}
	}
}

// TestPanKeepsFacesInView: at every progress, the pan's view holds the
// faces' box whenever it fits one view, and is centred on it otherwise.
func TestPanKeepsFacesInView(t *testing.T) {
	t.Parallel()
	const cw, ch, w, h = 1620, 1920, 1080, 1920
	for _, k := range []*box{{0.05, 0.3, 0.2, 0.5}, {0.7, 0.2, 0.95, 0.4}, {0.4, 0.4, 0.6, 0.6}, nil} {
		for idx := 0; idx < 2; idx++ {
			for p := 0.0; p <= 1; p += 0.05 {
				v := panView(cw, ch, w, h, k, "ease-in-out", p, idx)
				x1 := v.x0 + float64(w)*v.sx
				if v.x0 < -1e-9 || x1 > cw+1e-9 || v.sy != 1 {
					t.Fatalf("view %+v leaves the %dx%d canvas", v, cw, ch)
				}
				if k != nil && (k.x0*cw < v.x0-1e-6 || k.x1*cw > x1+1e-6) {
					t.Fatalf("faces %+v out of view %.1f..%.1f at %.2f", *k, v.x0, x1, p)
				}
			}
		}
	}
}
