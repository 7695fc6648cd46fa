package hdr

import "image"

// levels maps integer samples to normalised values: Y' = (y - yOff) *
// yMul in [0,1], Cb/Cr = (c - cOff) * cMul in [-0.5,0.5].
type levels struct{ yOff, yMul, cOff, cMul float32 }

// levelsOf gives the levels of bitDepth-bit samples, limited range (BT.709
// and BT.2100 narrow range: 16..235 and 16..240 scaled by 2^(bitDepth-8))
// or full range (0..2^bitDepth-1, chroma centred on 2^(bitDepth-1)).
func levelsOf(bitDepth int, full bool) levels {
	scale := float32(int(1) << (bitDepth - 8))
	if full {
		maxv := float32(int(1)<<bitDepth - 1)
		return levels{yOff: 0, yMul: 1 / maxv, cOff: 128 * scale, cMul: 1 / maxv}
	}
	return levels{yOff: 16 * scale, yMul: 1 / (219 * scale), cOff: 128 * scale, cMul: 1 / (224 * scale)}
}

// rescale writes full-range samples (no colour conversion needed) as
// 8-bit limited range.
func rescale(dst *image.YCbCr, y, cb, cr []uint16, yStride, cStride, w, h int, lv levels) {
	x0, y0 := dst.Rect.Min.X, dst.Rect.Min.Y
	for j := range h {
		row := dst.Y[dst.YOffset(x0, y0+j):]
		for i, v := range y[j*yStride : j*yStride+w] {
			row[i] = limited((float32(v)-lv.yOff)*lv.yMul, 219, 16)
		}
	}
	cw, ch := (w+1)/2, (h+1)/2
	for j := range ch {
		off := dst.COffset(x0, y0+2*j)
		b, r := dst.Cb[off:off+cw], dst.Cr[off:off+cw]
		for i := range cw {
			b[i] = limited((float32(cb[j*cStride+i])-lv.cOff)*lv.cMul, 224, 128)
			r[i] = limited((float32(cr[j*cStride+i])-lv.cOff)*lv.cMul, 224, 128)
		}
	}
}
