package text

import (
	"errors"
	"fmt"
	"math"

	"github.com/go-text/typesetting/segmenter"
	"github.com/go-text/typesetting/shaping"

	"github.com/reelkit/reel/compose/text/internal/bidi"
	"github.com/reelkit/reel/styles"
)

// ErrSpec is wrapped by the error Layout and Render return for a Spec they
// cannot honour (non-positive or non-finite sizes, an empty or huge box).
var ErrSpec = errors.New("text: invalid spec")

// maxSide bounds a sprite's side in pixels.
const maxSide = 8192

// shrinkStep is the factor between tried sizes when shrinking to fit.
const shrinkStep = 0.95

// wrapped is one line: its clusters in logical order (trailing spaces
// dropped), pen width in em units, and its paragraph's direction. hyphen
// is set when the line ends inside a word with an added hyphen (its last
// cluster).
type wrapped struct {
	cs     []cluster
	w      float64
	rtl    bool
	hyphen bool
}

type placedGlyph struct {
	g    sglyph
	x, y float64 // pen on the baseline, sprite pixels
}

// session holds per-call state: faces, shaper, segmenters, caches. Nothing
// in it is shared between calls, which is what makes Layout safe for
// concurrent use.
type session struct {
	spec   Spec
	fonts  *faceSet
	shaper shaping.HarfbuzzShaper
	seg    segmenter.Segmenter
	paras  []paragraph
	cut    bool
	ell    []cluster // the ellipsis that ends a cut line
	hyphen []cluster // the hyphen that ends a piece of a split word
	lh     float64   // line height, multiple of the size
	inks   map[glyphKey]rectF
	ascent float64 // primary face, em units
	desc   float64
	dir    bidi.Direction // paragraphs' base direction (Layout: Auto)
}

// Layout shapes s.Text and word-wraps it in the box (UAX #14 break
// opportunities, shaped advances), shrinking within the style's size range
// and cutting to its maximum lines with an ellipsis. It is the one entry
// point all text goes through. Missing characters are reported to warn.
func Layout(s Spec, warn WarnFunc) (*Geometry, error) {
	ss, err := newSession(s, warn, bidi.Auto)
	if err != nil {
		return nil, err
	}
	return ss.layout(), nil
}

