package compose

import (
	"image"
	"image/color"
)

// BT.709 limited-range coefficients in 16.16 fixed point.
//
//	Y  = 16  + 219/255 * ( 0.2126 R + 0.7152 G + 0.0722 B)
//	Cb = 128 + 224/255 * (B - Y') / 1.8556
//	Cr = 128 + 224/255 * (R - Y') / 1.5748
const (
	kYR, kYG, kYB    = 11966, 40254, 4064
	kCbR, kCbG, kCbB = -6596, -22188, 28784
	kCrR, kCrG, kCrB = 28784, -26145, -2639

	kInvY   = 76309  // 255/219
	kInvRCr = 117489 // 1.792741
	kInvGCb = 13975  // 0.213249
	kInvGCr = 34925  // 0.532909
	kInvBCb = 138438 // 2.112402
)

// yuv is one BT.709 limited-range sample.
type yuv struct{ Y, Cb, Cr uint8 }

// toYUV converts an opaque sRGB colour.
func toYUV(r, g, b uint8) yuv {
	R, G, B := int32(r), int32(g), int32(b)
	return yuv{
		Y:  uint8((kYR*R + kYG*G + kYB*B + 16<<16 + 1<<15) >> 16),
		Cb: uint8((kCbR*R + kCbG*G + kCbB*B + 128<<16 + 1<<15) >> 16),
		Cr: uint8((kCrR*R + kCrG*G + kCrB*B + 128<<16 + 1<<15) >> 16),
	}
}

// colorYUV converts any colour (alpha ignored: premultiplied channels are
// taken as they are).
func colorYUV(c color.Color) yuv {
	r, g, b, _ := c.RGBA()
	return toYUV(uint8(r>>8), uint8(g>>8), uint8(b>>8))
}

func clamp8(v int32) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

// toRGB is the BT.709 inverse of toYUV.
func toRGB(y, cb, cr uint8) (r, g, b uint8) {
	Y := (int32(y) - 16) * kInvY
	Cb, Cr := int32(cb)-128, int32(cr)-128
	r = clamp8((Y + kInvRCr*Cr + 1<<15) >> 16)
	g = clamp8((Y - kInvGCb*Cb - kInvGCr*Cr + 1<<15) >> 16)
	b = clamp8((Y + kInvBCb*Cb + 1<<15) >> 16)
	return
}

// planes is a 4:2:0 frame: full-size Y, half-size Cb and Cr (rounded up).
type planes struct {
	y, cb, cr []uint8
	ys, cs    int // strides
	w, h      int // luma size
}

func (p *planes) cw() int { return (p.w + 1) / 2 }
func (p *planes) ch() int { return (p.h + 1) / 2 }

func newPlanes(w, h int) *planes {
	cw, ch := (w+1)/2, (h+1)/2
	buf := make([]uint8, w*h+2*cw*ch)
	return &planes{y: buf[:w*h], cb: buf[w*h : w*h+cw*ch], cr: buf[w*h+cw*ch:], ys: w, cs: cw, w: w, h: h}
}

// planesOf views a 4:2:0 *image.YCbCr as planes (no copy).
func planesOf(m *image.YCbCr) planes {
	b := m.Rect
	yo := m.YOffset(b.Min.X, b.Min.Y)
	co := m.COffset(b.Min.X, b.Min.Y)
	return planes{y: m.Y[yo:], cb: m.Cb[co:], cr: m.Cr[co:], ys: m.YStride, cs: m.CStride, w: b.Dx(), h: b.Dy()}
}

// fill paints the whole frame one colour.
func (p *planes) fill(c yuv) {
	for y := 0; y < p.h; y++ {
		row := p.y[y*p.ys : y*p.ys+p.w]
		for i := range row {
			row[i] = c.Y
		}
	}
	cw := p.cw()
	for y := 0; y < p.ch(); y++ {
		cb := p.cb[y*p.cs : y*p.cs+cw]
		cr := p.cr[y*p.cs : y*p.cs+cw]
		for i := range cb {
			cb[i] = c.Cb
			cr[i] = c.Cr
		}
	}
}

// copyFrom copies src (same size) into p.
func (p *planes) copyFrom(src *planes) {
	for y := 0; y < p.h; y++ {
		copy(p.y[y*p.ys:y*p.ys+p.w], src.y[y*src.ys:])
	}
	cw := p.cw()
	for y := 0; y < p.ch(); y++ {
		copy(p.cb[y*p.cs:y*p.cs+cw], src.cb[y*src.cs:])
		copy(p.cr[y*p.cs:y*p.cs+cw], src.cr[y*src.cs:])
	}
}

