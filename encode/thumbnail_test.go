package encode

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

func TestWriteThumbnail(t *testing.T) {
	t.Parallel()
	img := image.NewRGBA(image.Rect(0, 0, 64, 36))
	for y := range 36 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{200, 40, 40, 255})
			if x >= 32 {
				img.Set(x, y, color.RGBA{40, 40, 200, 255})
			}
		}
	}
	var buf bytes.Buffer
	if err := WriteThumbnail(&buf, img, 0); err != nil {
		t.Fatal(err)
	}
	dec, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if dec.Bounds() != img.Bounds() {
		t.Fatalf("decoded bounds %v, want %v", dec.Bounds(), img.Bounds())
	}
	for _, p := range []struct {
		x, y    int
		r, g, b uint8
	}{{8, 18, 200, 40, 40}, {56, 18, 40, 40, 200}} {
		r, g, b, _ := dec.At(p.x, p.y).RGBA()
		if absDiff(uint8(r>>8), p.r) > 12 || absDiff(uint8(g>>8), p.g) > 12 || absDiff(uint8(b>>8), p.b) > 12 {
			t.Errorf("pixel (%d,%d) = %d,%d,%d, want about %d,%d,%d", p.x, p.y, r>>8, g>>8, b>>8, p.r, p.g, p.b)
		}
	}
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestWriteThumbnailErrors(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteThumbnail(&buf, nil, 80); err == nil {
		t.Error("nil image accepted")
	}
	if err := WriteThumbnail(&buf, image.NewRGBA(image.Rect(0, 0, 0, 0)), 80); err == nil {
		t.Error("empty image accepted")
	}
	if err := WriteThumbnail(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4)), 101); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("quality 101: %v", err)
	}
}