// newSession validates s and shapes its paragraphs, each with base
// direction dir (Auto: from its first strong character).
func newSession(s Spec, warn WarnFunc, dir bidi.Direction) (*session, error) {
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
	// A font the library does not have draws as DejaVu Sans.
	chain, aspect, ascent, desc, _, err := s.Fonts.chainFor(st)
	if err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	ss := &session{spec: s, inks: map[glyphKey]rectF{}, ascent: ascent, desc: desc, dir: dir}
	ss.fonts = newFaceSet(s.Fonts, chain, aspect, warn)
	ss.lh = st.LineHeight
	if ss.lh <= 0 {
		ss.lh = 1.25
	}
	ss.lh = math.Min(ss.lh, 3)
	paras, cut := normalise(s.Text, st.Uppercase)
	ss.cut = cut
	for _, p := range paras {
		ss.paras = append(ss.paras, ss.shapePara(p))
	}
	if e := ss.shapePara([]rune{'…'}); len(e.clusters) == 1 && e.clusters[0].glyphs[0].face >= 0 {
		ss.ell = e.clusters
	} else {
		ss.ell = ss.shapePara([]rune("...")).clusters
	}
	// U+2010 HYPHEN when the style's face has it, else U+002D.
	if h := ss.shapePara([]rune{'\u2010'}); len(h.clusters) == 1 && h.clusters[0].glyphs[0].face == 0 {
		ss.hyphen = h.clusters
	} else {
		ss.hyphen = ss.shapePara([]rune{'-'}).clusters
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
		return &Geometry{Size: ss.spec.Style.Size * ss.spec.Scale, Missing: ss.fonts.missing}
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
		// Words are split only at the smallest size (see wrap).
		floor := i == len(sizes)-1
		size, fx = sz, effectsAt(sp.Style, sz)
		wEm = (float64(sp.MaxWidth) - fx.padL - fx.padR) / sz
		if wEm <= 0 {
			wEm = 1e-6
		}
		var split bool
		lines, split = ss.wrap(wEm, floor)
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
			lines, split = ss.wrap(wEm, floor)
		}
		if split && !floor {
			continue // a word is wider than a line: smaller type first
		}
		if ss.fits(lines, sz, fx) {
			if ss.cut {
				lines[len(lines)-1] = ss.ellipsize(lines[len(lines)-1], wEm)
				return ss.finish(lines, sz, fx, true)
			}
			if !split {
				lines = ss.balance(lines, wEm)
			}
			return ss.finish(lines, sz, fx, false)
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

// ellipsize drops clusters from the end of l until l+"…" fits wEm. The
// ellipsis takes the paragraph's direction (it ends the line in reading
// order).
func (ss *session) ellipsize(l wrapped, wEm float64) wrapped {
	cs := l.cs[:len(l.cs):len(l.cs)]
	if l.hyphen {
		cs = cs[:len(cs)-1]
	}
	ew := width(ss.ell)
	for len(cs) > 0 && (width(cs)+ew > wEm || cs[len(cs)-1].space) {
		cs = cs[:len(cs)-1]
	}
	out := append([]cluster(nil), cs...)
	for _, e := range ss.ell {
		e.level = l.base()
		out = append(out, e)
	}
	return wrapped{cs: out, w: width(out), rtl: l.rtl}
}

// geom is a block's content box (layout box ∪ ink) and sprite size.
type geom struct {
	content rectF   // in layout pixels: origin at the top-left of the layout box
	w, h    float64 // sprite size, effects included
	maxW    float64 // widest line, pixels
}

// lineX is the x of a line's left end: per the style's alignment, with
// left and right swapped for a right-to-left paragraph (alignment means
// start and end of the reading direction).
func (ss *session) lineX(l wrapped, sz, maxW float64) float64 {
	a := ss.spec.Style.Align
	if l.rtl {
		switch a {
		case styles.AlignLeft:
			a = styles.AlignRight
		case styles.AlignRight:
			a = styles.AlignLeft
		}
	}
	switch a {
	case styles.AlignCenter:
		return (maxW - l.w*sz) / 2
	case styles.AlignRight:
		return maxW - l.w*sz
	}
	return 0
}

func (ss *session) baseline(i int, sz float64) float64 {
	return (ss.ascent + float64(i)*ss.lh) * sz
}

// visit calls fn for every glyph of l in visual order (left to right)
// with its pen x in em units from the line's left end; ci is the index of
// the glyph's cluster in l.cs.
func visit(l wrapped, fn func(ci int, g sglyph, x float64)) {
	x := 0.0
	for _, ci := range visualOrder(l) {
		c := l.cs[ci]
		for _, g := range c.glyphs {
			fn(ci, g, x+g.x)
		}
		x += c.adv
	}
}

func (ss *session) geometry(lines []wrapped, sz float64, fx effects) geom {
	g := geom{}
	for _, l := range lines {
		g.maxW = max(g.maxW, l.w*sz)
	}
	n := len(lines)
	layoutH := (ss.ascent + float64(n-1)*ss.lh + ss.desc) * sz
	c := rectF{0, 0, math.Max(g.maxW, 1), layoutH}
	for i, l := range lines {
		x0 := ss.lineX(l, sz, g.maxW)
		y := ss.baseline(i, sz)
		visit(l, func(_ int, gl sglyph, x float64) {
			if ink := ss.ink(gl); !ink.empty() {
				c = c.union(ink.scale(sz).add(x0+x*sz, y+gl.y*sz))
			}
		})
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
	lay := &Geometry{Size: sz, Truncated: truncated, Missing: ss.fonts.missing, fx: fx, fonts: ss.fonts}
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
		pg := make([]placedGlyph, 0, len(l.cs))
		boxes := make([]rectF, len(l.cs)) // per cluster: ink ∪ pen box, x only
		pen := 0.0
		for _, ci := range visualOrder(l) {
			boxes[ci] = rectF{x0 + pen*sz, 0, x0 + (pen+l.cs[ci].adv)*sz, 1}
			pen += l.cs[ci].adv
		}
		sp := make([]span, len(l.cs))
		for ci, c := range l.cs {
			at := 0
			if ci > 0 {
				at = sp[ci-1].end
			}
			sp[ci] = span{start: at, end: at + len(c.text), x0: boxes[ci].x0, x1: boxes[ci].x1, rtl: c.level.RTL()}
		}
		lay.spans = append(lay.spans, sp)
		visit(l, func(ci int, gl sglyph, x float64) {
			pg = append(pg, placedGlyph{g: gl, x: x0 + x*sz, y: y + gl.y*sz})
			if ink := ss.ink(gl); !ink.empty() {
				boxes[ci] = boxes[ci].union(rectF{x0 + (x+ink.x0)*sz, 0, x0 + (x+ink.x1)*sz, 1})
			}
		})
		var rs []rune
		for _, c := range l.cs {
			rs = append(rs, c.text...)
		}
		lay.glyphs = append(lay.glyphs, pg)
		lay.Lines = append(lay.Lines, Line{
			Text:       string(rs),
			Rect:       rectInt(rectF{x0, y - ss.ascent*sz, x0 + l.w*sz, y + ss.desc*sz}),
			Baseline:   int(math.Round(y)),
			RTL:        l.rtl,
			Hyphenated: l.hyphen,
			Steps:      steps(l, boxes, w),
			Words:      lineWords(l, boxes, w),
		})
	}
	return lay
}

// steps computes Line.Steps from the clusters' x extents (ink and pen box)
// in sprite coordinates. Clusters are taken in reading order of the
// line's direction (visual left to right for LTR, right to left for RTL);
// a cut falls after everything revealed so far, in the middle of the gap
// to what is still hidden when there is one.
func steps(l wrapped, boxes []rectF, w int) []int {
	order := visualOrder(l)
	if l.rtl {
		for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
			order[i], order[j] = order[j], order[i]
		}
	}
	out := make([]int, len(order))
	for k := range order {
		if k == len(order)-1 {
			out[k] = w
			if l.rtl {
				out[k] = 0
			}
			break
		}
		if !l.rtl {
			shown, hidden := math.Inf(-1), math.Inf(1)
			for _, ci := range order[:k+1] {
				shown = max(shown, boxes[ci].x1)
			}
			for _, ci := range order[k+1:] {
				hidden = min(hidden, boxes[ci].x0)
			}
			cut := shown
			if hidden > shown {
				cut = (shown + hidden) / 2
			}
			out[k] = min(max(int(math.Ceil(cut)), 0), w)
			continue
		}
		shown, hidden := math.Inf(1), math.Inf(-1)
		for _, ci := range order[:k+1] {
			shown = min(shown, boxes[ci].x0)
		}
		for _, ci := range order[k+1:] {
			hidden = max(hidden, boxes[ci].x1)
		}
		cut := shown
		if hidden < shown {
			cut = (shown + hidden) / 2
		}
		out[k] = min(max(int(math.Floor(cut)), 0), w)
	}
	return out
}
