package hdr

import "image"

// convertReference is the first, all-float version of convert, kept as
// the reference the faster one is checked against.
func convertReference(dst *image.YCbCr, y, cb, cr []uint16, yStride, cStride, w, h int, lv levels, t *tables) {
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
					r, g, b := t.pixelReference(yl+rc, yl+gc, yl+bc)
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
func (t *tables) pixelReference(r, g, b float32) (float32, float32, float32) {
	r, g, b = t.toLinear[indexReference(r, inSteps)], t.toLinear[indexReference(g, inSteps)], t.toLinear[indexReference(b, inSteps)]
	r, g, b = gamut[0]*r+gamut[1]*g+gamut[2]*b, gamut[3]*r+gamut[4]*g+gamut[5]*b, gamut[6]*r+gamut[7]*g+gamut[8]*b
	if m := max(r, g, b); m > knee {
		k := t.tmScale[indexReference(m/t.peak, tmSteps)]
		r, g, b = r*k, g*k, b*k
	}
	const o = 1.0 / 65535
	return float32(t.toGamma[indexReference(r, outSteps)]) * o, float32(t.toGamma[indexReference(g, outSteps)]) * o, float32(t.toGamma[indexReference(b, outSteps)]) * o
}

// indexReference maps v in [0,1] (clamped) to a table index in [0, n].
func indexReference(v float32, n int) int {
	if !(v > 0) {
		return 0
	}
	if v >= 1 {
		return n
	}
	return int(v*float32(n) + 0.5)
}
