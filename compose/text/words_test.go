package text

import (
	"sort"
	"strings"
	"testing"

	"github.com/reelkit/reel/styles"
)

// TestLineWordsTileAndHoldClusters: a line's words are its UAX #14
// segments in logical order; their spans tile the sprite's columns
// without overlap; every cluster (a Devanagari conjunct, an Arabic letter
// joined to its neighbours) lies inside its own word's spans, so showing
// whole words never shows part of a cluster; the cut between two words
// separated by a space crosses no ink.
func TestLineWordsTileAndHoldClusters(t *testing.T) {
	t.Parallel()
	st := styles.TextStyle{Font: styles.FontDejaVuSans, Size: 0.1, Colour: styles.Color{A: 255}}
	for _, tc := range []struct {
		text  string
		words []string
	}{
		{"hello world", []string{"hello ", "world"}},
		{"नमस्ते क्षत्रिय दुनिया", []string{"नमस्ते ", "क्षत्रिय ", "दुनिया"}},
		{"مرحبا بالعالم", []string{"مرحبا ", "بالعالم"}},
		{"שלום עולם יפה", []string{"שלום ", "עולם ", "יפה"}},
		{"hello مرحبا بالعالم world", []string{"hello ", "مرحبا ", "بالعالم ", "world"}},
	} {
		b, err := Render(Spec{Text: tc.text, Style: st, Scale: 300, MaxWidth: 4000, MaxHeight: 400}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Lines) != 1 {
			t.Fatalf("%q: %d lines", tc.text, len(b.Lines))
		}
		l := b.Lines[0]
		var got []string
		var all []ColSpan
		for _, w := range l.Words {
			got = append(got, w.Text)
			all = append(all, w.Spans...)
		}
		if len(got) != len(tc.words) {
			t.Fatalf("%q: words %q, want %q", tc.text, got, tc.words)
		}
		for i := range got {
			if got[i] != tc.words[i] {
				t.Errorf("%q: word %d is %q, want %q", tc.text, i, got[i], tc.words[i])
			}
		}
		sort.Slice(all, func(i, j int) bool { return all[i].X0 < all[j].X0 })
		x := 0
		for _, s := range all {
			if s.X0 != x || s.X1 <= s.X0 {
				t.Errorf("%q: spans %v do not tile [0, %d)", tc.text, all, b.Width)
				break
			}
			x = s.X1
		}
		if x != b.Width {
			t.Errorf("%q: spans end at %d, sprite is %d wide", tc.text, x, b.Width)
		}
		// every inked cluster's pen box inside its word's spans
		wordAt := func(r int) int { // word holding rune r of the line
			n := 0
			for i, w := range l.Words {
				n += len([]rune(w.Text))
				if r < n {
					return i
				}
			}
			return -1
		}
		lr := []rune(l.Text)
		for _, c := range b.spans[0] {
			if strings.TrimSpace(string(lr[c.start:c.end])) == "" {
				continue // a space has no ink; the cut may fall inside it
			}
			wi := wordAt(c.start)
			if wi < 0 {
				t.Fatalf("%q: cluster at rune %d in no word", tc.text, c.start)
			}
			if wordAt(c.end-1) != wi {
				t.Errorf("%q: cluster [%d, %d) split between words", tc.text, c.start, c.end)
			}
			in := false
			for _, s := range l.Words[wi].Spans {
				if float64(s.X0)-1 <= c.x0 && c.x1 <= float64(s.X1)+1 {
					in = true
				}
			}
			if !in {
				t.Errorf("%q: cluster [%d, %d) at x %.1f..%.1f outside its word %q's spans %v",
					tc.text, c.start, c.end, c.x0, c.x1, l.Words[wi].Text, l.Words[wi].Spans)
			}
		}
		// cuts between words fall on empty columns
		for _, s := range all[1:] {
			for y := 0; y < b.Height; y++ {
				if b.Image.Pix[b.Image.PixOffset(s.X0, y)+3] != 0 {
					t.Errorf("%q: the cut at column %d crosses ink at row %d", tc.text, s.X0, y)
					break
				}
			}
		}
	}
}

// TestLineWordsReadingOrder: words come in reading order, so in a
// right-to-left line the first word is the rightmost, and a run of the
// other direction inside a line reads in its own direction: the Arabic
// words inside a Latin line appear right to left, the Latin words inside
// a Hebrew line left to right.
func TestLineWordsReadingOrder(t *testing.T) {
	t.Parallel()
	st := styles.TextStyle{Font: styles.FontDejaVuSans, Size: 0.1, Colour: styles.Color{A: 255}}
	for _, tc := range []struct {
		text  string
		order []int // word indices left to right
	}{
		{"one two three", []int{0, 1, 2}},
		{"שלום עולם יפה", []int{2, 1, 0}},
		{"hello مرحبا بالعالم world", []int{0, 2, 1, 3}},
		{"שלום hello world", []int{1, 2, 0}},
	} {
		b, err := Render(Spec{Text: tc.text, Style: st, Scale: 300, MaxWidth: 4000, MaxHeight: 400}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ws := b.Lines[0].Words
		if len(ws) != len(tc.order) {
			t.Fatalf("%q: %d words, want %d", tc.text, len(ws), len(tc.order))
		}
		for i := 1; i < len(tc.order); i++ {
			a, c := ws[tc.order[i-1]], ws[tc.order[i]]
			if len(a.Spans) == 0 || len(c.Spans) == 0 || a.Spans[0].X0 >= c.Spans[0].X0 {
				t.Errorf("%q: word %q (%v) should be left of %q (%v)", tc.text, a.Text, a.Spans, c.Text, c.Spans)
			}
		}
	}
}
