package text

import (
	"errors"
	"fmt"
	"math"

	"github.com/reelkit/reel/styles"
	"golang.org/x/image/font/sfnt"
)

// ErrSpec is wrapped by the error Layout and Render return for a Spec they
// cannot honour (non-positive or non-finite sizes, an empty or huge box).
var ErrSpec = errors.New("text: invalid spec")

// maxSide bounds a sprite's side in pixels.
const maxSide = 8192

// shrinkStep is the factor between tried sizes when shrinking to fit.
const shrinkStep = 0.95

// wrapped is one line of glyphs and its pen width in em units.
type wrapped struct {
	gs []glyphRef
	w  float64
}

type placedGlyph struct {
	g    glyphRef
	x, y float64 // pen on the baseline, sprite pixels
}

// session holds per-call state: fonts, buffer, caches. Nothing in it is
// shared between calls, which is what makes Layout safe for concurrent use.
type session struct {
	spec  Spec
	chain []*sfnt.Font
	buf   sfnt.Buffer
	rv    resolver
	m     *measurer
	paras [][][]glyphRef
	cut   bool
	space glyphRef
	ell   []glyphRef
	lh    float64 // line height, multiple of the size
}

// Layout word-wraps s.Text in the box, shrinking within the style's size
// range and cutting to its maximum lines with an ellipsis. It is the one
// entry point all text goes through. Missing runes are reported to warn.
func Layout(s Spec, warn WarnFunc) (*Geometry, error) {
	ss, err := newSession(s, warn)
	if err != nil {
		return nil, err
	}
	return ss.layout(), nil
}

func newSession(s Spec, warn WarnFunc) (*session, error) {
	st := s.Style
	switch {
	case !(s.Scale > 0) || math.IsInf(s.Scale, 0):
		return nil, fmt.Errorf("%w: scale %v", ErrSpec, s.Scale)
	case s.MaxWidth <= 0 || s.MaxHeight <= 0 || s.MaxWidth > maxSide || s.MaxHeight > maxSide:
		return nil, fmt.Errorf("%w: box %dx%d", ErrSpec, s.MaxWidth, s.MaxHeight)
	case !(st.Size > 0) || math.IsInf(st.Size, 0) || st.Size*s.Scale > maxSide:
		return nil, fmt.Errorf("%w: size %v", ErrSpec, st.Size)
	case !(st.MinSize >= 0) || math.IsInf(st.MinSize, 0):
		return nil, fmt.Errorf("%w: min size %v", ErrSpec, st.MinSize)
	case math.IsNaN(st.Outline) || math.IsNaN(st.Shadow.DX) || math.IsNaN(st.Shadow.DY) || math.IsNaN(st.Shadow.Blur) ||
		math.IsNaN(st.Box.Padding) || math.IsNaN(st.Box.Radius) || math.IsNaN(st.LineHeight):
		return nil, fmt.Errorf("%w: NaN in style", ErrSpec)
	}
	fs, err := styles.Fonts()
	if err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	chain, _ := fs.Chain(st.Font)
	ss := &session{spec: s, chain: chain}
	ss.rv = resolver{chain: ss.chain, buf: &ss.buf, cache: map[rune]glyphRef{}, warn: warn}
	ss.m = newMeasurer(ss.chain, &ss.buf)
	ss.lh = st.LineHeight
	if ss.lh <= 0 {
		ss.lh = 1.25
	}
	ss.lh = math.Min(ss.lh, 3)
	paras, cut := normalise(s.Text, st.Uppercase)
	ss.cut = cut
	for _, p := range paras {
		var words [][]glyphRef
		for _, w := range p {
			words = append(words, ss.rv.word(w))
		}
		ss.paras = append(ss.paras, words)
	}
	ss.space = ss.rv.resolve(' ')
	if e := ss.rv.resolve('…'); e.font >= 0 {
		ss.ell = []glyphRef{e}
	} else {
		d := ss.rv.resolve('.')
		ss.ell = []glyphRef{d, d, d}
	}
	return ss, nil
}

// sizes returns the pixel sizes to try, largest first, ending at the minimum.
func (ss *session) sizes() []float64 {
	st := ss.spec.Style
	hi := st.Size * ss.spec.Scale
	lo := st.MinSize * ss.spec.Scale
	if lo <= 0 || lo > hi {
		lo = hi
	}
	out := []float64{hi}
	for s := hi * shrinkStep; s > lo; s *= shrinkStep {
		out = append(out, s)
	}
	if lo < hi {
		out = append(out, lo)
	}
	return out
}

