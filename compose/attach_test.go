package compose

import (
	"image"
	"testing"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// bluePhoto is a w x h photo of pure blue: easy to find in a frame.
func bluePhoto(w, h int) *Photo {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i+2], m.Pix[i+3] = 255, 255
	}
	return NewPhoto(m, DecodeOptions{})
}

// captionAndPhoto renders a photo slide of st with and without caption at
// w x h and returns the caption's frame rectangle (pixels the caption
// changes) and the photo's rows and columns (its blue pixels) in the bare
// frame.
func captionAndPhoto(t *testing.T, st *styles.Style, ph *Photo, caption string, w, h int) (capR, photo image.Rectangle) {
	t.Helper()
	r := NewRenderer(st, w, h, Options{})
	a, b := image.NewRGBA(image.Rect(0, 0, w, h)), image.NewRGBA(image.Rect(0, 0, w, h))
	cs := &Slide{Kind: PhotoSlide, Photo: ph, Caption: caption, Duration: 6, Index: 1}
	bare := &Slide{Kind: PhotoSlide, Photo: ph, Duration: 6, Index: 1}
	if err := r.RenderRGBA(a, Scene{Current: Shot{cs, 3}}); err != nil {
		t.Fatal(err)
	}
	if err := r.RenderRGBA(b, Scene{Current: Shot{bare, 3}}); err != nil {
		t.Fatal(err)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := a.PixOffset(x, y)
			d := absInt(int(a.Pix[i])-int(b.Pix[i])) + absInt(int(a.Pix[i+1])-int(b.Pix[i+1])) + absInt(int(a.Pix[i+2])-int(b.Pix[i+2]))
			if d > 12 {
				capR = capR.Union(image.Rect(x, y, x+1, y+1))
			}
			if p := b.Pix[i : i+3]; p[2] > 150 && p[0] < 90 && p[1] < 90 {
				photo = photo.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if capR.Empty() || photo.Empty() {
		t.Fatalf("caption %v, photo %v: nothing to measure", capR, photo)
	}
	return capR, photo
}

// TestPrintCarriesItsCaption: in Memories, at every aspect, the caption
// is a label across the print's bottom edge (the edge, under the
// caption's middle, lies within one type size of the caption's middle
// row), inside the safe area; in a tall frame a landscape photo is
// printed 5:4 so that the print is taller in the narrow frame.
func TestPrintCarriesItsCaption(t *testing.T) {
	t.Parallel()
	red := styles.Color{R: 255, A: 255}
	st := styleWith(t, "memories", func(s *styles.Style) { s.Caption.Text.Colour = red })
	for _, sz := range [][2]int{{480, 270}, {270, 480}, {360, 360}, {288, 360}} {
		w, h := sz[0], sz[1]
		for _, ph := range []*Photo{bluePhoto(900, 600), bluePhoto(600, 900)} {
			r := NewRenderer(st, w, h, Options{})
			m := image.NewRGBA(image.Rect(0, 0, w, h))
			s := &Slide{Kind: PhotoSlide, Photo: ph, Caption: "Dune grass above the sea", Duration: 6, Index: 1}
			if err := r.RenderRGBA(m, Scene{Current: Shot{s, 3}}); err != nil {
				t.Fatal(err)
			}
			var ink, photo image.Rectangle
			lowest := make([]int, w) // per column, the photo's lowest row
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					p := m.Pix[m.PixOffset(x, y):]
					switch {
					case p[0] > 170 && p[1] < 90 && p[2] < 90:
						ink = ink.Union(image.Rect(x, y, x+1, y+1))
					case p[2] > 150 && p[0] < 90 && p[1] < 90:
						photo = photo.Union(image.Rect(x, y, x+1, y+1))
						lowest[x] = y + 1
					}
				}
			}
			if ink.Empty() || photo.Empty() {
				t.Fatalf("%dx%d: caption ink %v, photo %v", w, h, ink, photo)
			}
			// the print's bottom edge under the caption's middle: the photo's
			// edge either side of the caption, interpolated, plus the border
			xl, xr := max(ink.Min.X-4, photo.Min.X+2), min(ink.Max.X+4, photo.Max.X-3)
			border := st.Overlays.Frame.Border * styles.Unit(w, h)
			edge := float64(lowest[xl]+lowest[xr])/2 + border
			mid := float64(ink.Min.Y+ink.Max.Y) / 2
			size := st.Caption.Text.Size * styles.Unit(w, h)
			t.Logf("%dx%d, photo %v: photo %v, edge %.0f, caption ink %v", w, h, ph.Image().Bounds().Size(), photo, edge, ink)
			if d := mid - edge; d > size || d < -size {
				t.Errorf("%dx%d: caption's middle row %.0f is %.0f px from the print's bottom edge %.0f (type %.0f px)", w, h, mid, d, edge, size)
			}
			if safe := text.SafeArea(st, w, h); !ink.In(safe) {
				t.Errorf("%dx%d: caption ink %v outside the safe area %v", w, h, ink, safe)
			}
			if ph.Image().Bounds().Dx() > ph.Image().Bounds().Dy() && h > w {
				if r := float64(photo.Dy()) / float64(photo.Dx()); r < 0.77 {
					t.Errorf("%dx%d: landscape print %v is %.2f as tall as wide, want a 5:4 print", w, h, photo, r)
				}
			}
		}
	}
}

// TestCaptionOffContainedPhotoEdge: Minimal shows a 3:2 photo between
// white bands in a square frame; its caption sits whole in the band below
// the photo (no plate biting a notch into the photo's edge), on one line.
func TestCaptionOffContainedPhotoEdge(t *testing.T) {
	t.Parallel()
	st, _ := styles.Builtin().Lookup("minimal")
	for _, sz := range [][2]int{{360, 360}, {720, 720}, {288, 360}, {270, 480}} {
		w, h := sz[0], sz[1]
		capR, photo := captionAndPhoto(t, st, bluePhoto(900, 600), "Morning light on the water", w, h)
		t.Logf("%dx%d: photo rows %d..%d, caption %v", w, h, photo.Min.Y, photo.Max.Y, capR)
		if capR.Min.Y < photo.Max.Y && capR.Max.Y > photo.Max.Y {
			t.Errorf("%dx%d: caption rows %d..%d straddle the photo's bottom edge %d", w, h, capR.Min.Y, capR.Max.Y, photo.Max.Y)
		}
		if capR.Min.Y < photo.Max.Y {
			t.Errorf("%dx%d: caption %v not in the band below the photo (ends at %d)", w, h, capR, photo.Max.Y)
		}
		size := st.Caption.Text.Size * styles.Unit(w, h)
		if float64(capR.Dy()) > 2*size {
			t.Errorf("%dx%d: caption %d px tall at %.0f px type: wrapped", w, h, capR.Dy(), size)
		}
	}
}
