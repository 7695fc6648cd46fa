package compose

import (
	"math"

	"github.com/reelkit/reel/styles"
)

// overlays holds a renderer's precomputed whole-frame effects.
type overlays struct {
	vigY, vigC []uint16 // vignette gain per luma / chroma sample, 0..256 (nil = off)
	// per row, the columns [lo, hi) where the vignette gain is 256 (skipped)
	vigYSkip, vigCSkip [][2]int
	barTop             int     // letterbox bar height (even), 0 = off
	grain              int32   // grain amplitude in luma levels * 16, 0 = off
	noise              []int16 // 256x256 tile of grain offsets (already scaled), deterministic
}

func newOverlays(o styles.Overlays, w, h int) *overlays {
	ov := &overlays{}
	if o.Vignette > 0 {
		s := math.Min(o.Vignette, 1)
		ov.vigY, ov.vigYSkip = vignetteMap(w, h, s)
		ov.vigC, ov.vigCSkip = vignetteMap((w+1)/2, (h+1)/2, s)
	}
	if bh := o.LetterboxBar(w, h); bh > 0 {
		ov.barTop = int(math.Round(bh/2)) * 2
	}
	if o.Grain > 0 {
		ov.grain = int32(math.Min(o.Grain, 1) * 12 * 16)
		ov.noise = make([]int16, 256*256)
		x := uint64(0x2545F4914F6CDD1D)
		for i := range ov.noise {
			// sum of two uniforms: a soft triangular distribution in [-127, 127]
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			n := int32(int(x&0xFF)/2 + int(x>>8&0xFF)/2 - 127)
			ov.noise[i] = int16((n * ov.grain) >> 11)
		}
	}
	return ov
}

// vignetteMap is a radial gain: 1 in the middle, 1-s in the corners,
// smooth in between, and per row the span of columns left untouched.
func vignetteMap(w, h int, s float64) ([]uint16, [][2]int) {
	m := make([]uint16, w*h)
	skip := make([][2]int, h)
	for y := 0; y < h; y++ {
		lo, hi := w, w
		for x := 0; x < w; x++ {
			dx := ((float64(x)+0.5)/float64(w) - 0.5) * 2
			dy := ((float64(y)+0.5)/float64(h) - 0.5) * 2
			r := math.Sqrt(dx*dx+dy*dy) / math.Sqrt2
			t := math.Max(0, (r-0.45)/0.55)
			g := 1 - s*0.75*t*t*(3-2*t)
			m[y*w+x] = uint16(g*256 + 0.5)
			if m[y*w+x] == 256 {
				if lo == w {
					lo = x
				}
				hi = x + 1
			}
		}
		skip[y] = [2]int{lo, max(lo, hi)}
	}
	return m, skip
}

// vignetteRow scales the deviation of row from base by the gains g,
// except in the untouched span sk.
func vignetteRow(row []uint8, g []uint16, sk [2]int, base int32) {
	g = g[:len(row)]
	for x := 0; x < sk[0]; x++ {
		row[x] = uint8(base + (int32(row[x])-base)*int32(g[x])>>8)
	}
	for x := sk[1]; x < len(row); x++ {
		row[x] = uint8(base + (int32(row[x])-base)*int32(g[x])>>8)
	}
}

// apply draws the overlays on a finished frame. seed varies the grain per
// frame (deterministically).
func (ov *overlays) apply(p *planes, seed uint64) {
	ox := int(seed & 0xFF)
	oy := int(seed >> 8 & 0xFF)
	for y := ov.barTop; y < p.h-ov.barTop && (ov.vigY != nil || ov.grain > 0); y++ {
		row := p.y[y*p.ys : y*p.ys+p.w]
		switch {
		case ov.vigY != nil && ov.grain > 0: // one fused pass
			g := ov.vigY[y*p.w : y*p.w+p.w]
			nrow := ov.noise[((y+oy)&0xFF)*256:][:256]
			for x, v := range row {
				row[x] = clamp8(16 + (int32(v)-16)*int32(g[x])>>8 + int32(nrow[uint8(x+ox)]))
			}
		case ov.vigY != nil:
			vignetteRow(row, ov.vigY[y*p.w:], ov.vigYSkip[y], 16)
		default:
			nrow := ov.noise[((y+oy)&0xFF)*256:][:256]
			for x, v := range row {
				row[x] = clamp8(int32(v) + int32(nrow[uint8(x+ox)]))
			}
		}
	}
	if ov.vigC != nil {
		cw := p.cw()
		for y := ov.barTop / 2; y < p.ch()-ov.barTop/2; y++ {
			vignetteRow(p.cb[y*p.cs:y*p.cs+cw], ov.vigC[y*cw:], ov.vigCSkip[y], 128)
			vignetteRow(p.cr[y*p.cs:y*p.cs+cw], ov.vigC[y*cw:], ov.vigCSkip[y], 128)
		}
	}
	if ov.barTop > 0 {
		black := yuv{16, 128, 128}
		fillRows(p, 0, ov.barTop, black)
		fillRows(p, p.h-ov.barTop, p.h, black)
	}
}

// fillRows paints luma rows [y0, y1) (even bounds) and their chroma.
func fillRows(p *planes, y0, y1 int, c yuv) {
	for y := y0; y < y1; y++ {
		row := p.y[y*p.ys : y*p.ys+p.w]
		for i := range row {
			row[i] = c.Y
		}
	}
	cw := p.cw()
	for y := y0 / 2; y < (y1+1)/2; y++ {
		cb, cr := p.cb[y*p.cs:y*p.cs+cw], p.cr[y*p.cs:y*p.cs+cw]
		for i := range cb {
			cb[i], cr[i] = c.Cb, c.Cr
		}
	}
}
