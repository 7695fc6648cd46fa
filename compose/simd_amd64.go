package compose

// vmixRow is vmixRowGo with the first len(out)&^7 pixels done eight at a
// time with SSE2 (part of every amd64 CPU), same results bit for bit.
func vmixRow(out []uint8, pa, pb []uint16, wy uint32) {
	n := len(out)
	pa, pb = pa[:n], pb[:n]
	k := n &^ 7
	if k > 0 {
		vmixRowSSE2(&out[0], &pa[0], &pb[0], k, 256-wy, wy)
	}
	if k < n {
		vmixRowGo(out[k:], pa[k:], pb[k:], wy)
	}
}

// mixRow is mixRowGo with the first len(d)&^15 pixels done sixteen at a
// time with SSE2, same results bit for bit.
func mixRow(d, s []uint8, m int32) {
	n := len(d)
	s = s[:n]
	k := n &^ 15
	if k > 0 {
		mixRowSSE2(&d[0], &s[0], k, uint32(256-m), uint32(m))
	}
	if k < n {
		mixRowGo(d[k:], s[k:], m)
	}
}

// vmixRowSSE2 does vmixRowGo for n pixels (n a multiple of 8, > 0) with
// iw = 256-wy.
//
//go:noescape
func vmixRowSSE2(out *uint8, pa, pb *uint16, n int, iw, wy uint32)

// mixRowSSE2 does mixRowGo for n pixels (n a multiple of 16, > 0) with
// im = 256-m.
//
//go:noescape
func mixRowSSE2(d, s *uint8, n int, im, m uint32)

// haveHpassSIMD: the CPU has SSSE3 (PSHUFB), which the SIMD horizontal
// pass needs (amd64's baseline is SSE2). Fixed at start-up.
var haveHpassSIMD = hasSSSE3()

// hpassSIMD filters the leading groups of 8 outputs of hpass whose 16
// source bytes lie inside row, and returns how many groups it did (0 when
// cols has no group tables).
func hpassSIMD(out []uint16, row []uint8, cols *axisMap) int {
	g := len(cols.gbase)
	if g == 0 || len(out) < 8*g {
		return 0
	}
	// Indices grow along the row: trailing groups too near its end are
	// left to the scalar pass.
	for g > 0 && int(cols.gbase[g-1])+16 > len(row) {
		g--
	}
	if g > 0 {
		hpassSSSE3(&out[0], &row[0], &cols.gbase[0], &cols.gshuf[0], &cols.gw[0], g)
	}
	return g
}

// hpassSSSE3: for each of the groups of 8 outputs, the 16 bytes at
// row+base[g] are shuffled into sample pairs (a, b) and out gets
// a<<8 + (b-a)*w (mod 1<<16, as in hpass).
//
//go:noescape
func hpassSSSE3(out *uint16, row *uint8, base *int32, shuf *uint8, w *uint16, groups int)

// hasSSSE3 reports CPUID.1:ECX bit 9.
func hasSSSE3() bool