func (ss *session) layout() *Geometry {
	if len(ss.paras) == 0 {
		return &Geometry{Size: ss.spec.Style.Size * ss.spec.Scale, Missing: ss.rv.missing}
	}
	sp := ss.spec
	sizes := ss.sizes()
	var (
		lines []wrapped
		size  float64
		fx    effects
		wEm   float64
	)
	for i, sz := range sizes {
		size, fx = sz, effectsAt(sp.Style, sz)
		wEm = (float64(sp.MaxWidth) - fx.padL - fx.padR) / sz
		if wEm <= 0 {
			wEm = 1e-6
		}
		lines = ss.wrap(wEm)
		// Ink may overhang the pen box (italics, accents): narrow and retry.
		for try := 0; try < 3; try++ {
			g := ss.geometry(lines, sz, fx)
			if g.w <= float64(sp.MaxWidth) {
				break
			}
			wEm -= (g.w-float64(sp.MaxWidth))/sz + 1e-3
			if wEm <= 0 {
				wEm = 1e-6
			}
			lines = ss.wrap(wEm)
		}
		if ss.fits(lines, sz, fx) {
			if ss.cut {
				lines[len(lines)-1] = ss.ellipsize(lines[len(lines)-1], wEm)
				return ss.finish(lines, sz, fx, true)
			}
			return ss.finish(ss.balance(lines, wEm), sz, fx, false)
		}
		if i == len(sizes)-1 {
			break
		}
	}
	// At the minimum size and still too much: keep what fits, add "…".
	n := len(lines)
	if ml := sp.Style.MaxLines; ml > 0 && n > ml {
		n = ml
	}
	for n > 1 && ss.geometry(lines[:n], size, fx).h > float64(sp.MaxHeight) {
		n--
	}
	truncated := n < len(lines) || ss.cut
	lines = lines[:n]
	if truncated {
		lines[n-1] = ss.ellipsize(lines[n-1], wEm)
	}
	return ss.finish(lines, size, fx, truncated)
}

// wrap breaks the paragraphs into lines no wider than wEm (em units);
// words wider than a line are broken between runes.
func (ss *session) wrap(wEm float64) []wrapped {
	var out []wrapped
	spW := ss.m.glyph(ss.space).adv
	for _, words := range ss.paras {
		var cur wrapped
		for _, w := range words {
			ww := ss.m.width(w)
			if len(cur.gs) > 0 && cur.w+spW+ww <= wEm {
				cur.gs = append(append(cur.gs, ss.space), w...)
				cur.w = ss.m.width(cur.gs)
				continue
			}
			if len(cur.gs) > 0 {
				out = append(out, cur)
				cur = wrapped{}
			}
			for ww > wEm && len(w) > 1 {
				k := ss.fitRunes(w, wEm)
				out = append(out, wrapped{gs: w[:k:k], w: ss.m.width(w[:k])})
				w = w[k:]
				ww = ss.m.width(w)
			}
			cur = wrapped{gs: append([]glyphRef(nil), w...), w: ww}
		}
		out = append(out, cur) // an empty paragraph is a blank line
	}
	return out
}

// balance narrows the wrap width as far as it can without adding a line,
// so that wrapped lines come out of similar length (no lone last word).
func (ss *session) balance(lines []wrapped, wEm float64) []wrapped {
	if len(lines) < 2 {
		return lines
	}
	lo, hi := 0.0, wEm
	best := lines
	for i := 0; i < 12; i++ {
		mid := (lo + hi) / 2
		if l := ss.wrap(mid); len(l) == len(lines) {
			hi, best = mid, l
		} else {
			lo = mid
		}
	}
	return best
}

// fitRunes is how many leading glyphs of w fit in wEm (at least 1).
func (ss *session) fitRunes(w []glyphRef, wEm float64) int {
	x := 0.0
	for i, g := range w {
		if i > 0 {
			x += ss.m.kern(w[i-1], g)
		}
		x += ss.m.glyph(g).adv
		if x > wEm {
			return max(i, 1)
		}
	}
	return len(w)
}

