package compose

import (
	"image"
	"image/color"
	"math"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"

	"github.com/reelkit/reel/styles"
)

// canvasSize is the luma size of a photo canvas for a w x h output with
// Ken Burns headroom k (even, so chroma planes line up).
func canvasSize(w, h int, k float64) (int, int) {
	cw := int(math.Ceil(float64(w)*k/2)) * 2
	ch := int(math.Ceil(float64(h)*k/2)) * 2
	return cw, ch
}

// buildCanvas lays a photo out on an opaque RGBA canvas of cw x ch: cover
// crop, or a contained fit over the style's fill, or a framed print. The
// style's colour grade applies to the photo (and so its blurred fill) only:
// palette colours, bars and print borders stay as designed. index seeds
// per-slide choices (print tilt). It also returns the framing chosen, whose
// keep box the Ken Burns camera honours. avoid, when not nil, is the
// caption's box as fractions of the frame, kept clear of faces where
// possible (see framePhoto).
//
// att, when not nil, is the caption a framed print carries (see
// layoutPrint); other fits ignore it.
func buildCanvas(st *styles.Style, p *Photo, cw, ch, index int, avoid *box, att *printAttach) (*image.RGBA, framing) {
	c := image.NewRGBA(image.Rect(0, 0, cw, ch))
	bg := nrgba(st.Palette.Background)
	fillRect(c, c.Bounds(), bg)
	img := p.Image()
	if st.Overlays.Grade != styles.GradeNone {
		g := image.NewRGBA(img.Bounds())
		copy(g.Pix, img.Pix)
		applyGrade(g, st.Overlays.Grade, st.Overlays.GradeAmount)
		img = g
	}
	var fc focus
	if !st.Fill.Centred && st.Overlays.Frame == nil {
		fc = p.findFocus()
	}
	fr := framePhoto(st, img.Bounds(), cw, ch, fc, avoid)
	switch {
	case st.Overlays.Frame != nil:
		drawFramedPrint(c, img, st.Overlays.Frame, index, att)
	case fr.cover:
		scaleOver(c, c.Bounds(), img.SubImage(fr.crop).(*image.RGBA))
	default:
		if st.Fill.Mode == styles.FillBars {
			fillRect(c, c.Bounds(), nrgba(st.Fill.Colour))
		} else {
			drawBlurFill(c, img, st.Fill)
			seamShadow(c, fr.dst, seamWidth*styles.Unit(cw, ch))
		}
		scaleOver(c, fr.dst, img.SubImage(fr.crop).(*image.RGBA))
	}
	if st.Overlays.Frame != nil {
		fr.keep, fr.avoid, fr.pad = nil, nil, padding{} // a framed print always shows the whole photo
	}
	return c, fr
}

func nrgba(c styles.Color) color.NRGBA { return color.NRGBA(c) }

// fillRect paints r with an opaque-or-not colour using Src semantics.
func fillRect(m *image.RGBA, r image.Rectangle, c color.Color) {
	xdraw.Draw(m, r, image.NewUniform(c), image.Point{}, xdraw.Src)
}

// coverRect is the centred sub-rectangle of b with the aspect of w x h.
func coverRect(b image.Rectangle, w, h int) image.Rectangle {
	bw, bh := float64(b.Dx()), float64(b.Dy())
	a := float64(w) / float64(h)
	cw, ch := bw, bh
	if bw/bh > a {
		cw = bh * a
	} else {
		ch = bw / a
	}
	x0 := b.Min.X + int(math.Round((bw-cw)/2))
	y0 := b.Min.Y + int(math.Round((bh-ch)/2))
	return image.Rect(x0, y0, x0+int(math.Round(cw)), y0+int(math.Round(ch)))
}

// containRect is the largest centred rectangle in r with the aspect of b.
func containRect(b, r image.Rectangle) image.Rectangle {
	s := math.Min(float64(r.Dx())/float64(b.Dx()), float64(r.Dy())/float64(b.Dy()))
	w := int(math.Round(float64(b.Dx()) * s))
	h := int(math.Round(float64(b.Dy()) * s))
	x0 := r.Min.X + (r.Dx()-w)/2
	y0 := r.Min.Y + (r.Dy()-h)/2
	return image.Rect(x0, y0, x0+w, y0+h)
}

