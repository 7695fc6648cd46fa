package text

import (
	"image"
	"image/draw"
	"math"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Render lays out s (see Layout) and rasterizes it into a sprite: box,
// shadow, outline and fill, anti-aliased, at the chosen pixel size.
func Render(s Spec, warn WarnFunc) (*Block, error) {
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
	fill := lay.mask(bounds)
	img := image.NewRGBA(bounds)
	if fx.box {
		r := lay.box
		r = rectF{r.x0 - fx.boxPad, r.y0 - fx.boxPad, r.x1 + fx.boxPad, r.y1 + fx.boxPad}
		over(img, roundRect(bounds, r, fx.boxRadius), st.Box.Colour)
	}
	base := fill
	var outline *image.Alpha
	if fx.outline > 0 {
		outline = dilate(fill, fx.outline)
		base = outline
	}
	if fx.shadow {
		over(img, shiftBlur(base, fx.sdx, fx.sdy, fx.blur), st.Shadow.Colour)
	}
	if outline != nil {
		over(img, outline, st.OutlineColour)
	}
	over(img, fill, st.Colour)
	b.Image = img
	return b, nil
}

// mask rasterizes the glyph outlines (and replacement boxes) into an alpha
// mask of the sprite's size.
func (l *Geometry) mask(bounds image.Rectangle) *image.Alpha {
	m := image.NewAlpha(bounds)
	var z vector.Rasterizer
	z.Reset(bounds.Dx(), bounds.Dy())
	z.DrawOp = draw.Src
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(math.Round(l.Size * 64))
	sz := float32(l.Size)
	for _, line := range l.glyphs {
		for _, pg := range line {
			gx, gy := float32(pg.x), float32(pg.y)
			if pg.g.font < 0 {
				hollowBox(&z, gx, gy, sz)
				continue
			}
			segs, err := l.chain[pg.g.font].LoadGlyph(&buf, pg.g.idx, ppem, nil)
			if err != nil {
				hollowBox(&z, gx, gy, sz)
				continue
			}
			open := false
			for _, sg := range segs {
				a := sg.Args
				switch sg.Op {
				case sfnt.SegmentOpMoveTo:
					if open {
						z.ClosePath()
					}
					open = true
					z.MoveTo(gx+f26(a[0].X), gy+f26(a[0].Y))
				case sfnt.SegmentOpLineTo:
					z.LineTo(gx+f26(a[0].X), gy+f26(a[0].Y))
				case sfnt.SegmentOpQuadTo:
					z.QuadTo(gx+f26(a[0].X), gy+f26(a[0].Y), gx+f26(a[1].X), gy+f26(a[1].Y))
				case sfnt.SegmentOpCubeTo:
					z.CubeTo(gx+f26(a[0].X), gy+f26(a[0].Y), gx+f26(a[1].X), gy+f26(a[1].Y), gx+f26(a[2].X), gy+f26(a[2].Y))
				}
			}
			if open {
				z.ClosePath()
			}
		}
	}
	z.Draw(m, bounds, image.Opaque, image.Point{})
	return m
}

func f26(v fixed.Int26_6) float32 { return float32(v) / 64 }

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
