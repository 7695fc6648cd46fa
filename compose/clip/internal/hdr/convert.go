package hdr

import "image"

// BT.2020 to BT.709 primaries, linear light (BT.2087).
var gamut = [9]float32{
	1.6605, -0.5876, -0.0728,
	-0.1246, 1.1329, -0.0083,
	-0.0182, -0.1006, 1.1187,
}

// convert runs the table-driven conversion of ToSDR over the picture, one
// 2x2 block (four luma samples sharing one chroma pair) at a time.
func convert(dst *image.YCbCr, y, cb, cr []uint16, yStride, cStride, w, h int, lv levels, t *tables) {
	yOff, yMul, cOff, cMul := lv.yOff, lv.yMul, lv.cOff, lv.cMul
	x0, y0 := dst.Rect.Min.X, dst.Rect.Min.Y
	cw, ch := (w+1)/2, (h+1)/2
	for bj := range ch {
		coff := dst.COffset(x0, y0+2*bj)
		for bi := range cw {
			u := (float32(cb[bj*cStride+bi]) - cOff) * cMul
			v := (float32(cr[bj*cStride+bi]) - cOff) * cMul
			// BT.2020 non-constant luminance Y'CbCr -> R'G'B'.
			rc, gc, bc := 1.4746*v, -0.16455*u-0.57135*v, 1.8814*u
			var sr, sg, sb float32
			n := 0
			for dy := range 2 {
				j := 2*bj + dy
				if j >= h {
					break
				}
				yrow := dst.Y[dst.YOffset(x0, y0+j):]
				for dx := range 2 {
					i := 2*bi + dx
					if i >= w {
						break
					}
					yl := (float32(y[j*yStride+i]) - yOff) * yMul
					r, g, b := t.pixel(yl+rc, yl+gc, yl+bc)
					yrow[i] = limited(0.2126*r+0.7152*g+0.0722*b, 219, 16)
					sr, sg, sb = sr+r, sg+g, sb+b
					n++
				}
			}
			inv := 1 / float32(n)
			r, g, b := sr*inv, sg*inv, sb*inv
			yy := 0.2126*r + 0.7152*g + 0.0722*b
			dst.Cb[coff+bi] = limited((b-yy)/1.8556, 224, 128)
			dst.Cr[coff+bi] = limited((r-yy)/1.5748, 224, 128)
		}
	}
}

// pixel converts one BT.2020 R'G'B' triple to BT.709 R'G'B' in [0,1].
func (t *tables) pixel(r, g, b float32) (float32, float32, float32) {
	r, g, b = t.toLinear[index(r, inSteps)], t.toLinear[index(g, inSteps)], t.toLinear[index(b, inSteps)]
	if t.hlg {
		k := t.ootf[index(0.2627*r+0.6780*g+0.0593*b, inSteps)]
		r, g, b = r*k, g*k, b*k
	}
	r, g, b = gamut[0]*r+gamut[1]*g+gamut[2]*b, gamut[3]*r+gamut[4]*g+gamut[5]*b, gamut[6]*r+gamut[7]*g+gamut[8]*b
	if m := max(r, g, b); m > knee {
		k := t.tmScale[index(m/t.peak, tmSteps)]
		r, g, b = r*k, g*k, b*k
	}
	const o = 1.0 / 65535
	return float32(t.toGamma[index(r, outSteps)]) * o, float32(t.toGamma[index(g, outSteps)]) * o, float32(t.toGamma[index(b, outSteps)]) * o
}

// index maps v in [0,1] (clamped) to a table index in [0, n].
func index(v float32, n int) int {
	if !(v > 0) {
		return 0
	}
	if v >= 1 {
		return n
	}
	return int(v*float32(n) + 0.5)
}

// limited encodes v (clamped to the range of a luma or chroma value) as
// an 8-bit limited-range sample: off + v*span, rounded.
func limited(v, span, off float32) uint8 {
	s := off + v*span + 0.5
	if s < 1 {
		return 1
	}
	if s > 254 {
		return 254
	}
	return uint8(s)
}
