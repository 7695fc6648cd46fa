package clip

import (
	"fmt"
	"image"
	"math"

	"github.com/reelkit/reel/compose/clip/internal/hdr"
)

// convScratch converts decoded pictures to 8-bit BT.709 limited-range
// 4:2:0, reusing its buffers.
type convScratch struct {
	out *image.YCbCr // the last conversion (may view the picture's planes)
	own *image.YCbCr // planes owned here, for pictures that need conversion
	m   matrixMap    // BT.601 -> BT.709, when the clip is BT.601
	mOK bool
	// 8-bit pictures widened for hdr.Convert
	y16, cb16, cr16 []uint16
}

// convert makes c.out the picture p, whose colour is col, in 8-bit
// BT.709 limited range: 8-bit limited-range BT.709 pictures are viewed as they are;
// full-range 8-bit pictures are scaled to limited range; BT.601 pictures
// (matrix 5 or 6) are rematrixed; pictures of more than 8 bits, and
// 8-bit ones with HDR transfers or BT.2020 primaries, go through
// hdr.Convert (tone mapping, primaries, range and bit depth; 8-bit ones
// widened to 16-bit samples first).
func (c *convScratch) convert(p *picture, col Colour) error {
	if p.width <= 0 || p.height <= 0 {
		return fmt.Errorf("clip: decoder returned a %dx%d picture", p.width, p.height)
	}
	r := image.Rect(0, 0, p.width, p.height)
	bt601 := col.Matrix == 5 || col.Matrix == 6
	colour := col.Transfer == hdr.TransferPQ || col.Transfer == hdr.TransferHLG || col.Primaries == hdr.PrimariesBT2020
	if p.bitDepth <= 8 && !col.FullRange && !bt601 && !colour {
		c.out = &image.YCbCr{Y: p.y, Cb: p.cb, Cr: p.cr, YStride: p.yStride, CStride: p.cStride,
			SubsampleRatio: image.YCbCrSubsampleRatio420, Rect: r}
		return nil
	}
	if c.own == nil || c.own.Rect != r {
		c.own = image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	}
	dst := c.own
	switch {
	case p.bitDepth > 8 || colour:
		y, cb, cr, depth := p.y16, p.cb16, p.cr16, p.bitDepth
		if p.bitDepth <= 8 {
			y, cb, cr = c.widen(p)
			depth = 8
		}
		f := hdr.Format{BitDepth: depth, FullRange: col.FullRange, Transfer: col.Transfer, Primaries: col.Primaries}
		if err := hdr.Convert(dst, y, cb, cr, p.yStride, p.cStride, p.width, p.height, f); err != nil {
			return fmt.Errorf("clip: %w", err)
		}
	default:
		copyPlanes(dst, p)
		if col.FullRange {
			fullToLimited(dst)
		}
	}
	if bt601 {
		if !c.mOK {
			c.m, c.mOK = newMatrixMap(0.299, 0.114, 0.2126, 0.0722), true
		}
		c.m.apply(dst)
	}
	c.out = dst
	return nil
}

// widen copies an 8-bit picture's planes into 16-bit samples (same
// strides) for hdr.Convert, reusing c's buffers.
func (c *convScratch) widen(p *picture) (y, cb, cr []uint16) {
	grow := func(b []uint16, n int) []uint16 {
		if cap(b) < n {
			return make([]uint16, n)
		}
		return b[:n]
	}
	c.y16 = grow(c.y16, len(p.y))
	c.cb16 = grow(c.cb16, len(p.cb))
	c.cr16 = grow(c.cr16, len(p.cr))
	for i, v := range p.y {
		c.y16[i] = uint16(v)
	}
	for i, v := range p.cb {
		c.cb16[i] = uint16(v)
	}
	for i, v := range p.cr {
		c.cr16[i] = uint16(v)
	}
	return c.y16, c.cb16, c.cr16
}

