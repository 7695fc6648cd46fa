// Package hdr converts decoded high-bit-depth pictures to the 8-bit
// BT.709 limited-range 4:2:0 pictures the renderer composes: HDR (HLG or
// PQ transfer, BT.2020 primaries) is tone-mapped, 10-bit SDR is rounded
// to 8 bits (and moved from BT.2020 to BT.709 primaries when it uses
// them).
//
// The HDR path works in display light, as ITU-R BT.2408 describes for
// HDR-to-SDR conversion: the signal is decoded to the light a reference
// display shows (PQ: absolute; HLG: the inverse OETF followed by the
// OOTF of a 1000 cd/m² display, system gamma 1.2, applied per component
// as ffmpeg's zscale does: BT.2100's luminance-based OOTF came out 30 %
// less saturated than ffmpeg's decode of the same clip), scaled so that HDR
// reference white (203 cd/m²) becomes SDR white, converted from BT.2020
// to BT.709 primaries, tone-mapped by max(R,G,B) (hue-preserving) with a
// knee at 0.75 that rolls highlights up to 1000 cd/m² smoothly into the
// SDR range, and encoded with the inverse of the BT.1886 display gamma
// (2.4). Per pixel this costs a few integer multiplications and six
// table look-ups: the transfer functions (with the HLG OOTF), the tone
// curve and the output gamma are tables built once per transfer, and the
// pixel path runs in fixed point (within one 8-bit level of the float
// formulas), eight pixels at a time with AVX2 on amd64 CPUs that have it
// (same bytes as the Go path).
package hdr

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sync"
)

// Transfer characteristics and colour primaries (ITU-T H.273) the
// package treats specially.
const (
	TransferPQ      = 16
	TransferHLG     = 18
	PrimariesBT2020 = 9
)

// ErrInput is wrapped by ToSDR's error when the planes or sizes do not
// describe a picture.
var ErrInput = errors.New("hdr: bad picture")

// Format describes the samples of a decoded picture.
type Format struct {
	BitDepth            int  // 8 to 16 bits per sample
	FullRange           bool // full-range samples (0..2^BitDepth-1), not limited (16..235 << (BitDepth-8))
	Transfer, Primaries int  // H.273 codes, 0 when unknown
}

// ToSDR converts a limited-range 4:2:0 picture of bitDepth (9..16) bits
// per sample, planes y, cb and cr of w x h samples (chroma rounded up)
// with the given strides in samples, into dst, which must be a 4:2:0
// *image.YCbCr of at least w x h (its rectangle's origin is where the
// picture goes). transfer and primaries are the stream's H.273 codes
// (0 when unknown): PQ and HLG are tone-mapped; other transfers with
// BT.2020 primaries are converted to BT.709 primaries; everything else
// is rounded to 8 bits.
func ToSDR(dst *image.YCbCr, y, cb, cr []uint16, yStride, cStride, w, h int, transfer, primaries, bitDepth int) error {
	if bitDepth < 9 {
		return fmt.Errorf("%w: %d bits per sample (want 9 to 16)", ErrInput, bitDepth)
	}
	return Convert(dst, y, cb, cr, yStride, cStride, w, h, Format{BitDepth: bitDepth, Transfer: transfer, Primaries: primaries})
}

// Convert is ToSDR for pictures of any Format: 8-bit pictures too (HDR
// or BT.2020 ones need the conversion), and full-range ones, whose
// samples are read as full range and written limited.
func Convert(dst *image.YCbCr, y, cb, cr []uint16, yStride, cStride, w, h int, f Format) error {
	if err := check(dst, y, cb, cr, yStride, cStride, w, h, f.BitDepth); err != nil {
		return err
	}
	lv := levelsOf(f.BitDepth, f.FullRange)
	switch {
	case f.Transfer == TransferPQ || f.Transfer == TransferHLG:
		convert(dst, y, cb, cr, yStride, cStride, w, h, lv, tablesFor(f.Transfer), haveAVX2)
	case f.Primaries == PrimariesBT2020:
		convert(dst, y, cb, cr, yStride, cStride, w, h, lv, tablesFor(0), haveAVX2)
	case f.FullRange:
		rescale(dst, y, cb, cr, yStride, cStride, w, h, lv)
	default:
		shift(dst, y, cb, cr, yStride, cStride, w, h, f.BitDepth)
	}
	return nil
}

func check(dst *image.YCbCr, y, cb, cr []uint16, yStride, cStride, w, h, bitDepth int) error {
	if dst == nil || dst.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		return fmt.Errorf("%w: destination must be a 4:2:0 image", ErrInput)
	}
	if bitDepth < 8 || bitDepth > 16 {
		return fmt.Errorf("%w: %d bits per sample (want 8 to 16)", ErrInput, bitDepth)
	}
	cw, ch := (w+1)/2, (h+1)/2
	if w <= 0 || h <= 0 || yStride < w || cStride < cw ||
		len(y) < (h-1)*yStride+w || len(cb) < (ch-1)*cStride+cw || len(cr) < (ch-1)*cStride+cw {
		return fmt.Errorf("%w: %dx%d planes of %d/%d/%d samples, strides %d/%d", ErrInput, w, h, len(y), len(cb), len(cr), yStride, cStride)
	}
	if dst.Rect.Dx() < w || dst.Rect.Dy() < h {
		return fmt.Errorf("%w: destination %v is smaller than %dx%d", ErrInput, dst.Rect, w, h)
	}
	return nil
}