// rgbaToPlanes converts an opaque premultiplied RGBA image of the same size
// as dst into dst. Chroma is the average of each 2x2 block's Cb/Cr (computed
// from the summed RGB, which is the same by linearity), rounded once.
func rgbaToPlanes(dst *planes, src *image.RGBA) {
	w, h := dst.w, dst.h
	for y := 0; y < h; y += 2 {
		r0 := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+y):]
		r0 = r0[:w*4]
		r1 := r0
		y1 := y + 1
		if y1 < h {
			r1 = src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+y1):]
			r1 = r1[:w*4]
		}
		yr0 := dst.y[y*dst.ys : y*dst.ys+w]
		yr1 := yr0
		if y1 < h {
			yr1 = dst.y[y1*dst.ys : y1*dst.ys+w]
		}
		cb := dst.cb[(y/2)*dst.cs:]
		cr := dst.cr[(y/2)*dst.cs:]
		for x := 0; x < w; x += 2 {
			x1 := min(x+1, w-1)
			a, b := r0[x*4:x*4+3:x*4+3], r0[x1*4:x1*4+3:x1*4+3]
			c, d := r1[x*4:x*4+3:x*4+3], r1[x1*4:x1*4+3:x1*4+3]
			ar, ag, ab := int32(a[0]), int32(a[1]), int32(a[2])
			br, bg, bb := int32(b[0]), int32(b[1]), int32(b[2])
			cr_, cg, cb_ := int32(c[0]), int32(c[1]), int32(c[2])
			dr, dg, db := int32(d[0]), int32(d[1]), int32(d[2])
			yr0[x] = uint8((kYR*ar + kYG*ag + kYB*ab + 16<<16 + 1<<15) >> 16)
			yr0[x1] = uint8((kYR*br + kYG*bg + kYB*bb + 16<<16 + 1<<15) >> 16)
			yr1[x] = uint8((kYR*cr_ + kYG*cg + kYB*cb_ + 16<<16 + 1<<15) >> 16)
			yr1[x1] = uint8((kYR*dr + kYG*dg + kYB*db + 16<<16 + 1<<15) >> 16)
			sr, sg, sb := ar+br+cr_+dr, ag+bg+cg+dg, ab+bb+cb_+db
			cb[x/2] = uint8((kCbR*sr + kCbG*sg + kCbB*sb + 128<<18 + 1<<17) >> 18)
			cr[x/2] = uint8((kCrR*sr + kCrG*sg + kCrB*sb + 128<<18 + 1<<17) >> 18)
		}
	}
}

// planesToRGBA converts p into dst (same size), upsampling chroma
// bilinearly with centred siting.
func planesToRGBA(dst *image.RGBA, p *planes) {
	w, h := p.w, p.h
	cw, ch := p.cw(), p.ch()
	for y := 0; y < h; y++ {
		out := dst.Pix[dst.PixOffset(dst.Rect.Min.X, dst.Rect.Min.Y+y):]
		yr := p.y[y*p.ys:]
		// chroma rows above/below this luma row and the weight (in quarters)
		cy0 := (y - 1) / 2
		if y == 0 {
			cy0 = 0
		}
		cy1 := min(cy0+1, ch-1)
		// weight (in quarters) of cy1: the near row for even y.
		wy := int32(1 + 2*((y+1)&1))
		if y == 0 {
			cy1 = 0
		}
		cb0, cb1 := p.cb[cy0*p.cs:], p.cb[cy1*p.cs:]
		cr0, cr1 := p.cr[cy0*p.cs:], p.cr[cy1*p.cs:]
		for x := 0; x < w; x++ {
			cx0 := (x - 1) / 2
			if x == 0 {
				cx0 = 0
			}
			cx1 := min(cx0+1, cw-1)
			wx := int32(1 + 2*((x+1)&1))
			if x == 0 {
				cx1 = 0
			}
			a00, a01 := (4-wx)*(4-wy), wx*(4-wy)
			a10, a11 := (4-wx)*wy, wx*wy
			cb := (a00*int32(cb0[cx0]) + a01*int32(cb0[cx1]) + a10*int32(cb1[cx0]) + a11*int32(cb1[cx1]) + 8) >> 4
			cr := (a00*int32(cr0[cx0]) + a01*int32(cr0[cx1]) + a10*int32(cr1[cx0]) + a11*int32(cr1[cx1]) + 8) >> 4
			r, g, b := toRGB(yr[x], uint8(cb), uint8(cr))
			o := out[x*4 : x*4+4]
			o[0], o[1], o[2], o[3] = r, g, b, 255
		}
	}
}
