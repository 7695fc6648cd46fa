package compose

import "unsafe"

// axisMap maps each output coordinate on one axis to a source sample pair
// (idx, idx+1) and the weight of idx+1 in 1/256 units. It is rebuilt every
// frame (it is tiny) so motion is sub-pixel smooth: positions are kept in
// float64 until this point and quantised to 1/256 pixel here.
type axisMap struct {
	idx  []int32
	wt   []uint32
	tab  []uint32 // idx<<9 | wt, for the horizontal pass
	srcN int      // source samples on this axis
	// For a SIMD horizontal pass (see shuffles), per group of 8 outputs:
	// the first source index, the byte offsets of each output's sample
	// pair from it, and the outputs' weights. nil when unused or when a
	// group's samples span more than 16 bytes.
	gbase []int32
	gshuf []uint8
	gw    []uint16
}

// build fills m for n outputs whose sample positions are start + i*step in
// source pixel-centre coordinates, clamped to a source of srcN samples.
func (m *axisMap) build(n int, start, step float64, srcN int) {
	if cap(m.idx) < n {
		m.idx = make([]int32, n)
		m.wt = make([]uint32, n)
		m.tab = make([]uint32, n)
	}
	m.idx, m.wt, m.tab = m.idx[:n], m.wt[:n], m.tab[:n]
	m.srcN = srcN
	last := float64(srcN - 1)
	// 24.8 fixed point accumulation would drift; compute each position.
	for i := 0; i < n; i++ {
		f := start + float64(i)*step
		if !(f >= 0) { // also NaN: hpass loads without bounds checks
			f = 0
		} else if f > last {
			f = last
		}
		q := int64(f*256 + 0.5)
		ix, w := int32(q>>8), uint32(q&255)
		if int(ix) >= srcN-1 {
			if srcN >= 2 {
				ix, w = int32(srcN-2), 256
			} else {
				ix, w = 0, 0
			}
		}
		m.idx[i], m.wt[i] = ix, w
		m.tab[i] = uint32(ix)<<9 | w
	}
}

// shuffles fills the per-group tables of the SIMD horizontal pass (a
// no-op where there is none): every group of 8 outputs must read its
// sample pairs from 16 bytes starting at its first index, which holds
// for any step below about 2 source pixels per output pixel.
func (m *axisMap) shuffles() {
	m.gbase, m.gshuf, m.gw = m.gbase[:0], m.gshuf[:0], m.gw[:0]
	if !haveHpassSIMD || m.srcN < 2 {
		return
	}
	g := len(m.idx) / 8
	if cap(m.gbase) < g {
		m.gbase = make([]int32, g)
		m.gshuf = make([]uint8, 16*g)
		m.gw = make([]uint16, 8*g)
	}
	m.gbase, m.gshuf, m.gw = m.gbase[:g], m.gshuf[:16*g], m.gw[:8*g]
	for i := range g {
		b := m.idx[8*i]
		if i > 0 && b < m.gbase[i-1] { // hpassSIMD relies on growing bases
			m.gbase, m.gshuf, m.gw = m.gbase[:0], m.gshuf[:0], m.gw[:0]
			return
		}
		m.gbase[i] = b
		for j := range 8 {
			o := m.idx[8*i+j] - b
			if o < 0 || o > 14 {
				m.gbase, m.gshuf, m.gw = m.gbase[:0], m.gshuf[:0], m.gw[:0]
				return
			}
			m.gshuf[16*i+2*j], m.gshuf[16*i+2*j+1] = uint8(o), uint8(o+1)
			m.gw[8*i+j] = uint16(m.wt[8*i+j])
		}
	}
}

// src is a plane to sample from.
type src struct {
	pix    []uint8
	stride int
	w, h   int
}

// warpScratch holds the two reused horizontally-filtered rows and one
// output row (for warping with a blend).
type warpScratch struct {
	h0, h1 []uint16
	row    []uint8
}

func (s *warpScratch) ensure(n int) {
	if cap(s.h0) < n {
		s.h0 = make([]uint16, n)
		s.h1 = make([]uint16, n)
		s.row = make([]uint8, n)
	}
	s.h0, s.h1, s.row = s.h0[:n], s.h1[:n], s.row[:n]
}

// hpass filters one source row horizontally into out (values * 256).
// It is the hottest loop of the package: it reads each sample pair with one
// unchecked 16-bit load. Safety: axisMap.build clamps every index to
// [0, srcN-2] (or 0 with weight 0 when srcN == 1, reading the same byte
// twice is avoided by requiring srcN >= 2 there), and hpass checks once per
// row that row holds at least srcN bytes.
func hpass(out []uint16, row []uint8, cols *axisMap) {
	tab := cols.tab[:len(out)]
	if g := hpassSIMD(out, row, cols); g > 0 {
		out, tab = out[8*g:], tab[8*g:]
	}
	if len(row) < cols.srcN || cols.srcN < 2 {
		hpassSafe(out, row, tab)
		return
	}
	base := unsafe.Pointer(unsafe.SliceData(row))
	n := len(tab) &^ 3
	for x := 0; x < n; x += 4 {
		t := tab[x : x+4 : x+4]
		o := out[x : x+4 : x+4]
		p0 := uint32(*(*uint16)(unsafe.Add(base, t[0]>>9)))
		p1 := uint32(*(*uint16)(unsafe.Add(base, t[1]>>9)))
		p2 := uint32(*(*uint16)(unsafe.Add(base, t[2]>>9)))
		p3 := uint32(*(*uint16)(unsafe.Add(base, t[3]>>9)))
		o[0] = uint16((p0&0xFF)<<8 + (p0>>8-p0&0xFF)*(t[0]&0x1FF))
		o[1] = uint16((p1&0xFF)<<8 + (p1>>8-p1&0xFF)*(t[1]&0x1FF))
		o[2] = uint16((p2&0xFF)<<8 + (p2>>8-p2&0xFF)*(t[2]&0x1FF))
		o[3] = uint16((p3&0xFF)<<8 + (p3>>8-p3&0xFF)*(t[3]&0x1FF))
	}
	hpassSafe(out[n:], row, tab[n:])
}