// backdropSaturation is how much of its colour the blurred backdrop
// behind a contained photo keeps: muted, it reads as background and does
// not compete with the photo.
const backdropSaturation = 0.55

// seamWidth is the width of the soft shadow the photo casts on its
// blurred backdrop, as a fraction of styles.Unit; seamDark its darkening
// at the photo's edge.
const (
	seamWidth = 0.05
	seamDark  = 0.45
)

// drawBlurFill covers c with a blurred, desaturated and dimmed copy of
// img.
func drawBlurFill(c *image.RGBA, img *image.RGBA, f styles.PhotoFill) {
	const down = 8
	cb := c.Bounds()
	sw, sh := max(2, cb.Dx()/down), max(2, cb.Dy()/down)
	small := image.NewRGBA(image.Rect(0, 0, sw, sh))
	xdraw.ApproxBiLinear.Scale(small, small.Bounds(), img, coverRect(img.Bounds(), sw, sh), xdraw.Src, nil)
	blur := f.Blur
	if blur <= 0 {
		blur = 0.04
	}
	boxBlur(small, max(1, int(blur*styles.Unit(cb.Dx(), cb.Dy())/down/2+0.5)))
	dim := math.Min(1, math.Max(0, f.Dim))
	if f.Dim == 0 {
		dim = 0.35
	}
	k := uint32((1 - dim) * 256)
	ks := int32(math.Round(backdropSaturation * 256))
	for i := 0; i < len(small.Pix); i += 4 {
		p := small.Pix[i : i+3 : i+3]
		l := (13933*int32(p[0]) + 46871*int32(p[1]) + 4732*int32(p[2]) + 1<<15) >> 16 // BT.709 luma
		for j := range p {
			v := l + (int32(p[j])-l)*ks>>8
			p[j] = uint8(uint32(min(max(v, 0), 255)) * k >> 8)
		}
	}
	xdraw.BiLinear.Scale(c, cb, small, small.Bounds(), xdraw.Over, nil)
}

// drawFramedPrint draws img as a print with a border and a soft drop
// shadow, tilted by a per-slide angle, placed on c per layoutPrint (att:
// the caption it carries, or nil).
func drawFramedPrint(c *image.RGBA, img *image.RGBA, fp *styles.FramedPrint, index int, att *printAttach) {
	cb := c.Bounds()
	unit := styles.Unit(cb.Dx(), cb.Dy())
	pg := layoutPrint(cb, img.Bounds(), fp, index, att)
	img = img.SubImage(pg.crop).(*image.RGBA)
	iw, ih, bw := pg.iw, pg.ih, pg.bw
	// A transparent 2-pixel margin lets the bilinear transform below
	// anti-alias the print's edges.
	const pad = 2
	print := image.NewRGBA(image.Rect(0, 0, iw+2*bw+2*pad, ih+2*bw+2*pad))
	inner := print.Bounds().Inset(pad)
	fillRect(print, inner, nrgba(fp.Colour))
	scaleOver(print, image.Rect(bw, bw, bw+iw, bw+ih).Add(image.Pt(pad, pad)), img)

	angle := pg.angle
	cx, cy := pg.cx, pg.cy
	prw, prh := float64(print.Bounds().Dx()), float64(print.Bounds().Dy())
	xf := func(dx, dy float64) f64.Aff3 {
		sin, cos := math.Sincos(angle)
		// print centre -> canvas (cx+dx, cy+dy), rotated by angle
		return f64.Aff3{
			cos, -sin, cx + dx - cos*prw/2 + sin*prh/2,
			sin, cos, cy + dy - sin*prw/2 - cos*prh/2,
		}
	}
	if sh := fp.Shadow; sh.Colour.A > 0 {
		layer := image.NewRGBA(cb)
		sc := nrgba(sh.Colour)
		mask := image.NewUniform(color.NRGBA{sc.R, sc.G, sc.B, 255})
		xdraw.BiLinear.Transform(layer, xf(sh.DX*unit, sh.DY*unit), mask, inner, xdraw.Over, nil)
		boxBlur(layer, max(1, int(sh.Blur*unit/2+0.5)))
		xdraw.DrawMask(c, cb, layer, image.Point{}, image.NewUniform(color.Alpha{sc.A}), image.Point{}, xdraw.Over)
	}
	xdraw.BiLinear.Transform(c, xf(0, 0), print, print.Bounds(), xdraw.Over, nil)
}

