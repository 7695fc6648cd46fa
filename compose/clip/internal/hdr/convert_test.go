package hdr

import (
	"image"
	"math"
	"testing"
)

// testPicture returns w x h planes of bitDepth-bit samples covering the
// whole code range: luma ramps crossed with chroma ramps, plus a
// pseudo-random texture, so every table is exercised.
func testPicture(w, h, bitDepth int) (y, cb, cr []uint16, yStride, cStride int) {
	yStride, cStride = w+3, (w+1)/2+1
	maxv := 1<<bitDepth - 1
	y = make([]uint16, h*yStride)
	cb = make([]uint16, (h+1)/2*cStride)
	cr = make([]uint16, len(cb))
	seed := uint32(1)
	rnd := func() int { seed = seed*1664525 + 1013904223; return int(seed >> 24) }
	for j := range h {
		for i := range w {
			y[j*yStride+i] = uint16(min(maxv, (i*maxv/w+rnd()*maxv/2048)%(maxv+1)))
		}
	}
	for j := range (h + 1) / 2 {
		for i := range (w + 1) / 2 {
			cb[j*cStride+i] = uint16(j * 2 * maxv / h % (maxv + 1))
			cr[j*cStride+i] = uint16((i*4*maxv/w + rnd()) % (maxv + 1))
		}
	}
	return y, cb, cr, yStride, cStride
}

// TestConvertMatchesTheFloatReference checks the fixed-point conversion
// against the first, all-float one, for every transfer, bit depths and
// ranges, odd sizes and an offset destination: at least 50 dB per plane
// and no sample more than one level away (measured: 79-90 dB).
func TestConvertMatchesTheFloatReference(t *testing.T) {
	const w, h = 333, 201
	for _, f := range []Format{
		{BitDepth: 10, Transfer: TransferHLG, Primaries: PrimariesBT2020},
		{BitDepth: 10, Transfer: TransferPQ, Primaries: PrimariesBT2020},
		{BitDepth: 12, Transfer: TransferPQ, Primaries: PrimariesBT2020, FullRange: true},
		{BitDepth: 10, Primaries: PrimariesBT2020},
		{BitDepth: 8, Transfer: TransferHLG, Primaries: PrimariesBT2020, FullRange: true},
		{BitDepth: 16, Transfer: TransferHLG, Primaries: PrimariesBT2020},
	} {
		y, cb, cr, ys, cs := testPicture(w, h, f.BitDepth)
		r := image.Rect(5, 3, 5+w+2, 3+h+1)
		got := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
		want := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
		if err := Convert(got, y, cb, cr, ys, cs, w, h, f); err != nil {
			t.Fatal(err)
		}
		tr := f.Transfer
		convertReference(want, y, cb, cr, ys, cs, w, h, levelsOf(f.BitDepth, f.FullRange), tablesFor(tr))
		for _, p := range []struct {
			name      string
			got, want []byte
		}{{"Y", got.Y, want.Y}, {"Cb", got.Cb, want.Cb}, {"Cr", got.Cr, want.Cr}} {
			psnr, maxd := psnr(p.got, p.want)
			if psnr < 50 || maxd > 1 {
				t.Errorf("%+v: %s is %.1f dB from the reference (max difference %d), want >= 50 dB and at most 1", f, p.name, psnr, maxd)
			}
			t.Logf("%+v: %s %.1f dB, max difference %d", f, p.name, psnr, maxd)
		}
	}
}

func psnr(a, b []byte) (float64, int) {
	var se float64
	maxd := 0
	for i := range a {
		d := int(a[i]) - int(b[i])
		se += float64(d * d)
		maxd = max(maxd, d, -d)
	}
	if se == 0 {
		return math.Inf(1), 0
	}
	return 10 * math.Log10(255*255*float64(len(a))/se), maxd
}

func TestFixedPointConstantsMatch(t *testing.T) {
	for i, q := range []int{gm0, gm1, gm2, gm3, gm4, gm5, gm6, gm7, gm8} {
		if want := int(math.Round(float64(gamut[i]) * (1 << gamutBits))); q != want {
			t.Errorf("gamut[%d] is %d in fixed point, want %d", i, q, want)
		}
	}
	for i, q := range []int{kr, kg, kb} {
		w := []float64{0.2126, 0.7152, 0.0722}[i]
		if want := int(math.Round(w * 219 / 65535 * (1 << lumaBits))); q != want {
			t.Errorf("luma weight %d is %d in fixed point, want %d", i, q, want)
		}
	}
}
