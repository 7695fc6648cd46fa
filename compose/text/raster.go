package text

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"math"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/vector"
)

// Render lays out s (see Layout) and rasterizes it into a sprite: box,
// shadow, outline and fill, anti-aliased, at the chosen pixel size.
//
// With s.Fonts set, the library keeps recent blocks (bounded, least
// recently used out first) and a Spec drawn before returns the same
// *Block, its missing characters reported to warn again: callers must not
// modify a Block.
func Render(s Spec, warn WarnFunc) (*Block, error) {
	if s.Fonts != nil {
		if b := s.Fonts.blocks.get(s); b != nil {
			if warn != nil {
				for _, r := range b.Missing {
					warn(r)
				}
			}
			return b, nil
		}
	}
	b, err := render(s, warn)
	if err == nil && s.Fonts != nil {
		s.Fonts.blocks.put(s, b)
	}
	return b, err
}

// render is Render without the cache.
func render(s Spec, warn WarnFunc) (*Block, error) {
	lay, err := Layout(s, warn)
	if err != nil {
		return nil, err
	}
	b := &Block{Geometry: lay}
	if lay.Empty() {
		return b, nil
	}
	st := s.Style
	fx := lay.fx
	bounds := image.Rect(0, 0, lay.Width, lay.Height)
	fill, colour := lay.mask(bounds)
	img := image.NewRGBA(bounds)
	if fx.box {
		r := lay.box
		r = rectF{r.x0 - fx.boxPad, r.y0 - fx.boxPad, r.x1 + fx.boxPad, r.y1 + fx.boxPad}
		b.Plate = roundRect(bounds, r, fx.boxRadius)
		over(img, b.Plate, st.Box.Colour)
	}
	base := fill
	if colour != nil {
		// colour glyphs get the outline and shadow too
		base = image.NewAlpha(bounds)
		for i, a := range fill.Pix {
			base.Pix[i] = max(a, colour.Pix[4*i+3])
		}
	}
	var outline *image.Alpha
	if fx.outline > 0 {
		outline = dilate(base, fx.outline)
		base = outline
	}
	if fx.shadow {
		over(img, shiftBlur(base, fx.sdx, fx.sdy, fx.blur), st.Shadow.Colour)
	}
	if outline != nil {
		over(img, outline, st.OutlineColour)
	}
	over(img, fill, st.Colour)
	if colour != nil {
		draw.Draw(img, bounds, colour, image.Point{}, draw.Over)
	}
	b.Image = img
	lay.fonts = nil // drawn: keep no per-call faces alive
	return b, nil
}

// mask rasterizes the outline glyphs (and replacement boxes) into an
// alpha mask of the sprite's size, and colour glyphs (bitmap emoji) into a
// premultiplied colour layer (nil when there are none).
func (l *Geometry) mask(bounds image.Rectangle) (*image.Alpha, *image.RGBA) {
	m := image.NewAlpha(bounds)
	var colour *image.RGBA
	var z vector.Rasterizer
	z.Reset(bounds.Dx(), bounds.Dy())
	z.DrawOp = draw.Src
	sz := float32(l.Size)
	for _, line := range l.glyphs {
		for _, pg := range line {
			gx, gy := float32(pg.x), float32(pg.y)
			if pg.g.face < 0 {
				hollowBox(&z, gx, gy, sz)
				continue
			}
			f := l.fonts.face(pg.g.face)
			s := sz / float32(max(f.Upem(), 1))
			if bm, ok := f.GlyphDataBitmap(pg.g.id); ok && bm.Format == font.PNG {
				if colour == nil {
					colour = image.NewRGBA(bounds)
				}
				if drawBitmap(colour, f, pg.g.id, bm, float64(gx), float64(gy), float64(s)) {
					continue
				}
			}
			ol, ok := f.GlyphDataOutline(pg.g.id)
			if !ok {
				continue // no ink (a space) or nothing we can draw
			}
			open := false
			for _, sg := range ol.Segments {
				a := sg.Args
				switch sg.Op {
				case ot.SegmentOpMoveTo:
					if open {
						z.ClosePath()
					}
					open = true
					z.MoveTo(gx+a[0].X*s, gy-a[0].Y*s)
				case ot.SegmentOpLineTo:
					z.LineTo(gx+a[0].X*s, gy-a[0].Y*s)
				case ot.SegmentOpQuadTo:
					z.QuadTo(gx+a[0].X*s, gy-a[0].Y*s, gx+a[1].X*s, gy-a[1].Y*s)
				case ot.SegmentOpCubeTo:
					z.CubeTo(gx+a[0].X*s, gy-a[0].Y*s, gx+a[1].X*s, gy-a[1].Y*s, gx+a[2].X*s, gy-a[2].Y*s)
				}
			}
			if open {
				z.ClosePath()
			}
		}
	}
	z.Draw(m, bounds, image.Opaque, image.Point{})
	return m, colour
}

// drawBitmap scales a PNG glyph (colour emoji) into its ink box at pen
// (x, y), s pixels per font unit. It reports false if the bitmap cannot
// be decoded.
func drawBitmap(dst *image.RGBA, f *font.Face, id font.GID, bm font.GlyphBitmap, x, y, s float64) bool {
	e, ok := f.GlyphExtents(id)
	if !ok || bm.Width <= 0 || bm.Height <= 0 || bm.Width > 1024 || bm.Height > 1024 {
		return false
	}
	img, err := png.Decode(bytes.NewReader(bm.Data))
	if err != nil {
		return false
	}
	x0 := x + float64(e.XBearing)*s
	y0 := y - float64(e.YBearing)*s
	r := image.Rect(int(math.Round(x0)), int(math.Round(y0)),
		int(math.Round(x0+float64(e.Width)*s)), int(math.Round(y0-float64(e.Height)*s)))
	if r.Empty() {
		return false
	}
	xdraw.CatmullRom.Scale(dst, r, img, img.Bounds(), xdraw.Over, nil)
	return true
}

// hollowBox draws the visible replacement for a rune no font has: a
// rectangle outline the size of a capital letter.
func hollowBox(z *vector.Rasterizer, x, y, sz float32) {
	x0, y0 := x+float32(replacementInk.x0)*sz, y+float32(replacementInk.y0)*sz
	x1, y1 := x+float32(replacementInk.x1)*sz, y+float32(replacementInk.y1)*sz
	t := max(sz*0.07, 1)
	// outer contour one way, inner the other: the inside stays empty
	z.MoveTo(x0, y0)
	z.LineTo(x1, y0)
	z.LineTo(x1, y1)
	z.LineTo(x0, y1)
	z.ClosePath()
	z.MoveTo(x0+t, y0+t)
	z.LineTo(x0+t, y1-t)
	z.LineTo(x1-t, y1-t)
	z.LineTo(x1-t, y0+t)
	z.ClosePath()
}
