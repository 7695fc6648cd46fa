package hdr

import (
	"errors"
	"image"
	"math"
	"testing"
)

// flat returns w x h 10-bit limited-range planes of one colour given as
// nonlinear BT.2020 R'G'B' in [0,1].
func flat(w, h int, r, g, b float64) (y, cb, cr []uint16) {
	yl := 0.2627*r + 0.6780*g + 0.0593*b
	u, v := (b-yl)/1.8814, (r-yl)/1.4746
	q := func(x float64) uint16 { return uint16(math.Round(x)) }
	y = make([]uint16, w*h)
	cb = make([]uint16, (w/2)*(h/2))
	cr = make([]uint16, len(cb))
	for i := range y {
		y[i] = q(64 + 876*yl)
	}
	for i := range cb {
		cb[i], cr[i] = q(512+896*u), q(512+896*v)
	}
	return y, cb, cr
}

func toSDR(t *testing.T, transfer, primaries int, r, g, b float64) (yy, cb, cr uint8) {
	t.Helper()
	y, u, v := flat(8, 8, r, g, b)
	dst := image.NewYCbCr(image.Rect(0, 0, 8, 8), image.YCbCrSubsampleRatio420)
	if err := ToSDR(dst, y, u, v, 8, 4, 8, 8, transfer, primaries, 10); err != nil {
		t.Fatal(err)
	}
	for _, s := range dst.Y {
		if s != dst.Y[0] {
			t.Fatalf("a flat picture became uneven: %v", dst.Y)
		}
	}
	return dst.Y[0], dst.Cb[0], dst.Cr[0]
}

func TestHLGGreysMapToSDRGreys(t *testing.T) {
	// BT.2408: 18% grey is HLG 38%, reference white HLG 75%.
	for _, c := range []struct {
		signal float64
		lo, hi uint8
	}{{0, 16, 17}, {0.38, 100, 120}, {0.75, 215, 235}, {1, 230, 235}} {
		y, cb, cr := toSDR(t, TransferHLG, PrimariesBT2020, c.signal, c.signal, c.signal)
		if y < c.lo || y > c.hi || absDiff(cb, 128) > 1 || absDiff(cr, 128) > 1 {
			t.Errorf("HLG grey %.2f -> Y %d Cb %d Cr %d, want Y in [%d,%d], neutral chroma", c.signal, y, cb, cr, c.lo, c.hi)
		}
	}
}

func TestPQGreysMapToSDRGreys(t *testing.T) {
	pq := func(nits float64) float64 { // ST 2084 inverse EOTF
		const m1, m2, c1, c2, c3 = 2610.0 / 16384, 2523.0 / 4096 * 128, 3424.0 / 4096, 2413.0 / 4096 * 32, 2392.0 / 4096 * 32
		y := math.Pow(nits/10000, m1)
		return math.Pow((c1+c2*y)/(1+c3*y), m2)
	}
	for _, c := range []struct {
		nits   float64
		lo, hi uint8
	}{{26, 100, 120}, {203, 215, 235}, {1000, 233, 235}, {4000, 233, 235}} {
		s := pq(c.nits)
		y, cb, cr := toSDR(t, TransferPQ, PrimariesBT2020, s, s, s)
		if y < c.lo || y > c.hi || absDiff(cb, 128) > 1 || absDiff(cr, 128) > 1 {
			t.Errorf("PQ grey %.0f cd/m² -> Y %d Cb %d Cr %d, want Y in [%d,%d], neutral chroma", c.nits, y, cb, cr, c.lo, c.hi)
		}
	}
}

func TestHDRColoursKeepTheirHue(t *testing.T) {
	for _, transfer := range []int{TransferHLG, TransferPQ} {
		_, cb, cr := toSDR(t, transfer, PrimariesBT2020, 0.6, 0.1, 0.1) // red
		if cr < 170 || cb > 120 {
			t.Errorf("transfer %d: red -> Cb %d Cr %d", transfer, cb, cr)
		}
		_, cb, cr = toSDR(t, transfer, PrimariesBT2020, 0.1, 0.1, 0.6) // blue
		if cb < 170 || cr > 135 {
			t.Errorf("transfer %d: blue -> Cb %d Cr %d", transfer, cb, cr)
		}
	}
}