// copyPlanes copies an 8-bit picture into dst (same size).
func copyPlanes(dst *image.YCbCr, p *picture) {
	w, h := p.width, p.height
	cw, ch := (w+1)/2, (h+1)/2
	for y := range h {
		copy(dst.Y[y*dst.YStride:y*dst.YStride+w], p.y[y*p.yStride:])
	}
	for y := range ch {
		copy(dst.Cb[y*dst.CStride:y*dst.CStride+cw], p.cb[y*p.cStride:])
		copy(dst.Cr[y*dst.CStride:y*dst.CStride+cw], p.cr[y*p.cStride:])
	}
}

// fullToLimited maps full-range (0-255) samples to limited range (16-235
// luma, 16-240 chroma) in place.
func fullToLimited(m *image.YCbCr) {
	var ly, lc [256]uint8
	for v := range 256 {
		ly[v] = uint8((v*219+127)/255 + 16)
		lc[v] = uint8(128 + math.Round(float64(v-128)*224/255))
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	for y := range h {
		row := m.Y[y*m.YStride : y*m.YStride+w]
		for i, v := range row {
			row[i] = ly[v]
		}
	}
	for y := range (h + 1) / 2 {
		cb := m.Cb[y*m.CStride : y*m.CStride+(w+1)/2]
		cr := m.Cr[y*m.CStride : y*m.CStride+(w+1)/2]
		for i := range cb {
			cb[i], cr[i] = lc[cb[i]], lc[cr[i]]
		}
	}
}

// matrixMap converts Y'CbCr of one matrix (Kr, Kb) to another in the
// 8-bit limited-range domain, in 16.16 fixed point:
//
//	Y'  = Y + a (Cb-128) + b (Cr-128)
//	Cb' = 128 + c (Cb-128) + d (Cr-128)
//	Cr' = 128 + e (Cb-128) + f (Cr-128)
//
// (white stays white, so Y's own coefficient is 1). Luma uses the chroma
// sample of its 2x2 block.
type matrixMap struct{ a, b, c, d, e, f int32 }

func newMatrixMap(kr, kb, kr2, kb2 float64) matrixMap {
	// apply maps normalised (y, pb, pr) through R'G'B'.
	apply := func(y, pb, pr float64) (float64, float64, float64) {
		r := y + 2*(1-kr)*pr
		b := y + 2*(1-kb)*pb
		g := (y - kr*r - kb*b) / (1 - kr - kb)
		y2 := kr2*r + (1-kr2-kb2)*g + kb2*b
		return y2, (b - y2) / (2 * (1 - kb2)), (r - y2) / (2 * (1 - kr2))
	}
	fx := func(v float64) int32 {
		if v < 0 {
			return int32(v*65536 - 0.5)
		}
		return int32(v*65536 + 0.5)
	}
	y1, pb1, pr1 := apply(0, 1, 0)
	y2, pb2, pr2 := apply(0, 0, 1)
	const l = 219.0 / 224.0 // luma steps per chroma step
	return matrixMap{a: fx(y1 * l), b: fx(y2 * l), c: fx(pb1), d: fx(pb2), e: fx(pr1), f: fx(pr2)}
}

func (mm matrixMap) apply(m *image.YCbCr) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	for y := range h {
		row := m.Y[y*m.YStride : y*m.YStride+w]
		crow := y / 2 * m.CStride
		for x := range row {
			cb, cr := int32(m.Cb[crow+x/2])-128, int32(m.Cr[crow+x/2])-128
			row[x] = clampU8(int32(row[x]) + (mm.a*cb+mm.b*cr+1<<15)>>16)
		}
	}
	for y := range (h + 1) / 2 {
		cbr := m.Cb[y*m.CStride : y*m.CStride+(w+1)/2]
		crr := m.Cr[y*m.CStride : y*m.CStride+(w+1)/2]
		for i := range cbr {
			cb, cr := int32(cbr[i])-128, int32(crr[i])-128
			cbr[i] = clampU8(128 + (mm.c*cb+mm.d*cr+1<<15)>>16)
			crr[i] = clampU8(128 + (mm.e*cb+mm.f*cr+1<<15)>>16)
		}
	}
}

func clampU8(v int32) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}
