package text

import "math"

// lineWords cuts line l into its words (see Line.Words) from the clusters'
// x extents (ink and pen box, sprite coordinates; boxes is indexed like
// l.cs). A word starts at each UAX #14 break opportunity; the clusters
// of a word that are neighbours in visual order form one span. Between
// two spans the cut falls in the middle of the gap between their inked
// clusters' extents, or at the pen boundary where those overlap, so no
// cluster is ever split between two words.
func lineWords(l wrapped, boxes []rectF, w int) []Word {
	if len(l.cs) == 0 {
		return nil
	}
	wordOf := make([]int, len(l.cs))
	var out []Word
	for ci, c := range l.cs {
		if ci == 0 || c.breakBefore {
			out = append(out, Word{})
		}
		wordOf[ci] = len(out) - 1
		out[len(out)-1].Text += string(c.text)
	}
	// Visual runs of one word: [word, pen x0, pen x1, ink x0, ink x1].
	type run struct {
		word       int
		pen0, pen1 float64
		ink0, ink1 float64
		inked      bool
		cut0, cut1 int
	}
	var runs []run
	for _, ci := range visualOrder(l) {
		b := boxes[ci]
		if n := len(runs); n == 0 || runs[n-1].word != wordOf[ci] {
			runs = append(runs, run{word: wordOf[ci], pen0: math.Inf(1), pen1: math.Inf(-1), ink0: math.Inf(1), ink1: math.Inf(-1)})
		}
		r := &runs[len(runs)-1]
		r.pen0, r.pen1 = math.Min(r.pen0, b.x0), math.Max(r.pen1, b.x1)
		if !l.cs[ci].space {
			r.ink0, r.ink1, r.inked = math.Min(r.ink0, b.x0), math.Max(r.ink1, b.x1), true
		}
	}
	for i := range runs {
		if !runs[i].inked { // spaces only: a zero-width mark in the middle
			m := (runs[i].pen0 + runs[i].pen1) / 2
			runs[i].ink0, runs[i].ink1 = m, m
		}
	}
	prev := 0
	for i := range runs {
		runs[i].cut0 = prev
		if i == len(runs)-1 {
			runs[i].cut1 = max(w, prev)
			break
		}
		a, b := runs[i], runs[i+1]
		cut := (a.ink1 + b.ink0) / 2
		if b.ink0 < a.ink1 { // inks overlap (kerning, overhangs): the pen boundary
			cut = (a.pen1 + b.pen0) / 2
		}
		c := min(max(int(math.Round(cut)), prev), w)
		runs[i].cut1 = c
		prev = c
	}
	for _, r := range runs {
		if r.cut1 > r.cut0 {
			out[r.word].Spans = append(out[r.word].Spans, ColSpan{r.cut0, r.cut1})
		}
	}
	return out
}
