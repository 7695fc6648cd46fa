package text

import (
	"image"
	"math"

	"github.com/reelkit/reel/styles"
)

// effects are a style's outline, shadow and box at one pixel size, and the
// margins they need around the content box.
type effects struct {
	outline                float64 // outline radius, px (0: none)
	shadow                 bool
	sdx, sdy               int // shadow offset, px
	blur                   int // box-blur radius per pass (3 passes), px
	box                    bool
	boxPad, boxRadius      float64
	padL, padT, padR, padB float64
}

func effectsAt(st styles.TextStyle, sz float64) effects {
	var fx effects
	if st.Outline > 0 && st.OutlineColour.A > 0 {
		fx.outline = clampF(st.Outline*sz, 0, 64)
		if fx.outline < 0.3 {
			fx.outline = 0
		}
	}
	if st.Shadow.Colour.A > 0 {
		fx.shadow = true
		fx.sdx = int(math.Round(clampF(st.Shadow.DX*sz, -256, 256)))
		fx.sdy = int(math.Round(clampF(st.Shadow.DY*sz, -256, 256)))
		fx.blur = int(math.Round(clampF(st.Shadow.Blur*sz, 0, 256) / 2))
	}
	if st.Box.Colour.A > 0 {
		fx.box = true
		fx.boxPad = clampF(st.Box.Padding*sz, 0, 512)
		fx.boxRadius = clampF(st.Box.Radius*sz, 0, 512)
	}
	o := math.Ceil(fx.outline)
	reach := float64(3 * fx.blur)
	side := func(off int) float64 {
		p := math.Max(o, fx.boxPad)
		if fx.shadow {
			p = math.Max(p, o+reach+float64(off))
		}
		return math.Ceil(p) + 1
	}
	fx.padL, fx.padR = side(-fx.sdx), side(fx.sdx)
	fx.padT, fx.padB = side(-fx.sdy), side(fx.sdy)
	return fx
}

func clampF(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

func rectInt(r rectF) image.Rectangle {
	return image.Rect(int(math.Floor(r.x0)), int(math.Floor(r.y0)), int(math.Ceil(r.x1)), int(math.Ceil(r.y1)))
}

// dilate grows an alpha mask by radius r (anti-aliased disc).
func dilate(src *image.Alpha, r float64) *image.Alpha {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dst := image.NewAlpha(b)
	ri := int(math.Ceil(r + 0.5))
	type tap struct {
		dx, dy int
		w      uint32 // weight, 0..256
	}
	var taps []tap
	for dy := -ri; dy <= ri; dy++ {
		for dx := -ri; dx <= ri; dx++ {
			d := math.Hypot(float64(dx), float64(dy))
			wt := clampF(r+0.5-d, 0, 1)
			if wt > 0 {
				taps = append(taps, tap{dx, dy, uint32(wt*256 + 0.5)})
			}
		}
	}
	// Spread every inked source pixel to its neighbourhood (max), which
	// skips the (mostly empty) background.
	for y := 0; y < h; y++ {
		row := src.Pix[y*src.Stride : y*src.Stride+w]
		for x, a := range row {
			if a == 0 {
				continue
			}
			for _, t := range taps {
				xx, yy := x+t.dx, y+t.dy
				if xx < 0 || yy < 0 || xx >= w || yy >= h {
					continue
				}
				v := uint8(uint32(a) * t.w >> 8)
				if p := &dst.Pix[yy*dst.Stride+xx]; v > *p {
					*p = v
				}
			}
		}
	}
	return dst
}

// shiftBlur returns src moved by (dx, dy) and box-blurred three times with
// radius r (≈ a Gaussian of sigma sqrt(r²+r)).
func shiftBlur(src *image.Alpha, dx, dy, r int) *image.Alpha {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	cur := make([]uint16, w*h) // 8.8 fixed point keeps the passes smooth
	for y := 0; y < h; y++ {
		sy := y - dy
		if sy < 0 || sy >= h {
			continue
		}
		for x := 0; x < w; x++ {
			sx := x - dx
			if sx >= 0 && sx < w {
				cur[y*w+x] = uint16(src.Pix[sy*src.Stride+sx]) << 8
			}
		}
	}
	if r > 0 {
		tmp := make([]uint16, w*h)
		for pass := 0; pass < 3; pass++ {
			boxPass(tmp, cur, w, h, r, 1, w) // horizontal
			boxPass(cur, tmp, h, w, r, w, 1) // vertical
		}
	}
	dst := image.NewAlpha(b)
	for i, v := range cur {
		dst.Pix[i] = uint8((v + 128) >> 8)
	}
	return dst
}

// boxPass blurs n runs of length l (element step `step`, run step `run`)
// from src into dst with a running sum of radius r (edges treated as 0).
func boxPass(dst, src []uint16, l, n, r, step, run int) {
	div := uint32(2*r + 1)
	for k := 0; k < n; k++ {
		base := k * run
		var sum uint32
		for i := 0; i <= r && i < l; i++ {
			sum += uint32(src[base+i*step])
		}
		for i := 0; i < l; i++ {
			dst[base+i*step] = uint16(sum / div)
			if j := i + r + 1; j < l {
				sum += uint32(src[base+j*step])
			}
			if j := i - r; j >= 0 {
				sum -= uint32(src[base+j*step])
			}
		}
	}
}

// roundRect returns an anti-aliased mask of a rounded rectangle.
func roundRect(b image.Rectangle, r rectF, radius float64) *image.Alpha {
	m := image.NewAlpha(b)
	radius = math.Min(radius, math.Min(r.x1-r.x0, r.y1-r.y0)/2)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			// signed distance to the rounded rectangle (negative inside)
			qx := math.Abs(px-(r.x0+r.x1)/2) - ((r.x1-r.x0)/2 - radius)
			qy := math.Abs(py-(r.y0+r.y1)/2) - ((r.y1-r.y0)/2 - radius)
			var d float64
			if qx > 0 && qy > 0 { // in a corner's quarter disc
				d = math.Hypot(qx, qy) - radius
			} else {
				d = math.Max(qx, qy) - radius
			}
			if c := clampF(0.5-d, 0, 1); c > 0 {
				m.Pix[(y-b.Min.Y)*m.Stride+x-b.Min.X] = uint8(c*255 + 0.5)
			}
		}
	}
	return m
}

// over composites colour c through mask m onto premultiplied dst.
func over(dst *image.RGBA, m *image.Alpha, c styles.Color) {
	if c.A == 0 {
		return
	}
	ca := uint32(c.A)
	for i, mv := range m.Pix {
		if mv == 0 {
			continue
		}
		a := uint32(mv) * ca / 255 // 0..255
		p := dst.Pix[4*i : 4*i+4 : 4*i+4]
		inv := 255 - a
		p[0] = uint8((uint32(c.R)*a + uint32(p[0])*inv + 127) / 255)
		p[1] = uint8((uint32(c.G)*a + uint32(p[1])*inv + 127) / 255)
		p[2] = uint8((uint32(c.B)*a + uint32(p[2])*inv + 127) / 255)
		p[3] = uint8((a*255 + uint32(p[3])*inv + 127) / 255)
	}
}
