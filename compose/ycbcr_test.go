package compose

import (
	"image"
	"image/color"
	"testing"
)

func TestRGBAToYCbCrIsBT709LimitedRange(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 4, 2))
	for x := 0; x < 4; x++ {
		for y := 0; y < 2; y++ {
			c := color.RGBA{255, 255, 255, 255} // white on the left half
			if x >= 2 {
				c = color.RGBA{255, 0, 0, 255} // red on the right
			}
			src.SetRGBA(x, y, c)
		}
	}
	dst := image.NewYCbCr(src.Rect, image.YCbCrSubsampleRatio420)
	RGBAToYCbCr(dst, src)
	// BT.709 limited: white = (235, 128, 128), red = (63, 102, 240).
	if y, cb, cr := dst.Y[0], dst.Cb[0], dst.Cr[0]; y != 235 || cb != 128 || cr != 128 {
		t.Errorf("white -> %d/%d/%d, want 235/128/128", y, cb, cr)
	}
	if y, cb, cr := dst.Y[2], dst.Cb[1], dst.Cr[1]; y != 63 || cb != 102 || cr != 240 {
		t.Errorf("red -> %d/%d/%d, want 63/102/240", y, cb, cr)
	}
}