// shift rounds limited-range samples to 8 bits.
func shift(dst *image.YCbCr, y, cb, cr []uint16, yStride, cStride, w, h, bitDepth int) {
	s := uint(bitDepth - 8)
	half := uint32(1) << s >> 1
	r8 := func(v uint16) uint8 { return uint8(min((uint32(v)+half)>>s, 255)) }
	x0, y0 := dst.Rect.Min.X, dst.Rect.Min.Y
	for j := range h {
		row := dst.Y[dst.YOffset(x0, y0+j):]
		src := y[j*yStride : j*yStride+w]
		for i, v := range src {
			row[i] = r8(v)
		}
	}
	cw, ch := (w+1)/2, (h+1)/2
	for j := range ch {
		off := dst.COffset(x0, y0+2*j)
		b, r := dst.Cb[off:off+cw], dst.Cr[off:off+cw]
		for i := range cw {
			b[i] = r8(cb[j*cStride+i])
			r[i] = r8(cr[j*cStride+i])
		}
	}
}

// Table sizes.
const (
	inSteps  = 4096  // nonlinear R'G'B' in [0,1] -> linear
	outSteps = 65536 // linear [0,1] -> nonlinear
	tmSteps  = 4096  // max(R,G,B) in [0, peak] -> tone scale
	knee     = 0.75
)

// tables holds the per-transfer look-up tables.
type tables struct {
	toLinear [inSteps + 1]float32 // R' -> linear, 1.0 = SDR white
	peak     float32              // brightest linear value the tone curve maps (to 1.0)
	tmScale  [tmSteps + 1]float32 // max(R,G,B) -> factor, above the knee
	// the same in fixed point, for convert: linear light << linBits,
	// tone factors << 16
	linQ    [linSize]int32 // indexed by toLinear's index + linOff, clamped values outside [0, inSteps]
	tmQ     [tmSteps + 1]int32
	toGamma [outSteps + 2]uint16 // linear [0,1] -> R' * 65535; one padding entry for 32-bit vector gathers
}

// HDR display assumptions (BT.2408).
const (
	refWhite = 203.0  // cd/m²: HDR reference white, becomes SDR white
	hlgPeak  = 1000.0 // cd/m²: the nominal HLG display
	hlgGamma = 1.2    // its system gamma
	pqPeak   = 1000.0 // cd/m²: PQ highlights up to this roll off into SDR white; brighter ones clip
)

var (
	tableOnce [3]sync.Once
	tableSet  [3]*tables
)

// tablesFor builds (once per process, immutable afterwards) the tables of
// transfer: TransferPQ, TransferHLG or 0 for SDR BT.2020.
func tablesFor(transfer int) *tables {
	i := map[int]int{0: 0, TransferPQ: 1, TransferHLG: 2}[transfer]
	tableOnce[i].Do(func() { tableSet[i] = buildTables(transfer) })
	return tableSet[i]
}

func buildTables(transfer int) *tables {
	t := &tables{peak: 1}
	for i := range t.toLinear {
		v := float64(i) / inSteps
		var l float64
		switch transfer {
		case TransferPQ:
			l = pqEOTF(v) / refWhite
		case TransferHLG:
			// Scene light through the OOTF of the nominal display, per
			// component, as ffmpeg's zscale (zimg) and so the HLG that
			// ffmpeg writes: 1000 cd/m² * E^1.2, relative to reference white.
			l = hlgPeak / refWhite * math.Pow(hlgInverseOETF(v), hlgGamma)
		default:
			l = math.Pow(v, 2.4)
		}
		t.toLinear[i] = float32(l)
	}
	for i := range t.linQ {
		t.linQ[i] = int32(math.Round(float64(t.toLinear[min(max(i-linOff, 0), inSteps)]) * (1 << linBits)))
	}
	switch transfer {
	case TransferPQ:
		t.peak = pqPeak / refWhite
	case TransferHLG:
		t.peak = hlgPeak / refWhite
	}
	for i := range t.tmScale {
		m := float64(i) / tmSteps * float64(t.peak)
		k := toneCurve(m, float64(t.peak)) / max(m, 1e-9)
		t.tmScale[i] = float32(k)
		t.tmQ[i] = int32(math.Round(k * (1 << 16)))
	}
	for i := range t.toGamma[:outSteps+1] {
		t.toGamma[i] = uint16(math.Round(math.Pow(float64(i)/outSteps, 1/2.4) * 65535))
	}
	return t
}

// toneCurve maps linear light x (1 = SDR white) to [0,1]: the identity up
// to the knee, then a rational roll-off that reaches 1 at peak with a
// continuous slope.
func toneCurve(x, peak float64) float64 {
	if x <= knee || peak <= 1 {
		return min(x, 1)
	}
	if x >= peak {
		return 1
	}
	t := (x - knee) / (1 - knee)
	return knee + (1-knee)*t/(1+t*(1-(1-knee)/(peak-knee)))
}

// pqEOTF is SMPTE ST 2084's EOTF: signal in [0,1] to cd/m².
func pqEOTF(v float64) float64 {
	const (
		m1 = 2610.0 / 16384
		m2 = 2523.0 / 4096 * 128
		c1 = 3424.0 / 4096
		c2 = 2413.0 / 4096 * 32
		c3 = 2392.0 / 4096 * 32
	)
	p := math.Pow(v, 1/m2)
	return 10000 * math.Pow(max(p-c1, 0)/(c2-c3*p), 1/m1)
}

// hlgInverseOETF is BT.2100's HLG inverse OETF: signal to scene light in [0,1].
func hlgInverseOETF(v float64) float64 {
	const a, b, c = 0.17883277, 0.28466892, 0.55991073
	if v <= 0.5 {
		return v * v / 3
	}
	return (math.Exp((v-c)/a) + b) / 12
}
