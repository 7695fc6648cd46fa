package text

import (
	"github.com/go-text/typesetting/font"
)

// refPPEM is the size at which text is shaped and measured once; every
// other size scales linearly (no hinting), so the shrink loop never
// reshapes.
const refPPEM = 1024

// rectF is a float rectangle (y grows downwards).
type rectF struct{ x0, y0, x1, y1 float64 }

func (a rectF) empty() bool { return a.x1 <= a.x0 || a.y1 <= a.y0 }

func (a rectF) union(b rectF) rectF {
	if a.empty() {
		return b
	}
	if b.empty() {
		return a
	}
	return rectF{min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1)}
}

func (a rectF) scale(s float64) rectF { return rectF{a.x0 * s, a.y0 * s, a.x1 * s, a.y1 * s} }

func (a rectF) add(x, y float64) rectF { return rectF{a.x0 + x, a.y0 + y, a.x1 + x, a.y1 + y} }

// replacement box geometry in em units.
var replacementInk = rectF{0.08, -0.72, 0.62, 0}

const replacementAdv = 0.7

type glyphKey struct {
	face int
	id   font.GID
}

// ink is a glyph's ink box in em units relative to its pen (y down).
func (ss *session) ink(g sglyph) rectF {
	if g.face < 0 {
		return replacementInk
	}
	k := glyphKey{g.face, g.id}
	if r, ok := ss.inks[k]; ok {
		return r
	}
	var r rectF
	f := ss.fonts.face(g.face)
	if e, ok := f.GlyphExtents(g.id); ok && f.Upem() > 0 {
		u := float64(f.Upem())
		x0, y0 := float64(e.XBearing)/u, -float64(e.YBearing)/u
		r = rectF{x0, y0, x0 + float64(e.Width)/u, y0 - float64(e.Height)/u}
		if r.x1 < r.x0 {
			r.x0, r.x1 = r.x1, r.x0
		}
		if r.y1 < r.y0 {
			r.y0, r.y1 = r.y1, r.y0
		}
	}
	ss.inks[k] = r
	return r
}
