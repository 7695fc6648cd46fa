package compose

import (
	"math"
	"sort"

	"github.com/reelkit/reel/compose/text"
)

// A revealed text element (typewriter, words) shows its sprite in units:
// clusters or words, each a set of column ranges of one line, appearing
// one after another at their times. Everything is worked out once per
// slide (see addReveal); a frame only picks the units due and draws the
// sprite through a per-row column mask, so nothing is laid out or
// rasterised again.

// revealPiece is the sprite columns [x0, x1) of one line that show unit
// unit (a cluster or a word).
type revealPiece struct{ x0, x1, unit int }

// reveal is how a text element appears unit by unit.
type reveal struct {
	pieces [][]revealPiece // per line, left to right
	rows   []int           // line li owns sprite rows [rows[li], rows[li+1])
	times  []float64       // per unit (ascending): slide time it appears
	fade   float64         // seconds a unit takes to fade in (0: at once)
}

// lineRows splits a sprite of height h between lines ls (in padded
// sprite coordinates, py rows down): each boundary lies between two
// baselines in the proportion of the descent to the ascent, so a line's
// descenders and the next line's accents stay with their own line even
// when the lines' boxes overlap (tight line heights).
func lineRows(ls []text.Line, py, h int) []int {
	rows := make([]int, len(ls)+1)
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		asc := float64(b.Baseline - b.Rect.Min.Y)
		desc := float64(a.Rect.Max.Y - a.Baseline)
		y := float64(a.Baseline)
		if asc+desc > 0 {
			y += float64(b.Baseline-a.Baseline) * desc / (asc + desc)
		}
		rows[i] = min(max(int(math.Round(y))+py, rows[i-1]), h)
	}
	rows[len(ls)] = h
	return rows
}

// typewriterReveal cuts p's lines into clusters (text.Line.Steps), in
// reading order line after line, the last cluster of each line reaching
// the sprite's edge; spr is p's sprite, padded to even bounds.
func typewriterReveal(p text.Placed, spr *sprite) *reveal {
	px, py := p.At.X-spr.x, p.At.Y-spr.y
	rv := &reveal{rows: lineRows(p.Lines, py, spr.h)}
	u := 0
	for _, l := range p.Lines {
		var ps []revealPiece
		prev := 0
		if l.RTL {
			prev = spr.w
		}
		for k, x := range l.Steps {
			x += px
			if k == len(l.Steps)-1 {
				x = 0
				if !l.RTL {
					x = spr.w
				}
			}
			if l.RTL {
				ps = append(ps, revealPiece{x, prev, u})
			} else {
				ps = append(ps, revealPiece{prev, x, u})
			}
			prev = x
			u++
		}
		rv.pieces = append(rv.pieces, sortPieces(ps))
	}
	return rv
}

// wordsReveal cuts p's lines into words (text.Line.Words), in reading
// order line after line; the first and last columns of each line reach
// the sprite's edges.
func wordsReveal(p text.Placed, spr *sprite) *reveal {
	px, py := p.At.X-spr.x, p.At.Y-spr.y
	rv := &reveal{rows: lineRows(p.Lines, py, spr.h)}
	u := 0
	for _, l := range p.Lines {
		var ps []revealPiece
		for _, w := range l.Words {
			for _, s := range w.Spans {
				ps = append(ps, revealPiece{s.X0 + px, s.X1 + px, u})
			}
			u++
		}
		ps = sortPieces(ps)
		if n := len(ps); n > 0 {
			ps[0].x0, ps[n-1].x1 = 0, spr.w
		}
		rv.pieces = append(rv.pieces, ps)
	}
	return rv
}

// sortPieces orders ps left to right, dropping empty ones.
func sortPieces(ps []revealPiece) []revealPiece {
	out := ps[:0]
	for _, p := range ps {
		if p.x1 > p.x0 {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].x0 < out[j].x0 })
	return out
}

// revealScratch is a worker's buffers for drawing revealed text.
type revealScratch struct {
	rows   [][2]int // per sprite row: the column mask of one pass
	ivs    [][2]int // visible column ranges, line after line
	starts []int    // where each line's ranges start in ivs
}

// draw composites spr at slide time t with opacity op (0..256): the units
// due by t, the last ones still fading in; nothing before the first.
func (rv *reveal) draw(p *planes, spr *sprite, t float64, op float64, sc *scratch) {
	n := sort.Search(len(rv.times), func(i int) bool { return rv.times[i] > t })
	if n == 0 {
		return
	}
	settled := n
	if rv.fade > 0 {
		settled = sort.Search(n, func(i int) bool { return rv.times[i] > t-rv.fade })
	}
	if settled == len(rv.times) {
		spr.draw(p, 0, 0, int32(op), nil)
		return
	}
	rv.drawUnits(p, spr, 0, settled, int32(op), sc)
	for u := settled; u < n; u++ {
		k := ease("", (t-rv.times[u])/rv.fade)
		rv.drawUnits(p, spr, u, u+1, int32(op*k), sc)
	}
}

// drawUnits draws the columns of units [lo, hi) of spr at opacity op: the
// units' pieces merged into ranges per line, one masked pass per range.
func (rv *reveal) drawUnits(p *planes, spr *sprite, lo, hi int, op int32, sc *scratch) {
	if hi <= lo || op <= 0 {
		return
	}
	ivs, starts := sc.reveal.ivs[:0], sc.reveal.starts[:0]
	most := 0
	for _, ps := range rv.pieces {
		first := len(ivs)
		starts = append(starts, first)
		for _, pc := range ps {
			if pc.unit < lo || pc.unit >= hi {
				continue
			}
			if n := len(ivs); n > first && ivs[n-1][1] == pc.x0 {
				ivs[n-1][1] = pc.x1
				continue
			}
			ivs = append(ivs, [2]int{pc.x0, pc.x1})
		}
		most = max(most, len(ivs)-first)
	}
	starts = append(starts, len(ivs))
	sc.reveal.ivs, sc.reveal.starts = ivs, starts
	h := spr.h
	if cap(sc.reveal.rows) < h {
		sc.reveal.rows = make([][2]int, h)
	}
	lim := sc.reveal.rows[:h]
	for j := 0; j < most; j++ {
		for li := range rv.pieces {
			iv := [2]int{}
			if i := starts[li] + j; i < starts[li+1] {
				iv = ivs[i]
			}
			for y := rv.rows[li]; y < rv.rows[li+1]; y++ {
				lim[y] = iv
			}
		}
		spr.draw(p, 0, 0, op, lim)
	}
}
