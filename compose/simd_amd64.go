package compose

// vmixRow is vmixRowGo with the first len(out)&^7 pixels done sixteen
// (AVX2, where the CPU and OS have it) or eight (SSE2, part of every amd64
// CPU) at a time, same results bit for bit.
func vmixRow(out []uint8, pa, pb []uint16, wy uint32) {
	vmixRowSIMD(out, pa, pb, wy, haveAVX2)
}

// vmixRowSIMD is vmixRow with the AVX2 loop used only if avx2.
func vmixRowSIMD(out []uint8, pa, pb []uint16, wy uint32, avx2 bool) {
	n := len(out)
	pa, pb = pa[:n], pb[:n]
	k := 0
	if avx2 {
		if k = n &^ 15; k > 0 {
			vmixRowAVX2(&out[0], &pa[0], &pb[0], k, 256-wy, wy)
		}
	}
	if m := n &^ 7; m > k {
		vmixRowSSE2(&out[k], &pa[k], &pb[k], m-k, 256-wy, wy)
		k = m
	}
	if k < n {
		vmixRowGo(out[k:], pa[k:], pb[k:], wy)
	}
}

// vmixMixRow is vmixMixRowGo with the first len(d)&^15 pixels done
// sixteen at a time in AVX2 where the CPU and OS have it.
func vmixMixRow(d []uint8, pa, pb []uint16, wy uint32, m int32, tmp []uint8) {
	vmixMixRowSIMD(d, pa, pb, wy, m, tmp, haveAVX2)
}

// vmixMixRowSIMD is vmixMixRow with the AVX2 loop used only if avx2.
func vmixMixRowSIMD(d []uint8, pa, pb []uint16, wy uint32, m int32, tmp []uint8, avx2 bool) {
	n := len(d)
	pa, pb = pa[:n], pb[:n]
	k := 0
	if avx2 {
		if k = n &^ 15; k > 0 {
			vmixMixRowAVX2(&d[0], &pa[0], &pb[0], k, 256-wy, wy, uint32(256-m), uint32(m))
		}
	}
	if k < n {
		vmixMixRowGo(d[k:], pa[k:], pb[k:], wy, m, tmp)
	}
}

// vmixMixRowAVX2 does vmixMixRowGo for n pixels (n a multiple of 16, > 0)
// with iw = 256-wy and im = 256-m.
//
//go:noescape
func vmixMixRowAVX2(d *uint8, pa, pb *uint16, n int, iw, wy, im, m uint32)

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

// vmixRowAVX2 does vmixRowGo for n pixels (n a multiple of 16, > 0) with
// iw = 256-wy.
//
//go:noescape
func vmixRowAVX2(out *uint8, pa, pb *uint16, n int, iw, wy uint32)

// haveAVX2: the CPU has AVX2 and the OS saves YMM registers. Fixed at
// start-up.
var haveAVX2 = hasAVX2()

// hasAVX2 reports CPUID.7.0:EBX bit 5 with OSXSAVE, AVX and XGETBV(0)
// showing XMM and YMM state enabled.
func hasAVX2() bool

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
		hpassGroups(out, row, cols, g, haveAVX2)
	}
	return g
}

// hpassGroups runs the first g (> 0) groups of cols: pairs of them with
// AVX2 if avx2, the rest with SSSE3.
func hpassGroups(out []uint16, row []uint8, cols *axisMap, g int, avx2 bool) {
	k := 0
	if avx2 {
		if k = g &^ 1; k > 0 {
			hpassAVX2(&out[0], &row[0], &cols.gbase[0], &cols.gshuf[0], &cols.gw[0], k)
		}
	}
	if k < g {
		hpassSSSE3(&out[8*k], &row[0], &cols.gbase[k], &cols.gshuf[16*k], &cols.gw[8*k], g-k)
	}
}

// hpassAVX2 does hpassSSSE3 for an even number of groups, two per step.
//
//go:noescape
func hpassAVX2(out *uint16, row *uint8, base *int32, shuf *uint8, w *uint16, groups int)

// hpassSSSE3: for each of the groups of 8 outputs, the 16 bytes at
// row+base[g] are shuffled into sample pairs (a, b) and out gets
// a<<8 + (b-a)*w (mod 1<<16, as in hpass).
//
//go:noescape
func hpassSSSE3(out *uint16, row *uint8, base *int32, shuf *uint8, w *uint16, groups int)

// hasSSSE3 reports CPUID.1:ECX bit 9.
func hasSSSE3() bool

// hresample is hresampleGo with SSE2: the four channels of a pixel in one
// register, each tap a packed multiply then add in the same order as the
// scalar code, so the float32 results are identical.
func hresample(dst []float32, row []uint8, tp *taps) {
	n := len(tp.first)
	if n == 0 || len(dst) < 4*n || len(row) < 4*tp.end || len(tp.n) < n || len(tp.w) < tp.stride*n {
		hresampleGo(dst, row, tp)
		return
	}
	hresampleSSE2(&dst[0], &row[0], &tp.first[0], &tp.n[0], &tp.w[0], tp.stride, n)
}

// accumulate is accumulateGo four elements at a time with SSE2.
func accumulate(acc, v []float32, wt float32) {
	n := len(acc)
	v = v[:n]
	k := n &^ 3
	if k > 0 {
		accumulateSSE2(&acc[0], &v[0], k, wt)
	}
	if k < n {
		accumulateGo(acc[k:], v[k:], wt)
	}
}

// packRGBA is packRGBAGo four pixels at a time with SSE2 (truncating
// conversion of v+0.5 and saturating packs, which is clamp255).
func packRGBA(out []uint8, acc []float32) {
	n := len(out)
	acc = acc[:n]
	k := n &^ 15
	if k > 0 {
		packRGBASSE2(&out[0], &acc[0], k)
	}
	if k < n {
		packRGBAGo(out[k:], acc[k:])
	}
}

//go:noescape
func hresampleSSE2(dst *float32, row *uint8, first, n *int, w *float32, stride, count int)

//go:noescape
func accumulateSSE2(acc, v *float32, n int, wt float32)

//go:noescape
func packRGBASSE2(out *uint8, acc *float32, n int)
