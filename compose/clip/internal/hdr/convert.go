package hdr

import (
	"image"
	"math"
)

// BT.2020 to BT.709 primaries, linear light (BT.2087).
var gamut = [9]float32{
	1.6605, -0.5876, -0.0728,
	-0.1246, 1.1329, -0.0083,
	-0.0182, -0.1006, 1.1187,
}

// Fixed-point formats of convert.
const (
	fixBits   = 18 // nonlinear R'G'B' v is held as v * inSteps << fixBits, unsigned 32-bit
	linBits   = 20 // linear light l is held as l << linBits
	gamutBits = 20 // fraction of the primaries matrix
	lumaBits  = 28 // fraction of the luma weights
	// a linear value's index in toGamma: l << linBits >> gammaShift
	gammaShift = linBits - 16
)

// gamut and the BT.709 luma weights (scaled to 8-bit limited range from
// 16-bit R'G'B') as rounded integer constants, so that the compiler
// multiplies by immediates; TestFixedPointConstantsMatch checks them.
const (
	gm0, gm1, gm2 = 1741161, -616143, -76336
	gm3, gm4, gm5 = -130653, 1187932, -8703
	gm6, gm7, gm8 = -19084, -105487, 1173042
	kr, kg, kb    = 190710, 641561, 64766 // 0.2126, 0.7152, 0.0722 * 219/65535 << lumaBits
)

// linQ covers the table indices of every R'G'B' that samples of 8 to 16
// bits can describe, full or limited range (Y' in [-0.073, 1.096], Cb and
// Cr in [-0.571, 0.571]: R'G'B' in [-1.15, 2.17], indices -4703 to 8893)
// with clamped values, so convert indexes it without clamping; the mask
// keeps even impossible indices inside it. With linOff folded in, the
// fixed-point index sums are positive and below 2^32 (15038 << fixBits),
// so they fit the unsigned 32-bit lanes of the vector path.
const (
	linSize = 1 << 14
	linOff  = 6144
)

// outSteps must be 1 << 16 for gammaShift.
var _ [1]struct{} = [outSteps >> 16]struct{}{}

// convert runs the table-driven conversion of ToSDR over the picture in
// integer arithmetic. The chroma-rate work (the chroma terms of Y'CbCr ->
// R'G'B', as fixed-point table indices) is done once per chroma sample
// and row of 2x2 blocks; each luma row then goes through lumaRow (with
// AVX2 if avx2, which only haveAVX2 may set); the output chroma is taken
// from the mean of the block's four gamma-encoded BT.709 R'G'B' values
// (chromaRow).
func convert(dst *image.YCbCr, y, cb, cr []uint16, yStride, cStride, w, h int, lv levels, t *tables, avx2 bool) {
	// The levels' multipliers are 1/n for integers n; 1/round(1/m) gives
	// them in float64. One unit of the fixed-point index is 2^-fixBits
	// of a table step.
	const one = float64(inSteps << fixBits)
	yOff, cOff := float64(lv.yOff), int(lv.cOff)
	yMul, cMul := 1/math.Round(1/float64(lv.yMul))*one, 1/math.Round(1/float64(lv.cMul))*one
	// The luma part of the index is (y * yMulX) >> yShift, yMulX the
	// largest 32-bit multiplier, so it is exact to about a unit.
	yShift := 0
	for yShift < 31 && yMul*float64(uint64(2)<<yShift) < 1<<32-1 {
		yShift++
	}
	yMulX := uint32(math.Round(yMul * float64(uint64(1)<<yShift)))
	// BT.2020 non-constant luminance Y'CbCr -> R'G'B'; the chroma terms
	// also hold the index rounding, the luma offset and linQ's offset.
	// The terms are positive (as the sums, see linOff): the conversion
	// truncates, + 0.5 rounds them.
	base := (linOff+0.5)*(1<<fixBits) - yOff*yMul + 0.5
	term := func(x float64) uint32 { return uint32(x*cMul + base) }
	k := newRowConsts(t, yMulX, yShift)
	x0, y0 := dst.Rect.Min.X, dst.Rect.Min.Y
	cw, ch := (w+1)/2, (h+1)/2
	br := newBlockRow(cw)
	coefs := newBlockCoefs()
	tR, tG, tB := br.channels(br.terms)
	for bj := range ch {
		cbRow, crRow := cb[bj*cStride:][:cw], cr[bj*cStride:][:cw]
		tR, tG, tB := tR[:len(cbRow)], tG[:len(cbRow)], tB[:len(cbRow)]
		for i := range cbRow {
			u, v := float64(int(cbRow[i])-cOff), float64(int(crRow[i])-cOff)
			tR[i], tG[i], tB[i] = term(1.4746*v), term(-0.16455*u-0.57135*v), term(1.8814*u)
		}
		clear(br.sums)
		rows := min(2, h-2*bj)
		for dy := range rows {
			j := 2*bj + dy
			src := y[j*yStride:][:w]
			lumaRow(dst.Y[dst.YOffset(x0, y0+j):][:w], src, &br, &k, avx2)
		}
		sR, sG, sB := br.channels(br.sums)
		coff := dst.COffset(x0, y0+2*bj)
		chromaRow(dst.Cb[coff:][:cw], dst.Cr[coff:][:cw], sR, sG, sB, rows, w, coefs)
	}
}

// limited encodes v (clamped to the range of a luma or chroma value) as
// an 8-bit limited-range sample: off + v*span, rounded.
func limited(v, span, off float32) uint8 {
	return uint8(min(max(int32(off+v*span+0.5), 1), 254))
}
