package hdr

import "golang.org/x/sys/cpu"

// haveAVX2: the CPU has AVX2 and the OS saves its registers. Fixed at
// start-up.
var haveAVX2 = cpu.X86.HasAVX2

// Rows of archConsts: each constant of the AVX2 kernel broadcast to the
// eight 32-bit lanes of a vector (or the four 64-bit ones, for the
// constants of 64-bit lane arithmetic), in the order lumaRowAVX2 reads
// them.
const (
	acYMul     = 0  // luma sample multiplier (unsigned, 64-bit lanes' low halves)
	acLinMask  = 1  // linSize-1
	acGm0      = 2  // gm0..gm8 (nine rows), used as 64-bit lanes' low halves
	acRnd      = 11 // matrix rounding, 64-bit lanes
	acKnee     = 12 // kneeQ
	acTmMul    = 13 // tmMul (unsigned)
	acHalf32   = 14 // 1<<31, 64-bit lanes
	acTmSteps  = 15 // tmSteps
	acOne16    = 16 // 1<<16: tone factor of pixels below the knee, and outSteps
	acLow16    = 17 // 0xffff
	acGammaRnd = 18 // 1<<(gammaShift-1)
	acKh       = 19 // kr, kg, kb >> 12 (three rows)
	acKl       = 22 // kr, kg, kb & 4095 (three rows)
	acLumaOff  = 25 // lumaOff >> 12
	acDup      = 26 // lane permutation 0,0,1,1,2,2,3,3
	acPairs    = 27 // lane permutation 0,2,4,6
	acYShr     = 28 // yShift, 64-bit lanes
	acYShl     = 29 // 32-yShift, 64-bit lanes
	acRows     = 30
)

// archConsts are a conversion's constants as AVX2 operands.
type archConsts [acRows][8]int32

// newArchConsts lays out k's constants for lumaRowAVX2.
func newArchConsts(k *rowConsts) archConsts {
	var a archConsts
	bcast := func(row int, v int32) {
		for i := range a[row] {
			a[row][i] = v
		}
	}
	bcast64 := func(row int, v int64) {
		for i := 0; i < 8; i += 2 {
			a[row][i], a[row][i+1] = int32(uint32(v)), int32(uint32(uint64(v)>>32))
		}
	}
	bcast(acYMul, int32(k.yMul))
	bcast64(acYShr, int64(k.yShift))
	bcast64(acYShl, int64(32-k.yShift))
	bcast(acLinMask, linSize-1)
	for i, g := range [9]int32{gm0, gm1, gm2, gm3, gm4, gm5, gm6, gm7, gm8} {
		bcast(acGm0+i, g)
	}
	bcast64(acRnd, 1<<(gamutBits-1))
	bcast(acKnee, int32(knee*(1<<linBits)))
	bcast(acTmMul, int32(uint32(k.tmMul)))
	bcast64(acHalf32, 1<<31)
	bcast(acTmSteps, tmSteps)
	bcast(acOne16, 1<<16)
	bcast(acLow16, 0xffff)
	bcast(acGammaRnd, 1<<(gammaShift-1))
	for i, w := range [3]int32{kr, kg, kb} {
		bcast(acKh+i, w>>12)
		bcast(acKl+i, w&(1<<12-1))
	}
	bcast(acLumaOff, int32(16.5*(1<<(lumaBits-12))))
	a[acDup] = [8]int32{0, 0, 1, 1, 2, 2, 3, 3}
	a[acPairs] = [8]int32{0, 2, 4, 6, 0, 2, 4, 6}
	return a
}

// lumaRow is lumaRowGo with the first len(src)&^7 samples done eight at a
// time with AVX2 if avx2, same results bit for bit, in chunks of up to
// chunk samples.
func lumaRow(out []uint8, src []uint16, b *blockRow, k *rowConsts, avx2 bool) {
	n := 0
	if avx2 {
		n = len(src) &^ 7
	}
	out = out[:len(src)]
	var rgb [3 * chunk]int32 // the kernel's linear values of a chunk
	for i := 0; i < n; i += chunk {
		m := min(chunk, n-i)
		lumaRowAVX2(&out[i], &src[i], &b.terms[i/2], &b.sums[i/2], 4*b.stride, m, &k.arch, &k.lin[0], &k.tm[0], &k.gam[0], &rgb[0])
	}
	if n < len(src) {
		lumaRowGo(out[n:], src[n:], b, n/2, k)
	}
}

// chunk is the most samples of one lumaRowAVX2 call: its linear values
// stay in the first-level cache between its two passes.
const chunk = 256

// lumaRowAVX2 does lumaRowGo for the first n (a multiple of 8, > 0)
// samples of a row: terms and sums are the blockRow's, stride the bytes
// per channel, rgb room for 3n linear values.
//
//go:noescape
func lumaRowAVX2(out *uint8, src *uint16, terms, sums *uint32, stride, n int, c *archConsts, lin, tm *int32, gam *uint16, rgb *int32)
