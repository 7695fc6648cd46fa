package bidi

import xbidi "golang.org/x/text/unicode/bidi"

// Line applies rule L1 to one line of a paragraph: text and levels are the
// line's runes and their paragraph levels, base the paragraph's level.
// Segment and paragraph separators, and whitespace and isolate controls
// (with any removed controls among them) before those or at the end of
// the line, return to the base level. It returns new levels.
func Line(text []rune, levels []Level, base Level) []Level {
	cls := make([]xbidi.Class, len(text))
	for i, r := range text {
		p, _ := xbidi.LookupRune(r)
		cls[i] = p.Class()
	}
	return line(cls, levels, base)
}

// ResetAtLineEnd reports whether rule L1 returns r to the paragraph level
// when only such characters follow it on its line: whitespace, isolate
// controls and the controls rule X9 removes.
func ResetAtLineEnd(r rune) bool {
	p, _ := xbidi.LookupRune(r)
	return trailingClass(p.Class())
}

func trailingClass(c xbidi.Class) bool {
	return c == xbidi.WS || isolateInitiator(c) || c == xbidi.PDI || removed(c)
}

// line is Line over bidi classes.
func line(cls []xbidi.Class, levels []Level, base Level) []Level {
	out := append([]Level(nil), levels...)
	trailing := true // in a run that reaches a separator or the line's end
	for i := len(cls) - 1; i >= 0; i-- {
		switch c := cls[i]; {
		case c == xbidi.S || c == xbidi.B:
			out[i] = base
			trailing = true
		case trailingClass(c):
			if trailing {
				out[i] = base
			}
		default:
			trailing = false
		}
	}
	return out
}

// Reorder applies rule L2 to a line's levels and returns the logical
// indices in visual order, left to right: from the highest level down to
// the lowest odd one, every maximal sequence at that level or above is
// reversed.
func Reorder(levels []Level) []int {
	idx := make([]int, len(levels))
	hi, lo := Level(0), Level(maxDepth+2)
	for i, l := range levels {
		idx[i] = i
		hi = max(hi, l)
		if l.RTL() {
			lo = min(lo, l)
		}
	}
	for lvl := hi; lvl >= lo && lvl > 0; lvl-- {
		for i := 0; i < len(idx); {
			if levels[idx[i]] < lvl {
				i++
				continue
			}
			j := i
			for j < len(idx) && levels[idx[j]] >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				idx[a], idx[b] = idx[b], idx[a]
			}
			i = j
		}
	}
	return idx
}
