package engine

import (
	"context"
	"image"
	"math"
	"testing"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/styles"
)

// cardFrames renders frames of a plan's slides at 360p through compose,
// as Render does, returning each frame's luma (BT.601 weights suffice to
// tell text from background).
type cardFrames struct {
	pl     *Plan
	slides []*compose.Slide
	rd     *compose.Renderer
	img    *image.RGBA
}

func newCardFrames(t *testing.T, p *Project) *cardFrames {
	t.Helper()
	o := Options{Styles: styles.Builtin()}
	pl, err := Validate(context.Background(), p, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	w, h := Quality360.Size()
	return &cardFrames{pl: pl, slides: composeSlides(pl), rd: compose.NewRenderer(pl.Style, w, h, composeOptions(o, nil, &glyphWarnings{})),
		img: image.NewRGBA(image.Rect(0, 0, w, h))}
}

func (c *cardFrames) luma(t *testing.T, f int) []float64 {
	t.Helper()
	if err := c.rd.RenderRGBA(c.img, composeScene(c.pl.Scene(f), c.slides)); err != nil {
		t.Fatal(err)
	}
	y := make([]float64, len(c.img.Pix)/4)
	for i := range y {
		p := c.img.Pix[4*i:]
		y[i] = 0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])
	}
	return y
}

// textMask is the set of pixels where ref shows text over bg (a luma
// difference over 30) and, when other is not nil, other does not (under 8).
func textMask(ref, bg, other []float64) []int {
	var m []int
	for i := range ref {
		if math.Abs(ref[i]-bg[i]) > 30 && (other == nil || math.Abs(other[i]-bg[i]) < 8) {
			m = append(m, i)
		}
	}
	return m
}

// strength is how much of ref's text (over bg) frame y shows on mask:
// 1 = all of it, 0 = none.
func strength(y, ref, bg []float64, mask []int) float64 {
	var s float64
	for _, i := range mask {
		s += (y[i] - bg[i]) / (ref[i] - bg[i])
	}
	return s / float64(len(mask))
}

// TestTitleHoldAndCardDissolve renders, in every built-in style, a title
// card followed by two text slides and checks on the frames that (1) the
// title is at full strength (its text within 2 % of its settled frame) for
// at least 2 s, and (2) through both card-to-card transitions the outgoing
// and incoming texts together keep full strength (their strengths, on the
// pixels only one of them covers, sum to at least 0.9 on every frame: a
// dissolve, with no empty background between them).
func TestTitleHoldAndCardDissolve(t *testing.T) {
	t.Parallel()
	for _, st := range styles.Builtin().List() {
		t.Run(st.MachineName, func(t *testing.T) {
			c := newCardFrames(t, &Project{Name: "Hold the Title", Style: st.MachineName, Quality: Quality360,
				Assets: []Asset{
					{Kind: KindText, Data: AssetData{Title: "Day one", Text: "Into the hills"}},
					{Kind: KindText, Data: AssetData{Title: "Day two", Text: "Down to the sea, at last"}},
					{Kind: KindMusic, AssetID: "music/demo.mp3"},
				}})
			pl := c.pl
			fps := pl.FrameRate.Float()
			bg := c.luma(t, 0) // the title's text enters at 0.3 s
			w0 := pl.Transitions[0]
			title := c.luma(t, w0.StartFrame-1)
			mask := textMask(title, bg, nil)
			if len(mask) < 200 {
				t.Fatalf("title text covers %d pixels: nothing to measure", len(mask))
			}
			full := 0
			for f := 0; f < w0.StartFrame; f++ {
				if s := strength(c.luma(t, f), title, bg, mask); math.Abs(s-1) <= 0.02 {
					full++
				}
			}
			hold := float64(full) / fps
			t.Logf("title at full strength for %.2f s (card %.2f s, window %.2f s)", hold, pl.Seconds(pl.Slides[0].Frames), pl.Seconds(w0.Len()))
			if hold < 2 {
				t.Errorf("title at full strength for %.2f s, want >= 2 s", hold)
			}
			for k, w := range pl.Transitions {
				a, b := c.luma(t, w.StartFrame-1), c.luma(t, w.EndFrame)
				ma, mb := textMask(a, bg, b), textMask(b, bg, a)
				if len(ma) < 100 || len(mb) < 100 {
					t.Fatalf("transition %d: %d and %d pixels of text only one card covers", k, len(ma), len(mb))
				}
				worst := 2.0
				for f := w.StartFrame; f < w.EndFrame; f++ {
					y := c.luma(t, f)
					sum := strength(y, a, bg, ma) + strength(y, b, bg, mb)
					worst = min(worst, sum)
					if sum < 0.9 {
						t.Errorf("transition %d, frame %d (mix %.2f): text strengths sum to %.2f, want >= 0.9",
							k, f, pl.Scene(f).Mix, sum)
					}
				}
				t.Logf("transition %d (%s -> %s, %d frames): outgoing + incoming text >= %.2f", k, pl.Slides[k].Kind, pl.Slides[k+1].Kind, w.Len(), worst)
			}
		})
	}
}
