package compose

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"

	xdraw "golang.org/x/image/draw"
)

// noisy is a deterministic picture with detail and, when alpha, a varying
// (premultiplied) alpha.
func noisy(w, h int, alpha bool) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	x := uint32(12345)
	for i := 0; i < len(m.Pix); i += 4 {
		x = x*1664525 + 1013904223
		a := uint8(255)
		if alpha {
			a = uint8(x >> 24)
		}
		m.Pix[i+3] = a
		for c := 0; c < 3; c++ {
			m.Pix[i+c] = uint8(uint32(x>>(8*c)&0xFF) * uint32(a) / 255)
		}
	}
	return m
}

// TestResampleMatchesXDraw: the streaming Catmull-Rom agrees with
// golang.org/x/image/draw's CatmullRom.Scale within one level, shrinking
// and enlarging.
func TestResampleMatchesXDraw(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sw, sh, dw, dh int
		alpha          bool
	}{
		{97, 61, 40, 25, false},
		{300, 200, 151, 100, true},
		{64, 64, 63, 63, false},
		{10, 1000, 3, 300, true},
		{1000, 7, 333, 2, false},
		{5, 5, 1, 1, true},
		{40, 25, 97, 61, true}, // enlarging (a small photo on a larger canvas)
		{1, 1, 3, 2, false},
	}
	for _, tc := range tests {
		src := noisy(tc.sw, tc.sh, tc.alpha)
		want := image.NewRGBA(image.Rect(0, 0, tc.dw, tc.dh))
		xdraw.CatmullRom.Scale(want, want.Bounds(), src, src.Bounds(), xdraw.Src, nil)
		got := resampleRows(rgbaRows{src}, tc.dw, tc.dh)
		if got.Bounds() != want.Bounds() {
			t.Fatalf("%+v: bounds %v", tc, got.Bounds())
		}
		for i := range got.Pix {
			if d := int(got.Pix[i]) - int(want.Pix[i]); d < -1 || d > 1 {
				t.Fatalf("%+v: sample %d = %d, x/image/draw %d", tc, i, got.Pix[i], want.Pix[i])
			}
		}
	}
}

// TestDecodeNoFullSizeCopy: pre-scaling a 6 MP JPEG allocates less than
// one full-size RGBA copy of it would take (the decoder's own YCbCr image,
// the working-size result and a few rows), where converting to RGBA and
// scaling with x/image/draw took over 130 MB.
func TestDecodeNoFullSizeCopy(t *testing.T) {
	const w, h = 3000, 2000
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for i := range m.Y {
		m.Y[i] = uint8(i*7 + i/w)
	}
	data := encodeWith(t, func(b *bytes.Buffer) error { return jpeg.Encode(b, m, &jpeg.Options{Quality: 40}) })
	var p *Photo
	var err error
	alloc := allocDuring(func() { p, err = DecodePhoto(bytes.NewReader(data), DecodeOptions{}) })
	if err != nil {
		t.Fatal(err)
	}
	if b := p.Bounds(); b.Dx() != 1664 || b.Dy() != 1109 {
		t.Errorf("prescaled to %v, want 1664x1109", b)
	}
	if alloc >= w*h*4 {
		t.Errorf("decoding allocated %d MB, want less than a full-size RGBA (%d MB)", alloc>>20, w*h*4>>20)
	}
	t.Logf("allocated %.1f MB", float64(alloc)/(1<<20))
}

// TestSlideBuildAlloc: building a 720p photo slide (canvas with headroom,
// fit, YUV planes) allocates a few canvases' worth, not the 46 MB that
// x/image/draw's Catmull-Rom buffer (dst width x src height x 32 bytes)
// cost.
func TestSlideBuildAlloc(t *testing.T) {
	r := NewRenderer(styleWith(t, "vanilla", nil), 1280, 720, Options{})
	s := &Slide{Kind: PhotoSlide, Photo: testPhoto(t, "11.jpg"), Duration: 5, Index: 1}
	dst := newYCbCr(1280, 720)
	var err error
	alloc := allocDuring(func() { err = r.Render(dst, Scene{Current: Shot{Slide: s, T: 1}}) })
	if err != nil {
		t.Fatal(err)
	}
	if alloc > 20<<20 {
		t.Errorf("first frame of a 720p photo slide allocated %d MB, want <= 20", alloc>>20)
	}
	t.Logf("allocated %.1f MB", float64(alloc)/(1<<20))
}