// hpassSafe is hpass with bounds checks (row tails, tiny sources).
func hpassSafe(out []uint16, row []uint8, tab []uint32) {
	tab = tab[:len(out)]
	for x, e := range tab {
		i := e >> 9
		a := uint32(row[i])
		b := a
		if e&0x1FF != 0 {
			b = uint32(row[i+1])
		}
		out[x] = uint16(a<<8 + (b-a)*(e&0x1FF))
	}
}

// warp resamples s into rows [y0, y1) of the plane dst (stride ds, width
// len(cols.idx)) with separable bilinear filtering: each needed source row
// is filtered horizontally once into one of two reused buffers and the
// output row is their vertical mix. With mix < 256 the result is blended
// over what dst holds by mix/256 (mixRow) instead of replacing it.
func warp(dst []uint8, ds int, s src, cols, rows *axisMap, y0, y1 int, sc *warpScratch, mix int32) {
	n := len(cols.idx)
	sc.ensure(n)
	b0, b1 := sc.h0, sc.h1
	r0, r1 := int32(-1), int32(-1) // source rows held by b0, b1
	for y := y0; y < y1; y++ {
		ra, wy := rows.idx[y], rows.wt[y]
		rb := ra + 1
		if s.h < 2 {
			rb = ra
		}
		// find or fill row ra, then rb, never evicting the other.
		var pa, pb []uint16
		switch ra {
		case r0:
			pa = b0
		case r1:
			pa = b1
		}
		switch rb {
		case r0:
			pb = b0
		case r1:
			pb = b1
		}
		if pa == nil {
			if rb == r0 {
				hpass(b1, s.pix[int(ra)*s.stride:], cols)
				r1, pa = ra, b1
			} else {
				hpass(b0, s.pix[int(ra)*s.stride:], cols)
				r0, pa = ra, b0
			}
		}
		if pb == nil {
			if ra == r0 {
				hpass(b1, s.pix[int(rb)*s.stride:], cols)
				r1, pb = rb, b1
			} else {
				hpass(b0, s.pix[int(rb)*s.stride:], cols)
				r0, pb = rb, b0
			}
		}
		out := dst[y*ds : y*ds+n]
		pa, pb = pa[:n], pb[:n]
		if mix < 256 {
			vmixMixRow(out, pa, pb, wy, mix, sc.row)
		} else {
			vmixRow(out, pa, pb, wy)
		}
	}
}

// viewport is where output pixel centres sample a source frame of luma size
// (sw, sh): output pixel (x, y) samples (x0 + (x+0.5)*sx - 0.5, y0 + ...)
// with (x0, y0) the top-left edge of the viewed rectangle in source pixels
// and sx, sy source pixels per output pixel.
type viewport struct {
	x0, y0, sx, sy float64
}

// warpTables holds the per-frame axis maps for luma and chroma.
type warpTables struct {
	colsY, rowsY, colsC, rowsC axisMap
}

// build fills the axis maps that warp s (luma size) into a w x h frame
// through v.
func (t *warpTables) build(w, h int, s *planes, v viewport) {
	cw, ch := (w+1)/2, (h+1)/2
	t.colsY.build(w, v.x0+0.5*v.sx-0.5, v.sx, s.w)
	t.rowsY.build(h, v.y0+0.5*v.sy-0.5, v.sy, s.h)
	// Chroma sample c is centred on luma edge coordinate 2c+1.
	t.colsC.build(cw, v.x0/2+0.5*v.sx-0.5, v.sx, s.cw())
	t.rowsC.build(ch, v.y0/2+0.5*v.sy-0.5, v.sy, s.ch())
	t.colsY.shuffles()
	t.colsC.shuffles()
}

// warpPlanes resamples the 4:2:0 frame s into dst through v, for the luma
// rows [y0, y1) (y0, y1 even).
func warpPlanes(dst *planes, s *planes, v viewport, y0, y1 int, t *warpTables, sc *warpScratch) {
	t.build(dst.w, dst.h, s, v)
	warpRows(dst, s, y0, y1, t, sc, 256)
}

// warpRows is warpPlanes with tables already built, blending the result
// over dst by mix/256 (256: replacing it; 0 or less: nothing to do).
func warpRows(dst *planes, s *planes, y0, y1 int, t *warpTables, sc *warpScratch, mix int32) {
	if y1 <= y0 || mix <= 0 {
		return
	}
	mix = min(mix, 256)
	warp(dst.y, dst.ys, src{s.y, s.ys, s.w, s.h}, &t.colsY, &t.rowsY, y0, y1, sc, mix)
	c0, c1 := y0/2, (y1+1)/2
	warp(dst.cb, dst.cs, src{s.cb, s.cs, s.cw(), s.ch()}, &t.colsC, &t.rowsC, c0, c1, sc, mix)
	warp(dst.cr, dst.cs, src{s.cr, s.cs, s.cw(), s.ch()}, &t.colsC, &t.rowsC, c0, c1, sc, mix)
}
