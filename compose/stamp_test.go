package compose

import (
	"image"
	"image/color"
	"testing"
)

// grey420 is a 64x32 4:2:0 frame of mid grey.
func grey420() *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, 64, 32), image.YCbCrSubsampleRatio420)
	g := toYUV(128, 128, 128)
	for i := range m.Y {
		m.Y[i] = g.Y
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = g.Cb, g.Cr
	}
	return m
}

func rgbAt(m *image.YCbCr, x, y int) (r, g, b uint8) {
	return toRGB(m.Y[m.YOffset(x, y)], m.Cb[m.COffset(x, y)], m.Cr[m.COffset(x, y)])
}

func within(a, b uint8, tol int) bool { d := int(a) - int(b); return d <= tol && d >= -tol }

// TestStampDraw: an opaque red stamp drawn at full opacity turns its area
// red (decoded back with the BT.709 inverse), leaves the rest untouched,
// is clipped at the frame's edge, blends at half opacity, and a
// transparent part of the stamp leaves the frame as it was.
func TestStampDraw(t *testing.T) {
	t.Parallel()
	src := image.NewRGBA(image.Rect(0, 0, 16, 8))
	for y := range 8 {
		for x := range 16 {
			if x < 12 {
				src.Set(x, y, color.RGBA{220, 20, 30, 255})
			} // columns 12..15 stay transparent
		}
	}
	s := NewStamp(src)
	if w, h := s.Size(); w != 16 || h != 8 {
		t.Fatalf("size %dx%d", w, h)
	}
	m := grey420()
	s.Draw(m, 10, 4, 1)
	if r, g, b := rgbAt(m, 12, 6); !within(r, 220, 3) || !within(g, 20, 3) || !within(b, 30, 3) {
		t.Errorf("inside: %d,%d,%d, want 220,20,30", r, g, b)
	}
	for _, p := range [][2]int{{9, 6}, {12, 3}, {24, 6}, {12, 12}} {
		if r, g, b := rgbAt(m, p[0], p[1]); !within(r, 128, 1) || !within(g, 128, 1) || !within(b, 128, 1) {
			t.Errorf("outside at %v: %d,%d,%d, want grey", p, r, g, b)
		}
	}
	half := grey420()
	s.Draw(half, 10, 4, 0.5)
	if r, _, _ := rgbAt(half, 12, 6); !within(r, (220+128)/2, 4) {
		t.Errorf("half opacity: red %d, want about %d", r, (220+128)/2)
	}
	edge := grey420()
	s.Draw(edge, 56, 28, 1) // mostly outside: clipped, no panic
	s.Draw(edge, -100, -100, 1)
	if r, _, _ := rgbAt(edge, 58, 30); !within(r, 220, 3) {
		t.Errorf("clipped stamp: red %d at the corner", r)
	}
	var none *Stamp
	none.Draw(m, 0, 0, 1) // a nil stamp draws nothing
}

func TestFillRect(t *testing.T) {
	t.Parallel()
	m := grey420()
	FillRect(m, image.Rect(0, 28, 32, 40), color.White, 1)
	if r, g, b := rgbAt(m, 10, 30); !within(r, 255, 2) || !within(g, 255, 2) || !within(b, 255, 2) {
		t.Errorf("filled: %d,%d,%d", r, g, b)
	}
	if r, _, _ := rgbAt(m, 40, 30); !within(r, 128, 1) {
		t.Errorf("beside the bar: %d", r)
	}
	if r, _, _ := rgbAt(m, 10, 26); !within(r, 128, 1) {
		t.Errorf("above the bar: %d", r)
	}
}

// TestStampNoAlloc: drawing over a frame allocates nothing.
func TestStampNoAlloc(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 16, 8))
	s := NewStamp(src)
	m := grey420()
	var white color.Color = color.White // the conversion to an interface allocates, once
	if n := testing.AllocsPerRun(50, func() {
		s.Draw(m, 4, 4, 0.7)
		FillRect(m, image.Rect(0, 30, 20, 32), white, 0.5)
	}); n != 0 {
		t.Errorf("%v allocations per frame", n)
	}
}
