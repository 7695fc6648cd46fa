package compose

import (
	"math"
	"testing"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// TestTypewriterClustersAndHold: the typewriter shows whole clusters from
// the reading direction's start (right for Hebrew, left for Latin), and is
// sped up so the complete text is readable for 1.5 s before the slide's
// outgoing transition (or shown at once when there is no time).
func TestTypewriterClustersAndHold(t *testing.T) {
	t.Parallel()
	reg, err := styles.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	st, _ := reg.Lookup("retro")
	for _, tc := range []struct {
		caption string
		rtl     bool
	}{{"Hello there", false}, {"שלום עולם", true}} {
		p, err := text.Caption(st, 640, 360, tc.caption, nil)
		if err != nil {
			t.Fatal(err)
		}
		var d slideData
		d.addText(p, styles.AnimTypewriter, 0.6, 1.2, 3.0)
		e := &d.texts[0]
		if math.Abs(e.dur-0.9) > 1e-9 {
			t.Errorf("%q: typewriter lasts %v s, want 0.9 (3.0 - 1.5 hold - 0.6 start)", tc.caption, e.dur)
		}
		n := len(e.steps[0])
		var sc scratch
		r := &Renderer{}
		row := e.lines[0].Min.Y + e.lines[0].Dy()/2
		prev := -1
		for k := 1; k <= n; k++ {
			q := (float64(k) + 0.5) / float64(n) // k clusters typed
			span := r.reveal(e, q, &sc)[row]
			width := span[1] - span[0]
			if width <= prev {
				t.Errorf("%q: %d clusters show %d columns, no more than %d", tc.caption, k, width, prev)
			}
			prev = width
			if k < n {
				if tc.rtl && (span[1] != e.spr.w || span[0] != e.steps[0][k-1]) {
					t.Errorf("%q: RTL reveal %v after %d clusters, want [%d, %d)", tc.caption, span, k, e.steps[0][k-1], e.spr.w)
				}
				if !tc.rtl && (span[0] != 0 || span[1] != e.steps[0][k-1]) {
					t.Errorf("%q: LTR reveal %v after %d clusters, want [0, %d)", tc.caption, span, k, e.steps[0][k-1])
				}
			}
		}
		var late slideData
		late.addText(p, styles.AnimTypewriter, 0.6, 1.2, 1.8)
		if late.texts[0].dur != 0 {
			t.Errorf("%q: no time to type, yet it lasts %v s", tc.caption, late.texts[0].dur)
		}
	}
}
