package hdr

// chromaBits is the fraction of chromaCoefs.
const chromaBits = 32

// chromaCoefs turn the sums of n gamma-encoded BT.709 R'G'B' values
// (each 0..65535) into 8-bit limited-range Cb and Cr of their mean, in
// fixed point: Cb = (b·sums + round) >> chromaBits, likewise Cr, where
// Cb = 128 + 224 * (B' - Y') / 1.8556 and Cr = 128 + 224 * (R' - Y') /
// 1.5748 of the mean.
type chromaCoefs struct{ b, r [3]int64 }

// chromaRound is 128.5 << chromaBits: the chroma offset and rounding.
const chromaRound = int64(128.5 * (1 << chromaBits))

// newChromaCoefs gives the chromaCoefs of blocks of n samples.
func newChromaCoefs(n int) chromaCoefs {
	s := 224 / (65535 * float64(n)) * (1 << chromaBits)
	q := func(x float64) int64 {
		if x < 0 {
			return int64(x - 0.5)
		}
		return int64(x + 0.5)
	}
	return chromaCoefs{
		b: [3]int64{q(-0.2126 / 1.8556 * s), q(-0.7152 / 1.8556 * s), q((1 - 0.0722) / 1.8556 * s)},
		r: [3]int64{q((1 - 0.2126) / 1.5748 * s), q(-0.7152 / 1.5748 * s), q(-0.0722 / 1.5748 * s)},
	}
}

// blockCoefs are the chromaCoefs of blocks of 1, 2 and 4 samples,
// indexed by that number.
type blockCoefs [5]chromaCoefs

// newBlockCoefs fills a blockCoefs.
func newBlockCoefs() *blockCoefs {
	var c blockCoefs
	for _, n := range []int{1, 2, 4} {
		c[n] = newChromaCoefs(n)
	}
	return &c
}

// chromaRow writes the Cb and Cr of a row of 2x2 blocks from the sums
// of their R', G' and B': rows luma rows (1 or 2) of w samples.
func chromaRow(outB, outR []uint8, sR, sG, sB []uint32, rows, w int, coefs *blockCoefs) {
	n := len(outB)
	outR, sR, sG, sB = outR[:n], sR[:n], sG[:n], sB[:n]
	for i := range outB {
		c := &coefs[rows*min(2, w-2*i)]
		r, g, b := int64(sR[i]), int64(sG[i]), int64(sB[i])
		outB[i] = clampChroma((c.b[0]*r + c.b[1]*g + c.b[2]*b + chromaRound) >> chromaBits)
		outR[i] = clampChroma((c.r[0]*r + c.r[1]*g + c.r[2]*b + chromaRound) >> chromaBits)
	}
}

// clampChroma clamps an 8-bit sample to 1..254, as limited does.
func clampChroma(v int64) uint8 {
	return uint8(min(max(v, 1), 254))
}
