package compose

import (
	"image"
	"image/color"
	"math/rand"
	"testing"

	"github.com/reelkit/reel/styles"
)

// brightPhoto is a near-white photo with faint texture.
func brightPhoto() *Photo {
	m := image.NewRGBA(image.Rect(0, 0, 960, 540))
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < len(m.Pix); i += 4 {
		v := uint8(240 + rng.Intn(16))
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = v, v, v-4, 255
	}
	return NewPhoto(m, DecodeOptions{})
}

// busyPhoto is a photo of random saturated 6-pixel blocks, bright on
// average.
func busyPhoto() *Photo {
	m := image.NewRGBA(image.Rect(0, 0, 960, 540))
	rng := rand.New(rand.NewSource(2))
	for by := 0; by < 540; by += 6 {
		for bx := 0; bx < 960; bx += 6 {
			c := color.RGBA{uint8(96 + rng.Intn(160)), uint8(96 + rng.Intn(160)), uint8(rng.Intn(256)), 255}
			for y := by; y < by+6; y++ {
				for x := bx; x < bx+6; x++ {
					m.SetRGBA(x, y, c)
				}
			}
		}
	}
	return NewPhoto(m, DecodeOptions{})
}

// textContrast renders shot once as given and once through empty (the
// same shot without its text) and returns the WCAG contrast ratio between
// fill and the mean relative luminance of the pixels the text changed,
// glyph pixels (changed and close to fill) excluded, inside the bounding
// box of the changed pixels. n is the number of background pixels.
func textContrast(t *testing.T, r *Renderer, with, without Scene, fill styles.Color) (ratio float64, n int) {
	t.Helper()
	w, h := r.Size()
	a := image.NewRGBA(image.Rect(0, 0, w, h))
	b := image.NewRGBA(image.Rect(0, 0, w, h))
	if err := r.RenderRGBA(a, with); err != nil {
		t.Fatal(err)
	}
	if err := r.RenderRGBA(b, without); err != nil {
		t.Fatal(err)
	}
	abs := func(x int) int {
		if x < 0 {
			return -x
		}
		return x
	}
	diff := func(p, q []uint8) int {
		return abs(int(p[0])-int(q[0])) + abs(int(p[1])-int(q[1])) + abs(int(p[2])-int(q[2]))
	}
	rc := image.Rectangle{}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := a.PixOffset(x, y)
			if diff(a.Pix[i:i+3], b.Pix[i:i+3]) > 24 {
				rc = rc.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if rc.Empty() {
		t.Fatal("the text changed no pixel")
	}
	fc := []uint8{fill.R, fill.G, fill.B}
	var sum float64
	for y := rc.Min.Y; y < rc.Max.Y; y++ {
		for x := rc.Min.X; x < rc.Max.X; x++ {
			i := a.PixOffset(x, y)
			p := a.Pix[i : i+3]
			if diff(p, b.Pix[i:i+3]) > 24 && diff(p, fc) < 72 {
				continue // glyph
			}
			sum += relLum(p[0], p[1], p[2])
			n++
		}
	}
	return contrastRatio(relLum(fill.R, fill.G, fill.B), sum/float64(n)), n
}

// TestCaptionContrast: in every built-in style a caption over a
// near-white, a busy and a real photo keeps a WCAG contrast ratio of at
// least 4.5:1 against the decoded frame's pixels around its glyphs, and a
// text slide's title and text against its background.
func TestCaptionContrast(t *testing.T) {
	t.Parallel()
	const w, h = 1280, 720
	photos := []struct {
		name  string
		photo *Photo
	}{
		{"bright", brightPhoto()},
		{"busy", busyPhoto()},
		{"01.jpg", testPhoto(t, "01.jpg")},
	}
	for _, st := range styles.Builtin().List() {
		name := st.MachineName
		r := NewRenderer(st, w, h, Options{})
		for i, ph := range photos {
			cap := &Slide{Kind: PhotoSlide, Photo: ph.photo, Caption: "Summer at the lake, 2024", Duration: 6, Index: i}
			bare := &Slide{Kind: PhotoSlide, Photo: ph.photo, Duration: 6, Index: i}
			ratio, n := textContrast(t, r, Scene{Current: Shot{cap, 4}}, Scene{Current: Shot{bare, 4}}, st.Caption.Text.Colour)
			t.Logf("%s caption over %s: %.2f:1 (%d background pixels)", name, ph.name, ratio, n)
			if ratio < minContrast {
				t.Errorf("%s caption over %s: contrast %.2f:1 < %.1f:1", name, ph.name, ratio, minContrast)
			}
		}
		empty := &Slide{Kind: TextSlide, Duration: 6, Index: 9}
		for _, c := range []struct {
			what        string
			title, text string
			fill        styles.Color
		}{
			{"text slide title", "Day one", "", st.TextSlide.Title.Colour},
			{"text slide text", "", "We drove north before dawn", st.TextSlide.Text.Colour},
		} {
			s := &Slide{Kind: TextSlide, Title: c.title, Text: c.text, Duration: 6, Index: 9}
			ratio, _ := textContrast(t, r, Scene{Current: Shot{s, 4}}, Scene{Current: Shot{empty, 4}}, c.fill)
			t.Logf("%s %s: %.2f:1", name, c.what, ratio)
			if ratio < minContrast {
				t.Errorf("%s %s: contrast %.2f:1 < %.1f:1", name, c.what, ratio, minContrast)
			}
		}
	}
}
