package compose

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/reelkit/reel/styles"
)

var update = flag.Bool("update", false, "rewrite the golden frames in ../testdata/golden")

// goldenProject is the fixed project of the golden frames: a title card,
// photos with captions (one portrait), a text slide and credits.
type goldenProject struct {
	title, photo, photo2, portrait, textSlide, credits *Slide
}

func newGoldenProject(t testing.TB) *goldenProject {
	return &goldenProject{
		title:     &Slide{Kind: TitleCard, Title: "Summer in Sardinia", Duration: 3, Index: 0},
		photo:     &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "03.jpg"), Caption: "Dune grass above the sea", Duration: 5, Index: 1},
		photo2:    &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "07.jpg"), Caption: "A ladybird on the path", Duration: 5, Index: 2},
		portrait:  &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "portrait.jpg"), Caption: "The garden in June", Duration: 5, Index: 3},
		textSlide: &Slide{Kind: TextSlide, Title: "Day two", Text: "Into the hills, with a picnic and far too much bread", Duration: 4, Index: 4},
		credits: &Slide{Kind: CreditsCard, Duration: 6, Index: 5, Credits: [][2]string{
			{"Photos", "Marco Cogoni"}, {"Photos", "Charles Barbin"}, {"Music", "reel demo track"}, {"Made with", "reel"},
		}},
	}
}

// scenes are the golden frames: title, photo + caption, a transition at 35 %,
// portrait (fill), text slide, credits.
func (g *goldenProject) scenes(st *styles.Style) []Scene {
	td := st.Transitions.Duration
	return []Scene{
		{Current: Shot{Slide: g.title, T: 2.5}},
		{Current: Shot{Slide: g.photo, T: 2.5}},
		{Current: Shot{Slide: g.photo, T: 5 - td*0.65}, Next: &Shot{Slide: g.photo2, T: td * 0.35}, Mix: 0.35},
		{Current: Shot{Slide: g.portrait, T: 2.5}},
		{Current: Shot{Slide: g.textSlide, T: 3.8}},
		{Current: Shot{Slide: g.credits, T: 2.5}},
	}
}

// goldenSheet renders the golden frames of st at w x h into a 3x2 sheet.
func goldenSheet(t *testing.T, st *styles.Style, w, h int) *image.RGBA {
	g := newGoldenProject(t)
	r := NewRenderer(st, w, h, Options{})
	sheet := image.NewRGBA(image.Rect(0, 0, 3*w, 2*h))
	frame := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, sc := range g.scenes(st) {
		if err := r.RenderRGBA(frame, sc); err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		at := image.Pt(i%3*w, i/3*h)
		draw.Draw(sheet, frame.Bounds().Add(at), frame, image.Point{}, draw.Src)
	}
	return sheet
}

// goldenSizes are the frame sizes of the golden sheets: 16:9 (the
// original sheets, <style>.png), 9:16 portrait, 1:1 square and 4:5; aspect
// names the sheet in docs/styles.
var goldenSizes = []struct {
	suffix, aspect string
	w, h           int
}{
	{"", "16x9", 480, 270},
	{"-9x16", "9x16", 270, 480},
	{"-1x1", "1x1", 360, 360},
	{"-4x5", "4x5", 288, 360},
}

// docsSheet is the path of a style's contact sheet in docs/styles, the
// one the README links to: the golden sheet as a JPEG.
func docsSheet(style, aspect string) string {
	return filepath.Join("..", "docs", "styles", style+"-"+aspect+".jpg")
}

// TestGolden compares each style's sheet at each golden size with
// testdata/golden/<style><suffix>.png within a tolerance (mean difference
// <= 1 level, and under 0.5 % of the samples off by more than 24 levels),
// and with its contact sheet docs/styles/<style>-<aspect>.jpg within a
// JPEG's tolerance; -update rewrites both.
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, st := range styles.Builtin().List() {
		for _, gs := range goldenSizes {
			t.Run(st.MachineName+gs.suffix, func(t *testing.T) {
				got := goldenSheet(t, st, gs.w, gs.h)
				path := filepath.Join("..", "testdata", "golden", st.MachineName+gs.suffix+".png")
				if *update {
					var b bytes.Buffer
					if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, got); err != nil {
						t.Fatal(err)
					}
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					b.Reset()
					if err := jpeg.Encode(&b, got, &jpeg.Options{Quality: 88}); err != nil {
						t.Fatal(err)
					}
					doc := docsSheet(st.MachineName, gs.aspect)
					if err := os.MkdirAll(filepath.Dir(doc), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(doc, b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				checkDocsSheet(t, got, docsSheet(st.MachineName, gs.aspect))
				f, err := os.Open(path)
				if err != nil {
					t.Fatalf("%v (run go test ./compose -run TestGolden -update)", err)
				}
				defer f.Close()
				want, err := png.Decode(f)
				if err != nil {
					t.Fatal(err)
				}
				if err := compareImages(got, want); err != nil {
					t.Errorf("%s: %v", path, err)
				}
			})
		}
	}
}

func compareImages(got *image.RGBA, want image.Image) error {
	if got.Bounds() != want.Bounds() {
		return fmt.Errorf("size %v, golden %v", got.Bounds(), want.Bounds())
	}
	w := image.NewRGBA(want.Bounds())
	draw.Draw(w, w.Bounds(), want, want.Bounds().Min, draw.Src)
	var sum, far, n int
	for i := range got.Pix {
		if i%4 == 3 {
			continue
		}
		d := int(got.Pix[i]) - int(w.Pix[i])
		d = max(d, -d)
		sum += d
		if d > 24 {
			far++
		}
		n++
	}
	mean := float64(sum) / float64(n)
	if mean > 1 || float64(far) > 0.005*float64(n) {
		return fmt.Errorf("differs: mean %.2f levels, %d of %d samples off by > 24", mean, far, n)
	}
	return nil
}

// checkDocsSheet fails when the contact sheet at path is missing or no
// longer shows got (mean difference over 3 levels: more than JPEG's loss).
func checkDocsSheet(t *testing.T, got *image.RGBA, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test ./compose -run TestGolden -update)", err)
	}
	defer f.Close()
	doc, err := jpeg.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if doc.Bounds() != got.Bounds() {
		t.Fatalf("%s: size %v, sheet %v", path, doc.Bounds(), got.Bounds())
	}
	var sum, n int
	for y := got.Rect.Min.Y; y < got.Rect.Max.Y; y += 3 {
		for x := got.Rect.Min.X; x < got.Rect.Max.X; x += 3 {
			r, g, b, _ := doc.At(x, y).RGBA()
			o := got.PixOffset(x, y)
			sum += absInt(int(r>>8)-int(got.Pix[o])) + absInt(int(g>>8)-int(got.Pix[o+1])) + absInt(int(b>>8)-int(got.Pix[o+2]))
			n += 3
		}
	}
	if mean := float64(sum) / float64(n); mean > 3 {
		t.Errorf("%s is stale: mean difference %.2f levels (run go test ./compose -run TestGolden -update)", path, mean)
	}
}
