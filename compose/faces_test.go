package compose

import (
	"fmt"
	"image"
	"os"
	"testing"

	xdraw "golang.org/x/image/draw"

	"github.com/reelkit/reel/styles"
)

// sampleFace is the face in testdata/faces/sample.jpg (see
// testdata/faces/README.md): the box pigo reports for it, without reel's
// margin, and the head around it that the test photos paste.
var (
	sampleFace = image.Rect(36, 82, 276, 322)
	sampleHead = image.Rect(16, 40, 296, 380)
)

// facePhoto composites heads from sample.jpg onto a repo test photo: the
// background is bg cover-scaled to w x h, and each head is pasted with
// its face scaled to side px at the given top-left face corner. It
// returns the photo and the face boxes pasted (photo coordinates).
func facePhoto(t testing.TB, bg string, w, h, side int, at ...image.Point) (*Photo, []image.Rectangle) {
	t.Helper()
	load := func(name string) *image.RGBA {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		p, err := DecodePhoto(f, DecodeOptions{WorkWidth: 4000, WorkHeight: 4000})
		if err != nil {
			t.Fatal(err)
		}
		return p.Image()
	}
	back, head := load("testdata/../../testdata/photos/"+bg), load("testdata/faces/sample.jpg")
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.ApproxBiLinear.Scale(m, m.Bounds(), back, coverRect(back.Bounds(), w, h), xdraw.Src, nil)
	s := float64(side) / float64(sampleFace.Dx())
	sc := func(v int) int { return int(float64(v)*s + 0.5) }
	var boxes []image.Rectangle
	for _, p := range at {
		off := p.Sub(image.Pt(sc(sampleFace.Min.X), sc(sampleFace.Min.Y)))
		dst := image.Rect(sc(sampleHead.Min.X), sc(sampleHead.Min.Y), sc(sampleHead.Max.X), sc(sampleHead.Max.Y)).Add(off)
		xdraw.CatmullRom.Scale(m, dst, head, sampleHead, xdraw.Src, nil)
		boxes = append(boxes, image.Rect(p.X, p.Y, p.X+side, p.Y+side))
	}
	return NewPhoto(m, DecodeOptions{WorkWidth: w, WorkHeight: h}), boxes
}

// faceCases are portrait, landscape and group shots with faces near the
// edges of 3:2, 4:3 and 3:4 photos.
func faceCases(t testing.TB) map[string]func() (*Photo, []image.Rectangle) {
	return map[string]func() (*Photo, []image.Rectangle){
		"landscape-3:2-left": func() (*Photo, []image.Rectangle) {
			return facePhoto(t, "01.jpg", 1500, 1000, 220, image.Pt(30, 300))
		},
		"landscape-4:3-right-top": func() (*Photo, []image.Rectangle) {
			return facePhoto(t, "06.jpg", 1200, 900, 200, image.Pt(960, 40))
		},
		"portrait-3:4-bottom": func() (*Photo, []image.Rectangle) {
			return facePhoto(t, "05.jpg", 900, 1200, 200, image.Pt(80, 950))
		},
		"group-3:2": func() (*Photo, []image.Rectangle) {
			return facePhoto(t, "03.jpg", 1500, 1000, 170, image.Pt(40, 200), image.Pt(660, 420), image.Pt(1280, 250))
		},
	}
}

