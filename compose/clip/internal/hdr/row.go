package hdr

import "math"

// blockRow holds the chroma-rate data of one row of 2x2 blocks, three
// channels (R', G', B') each of stride elements in one slice: the chroma
// terms of the table indices and the sums of the output R'G'B'. stride
// leaves vecPad spare elements after each channel for the vector loads.
type blockRow struct {
	stride      int
	terms, sums []uint32
}

// vecPad is the spare elements after each channel of a blockRow.
const vecPad = 4

// newBlockRow makes the blockRow of a picture cw chroma samples wide.
func newBlockRow(cw int) blockRow {
	s := cw + vecPad
	return blockRow{stride: s, terms: make([]uint32, 3*s), sums: make([]uint32, 3*s)}
}

// channels splits buf (terms or sums) into its three channels.
func (b *blockRow) channels(buf []uint32) (r, g, bl []uint32) {
	s := b.stride
	return buf[:s], buf[s : 2*s], buf[2*s : 3*s]
}

// rowConsts are the constants of the per-pixel pass of one conversion.
type rowConsts struct {
	yMul   uint32 // luma sample y -> fixed-point table index (before the terms): y*yMul >> yShift
	yShift int
	tmMul  int64 // max(R,G,B) << linBits -> index in tmQ, << 32
	lin    *[linSize]int32
	tm     *[tmSteps + 1]int32
	gam    *[outSteps + 2]uint16
	arch   archConsts // the same, laid out for the vector kernel
}

// newRowConsts gathers the constants of a conversion with tables t and
// luma multiplier yMul >> yShift.
func newRowConsts(t *tables, yMul uint32, yShift int) rowConsts {
	k := rowConsts{
		yMul: yMul, yShift: yShift,
		tmMul: int64(math.Round(float64(tmSteps) / float64(t.peak) * (1 << (32 - linBits)))),
		lin:   &t.linQ, tm: &t.tmQ, gam: &t.toGamma,
	}
	k.arch = newArchConsts(&k)
	return k
}

// lumaRowGo converts the luma samples src into out: per sample three
// look-ups to linear light (with the chroma terms of b, sample i using
// chroma sample c0+i/2), the primaries matrix, the tone curve above the
// knee, three look-ups of the output gamma and the luma weights, with
// branch-free clamps and no float conversions; the gamma-encoded R'G'B'
// are added to b's sums. The arithmetic stays inside int32 except for
// the products, which the vector kernel reproduces exactly.
func lumaRowGo(out []uint8, src []uint16, b *blockRow, c0 int, k *rowConsts) {
	tR, tG, tB := b.channels(b.terms)
	sR, sG, sB := b.channels(b.sums)
	n := (len(src) + 1) / 2
	tR, tG, tB = tR[c0:][:n], tG[c0:][:n], tB[c0:][:n]
	sR, sG, sB = sR[c0:][:n], sG[c0:][:n], sB[c0:][:n]
	out = out[:len(src)]
	lin, gam, tm := k.lin, k.gam, k.tm
	const kneeQ = int32(knee * (1 << linBits))
	const lumaOff = int64(16.5 * (1 << lumaBits))
	for i, s := range src {
		c := i >> 1
		yq := uint32(uint64(s) * uint64(k.yMul) >> k.yShift)
		r := int64(lin[((yq+tR[c])>>fixBits)&(linSize-1)])
		g := int64(lin[((yq+tG[c])>>fixBits)&(linSize-1)])
		bl := int64(lin[((yq+tB[c])>>fixBits)&(linSize-1)])
		const rnd = 1 << (gamutBits - 1)
		r, g, bl = (gm0*r+gm1*g+gm2*bl+rnd)>>gamutBits, (gm3*r+gm4*g+gm5*bl+rnd)>>gamutBits, (gm6*r+gm7*g+gm8*bl+rnd)>>gamutBits
		if mx := int32(max(r, g, bl)); mx > kneeQ {
			f := int64(tm[min((int64(mx)*k.tmMul+1<<31)>>32, tmSteps)])
			r, g, bl = r*f>>16, g*f>>16, bl*f>>16
		}
		const gr = 1 << (gammaShift - 1)
		rg := gam[min(nonNegative32((int32(r)+gr)>>gammaShift), outSteps)]
		gg := gam[min(nonNegative32((int32(g)+gr)>>gammaShift), outSteps)]
		bg := gam[min(nonNegative32((int32(bl)+gr)>>gammaShift), outSteps)]
		out[i] = uint8((kr*int64(rg) + kg*int64(gg) + kb*int64(bg) + lumaOff) >> lumaBits)
		sR[c] += uint32(rg)
		sG[c] += uint32(gg)
		sB[c] += uint32(bg)
	}
}

// nonNegative32 is max(x, 0) without a branch.
func nonNegative32(x int32) int32 {
	return x &^ (x >> 31)
}
