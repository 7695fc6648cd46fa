package text

import (
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// refPPEM is the size at which glyphs are measured once; every other size
// scales linearly (no hinting), so the shrink loop never re-reads fonts.
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

// glyphMetrics are in em units (multiply by the pixel size).
type glyphMetrics struct {
	adv float64
	ink rectF // relative to the pen on the baseline
}

// replacement box geometry in em units.
var replacementInk = rectF{0.08, -0.72, 0.62, 0}

const replacementAdv = 0.7

type kernKey struct {
	font   int
	x0, x1 sfnt.GlyphIndex
}

// measurer caches glyph metrics and kerning for one call.
type measurer struct {
	chain   []*sfnt.Font
	buf     *sfnt.Buffer
	metrics map[glyphRef]glyphMetrics
	kerns   map[kernKey]float64
	ascent  float64 // primary font, em units
	descent float64
}

func newMeasurer(chain []*sfnt.Font, buf *sfnt.Buffer) *measurer {
	m := &measurer{chain: chain, buf: buf, metrics: map[glyphRef]glyphMetrics{}, kerns: map[kernKey]float64{}}
	if fm, err := chain[0].Metrics(buf, fixed.I(refPPEM), font.HintingNone); err == nil {
		m.ascent = float64(fm.Ascent) / 64 / refPPEM
		m.descent = float64(fm.Descent) / 64 / refPPEM
	}
	if m.ascent <= 0 || m.ascent > 3 {
		m.ascent = 0.9
	}
	if m.descent <= 0 || m.descent > 3 {
		m.descent = 0.25
	}
	return m
}

func (m *measurer) glyph(g glyphRef) glyphMetrics {
	if gm, ok := m.metrics[g]; ok {
		return gm
	}
	gm := glyphMetrics{adv: replacementAdv, ink: replacementInk}
	if g.font >= 0 {
		b, adv, err := m.chain[g.font].GlyphBounds(m.buf, g.idx, fixed.I(refPPEM), font.HintingNone)
		if err == nil {
			gm.adv = float64(adv) / 64 / refPPEM
			gm.ink = rectF{float64(b.Min.X), float64(b.Min.Y), float64(b.Max.X), float64(b.Max.Y)}.scale(1.0 / 64 / refPPEM)
		} else {
			gm = glyphMetrics{}
		}
	}
	m.metrics[g] = gm
	return gm
}

func (m *measurer) kern(a, b glyphRef) float64 {
	if a.font < 0 || a.font != b.font {
		return 0
	}
	k := kernKey{a.font, a.idx, b.idx}
	if v, ok := m.kerns[k]; ok {
		return v
	}
	v := 0.0
	if d, err := m.chain[a.font].Kern(m.buf, a.idx, b.idx, fixed.I(refPPEM), font.HintingNone); err == nil {
		v = float64(d) / 64 / refPPEM
	}
	m.kerns[k] = v
	return v
}

// width is the pen advance of a run of glyphs in em units.
func (m *measurer) width(gs []glyphRef) float64 {
	w := 0.0
	for i, g := range gs {
		if i > 0 {
			w += m.kern(gs[i-1], g)
		}
		w += m.glyph(g).adv
	}
	return w
}
