package compose

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"testing"
	"time"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// stillClip is a clip whose every picture is pic.
type stillClip struct{ pic *image.YCbCr }

func (c stillClip) FrameAt(context.Context, time.Duration) (*image.YCbCr, error) {
	return c.pic, nil
}

// gifClip makes an animated GIF in Go of the picture m (two frames of
// 0.5 s, quantised to a 6x7x6 colour cube with 4x4 ordered dithering, as
// a GIF clip is), decodes it with image/gif and returns its first frame
// as the clip's 4:2:0 picture.
func gifClip(t testing.TB, m *image.RGBA) stillClip {
	t.Helper()
	b := m.Bounds()
	var pal color.Palette
	for r := range 6 {
		for g := range 7 {
			for bl := range 6 {
				pal = append(pal, color.RGBA{uint8(r * 255 / 5), uint8(g * 255 / 6), uint8(bl * 255 / 5), 255})
			}
		}
	}
	bayer := [16]int{0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5}
	pm := image.NewPaletted(b, pal)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			o := m.PixOffset(x, y)
			d := (2*bayer[(y&3)*4+x&3] + 1) * 8 // 8..248: the threshold
			q := func(v uint8, n int) int { return (int(v)*(n-1)*256/255 + d) >> 8 }
			pm.Pix[pm.PixOffset(x, y)] = uint8((q(m.Pix[o], 6)*7+q(m.Pix[o+1], 7))*6 + q(m.Pix[o+2], 6))
		}
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &gif.GIF{Image: []*image.Paletted{pm, pm}, Delay: []int{50, 50}}); err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewRGBA(b)
	draw.Draw(rgba, b, g.Image[0], b.Min, draw.Src)
	pic := newYCbCr(b.Dx(), b.Dy())
	pl := planesOf(pic)
	rgbaToPlanes(&pl, rgba)
	return stillClip{pic}
}

// clipFaceStyle is a plain style that crops (so a 16:9 clip covers a
// 9:16 frame) with a caption box half the safe width wide, centred at the
// bottom: a face low in the picture can be slid clear of it sideways.
func clipFaceStyle(t testing.TB) *styles.Style {
	st := plainStyle(t, styles.Crossfade)
	st.Caption.Width = 0.5
	return st
}

// clipFaceFrame renders a clip slide (caption cap) of a 1280x720 clip
// into a w x h frame at t = 0.5 s and returns the frame, the slide's
// crop of the clip's picture and the caption's box in the frame.
func clipFaceFrame(t *testing.T, st *styles.Style, clip stillClip, w, h int, cap string) (*image.RGBA, image.Rectangle, image.Rectangle) {
	t.Helper()
	r := NewRenderer(st, w, h, Options{})
	s := &Slide{Kind: VideoSlide, Clip: clip, Duration: 2, Caption: cap}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	if err := r.RenderRGBA(out, Scene{Current: Shot{Slide: s, T: 0.5}}); err != nil {
		t.Fatal(err)
	}
	d, err := r.data(s)
	if err != nil {
		t.Fatal(err)
	}
	if d.clip == nil || d.clip.contain {
		t.Fatalf("clip not covering the frame: %+v", d.clip)
	}
	pw, ph := clip.pic.Rect.Dx(), clip.pic.Rect.Dy()
	v := coverView(pw, ph, w, h, d.clip.cx, d.clip.cy, camera{0.5, 0.5, 1})
	crop := image.Rect(int(v.x0+0.5), int(v.y0+0.5), int(v.x0+v.sx*float64(w)+0.5), int(v.y0+v.sy*float64(h)+0.5))
	var rc image.Rectangle
	if cap != "" {
		p, err := text.Caption(st, w, h, cap, nil)
		if err != nil {
			t.Fatal(err)
		}
		rc = p.Rect()
	}
	return out, crop, rc
}

// toFrame maps a box of the clip's picture through the slide's crop into
// the w x h frame.
func toFrame(r, crop image.Rectangle, w, h int) image.Rectangle {
	sx, sy := float64(w)/float64(crop.Dx()), float64(h)/float64(crop.Dy())
	return image.Rect(
		int(float64(r.Min.X-crop.Min.X)*sx), int(float64(r.Min.Y-crop.Min.Y)*sy),
		int(float64(r.Max.X-crop.Min.X)*sx+0.99), int(float64(r.Max.Y-crop.Min.Y)*sy+0.99),
	)
}

