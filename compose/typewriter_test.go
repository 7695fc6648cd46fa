package compose

import (
	"math"
	"testing"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// drawElemAt draws text element e at slide time t over a frame of mid
// grey just large enough for its sprite, and returns the frame.
func drawElemAt(e *textElem, t float64) *planes {
	p := newPlanes(e.spr.x+e.spr.w, e.spr.y+e.spr.h)
	p.fill(yuv{128, 128, 128})
	r := &Renderer{w: p.w, h: p.h}
	var sc scratch
	r.drawText(p, e, t, 1, &sc)
	return p
}

// shownColumns reports, for sprite row y of e, whether each sprite column
// of frame got matches the whole text (full) and differs from nothing drawn
// (blank): 1 shown, 0 hidden, -1 no ink there (either).
func shownColumns(e *textElem, got, full, blank *planes, y int) []int {
	out := make([]int, e.spr.w)
	fy := e.spr.y + y
	for x := range out {
		i := fy*got.ys + e.spr.x + x
		switch {
		case full.y[i] == blank.y[i]:
			out[x] = -1
		case got.y[i] == full.y[i]:
			out[x] = 1
		case got.y[i] == blank.y[i]:
			out[x] = 0
		default:
			out[x] = 2 // partly drawn
		}
	}
	return out
}

// TestTypewriterClustersAndHold: the typewriter shows whole clusters from
// the reading direction's start (right for Hebrew, left for Latin), and is
// sped up so the complete text is readable for 1.5 s before the slide's
// outgoing transition (or shown at once when there is no time).
func TestTypewriterClustersAndHold(t *testing.T) {
	t.Parallel()
	st, _ := styles.Builtin().Lookup("retro")
	for _, tc := range []struct {
		caption string
		rtl     bool
	}{{"Hello there", false}, {"שלום עולם", true}} {
		p, err := text.Caption(st, 640, 360, tc.caption, nil)
		if err != nil {
			t.Fatal(err)
		}
		var d slideData
		d.addText(p, styles.AnimTypewriter, 0.6, 1.2, textDeadline(PhotoSlide, styles.AnimTypewriter, 3.0), nil)
		e := &d.texts[0]
		if math.Abs(e.dur-0.9) > 1e-9 {
			t.Errorf("%q: typewriter lasts %v s, want 0.9 (3.0 - 1.5 hold - 0.6 start)", tc.caption, e.dur)
		}
		steps := p.Lines[0].Steps
		n := len(steps)
		px := p.At.X - e.spr.x
		row := p.Lines[0].Baseline - 2 + p.At.Y - e.spr.y
		full, blank := drawElemAt(e, 10), drawElemAt(e, 0)
		for k := 1; k < n; k++ {
			tm := e.start + e.dur*(float64(k)+0.5)/float64(n) // k clusters typed
			cols := shownColumns(e, drawElemAt(e, tm), full, blank, row)
			cut := steps[k-1] + px
			for x, c := range cols {
				want := x < cut
				if tc.rtl {
					want = x >= cut
				}
				if c >= 0 && (c == 1) != want {
					t.Errorf("%q: after %d clusters column %d shown=%d, want %v (cut %d)", tc.caption, k, x, c, want, cut)
					break
				}
			}
		}
		var late slideData
		late.addText(p, styles.AnimTypewriter, 0.6, 1.2, textDeadline(PhotoSlide, styles.AnimTypewriter, 1.8), nil)
		if late.texts[0].dur != 0 {
			t.Errorf("%q: no time to type, yet it lasts %v s", tc.caption, late.texts[0].dur)
		}
	}
}
