package clip

import (
	"image"
	"math/rand"
	"testing"
)

func TestResizeKeepsFlatAreasAndAveragesDetail(t *testing.T) {
	src := image.NewYCbCr(image.Rect(0, 0, 60, 40), image.YCbCrSubsampleRatio420)
	for y := range 40 {
		for x := range 60 {
			src.Y[y*src.YStride+x] = uint8(16 + 200*((x+y)&1)) // 1-pixel checkerboard
		}
	}
	for i := range src.Cb {
		src.Cb[i], src.Cr[i] = 90, 200
	}
	var sc scaler
	dst := sc.scale(src, 20, 14)
	for y := range 14 {
		for x := range 20 {
			if v := dst.Y[y*dst.YStride+x]; v < 110 || v > 122 {
				t.Fatalf("checkerboard reduced 3x: (%d,%d) = %d, want its mean 116±6 (no aliasing)", x, y, v)
			}
		}
	}
	for i := range 10 * 7 {
		if dst.Cb[i] != 90 || dst.Cr[i] != 200 {
			t.Fatalf("flat chroma changed: %d/%d", dst.Cb[i], dst.Cr[i])
		}
	}
}

func BenchmarkScale1080pTo720p(b *testing.B) {
	src := image.NewYCbCr(image.Rect(0, 0, 1920, 1080), image.YCbCrSubsampleRatio420)
	rand.New(rand.NewSource(1)).Read(src.Y)
	var sc scaler
	for b.Loop() {
		sc.scale(src, 1280, 720)
	}
}

func TestRotatePlaneClockwise(t *testing.T) {
	// 3x2 source:  a b c
	//              d e f
	src := []byte("abcdef")
	for _, c := range []struct {
		rot    int
		w, h   int
		result string // rows of the result, concatenated
	}{
		{90, 2, 3, "da" + "eb" + "fc"},
		{180, 3, 2, "fed" + "cba"},
		{270, 2, 3, "cf" + "be" + "ad"},
	} {
		dst := make([]byte, c.w*c.h)
		rotatePlane(dst, c.w, src, 3, 3, 2, c.rot)
		if string(dst) != c.result {
			t.Errorf("rotate %d: %q, want %q", c.rot, dst, c.result)
		}
	}
}
