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