// unitHash maps x to [0, 1) (splitmix64 finaliser).
func unitHash(x uint64) float64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return float64(x>>11) / (1 << 53)
}

// applyGrade applies a colour grade to a premultiplied RGBA image, mixed
// by amount (0 means 1). Curves clamp to the pixel's alpha.
func applyGrade(m *image.RGBA, g styles.Grade, amount float64) {
	if g == styles.GradeNone {
		return
	}
	if amount <= 0 {
		amount = 1
	}
	amount = math.Min(amount, 1)
	var lut [3][256]uint8 // per-channel curves (warm, cool)
	for i := 0; i < 256; i++ {
		v := float64(i)
		var r, gg, b float64
		switch g {
		case styles.GradeWarm:
			r, gg, b = v*1.06+6, v*1.01+2, v*0.90
		case styles.GradeCool:
			r, gg, b = v*0.92, v*1.0+2, v*1.05+8
		default:
			r, gg, b = v, v, v
		}
		for c, x := range [3]float64{r, gg, b} {
			x = v + (x-v)*amount
			lut[c][i] = uint8(math.Max(0, math.Min(255, math.Round(x))))
		}
	}
	k := int32(amount * 256)
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := m.Pix[m.PixOffset(b.Min.X, y):m.PixOffset(b.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			r, gg, bl := int32(row[i]), int32(row[i+1]), int32(row[i+2])
			switch g {
			case styles.GradeWarm, styles.GradeCool:
				a := row[i+3]
				row[i], row[i+1], row[i+2] = min(lut[0][r], a), min(lut[1][gg], a), min(lut[2][bl], a)
				continue
			}
			l := (13933*r + 46871*gg + 4732*bl + 1<<15) >> 16 // BT.709 luma
			tr, tg, tb := l, l, l
			if g == styles.GradeSepia {
				tr = min(255, l*243/256+38)
				tg = min(255, l*218/256+22)
				tb = min(255, l*169/256+8)
			}
			a := int32(row[i+3])
			row[i] = uint8(min(a, r+((tr-r)*k)>>8))
			row[i+1] = uint8(min(a, gg+((tg-gg)*k)>>8))
			row[i+2] = uint8(min(a, bl+((tb-bl)*k)>>8))
		}
	}
}

// seamShadow darkens c around the rectangle r (where the photo goes) with
// a soft shadow of width px pixels: seamDark at r's edge, fading to
// nothing, so the photo's edge against its backdrop is a gentle step,
// not a hard, busy seam. Pixels inside r are left for the photo.
func seamShadow(c *image.RGBA, r image.Rectangle, px float64) {
	if px < 1 || r.Empty() {
		return
	}
	b := c.Bounds()
	n := int(math.Ceil(px))
	for y := max(b.Min.Y, r.Min.Y-n); y < min(b.Max.Y, r.Max.Y+n); y++ {
		dy := 0
		if y < r.Min.Y {
			dy = r.Min.Y - y
		} else if y >= r.Max.Y {
			dy = y - r.Max.Y + 1
		}
		for x := max(b.Min.X, r.Min.X-n); x < min(b.Max.X, r.Max.X+n); x++ {
			dx := 0
			if x < r.Min.X {
				dx = r.Min.X - x
			} else if x >= r.Max.X {
				dx = x - r.Max.X + 1
			}
			if dx == 0 && dy == 0 {
				continue
			}
			d := math.Hypot(float64(dx), float64(dy)) / px
			if d >= 1 {
				continue
			}
			f := 1 - d
			k := uint32(256 - seamDark*f*f*256)
			i := c.PixOffset(x, y)
			for j := 0; j < 3; j++ {
				c.Pix[i+j] = uint8(uint32(c.Pix[i+j]) * k >> 8)
			}
		}
	}
}