// TestClipCoverCropKeepsFaceInView: a 16:9 clip (an animated GIF made
// from a photo with a face pasted near its right edge) cropped into a
// 9:16 frame shows the face whole, where the centred crop would cut it
// off entirely; with a caption on the face's rows, a face that the crop
// centred on it would put under the caption is slid clear of it (some
// crop holding it clear exists: checked). The face is found again in the
// rendered frame where the crop puts it.
func TestClipCoverCropKeepsFaceInView(t *testing.T) {
	t.Parallel()
	const w, h = 360, 640
	st := clipFaceStyle(t)
	pb := image.Rect(0, 0, 1280, 720)
	centred := coverRect(pb, w, h)
	for _, tc := range []struct {
		name, cap string
		side      int
		at        image.Point
	}{
		{"right edge", "", 130, image.Pt(1110, 300)},
		{"right edge, caption", "Surf", 130, image.Pt(1110, 300)},
		{"low, under a centred caption", "Surf", 80, image.Pt(900, 520)},
	} {
		p, known := facePhoto(t, "01.jpg", 1280, 720, tc.side, tc.at)
		face := known[0]
		out, crop, rc := clipFaceFrame(t, st, gifClip(t, p.Image()), w, h, tc.cap)
		fb := toFrame(face, crop, w, h)
		if !fb.In(out.Bounds()) {
			t.Errorf("%s: face %v (frame %v) outside the frame (crop %v)", tc.name, face, fb, crop)
			continue
		}
		if tc.at.X > 1000 && face.Overlaps(centred) {
			t.Fatalf("%s: test set-up: face %v overlaps the centred crop %v", tc.name, face, centred)
		}
		if tc.cap != "" && fb.Min.Y < rc.Max.Y && fb.Max.Y > rc.Min.Y {
			av := &box{float64(rc.Min.X) / w, float64(rc.Min.Y) / h, float64(rc.Max.X) / w, float64(rc.Max.Y) / h}
			if !cropAlternative(pb, crop, face, av) {
				t.Fatalf("%s: test set-up: no crop holds the face %v clear of the caption %v", tc.name, face, rc)
			}
			if fb.Overlaps(rc) {
				t.Errorf("%s: face %v under the caption %v (crop %v)", tc.name, fb, rc, crop)
			}
		} else if tc.at.Y > 400 {
			t.Fatalf("%s: test set-up: face %v not on the caption's rows %v", tc.name, fb, rc)
		}
		found := NewPhoto(out, DecodeOptions{WorkWidth: w, WorkHeight: h}).Faces()
		hit := false
		for _, f := range found {
			in := f.Intersect(fb)
			hit = hit || in.Dx()*in.Dy()*2 > fb.Dx()*fb.Dy()
		}
		if !hit {
			t.Errorf("%s: no face found in the frame at %v (found %v)", tc.name, fb, found)
		}
	}
}

// TestClipCoverCropCentredFaceStaysCentred: the same clip with the face
// in the middle of the picture keeps the centred crop.
func TestClipCoverCropCentredFaceStaysCentred(t *testing.T) {
	t.Parallel()
	const w, h = 360, 640
	p, known := facePhoto(t, "01.jpg", 1280, 720, 130, image.Pt(575, 200))
	_, crop, _ := clipFaceFrame(t, clipFaceStyle(t), gifClip(t, p.Image()), w, h, "")
	centred := coverRect(image.Rect(0, 0, 1280, 720), w, h)
	if abs(crop.Min.X-centred.Min.X) > 1 || !known[0].In(crop) {
		t.Errorf("crop %v, want the centred %v holding the face %v", crop, centred, known[0])
	}
}

// TestClipCoverCropWithoutFaces: a clip without faces is cropped at its
// saliency point (as a photo is): here a flat grey picture with one busy
// block on the right pulls the crop right of centre; a flat picture and a
// style with fill.centred keep the centred crop, as before.
func TestClipCoverCropWithoutFaces(t *testing.T) {
	t.Parallel()
	const w, h = 360, 640
	m := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	for i := range m.Pix {
		m.Pix[i] = 128
	}
	centred := coverRect(m.Bounds(), w, h)
	_, crop, _ := clipFaceFrame(t, clipFaceStyle(t), gifClip(t, m), w, h, "")
	if abs(crop.Min.X-centred.Min.X) > 1 {
		t.Errorf("flat clip: crop %v, want the centred %v", crop, centred)
	}
	for y := 200; y < 520; y++ {
		for x := 1000; x < 1260; x++ {
			if (x/8+y/8)%2 == 0 {
				o := m.PixOffset(x, y)
				m.Pix[o], m.Pix[o+1], m.Pix[o+2] = 250, 250, 250
			}
		}
	}
	clip := gifClip(t, m)
	fp := planesOf(clip.pic)
	sp := saliencyLuma(fp.y, fp.ys, fp.w, fp.h)
	if sp.X < 700 {
		t.Fatalf("test set-up: saliency point %v not right of centre", sp)
	}
	_, crop, _ = clipFaceFrame(t, clipFaceStyle(t), clip, w, h, "")
	if want := sp.X - centred.Dx()/2; abs(crop.Min.X-want) > 1 {
		t.Errorf("busy right: crop %v, want it centred on the saliency point %v (x0 %d)", crop, sp, want)
	}
	st := clipFaceStyle(t)
	st.Fill.Centred = true
	if _, crop, _ = clipFaceFrame(t, st, clip, w, h, ""); abs(crop.Min.X-centred.Min.X) > 1 {
		t.Errorf("fill.centred: crop %v, want the centred %v", crop, centred)
	}
}

// TestFacesOnLumaMatchPhotoFaces: faces found on a picture's limited-range
// luma plane are the faces found on its RGBA copy, give or take the
// cascade's rounding.
func TestFacesOnLumaMatchPhotoFaces(t *testing.T) {
	t.Parallel()
	p, known := facePhoto(t, "03.jpg", 1280, 720, 120, image.Pt(60, 300), image.Pt(1000, 120))
	pic := newYCbCr(1280, 720)
	pl := planesOf(pic)
	rgbaToPlanes(&pl, p.Image())
	got := detectFacesLuma(pl.y, pl.ys, pl.w, pl.h)
	for _, k := range known {
		hit := false
		for _, f := range got {
			in := f.Intersect(k)
			hit = hit || in.Dx()*in.Dy()*2 > k.Dx()*k.Dy()
		}
		if !hit {
			t.Errorf("face %v not found on the luma plane (found %v)", k, got)
		}
	}
	if len(got) != len(known) {
		t.Errorf("found %d faces %v, want %d", len(got), got, len(known))
	}
}
