package compose

import "image"

// swapsAxes reports whether o turns the picture by 90 degrees.
func (o Orientation) swapsAxes() bool { return o >= 5 && o <= 8 }

// orient returns src transformed by o (a new image, or src for 1).
func orient(src *image.RGBA, o Orientation) *image.RGBA {
	if o <= 1 || o > 8 {
		return src
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o.swapsAxes() {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		row := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			d := dy*dst.Stride + dx*4
			copy(dst.Pix[d:d+4], row[x*4:x*4+4])
		}
	}
	return dst
}