// ellipsize drops glyphs from the end of l until l+"…" fits wEm.
func (ss *session) ellipsize(l wrapped, wEm float64) wrapped {
	gs := l.gs[:len(l.gs):len(l.gs)]
	for len(gs) > 0 && (ss.m.width(append(gs[:len(gs):len(gs)], ss.ell...)) > wEm || gs[len(gs)-1] == ss.space) {
		gs = gs[:len(gs)-1]
	}
	gs = append(gs[:len(gs):len(gs)], ss.ell...)
	return wrapped{gs: gs, w: ss.m.width(gs)}
}

// geom is a block's content box (layout box ∪ ink) and sprite size.
type geom struct {
	content rectF   // in layout pixels: origin at the top-left of the layout box
	w, h    float64 // sprite size, effects included
	maxW    float64 // widest line, pixels
}

func (ss *session) lineX(l wrapped, sz, maxW float64) float64 {
	switch ss.spec.Style.Align {
	case styles.AlignCenter:
		return (maxW - l.w*sz) / 2
	case styles.AlignRight:
		return maxW - l.w*sz
	}
	return 0
}

func (ss *session) baseline(i int, sz float64) float64 {
	return (ss.m.ascent + float64(i)*ss.lh) * sz
}

func (ss *session) geometry(lines []wrapped, sz float64, fx effects) geom {
	g := geom{}
	for _, l := range lines {
		g.maxW = max(g.maxW, l.w*sz)
	}
	n := len(lines)
	layoutH := (ss.m.ascent + float64(n-1)*ss.lh + ss.m.descent) * sz
	c := rectF{0, 0, math.Max(g.maxW, 1), layoutH}
	for i, l := range lines {
		x := ss.lineX(l, sz, g.maxW)
		y := ss.baseline(i, sz)
		for j, gl := range l.gs {
			if j > 0 {
				x += ss.m.kern(l.gs[j-1], gl) * sz
			}
			gm := ss.m.glyph(gl)
			if !gm.ink.empty() {
				c = c.union(gm.ink.scale(sz).add(x, y))
			}
			x += gm.adv * sz
		}
	}
	g.content = c
	g.w = math.Ceil(c.x1-c.x0+fx.padL+fx.padR) + 1
	g.h = math.Ceil(c.y1-c.y0+fx.padT+fx.padB) + 1
	return g
}

func (ss *session) fits(lines []wrapped, sz float64, fx effects) bool {
	if ml := ss.spec.Style.MaxLines; ml > 0 && len(lines) > ml {
		return false
	}
	g := ss.geometry(lines, sz, fx)
	return g.w <= float64(ss.spec.MaxWidth) && g.h <= float64(ss.spec.MaxHeight)
}

// finish places the glyphs in sprite coordinates and clips the sprite to
// the box when even that could not be avoided.
func (ss *session) finish(lines []wrapped, sz float64, fx effects, truncated bool) *Geometry {
	sp := ss.spec
	g := ss.geometry(lines, sz, fx)
	lay := &Geometry{Size: sz, Truncated: truncated, Missing: ss.rv.missing, fx: fx, chain: ss.chain}
	ox := fx.padL - g.content.x0
	oy := fx.padT - g.content.y0
	w, h := int(g.w), int(g.h)
	if w > sp.MaxWidth {
		lay.Clipped = true
		switch sp.Style.Align {
		case styles.AlignCenter:
			ox -= float64(w-sp.MaxWidth) / 2
		case styles.AlignRight:
			ox -= float64(w - sp.MaxWidth)
		}
		w = sp.MaxWidth
	}
	if h > sp.MaxHeight {
		lay.Clipped = true
		h = sp.MaxHeight
	}
	lay.Width, lay.Height = w, h
	lay.ox, lay.oy = ox, oy
	lay.box = g.content.add(ox, oy)
	for i, l := range lines {
		x0 := ss.lineX(l, sz, g.maxW) + ox
		y := ss.baseline(i, sz) + oy
		x := x0
		pg := make([]placedGlyph, 0, len(l.gs))
		rs := make([]rune, 0, len(l.gs))
		for j, gl := range l.gs {
			if j > 0 {
				x += ss.m.kern(l.gs[j-1], gl) * sz
			}
			pg = append(pg, placedGlyph{g: gl, x: x, y: y})
			rs = append(rs, gl.r)
			x += ss.m.glyph(gl).adv * sz
		}
		lay.glyphs = append(lay.glyphs, pg)
		lay.Lines = append(lay.Lines, Line{
			Text:     string(rs),
			Rect:     rectInt(rectF{x0, y - ss.m.ascent*sz, x, y + ss.m.descent*sz}),
			Baseline: int(math.Round(y)),
		})
	}
	return lay
}
