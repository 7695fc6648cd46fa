package bidi

import (
	xbidi "golang.org/x/text/unicode/bidi"
)

// Level is a resolved embedding level: even levels run left to right, odd
// levels right to left.
type Level uint8

// RTL reports whether text at level l runs right to left.
func (l Level) RTL() bool { return l%2 == 1 }

// Direction is a paragraph's base direction.
type Direction uint8

const (
	// Auto takes the direction of the paragraph's first strong character
	// (rules P2 and P3), left to right when it has none.
	Auto Direction = iota
	// LeftToRight is base level 0.
	LeftToRight
	// RightToLeft is base level 1.
	RightToLeft
)

// maxDepth is the deepest explicit embedding level (BD2).
const maxDepth = 125

// Paragraph resolves the embedding level of every rune of one paragraph
// (text holds no paragraph separator but possibly at its end) and returns
// the levels and the paragraph's base level. Characters removed by rule X9
// (embedding and override controls, boundary neutrals) get the level of
// the character before them, or the base level at the start.
func Paragraph(text []rune, dir Direction) (levels []Level, base Level) {
	cls := make([]xbidi.Class, len(text))
	br := make([]bracket, len(text))
	for i, r := range text {
		p, _ := xbidi.LookupRune(r)
		cls[i] = p.Class()
		if p.IsBracket() {
			br[i] = bracketOf(r, p.IsOpeningBracket())
		}
	}
	return resolve(cls, br, dir)
}

// resolve runs the algorithm over bidi classes; br (nil: no brackets)
// gives each character's bracket identity for rule N0.
func resolve(cls []xbidi.Class, br []bracket, dir Direction) ([]Level, Level) {
	p := &para{cls: cls, br: br}
	p.types = append([]xbidi.Class(nil), cls...)
	p.levels = make([]Level, len(cls))
	p.matchIsolates()
	switch dir {
	case LeftToRight:
		p.base = 0
	case RightToLeft:
		p.base = 1
	default:
		p.base = p.firstStrong(0, len(cls), 0)
	}
	p.explicit()
	for _, seq := range p.sequences() {
		seq.resolveWeak()
		seq.resolveBrackets()
		seq.resolveNeutral()
		seq.resolveImplicit()
	}
	p.fillRemoved()
	return p.levels, p.base
}

// para is one paragraph in resolution.
type para struct {
	cls       []xbidi.Class // original classes
	types     []xbidi.Class // current types
	br        []bracket
	levels    []Level
	base      Level
	matchPDI  []int // per isolate initiator: its matching PDI, or len(cls)
	matchInit []int // per PDI: its matching isolate initiator, or -1
}

// removed reports characters rule X9 takes out of the later rules.
func removed(c xbidi.Class) bool {
	switch c {
	case xbidi.RLE, xbidi.LRE, xbidi.RLO, xbidi.LRO, xbidi.PDF, xbidi.BN:
		return true
	}
	return false
}

func isolateInitiator(c xbidi.Class) bool {
	return c == xbidi.LRI || c == xbidi.RLI || c == xbidi.FSI
}

// dirOf is the strong direction of a level: L for even, R for odd.
func dirOf(l Level) xbidi.Class {
	if l.RTL() {
		return xbidi.R
	}
	return xbidi.L
}

// matchIsolates pairs isolate initiators with their PDIs (BD9).
func (p *para) matchIsolates() {
	n := len(p.cls)
	p.matchPDI = make([]int, n)
	p.matchInit = make([]int, n)
	var open []int
	for i, c := range p.cls {
		p.matchPDI[i], p.matchInit[i] = -1, -1
		switch {
		case isolateInitiator(c):
			p.matchPDI[i] = n
			open = append(open, i)
		case c == xbidi.PDI && len(open) > 0:
			j := open[len(open)-1]
			open = open[:len(open)-1]
			p.matchPDI[j], p.matchInit[i] = i, j
		case c == xbidi.B:
			open = open[:0]
		}
	}
}

// firstStrong applies rules P2 and P3 to cls[start:end]: level 1 when the
// first strong character outside isolates is R or AL, 0 when it is L, def
// when there is none.
func (p *para) firstStrong(start, end int, def Level) Level {
	for i := start; i < end; i++ {
		switch c := p.cls[i]; {
		case c == xbidi.L:
			return 0
		case c == xbidi.R || c == xbidi.AL:
			return 1
		case isolateInitiator(c):
			i = p.matchPDI[i] // skip to the matching PDI (or the end)
		case c == xbidi.B:
			return def
		}
	}
	return def
}

// fillRemoved gives the characters removed by X9 the level before them.
func (p *para) fillRemoved() {
	for i, c := range p.cls {
		if removed(c) {
			if i == 0 {
				p.levels[i] = p.base
			} else {
				p.levels[i] = p.levels[i-1]
			}
		}
	}
}
