package compose

import (
	"math"

	"github.com/reelkit/reel/styles"
)

// pickTransition chooses the transition into the slide with index next:
// the style's kinds cyclically (the first for the first transition).
func pickTransition(ts styles.TransitionSet, next int) styles.Transition {
	if len(ts.Kinds) == 0 {
		return styles.Crossfade
	}
	i := (next - 1) % len(ts.Kinds)
	if i < 0 {
		i += len(ts.Kinds)
	}
	return ts.Kinds[i]
}

// transitionInto chooses the transition into slide s: its own
// Transition when it has a known one, else the style's (pickTransition).
func transitionInto(ts styles.TransitionSet, s *Slide) styles.Transition {
	if s.Transition != "" && s.Transition.Known() {
		return s.Transition
	}
	return pickTransition(ts, s.Index)
}

// mixPlanes blends b into a: a += (b-a)*m/256, m in 0..256.
func mixPlanes(a, b *planes, m int32) { mixPlaneRows(a, b, 0, a.h, m) }

// mixPlaneRows blends luma rows [y0, y1) (even y0) of b into a and their
// chroma rows: a += (b-a)*m/256, m in 0..256.
func mixPlaneRows(a, b *planes, y0, y1 int, m int32) {
	if m <= 0 || y1 <= y0 {
		return
	}
	if m >= 256 {
		for y := y0; y < y1; y++ {
			copy(a.y[y*a.ys:y*a.ys+a.w], b.y[y*b.ys:])
		}
		cw := a.cw()
		for y := y0 / 2; y < (y1+1)/2; y++ {
			copy(a.cb[y*a.cs:y*a.cs+cw], b.cb[y*b.cs:])
			copy(a.cr[y*a.cs:y*a.cs+cw], b.cr[y*b.cs:])
		}
		return
	}
	for y := y0; y < y1; y++ {
		mixRow(a.y[y*a.ys:y*a.ys+a.w], b.y[y*b.ys:], m)
	}
	cw := a.cw()
	for y := y0 / 2; y < (y1+1)/2; y++ {
		mixRow(a.cb[y*a.cs:y*a.cs+cw], b.cb[y*b.cs:], m)
		mixRow(a.cr[y*a.cs:y*a.cs+cw], b.cr[y*b.cs:], m)
	}
}

// mixColour blends a towards the colour c by m/256.
func mixColour(a *planes, c yuv, m int32) {
	if m <= 0 {
		return
	}
	for y := 0; y < a.h; y++ {
		mixConst(a.y[y*a.ys:y*a.ys+a.w], c.Y, m)
	}
	cw := a.cw()
	for y := 0; y < a.ch(); y++ {
		mixConst(a.cb[y*a.cs:y*a.cs+cw], c.Cb, m)
		mixConst(a.cr[y*a.cs:y*a.cs+cw], c.Cr, m)
	}
}

func mixConst(d []uint8, c uint8, m int32) {
	for i := range d {
		d[i] = uint8(int32(d[i]) + ((int32(c)-int32(d[i]))*m+128)>>8)
	}
}

// push composes a push transition: a leaves and b enters along (dx, dy)
// (one of ±1), offset by off luma pixels (even) of travel.
func push(dst, a, b *planes, dx, dy, off int) {
	w, h := dst.w, dst.h
	if dx != 0 {
		// dx = -1: content moves left; a shows columns [off, w), b [0, off).
		shiftCols(dst.y, dst.ys, a.y, a.ys, b.y, b.ys, w, h, off, dx)
		shiftCols(dst.cb, dst.cs, a.cb, a.cs, b.cb, b.cs, dst.cw(), dst.ch(), off/2, dx)
		shiftCols(dst.cr, dst.cs, a.cr, a.cs, b.cr, b.cs, dst.cw(), dst.ch(), off/2, dx)
		return
	}
	shiftRows(dst.y, dst.ys, a.y, a.ys, b.y, b.ys, w, h, off, dy)
	shiftRows(dst.cb, dst.cs, a.cb, a.cs, b.cb, b.cs, dst.cw(), dst.ch(), off/2, dy)
	shiftRows(dst.cr, dst.cs, a.cr, a.cs, b.cr, b.cs, dst.cw(), dst.ch(), off/2, dy)
}

func shiftCols(d []uint8, ds int, a []uint8, as int, b []uint8, bs int, w, h, off, dir int) {
	off = min(max(off, 0), w)
	for y := 0; y < h; y++ {
		dr, ar, br := d[y*ds:y*ds+w], a[y*as:y*as+w], b[y*bs:y*bs+w]
		if dir < 0 { // a slides out left, b follows from the right
			copy(dr[:w-off], ar[off:])
			copy(dr[w-off:], br[:off])
		} else {
			copy(dr[off:], ar[:w-off])
			copy(dr[:off], br[w-off:])
		}
	}
}

func shiftRows(d []uint8, ds int, a []uint8, as int, b []uint8, bs int, w, h, off, dir int) {
	off = min(max(off, 0), h)
	for y := 0; y < h; y++ {
		var s []uint8
		if dir < 0 { // upwards: row y shows a's row y+off, then b's rows from the top
			if y+off < h {
				s = a[(y+off)*as:]
			} else {
				s = b[(y+off-h)*bs:]
			}
		} else {
			if y >= off {
				s = a[(y-off)*as:]
			} else {
				s = b[(h-off+y)*bs:]
			}
		}
		copy(d[y*ds:y*ds+w], s[:w])
	}
}

// wipe reveals b over a behind a soft vertical edge at position e (0..1 of
// the width, the edge's centre), soft over band luma pixels.
func wipe(a, b *planes, e float64, band int, ramp []int32) {
	w := a.w
	edge := e*float64(w+2*band) - float64(band)
	ramp = ramp[:w]
	for x := range ramp {
		t := (edge - float64(x)) / float64(band)
		ramp[x] = int32(math.Round(256 * math.Min(1, math.Max(0, 0.5+t/2))))
	}
	for y := 0; y < a.h; y++ {
		rampRow(a.y[y*a.ys:y*a.ys+w], b.y[y*b.ys:], ramp)
	}
	cw := a.cw()
	for y := 0; y < a.ch(); y++ {
		for x := 0; x < cw; x++ {
			m := ramp[min(2*x, w-1)]
			ca, cb := &a.cb[y*a.cs+x], b.cb[y*b.cs+x]
			*ca = uint8(int32(*ca) + ((int32(cb)-int32(*ca))*m+128)>>8)
			ra, rb := &a.cr[y*a.cs+x], b.cr[y*b.cs+x]
			*ra = uint8(int32(*ra) + ((int32(rb)-int32(*ra))*m+128)>>8)
		}
	}
}

func rampRow(d, s []uint8, ramp []int32) {
	s, ramp = s[:len(d)], ramp[:len(d)]
	for i := range d {
		m := ramp[i]
		if m == 0 {
			continue
		}
		d[i] = uint8(int32(d[i]) + ((int32(s[i])-int32(d[i]))*m+128)>>8)
	}
}
