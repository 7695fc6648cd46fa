package compose

import (
	"encoding/binary"
	"unsafe"
)

// The per-pixel kernels of the warp (horizontal and vertical pass) and of
// the crossfade have SIMD versions on amd64 (simd_amd64.s: SSE2, and SSSE3
// for the horizontal pass, checked with CPUID) and portable versions here
// that work several pixels per 64-bit word (SWAR). Every version gives the
// same bytes as the one-pixel-at-a-time formulas (simd_test.go): lanes are
// wide enough that no product carries into its neighbour.

// vmixRowGo writes out[x] = (pa[x]*(256-wy) + pb[x]*wy + 1<<15) >> 16
// for filtered rows pa, pb (values*256, at most 255*256) and wy in 0..256
// (0 is (pa[x]+128)>>8): four pixels per step, in two 32-bit lanes per
// word. vmixRow is this or a SIMD version of it.
func vmixRowGo(out []uint8, pa, pb []uint16, wy uint32) {
	n := len(out)
	pa, pb = pa[:n], pb[:n]
	iw, w := uint64(256-wy), uint64(wy)
	const lanes = 0x0000FFFF0000FFFF
	const half = 0x0000800000008000
	m := n &^ 3
	if m > 0 {
		a0 := unsafe.Pointer(unsafe.SliceData(pa))
		b0 := unsafe.Pointer(unsafe.SliceData(pb))
		for x := 0; x < m; x += 4 {
			// x+3 < m <= len(pa), len(pb): the 8-byte loads stay inside.
			A := *(*uint64)(unsafe.Add(a0, 2*x))
			B := *(*uint64)(unsafe.Add(b0, 2*x))
			e := (A&lanes)*iw + (B&lanes)*w + half         // pixels x, x+2
			o := (A>>16&lanes)*iw + (B>>16&lanes)*w + half // pixels x+1, x+3
			v := uint32(e>>16&0xFF | o>>8&0xFF00 | e>>32&0xFF0000 | o>>24&0xFF000000)
			binary.LittleEndian.PutUint32(out[x:x+4], v)
		}
	}
	for x := m; x < n; x++ {
		a := uint32(pa[x])
		out[x] = uint8((a<<8 + (uint32(pb[x])-a)*wy + 1<<15) >> 16)
	}
}

// vmixMixRowGo blends the vertical mix of pa, pb (vmixRow with wy) into d
// by m/256 (mixRow with m), using tmp (at least len(d) long) for the mixed
// row. vmixMixRow is this or a fused SIMD version of it.
func vmixMixRowGo(d []uint8, pa, pb []uint16, wy uint32, m int32, tmp []uint8) {
	t := tmp[:len(d)]
	vmixRow(t, pa, pb, wy)
	mixRow(d, t, m)
}

// mixRowGo blends s into d: d += ((s-d)*m+128)>>8, m in 1..255, which is
// (d*(256-m) + s*m + 128) >> 8; eight pixels per step in 16-bit lanes.
// mixRow is this or a SIMD version of it.
func mixRowGo(d, s []uint8, m int32) {
	n := len(d)
	s = s[:n]
	im, w := uint64(256-m), uint64(m)
	const lo = 0x00FF00FF00FF00FF
	const half = 0x0080008000800080
	k := n &^ 7
	for i := 0; i < k; i += 8 {
		D := binary.LittleEndian.Uint64(d[i : i+8])
		S := binary.LittleEndian.Uint64(s[i : i+8])
		e := (D&lo)*im + (S&lo)*w + half
		o := (D>>8&lo)*im + (S>>8&lo)*w + half
		binary.LittleEndian.PutUint64(d[i:i+8], e>>8&lo|o&^lo)
	}
	for i := k; i < n; i++ {
		d[i] = uint8(int32(d[i]) + ((int32(s[i])-int32(d[i]))*m+128)>>8)
	}
}
