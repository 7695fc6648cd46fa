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

// fixBits is the fraction of the fixed-point table indices: a nonlinear
// R'G'B' value v is held as v * inSteps << fixBits.
const fixBits = 20

// convert runs the table-driven conversion of ToSDR over the picture.
// The chroma-rate work (the chroma terms of Y'CbCr -> R'G'B', as
// fixed-point table indices) is done once per chroma sample and row of
// 2x2 blocks; per luma sample the R'G'B' table indices are integer sums
// clamped without branches, and the output chroma is taken from the mean
// of the block's four gamma-encoded BT.709 R'G'B' values.
func convert(dst *image.YCbCr, y, cb, cr []uint16, yStride, cStride, w, h int, lv levels, t *tables) {
	const one = float64(inSteps << fixBits)
	yOff, cOff := int(lv.yOff), int(lv.cOff)
	yMul := int(math.Round(float64(lv.yMul) * one))
	cMul := float64(lv.cMul) * one
	// BT.2020 non-constant luminance Y'CbCr -> R'G'B'.
	crR, cbG, crG, cbB := int(math.Round(1.4746*cMul)), int(math.Round(-0.16455*cMul)), int(math.Round(-0.57135*cMul)), int(math.Round(1.8814*cMul))
	const half = 1 << (fixBits - 1)
	x0, y0 := dst.Rect.Min.X, dst.Rect.Min.Y
	cw, ch := (w+1)/2, (h+1)/2
	// per chroma sample of the current block row: R'G'B' chroma terms
	// (rounding included) and sums of the output R'G'B'
	terms := make([]int, 3*cw)
	sums := make([]float32, 3*cw)
	lin, gam, tm := &t.toLinear, &t.toGamma, &t.tmScale
	tmMul := float32(tmSteps) / t.peak
	g0, g1, g2, g3, g4, g5, g6, g7, g8 := gamut[0], gamut[1], gamut[2], gamut[3], gamut[4], gamut[5], gamut[6], gamut[7], gamut[8]
	const o = 1.0 / 65535
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
				r := lin[min(max((yq+tc[0])>>fixBits, 0), inSteps)]
				g := lin[min(max((yq+tc[1])>>fixBits, 0), inSteps)]
				b := lin[min(max((yq+tc[2])>>fixBits, 0), inSteps)]
				r, g, b = g0*r+g1*g+g2*b, g3*r+g4*g+g5*b, g6*r+g7*g+g8*b
				m := r
				if g > m {
					m = g
				}
				if b > m {
					m = b
				}
				if m > knee {
					k := tm[min(int(m*tmMul+0.5), tmSteps)]
					r, g, b = r*k, g*k, b*k
				}
				rf := float32(gam[min(max(int(r*outSteps+0.5), 0), outSteps)]) * o
				gf := float32(gam[min(max(int(g*outSteps+0.5), 0), outSteps)]) * o
				bf := float32(gam[min(max(int(b*outSteps+0.5), 0), outSteps)]) * o
				out[i] = limited(0.2126*rf+0.7152*gf+0.0722*bf, 219, 16)
				sc := sums[c : c+3 : c+3]
				sc[0] += rf
				sc[1] += gf
				sc[2] += bf
			}
		}
		coff := dst.COffset(x0, y0+2*bj)
		outB, outR := dst.Cb[coff:][:cw], dst.Cr[coff:][:cw]
		for bi := range outB {
			n := rows * min(2, w-2*bi)
			inv := 1 / float32(n)
			r, g, b := sums[3*bi]*inv, sums[3*bi+1]*inv, sums[3*bi+2]*inv
			yy := 0.2126*r + 0.7152*g + 0.0722*b
			outB[bi] = limited((b-yy)/1.8556, 224, 128)
			outR[bi] = limited((r-yy)/1.5748, 224, 128)
		}
	}
}

// limited encodes v (clamped to the range of a luma or chroma value) as
// an 8-bit limited-range sample: off + v*span, rounded.
func limited(v, span, off float32) uint8 {
	return uint8(min(max(int32(off+v*span+0.5), 1), 254))
}
