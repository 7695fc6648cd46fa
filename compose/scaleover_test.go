package compose

import (
	"bytes"
	"image"
	"image/draw"
	"testing"
)

// TestScaleOverMatchesWholeImage: compositing row by row gives the bytes
// of resampling the whole image and drawing it (Src when it is opaque,
// else Over), for opaque and translucent sources, with dr clipped by dst.
func TestScaleOverMatchesWholeImage(t *testing.T) {
	t.Parallel()
	for _, alpha := range []bool{false, true} {
		src := image.NewRGBA(image.Rect(0, 0, 83, 57))
		for i := 0; i < len(src.Pix); i += 4 {
			a := uint8(255)
			if alpha {
				a = uint8(i * 7 % 256)
			}
			src.Pix[i], src.Pix[i+1], src.Pix[i+2], src.Pix[i+3] = min(uint8(i*3), a), min(uint8(i*5), a), min(uint8(i/4), a), a
		}
		for _, dr := range []image.Rectangle{image.Rect(3, 5, 140, 90), image.Rect(-20, -10, 60, 130)} {
			want := image.NewRGBA(image.Rect(0, 0, 120, 100))
			for i := range want.Pix {
				want.Pix[i] = uint8(i % 251)
			}
			got := image.NewRGBA(want.Rect)
			copy(got.Pix, want.Pix)
			m := resampleRows(rgbaRows{src}, dr.Dx(), dr.Dy())
			op := draw.Over
			if m.Opaque() {
				op = draw.Src
			}
			draw.Draw(want, dr, m, image.Point{}, op)
			scaleOver(got, dr, src)
			if !bytes.Equal(got.Pix, want.Pix) {
				t.Errorf("alpha %v, dr %v: scaleOver differs from the whole-image composite", alpha, dr)
			}
		}
	}
}
