package compose

import (
	"image"
	"math"
	"testing"
)

// TestBT709RoundTrip: reference colours survive RGB -> YUV -> RGB within 2
// levels per channel, and land on the BT.709 limited-range values.
func TestBT709RoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		r, g, b uint8
		want    yuv // exact expected BT.709 limited-range sample
	}{
		{"black", 0, 0, 0, yuv{16, 128, 128}},
		{"white", 255, 255, 255, yuv{235, 128, 128}},
		{"grey18", 118, 118, 118, yuv{117, 128, 128}},
		{"red", 255, 0, 0, yuv{63, 102, 240}},
		{"green", 0, 255, 0, yuv{173, 42, 26}},
		{"blue", 0, 0, 255, yuv{32, 240, 118}},
		{"skin", 224, 172, 138, yuv{0, 0, 0}}, // checked against the float formula below
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := toYUV(tc.r, tc.g, tc.b)
			ref := floatYUV(tc.r, tc.g, tc.b)
			if tc.want != (yuv{}) && got != tc.want {
				t.Errorf("toYUV = %v, want %v", got, tc.want)
			}
			for i, v := range []uint8{got.Y, got.Cb, got.Cr} {
				if math.Abs(float64(v)-ref[i]) > 0.51 {
					t.Errorf("component %d = %d, float reference %.2f", i, v, ref[i])
				}
			}
			// through the planes path too (a 2x2 block of the colour)
			src := image.NewRGBA(image.Rect(0, 0, 2, 2))
			for i := 0; i < len(src.Pix); i += 4 {
				src.Pix[i], src.Pix[i+1], src.Pix[i+2], src.Pix[i+3] = tc.r, tc.g, tc.b, 255
			}
			p := newPlanes(2, 2)
			rgbaToPlanes(p, src)
			if p.y[0] != got.Y || p.cb[0] != got.Cb || p.cr[0] != got.Cr {
				t.Errorf("planes = %d,%d,%d, want %v", p.y[0], p.cb[0], p.cr[0], got)
			}
			out := image.NewRGBA(image.Rect(0, 0, 2, 2))
			planesToRGBA(out, p)
			for i, want := range []uint8{tc.r, tc.g, tc.b} {
				if d := int(out.Pix[i]) - int(want); d < -2 || d > 2 {
					t.Errorf("round trip channel %d = %d, want %d±2", i, out.Pix[i], want)
				}
			}
		})
	}
}

func floatYUV(r, g, b uint8) [3]float64 {
	R, G, B := float64(r)/255, float64(g)/255, float64(b)/255
	y := 0.2126*R + 0.7152*G + 0.0722*B
	return [3]float64{16 + 219*y, 128 + 224*(B-y)/1.8556, 128 + 224*(R-y)/1.5748}
}

// TestChromaAveraged: 4:2:0 chroma is the mean of the 2x2 block, not one
// of its samples.
func TestChromaAveraged(t *testing.T) {
	t.Parallel()
	src := image.NewRGBA(image.Rect(0, 0, 2, 2))
	cols := [4][3]uint8{{255, 0, 0}, {0, 0, 255}, {0, 255, 0}, {255, 255, 255}}
	var sum [2]float64
	for i, c := range cols {
		src.Pix[i*4], src.Pix[i*4+1], src.Pix[i*4+2], src.Pix[i*4+3] = c[0], c[1], c[2], 255
		f := floatYUV(c[0], c[1], c[2])
		sum[0] += f[1] / 4
		sum[1] += f[2] / 4
	}
	p := newPlanes(2, 2)
	rgbaToPlanes(p, src)
	if math.Abs(float64(p.cb[0])-sum[0]) > 0.51 || math.Abs(float64(p.cr[0])-sum[1]) > 0.51 {
		t.Errorf("chroma = %d,%d, want mean %.2f,%.2f", p.cb[0], p.cr[0], sum[0], sum[1])
	}
}

// TestAllColoursInRange: every RGB maps inside 16..235 / 16..240.
func TestAllColoursInRange(t *testing.T) {
	t.Parallel()
	for r := 0; r < 256; r += 5 {
		for g := 0; g < 256; g += 5 {
			for b := 0; b < 256; b += 5 {
				c := toYUV(uint8(r), uint8(g), uint8(b))
				if c.Y < 16 || c.Y > 235 || c.Cb < 16 || c.Cb > 240 || c.Cr < 16 || c.Cr > 240 {
					t.Fatalf("rgb(%d,%d,%d) -> %v out of limited range", r, g, b, c)
				}
			}
		}
	}
}
