package text

import "github.com/reelkit/reel/compose/text/internal/bidi"

// visualOrder returns the indices of l's clusters in visual order, left to
// right: rule L1 returns trailing whitespace and isolate controls to the
// paragraph's level, then rule L2 reverses runs from the highest level
// down. Glyphs inside a cluster are already in visual order.
func visualOrder(l wrapped) []int {
	lv := make([]bidi.Level, len(l.cs))
	trailing := true
	for i := len(l.cs) - 1; i >= 0; i-- {
		c := l.cs[i]
		lv[i] = c.level
		if trailing && c.trailing {
			lv[i] = l.base()
			continue
		}
		trailing = false
	}
	return bidi.Reorder(lv)
}

// base is the line's paragraph level.
func (l wrapped) base() bidi.Level {
	if l.rtl {
		return 1
	}
	return 0
}
