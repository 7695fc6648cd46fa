package text

import (
	"sort"
	"unicode"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"github.com/reelkit/reel/compose/text/internal/bidi"
)

// sglyph is one shaped glyph; lengths in em units, y down, relative to its
// cluster's pen position.
type sglyph struct {
	face int // index into the session's faces; -1: the hollow box
	id   font.GID
	x, y float64
}

// cluster is the unit of layout: one HarfBuzz cluster (one or more
// grapheme clusters shaped together, e.g. a conjunct or a ligature),
// never split across lines, revealed whole by the typewriter.
type cluster struct {
	start, end  int      // rune range in the paragraph
	glyphs      []sglyph // visual order
	adv         float64  // em
	level       bidi.Level
	space       bool   // whitespace only: trimmed at line ends
	trailing    bool   // rule L1 resets it at a line's end (see visualOrder)
	breakBefore bool   // UAX #14: a line may start here
	text        []rune // the cluster's characters
}

// paragraph is one shaped paragraph, clusters in logical order.
type paragraph struct {
	runes    []rune
	clusters []cluster
	rtl      bool // base direction
}

// ignorable reports runes that need no glyph of their own: joiners,
// bidi controls, variation selectors, tags and other default-ignorables.
func ignorable(r rune) bool {
	switch {
	case r == 0x200C || r == 0x200D || r == 0x200E || r == 0x200F || r == 0x061C || r == 0x034F:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r >= 0x2060 && r <= 0x2064:
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF, r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return false
}

// resolveScripts gives every rune a real script: Common and Inherited runes
// take the script before them (or after them, at the start).
func resolveScripts(rs []rune) []language.Script {
	sc := make([]language.Script, len(rs))
	last := language.Script(0)
	first := -1
	for i, r := range rs {
		s := language.LookupScript(r)
		if s == language.Common || s == language.Inherited || s == language.Unknown {
			sc[i] = last
			continue
		}
		if first < 0 {
			first = i
			for j := 0; j < i; j++ {
				sc[j] = s
			}
		}
		sc[i], last = s, s
	}
	if first < 0 {
		for i := range sc {
			sc[i] = language.Latin
		}
	}
	return sc
}

// cjkHint is the CJK flavour of a paragraph for font choice.
func cjkHint(rs []rune) language.Script {
	for _, r := range rs {
		switch language.LookupScript(r) {
		case language.Hiragana, language.Katakana:
			return language.Hiragana
		case language.Hangul:
			return language.Hangul
		}
	}
	return language.Han
}

// shapePara itemises p (bidi levels, scripts, fonts per grapheme cluster),
// shapes each item at refPPEM and cuts the result into clusters with their
// UAX #14 break opportunities.
func (ss *session) shapePara(rs []rune) paragraph {
	p := paragraph{runes: rs}
	if len(rs) == 0 {
		return p
	}
	// Bidi: a level per rune; the base direction from the first strong
	// character (rules P2, P3).
	levels, base := bidi.Paragraph(rs, ss.dir)
	p.rtl = base.RTL()
	scripts := resolveScripts(rs)
	hint := cjkHint(rs)

	// Fonts per grapheme cluster.
	faces := make([]int, len(rs))
	ss.seg.Init(rs)
	it := ss.seg.GraphemeIterator()
	prev := -1
	for it.Next() {
		g := it.Grapheme()
		f := ss.fonts.resolve(g.Text, hint, prev)
		for j := g.Offset; j < g.Offset+len(g.Text); j++ {
			faces[j] = f
		}
		prev = f
	}
	// Break opportunities (UAX #14).
	brk := make([]bool, len(rs)+1)
	li := ss.seg.LineIterator()
	for li.Next() {
		brk[li.Line().Offset] = true
	}
	brk[0] = false

	// Items: maximal runs of equal level, script and face.
	for a := 0; a < len(rs); {
		b := a + 1
		for b < len(rs) && levels[b] == levels[a] && scripts[b] == scripts[a] && faces[b] == faces[a] {
			b++
		}
		p.clusters = append(p.clusters, ss.shapeItem(rs, a, b, levels[a], scripts[a], faces[a])...)
		a = b
	}
	for i := range p.clusters {
		c := &p.clusters[i]
		c.breakBefore = brk[c.start]
		c.text = rs[c.start:c.end:c.end]
		c.space, c.trailing = true, true
		for _, r := range rs[c.start:c.end] {
			c.space = c.space && unicode.IsSpace(r)
			c.trailing = c.trailing && bidi.ResetAtLineEnd(r)
		}
	}
	return p
}

// shapeItem shapes rs[a:b] (one level, script and face) with the whole
// paragraph as context and returns its clusters in logical order.
func (ss *session) shapeItem(rs []rune, a, b int, lvl bidi.Level, sc language.Script, fi int) []cluster {
	dir := di.DirectionLTR
	if lvl.RTL() {
		dir = di.DirectionRTL
	}
	face := ss.fonts.face(max(fi, 0))
	out := ss.shaper.Shape(shaping.Input{
		Text: rs, RunStart: a, RunEnd: b, Direction: dir, Face: face,
		Size: fixed.I(refPPEM), Script: sc, Language: language.DefaultLanguage(),
	})
	const unit = 1.0 / 64 / refPPEM
	// Group the glyphs by HarfBuzz cluster (visual order), then list the
	// clusters in logical order.
	var cs []cluster
	for i := 0; i < len(out.Glyphs); {
		ci := out.Glyphs[i].TextIndex()
		c := cluster{start: ci, level: lvl}
		pen := 0.0
		j := i
		for ; j < len(out.Glyphs) && out.Glyphs[j].TextIndex() == ci; j++ {
			g := out.Glyphs[j]
			sg := sglyph{face: fi, id: g.GlyphID, x: pen + float64(g.XOffset)*unit, y: -float64(g.YOffset) * unit}
			adv := float64(g.Advance) * unit
			if fi < 0 || g.GlyphID == 0 {
				sg.face = -1 // .notdef: our own visible box
				adv = replacementAdv
			}
			c.glyphs = append(c.glyphs, sg)
			pen += adv
		}
		c.adv = pen
		cs = append(cs, c)
		i = j
	}
	// RTL output is in visual order: clusters come out reversed. Sort
	// (stable, so LTR order stays) and merge any cluster split in two.
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].start < cs[j].start })
	merged := cs[:0]
	for _, c := range cs {
		if n := len(merged); n > 0 && merged[n-1].start == c.start {
			m := &merged[n-1]
			for _, g := range c.glyphs {
				g.x += m.adv
				m.glyphs = append(m.glyphs, g)
			}
			m.adv += c.adv
			continue
		}
		merged = append(merged, c)
	}
	cs = merged
	for i := range cs {
		if i+1 < len(cs) {
			cs[i].end = cs[i+1].start
		} else {
			cs[i].end = b
		}
	}
	return cs
}