// TestFacesStayInFrame: for photos with known face boxes, the faces are
// detected, and in every built-in style at 16:9 and 9:16 every face box
// stays inside the view of every frame of its slide (all the style's
// moves, sampled every 2 % of the slide) — unless the style always crops
// (FillCrop) and the faces together are wider than any crop, which no
// cover crop can hold.
func TestFacesStayInFrame(t *testing.T) {
	t.Parallel()
	for name, mk := range faceCases(t) {
		p, known := mk()
		found := p.Faces()
		for _, k := range known {
			hit := false
			for _, f := range found {
				in := f.Intersect(k)
				hit = hit || in.Dx()*in.Dy()*2 > k.Dx()*k.Dy()
			}
			if !hit {
				t.Errorf("%s: face %v not detected (found %v)", name, k, found)
			}
		}
		for _, st := range styles.Builtin().List() {
			if st.Overlays.Frame != nil {
				continue // a framed print shows the whole photo
			}
			for _, sz := range [][2]int{{1280, 720}, {720, 1280}} {
				for mi, m := range st.Motion.Moves {
					cw, ch := canvasSize(sz[0], sz[1], headroom(m))
					fr := framePhoto(st, p.Bounds(), cw, ch, p.findFocus(), nil)
					all := union(known)
					wantCover := st.MachineName == "vanilla" && (sz[0] > sz[1]) == (p.Bounds().Dx() > p.Bounds().Dy()) && all.Dx() < p.Bounds().Dx()/2
					if wantCover && !fr.cover {
						t.Errorf("%s vanilla %dx%d: not filled (%+v), though the faces fit", name, sz[0], sz[1], fr)
					}
					if !all.In(fr.crop) {
						if st.Fill.Mode == styles.FillCrop && (all.Dx() > fr.crop.Dx() || all.Dy() > fr.crop.Dy()) {
							continue
						}
						t.Errorf("%s %s %dx%d: faces %v outside the crop %v", name, st.MachineName, sz[0], sz[1], all, fr.crop)
						continue
					}
					for _, k := range known {
						kb := keepBox(k, fr.crop, fr.dst, image.Rect(0, 0, cw, ch))
						for i := 0; i <= 50; i++ {
							c := keptCamera(m, float64(i)/50, fr.keep, nil)
							h := 0.5 / c.z
							const eps = 1e-9
							if kb.x0 < c.cx-h-eps || kb.x1 > c.cx+h+eps || kb.y0 < c.cy-h-eps || kb.y1 > c.cy+h+eps {
								t.Errorf("%s %s %dx%d move %d (%s) at %d%%: face %v (%.3f) leaves view %s",
									name, st.MachineName, sz[0], sz[1], mi, m.Kind, 2*i, k, *kb, fmt.Sprintf("%+v", c))
								break
							}
						}
					}
				}
			}
		}
	}
}

// TestFramingOptOut: a style with fill.centred keeps the centred crop and
// the plain tolerance: vanilla's 4:3 photo goes back to the blurred fill
// and no face box constrains the moves.
func TestFramingOptOut(t *testing.T) {
	t.Parallel()
	p, _ := faceCases(t)["landscape-4:3-right-top"]()
	st := styleWith(t, "vanilla", func(s *styles.Style) { s.Fill.Centred = true })
	c, fr := buildCanvas(st, p, 1280, 720, 0, nil, nil)
	if fr.cover || fr.keep != nil || c.Bounds().Dx() != 1280 {
		t.Errorf("opted-out framing %+v, want contained, no keep box", fr)
	}
	st.Fill.Centred = false
	if _, fr := buildCanvas(st, p, 1280, 720, 0, nil, nil); !fr.cover || fr.keep == nil {
		t.Errorf("face-aware framing %+v, want cover with a keep box", fr)
	}
}

// BenchmarkFaceDetect: face detection plus the saliency fallback's
// absence (findFocus) on the working-size image of a 12 MP (4000x3000)
// group photo, as DecodePhoto's default options pre-scale it.
func BenchmarkFaceDetect(b *testing.B) {
	big, _ := facePhoto(b, "03.jpg", 4000, 3000, 450, image.Pt(100, 600), image.Pt(1750, 1200), image.Pt(3400, 700))
	p := NewPhoto(big.Image(), DecodeOptions{})
	b.ReportMetric(float64(p.Bounds().Dx()), "work-w")
	b.ResetTimer()
	for b.Loop() {
		if f := findFocus(p.Image()); len(f.faces) != 3 {
			b.Fatalf("found %v, want 3 faces", f.faces)
		}
	}
}

// BenchmarkSaliency: the fallback for a photo without faces, at working
// size.
func BenchmarkSaliency(b *testing.B) {
	big, _ := facePhoto(b, "03.jpg", 4000, 3000, 450)
	p := NewPhoto(big.Image(), DecodeOptions{})
	b.ResetTimer()
	for b.Loop() {
		saliencyPoint(p.Image())
	}
}
