package compose

import (
	"math"
	"testing"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// TestWordsAppearInTimeAndOrder: with the words animation each word's
// pixels are absent before its time and present (whole, every cluster of
// it) once it has popped in, in reading order in every script: Latin over
// two lines, Devanagari conjuncts, joined Arabic, Hebrew, and a Latin
// line with an Arabic phrase whose words read right to left.
func TestWordsAppearInTimeAndOrder(t *testing.T) {
	t.Parallel()
	st := styleWith(t, "bold", func(s *styles.Style) {
		s.Caption.Animation = styles.AnimWords
		s.Caption.Text.Uppercase = false
		s.Caption.Text.Box = styles.Box{}
		s.Caption.Text.Colour = styles.Color{R: 255, G: 255, B: 255, A: 255}
	})
	for _, caption := range []string{
		"Morning light on the water, and then the long road home",
		"नमस्ते क्षत्रिय दुनिया",
		"مرحبا بالعالم الجميل",
		"שלום עולם יפה",
		"hello مرحبا بالعالم world",
	} {
		p, err := text.Caption(st, 720, 1280, caption, nil)
		if err != nil {
			t.Fatal(err)
		}
		var d slideData
		d.addText(p, styles.AnimWords, 0.4, 0.3, textDeadline(PhotoSlide, styles.AnimWords, 6), nil)
		e := &d.texts[0]
		rv := e.rv
		// the word of each (line, sprite column)
		px := p.At.X - e.spr.x
		var n int
		wordAt := make([][]int, len(p.Lines))
		for li, l := range p.Lines {
			wordAt[li] = make([]int, e.spr.w)
			for x := range wordAt[li] {
				wordAt[li][x] = -1
			}
			for _, w := range l.Words {
				for _, s := range w.Spans {
					for x := s.X0 + px; x < s.X1+px; x++ {
						wordAt[li][x] = n
					}
				}
				n++
			}
		}
		if len(rv.times) != n || n < 3 {
			t.Fatalf("%q: %d word times for %d words", caption, len(rv.times), n)
		}
		full, blank := drawElemAt(e, 100), drawElemAt(e, 0)
		for k := 0; k < n; k++ {
			if k > 0 && !(rv.times[k] > rv.times[k-1]) {
				t.Fatalf("%q: word times not increasing: %v", caption, rv.times)
			}
			got := drawElemAt(e, rv.times[k]+rv.fade+1e-6) // words 0..k shown
			before := drawElemAt(e, rv.times[k]-1e-6)      // words 0..k-1
			for li, l := range p.Lines {
				for y := l.Rect.Min.Y + p.At.Y - e.spr.y; y < l.Rect.Max.Y+p.At.Y-e.spr.y; y++ {
					if y < rv.rows[li] || y >= rv.rows[li+1] {
						continue
					}
					cols := shownColumns(e, got, full, blank, y)
					colsBefore := shownColumns(e, before, full, blank, y)
					for x, c := range cols {
						w := wordAt[li][x]
						if c < 0 || w < 0 || w > k+1 {
							continue
						}
						if want := w <= k; (c == 1) != want {
							t.Fatalf("%q: at word %d's time column %d of line %d (word %d) shown=%d", caption, k, x, li, w, c)
						}
						if want := w < k; (colsBefore[x] == 1) != want {
							t.Fatalf("%q: just before word %d's time column %d of line %d (word %d) shown=%d", caption, k, x, li, w, colsBefore[x])
						}
					}
				}
			}
		}
	}
}

// TestWordTimesOnBeats: words land on the slide's beats, halved or
// quartered to come near the style's pace, finer when the text would
// otherwise end late; without beats they come at the pace, squeezed to
// end in time.
func TestWordTimesOnBeats(t *testing.T) {
	t.Parallel()
	var beats []float64 // 120 BPM from 0.1 s
	for b := 0.1; b < 6; b += 0.5 {
		beats = append(beats, b)
	}
	onGrid := func(x, step float64) bool {
		k := (x - 0.1) / step
		return math.Abs(k-math.Round(k)) < 1e-6
	}
	for _, tc := range []struct {
		n           int
		start, last float64
		pace, step  float64 // want words step apart on the grid of step
	}{
		{4, 0.35, 4, 0.5, 0.5},     // a beat per word
		{4, 0.35, 4, 0.3, 0.25},    // half beats are nearer 0.3 s
		{6, 0.35, 1.6, 0.5, 0.25},  // a beat each would end at 2.85 s: halves
		{5, 0.35, 1.0, 0.5, 0.125}, // quarters
	} {
		got := wordTimes(tc.n, tc.start, tc.last, tc.pace, beats)
		if len(got) != tc.n {
			t.Fatalf("%+v: %d times", tc, len(got))
		}
		if got[0] < tc.start || got[0] >= tc.start+tc.step || got[tc.n-1] > tc.last {
			t.Errorf("%+v: times %v outside [%v, %v] or late start", tc, got, tc.start, tc.last)
		}
		for i, x := range got {
			if !onGrid(x, tc.step) || (i > 0 && math.Abs(x-got[i-1]-tc.step) > 1e-6) {
				t.Errorf("%+v: times %v not every %v s on the beat grid", tc, got, tc.step)
				break
			}
		}
	}
	// too many words for quarter beats: even pace, ending in time
	got := wordTimes(20, 0.35, 1.0, 0.5, beats)
	if got[0] != 0.35 || math.Abs(got[19]-1.0) > 1e-9 {
		t.Errorf("squeezed: %v", got)
	}
	// no beats: the pace
	got = wordTimes(3, 1, 5, 0.3, nil)
	for i, x := range got {
		if math.Abs(x-(1+0.3*float64(i))) > 1e-9 {
			t.Errorf("no beats: %v", got)
		}
	}
	// no time: all at once
	for _, x := range wordTimes(3, 2, 1, 0.3, beats) {
		if x != 2 {
			t.Errorf("no time: %v", wordTimes(3, 2, 1, 0.3, beats))
			break
		}
	}
}