func TestTenBitSDRIsRoundedToEightBits(t *testing.T) {
	y := []uint16{64, 65, 66, 940, 1023, 500}
	cb, cr := []uint16{512, 960, 64}, []uint16{514, 513, 511}
	dst := image.NewYCbCr(image.Rect(0, 0, 6, 1), image.YCbCrSubsampleRatio420)
	if err := ToSDR(dst, y, cb, cr, 6, 3, 6, 1, 1, 1, 10); err != nil {
		t.Fatal(err)
	}
	for i, want := range []uint8{16, 16, 17, 235, 255, 125} {
		if dst.Y[i] != want {
			t.Errorf("Y[%d] = %d, want %d", i, dst.Y[i], want)
		}
	}
	if dst.Cb[0] != 128 || dst.Cb[1] != 240 || dst.Cr[0] != 129 {
		t.Errorf("chroma %v %v", dst.Cb[:3], dst.Cr[:3])
	}
}

func TestToSDRRefusesBadPlanes(t *testing.T) {
	dst := image.NewYCbCr(image.Rect(0, 0, 4, 4), image.YCbCrSubsampleRatio420)
	y, cb, cr := flat(4, 4, 0.5, 0.5, 0.5)
	for _, c := range []func() error{
		func() error { return ToSDR(dst, y[:10], cb, cr, 4, 2, 4, 4, TransferHLG, 9, 10) },
		func() error { return ToSDR(dst, y, cb, cr, 4, 2, 8, 4, TransferHLG, 9, 10) },
		func() error { return ToSDR(dst, y, cb, cr, 4, 2, 4, 4, TransferHLG, 9, 8) },
		func() error {
			return ToSDR(image.NewYCbCr(image.Rect(0, 0, 4, 4), image.YCbCrSubsampleRatio444), y, cb, cr, 4, 2, 4, 4, 18, 9, 10)
		},
	} {
		if err := c(); !errors.Is(err, ErrInput) {
			t.Errorf("err = %v, want ErrInput", err)
		}
	}
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

// hlgFrame1080p is a 1920x1080 10-bit HLG picture for the benchmarks.
func hlgFrame1080p() (dst *image.YCbCr, y, cb, cr []uint16) {
	const w, h = 1920, 1080
	y, cb, cr = make([]uint16, w*h), make([]uint16, w*h/4), make([]uint16, w*h/4)
	for i := range y {
		y[i] = uint16(64 + i%876)
	}
	for i := range cb {
		cb[i], cr[i] = uint16(300+i%400), uint16(350+i%300)
	}
	return image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420), y, cb, cr
}

// BenchmarkToSDR1080pHLG times ToSDR on a 1080p HLG frame (ns/op is per frame).
func BenchmarkToSDR1080pHLG(b *testing.B) {
	dst, y, cb, cr := hlgFrame1080p()
	cpu := startCPU(b)
	for range b.N {
		if err := ToSDR(dst, y, cb, cr, 1920, 960, 1920, 1080, TransferHLG, PrimariesBT2020, 10); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
}

// BenchmarkReference1080pHLG times the all-float reference conversion on
// the same frame, for a comparison under the same load.
func BenchmarkReference1080pHLG(b *testing.B) {
	dst, y, cb, cr := hlgFrame1080p()
	lv, t := levelsOf(10, false), tablesFor(TransferHLG)
	cpu := startCPU(b)
	for range b.N {
		convertReference(dst, y, cb, cr, 1920, 960, 1920, 1080, lv, t)
	}
	cpu.report(b)
}

// BenchmarkGoPath1080pHLG times the conversion of BenchmarkToSDR1080pHLG
// without the vector kernel: what CPUs without AVX2 and other
// architectures run.
func BenchmarkGoPath1080pHLG(b *testing.B) {
	dst, y, cb, cr := hlgFrame1080p()
	lv, t := levelsOf(10, false), tablesFor(TransferHLG)
	cpu := startCPU(b)
	for range b.N {
		convert(dst, y, cb, cr, 1920, 960, 1920, 1080, lv, t, false)
	}
	cpu.report(b)
}
