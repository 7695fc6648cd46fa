package text

import "github.com/go-text/typesetting/bidi"

// visualOrder returns the indices of cs in visual order (left to right) by
// rule L2 of the Unicode bidi algorithm: from the highest level down to the
// lowest odd one, every maximal sequence at that level or above is
// reversed. Glyphs inside a cluster are already in visual order.
func visualOrder(cs []cluster) []int {
	lv := make([]bidi.Level, len(cs))
	for i, c := range cs {
		lv[i] = c.level
	}
	return reorder(lv)
}

// reorder applies rule L2 to levels and returns the logical indices in
// visual order.
func reorder(levels []bidi.Level) []int {
	idx := make([]int, len(levels))
	hi, lo := bidi.Level(0), bidi.Level(127)
	for i, l := range levels {
		idx[i] = i
		hi = max(hi, l)
		if l%2 == 1 {
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
