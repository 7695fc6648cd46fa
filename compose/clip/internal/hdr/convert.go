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
	fixBits   = 20 // nonlinear R'G'B' v is held as v * inSteps << fixBits
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
// keeps even impossible indices inside it.
const (
	linSize = 1 << 14
	linOff  = 6144
)

// outSteps must be 1 << 16 for gammaShift.
var _ [1]struct{} = [outSteps >> 16]struct{}{}

// convert runs the table-driven conversion of ToSDR over the picture in
// integer arithmetic. The chroma-rate work (the chroma terms of Y'CbCr ->
// R'G'B', as fixed-point table indices) is done once per chroma sample
// and row of 2x2 blocks; per luma sample the pixel goes through three
// table look-ups to linear light, the primaries matrix, the tone curve
// above the knee, three look-ups of the output gamma and the luma
// weights, with branch-free clamps and no float conversions; the output
// chroma is taken from the mean of the block's four gamma-encoded BT.709
// R'G'B' values.
func convert(dst *image.YCbCr, y, cb, cr []uint16, yStride, cStride, w, h int, lv levels, t *tables) {
	const one = float64(inSteps << fixBits)
	yOff, cOff := int(lv.yOff), int(lv.cOff)
	yMul := int(math.Round(float64(lv.yMul) * one))
	cMul := float64(lv.cMul) * one
	// BT.2020 non-constant luminance Y'CbCr -> R'G'B'.
	crR, cbG, crG, cbB := int(math.Round(1.4746*cMul)), int(math.Round(-0.16455*cMul)), int(math.Round(-0.57135*cMul)), int(math.Round(1.8814*cMul))
	const half = 1 << (fixBits - 1)
	const kneeQ = int(knee * (1 << linBits))
	// max(R,G,B) << linBits -> index in tmQ, << 32
	tmMul := int(math.Round(float64(tmSteps) / float64(t.peak) * (1 << (32 - linBits))))
	const lumaOff = int(16.5 * (1 << lumaBits))
	x0, y0 := dst.Rect.Min.X, dst.Rect.Min.Y
	cw, ch := (w+1)/2, (h+1)/2
	// per chroma sample of the current block row: R'G'B' chroma terms
	// (rounding included) and sums of the output R'G'B'
	terms := make([]int, 3*cw)
	sums := make([]int, 3*cw)
	lin, gam, tm := &t.linQ, &t.toGamma, &t.tmQ
	for bj := range ch {
		cbRow, crRow := cb[bj*cStride:][:cw], cr[bj*cStride:][:cw]
		terms := terms[:3*len(cbRow)]
		for i := range cbRow {
			u, v := int(cbRow[i])-cOff, int(crRow[i])-cOff
			terms[3*i], terms[3*i+1], terms[3*i+2] = crR*v+half, cbG*u+crG*v+half, cbB*u+half
		}
		clear(sums)
		rows := min(2, h-2*bj)
		for dy := range rows {
			j := 2*bj + dy
			src := y[j*yStride:][:w]
			out := dst.Y[dst.YOffset(x0, y0+j):][:len(src)]
			for i, s := range src {
				c := 3 * (i >> 1)
				tc := terms[c : c+3 : c+3]
				yq := (int(s) - yOff) * yMul
				r := int(lin[((yq+tc[0])>>fixBits+linOff)&(linSize-1)])
				g := int(lin[((yq+tc[1])>>fixBits+linOff)&(linSize-1)])
				b := int(lin[((yq+tc[2])>>fixBits+linOff)&(linSize-1)])
				const rnd = 1 << (gamutBits - 1)
				r, g, b = (gm0*r+gm1*g+gm2*b+rnd)>>gamutBits, (gm3*r+gm4*g+gm5*b+rnd)>>gamutBits, (gm6*r+gm7*g+gm8*b+rnd)>>gamutBits
				if mx := max(r, g, b); mx > kneeQ {
					k := int(tm[min((mx*tmMul+1<<31)>>32, tmSteps)])
					r, g, b = r*k>>16, g*k>>16, b*k>>16
				}
				const gr = 1 << (gammaShift - 1)
				rg := int(gam[min(nonNegative((r+gr)>>gammaShift), outSteps)])
				gg := int(gam[min(nonNegative((g+gr)>>gammaShift), outSteps)])
				bg := int(gam[min(nonNegative((b+gr)>>gammaShift), outSteps)])
				out[i] = uint8((kr*rg + kg*gg + kb*bg + lumaOff) >> lumaBits)
				sc := sums[c : c+3 : c+3]
				sc[0] += rg
				sc[1] += gg
				sc[2] += bg
			}
		}
		coff := dst.COffset(x0, y0+2*bj)
		outB, outR := dst.Cb[coff:][:cw], dst.Cr[coff:][:cw]
		for bi := range outB {
			n := rows * min(2, w-2*bi)
			inv := 1 / (65535 * float32(n))
			r, g, b := float32(sums[3*bi])*inv, float32(sums[3*bi+1])*inv, float32(sums[3*bi+2])*inv
			yy := 0.2126*r + 0.7152*g + 0.0722*b
			outB[bi] = limited((b-yy)/1.8556, 224, 128)
			outR[bi] = limited((r-yy)/1.5748, 224, 128)
		}
	}
}

// nonNegative is max(x, 0) without a branch.
func nonNegative(x int) int {
	return x &^ (x >> 63)
}

// limited encodes v (clamped to the range of a luma or chroma value) as
// an 8-bit limited-range sample: off + v*span, rounded.
func limited(v, span, off float32) uint8 {
	return uint8(min(max(int32(off+v*span+0.5), 1), 254))
}
