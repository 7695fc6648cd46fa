package text

import (
	"testing"

	"github.com/reelkit/reel/styles"
)

// TestLineSteps: a line has one typewriter step per cluster (a conjunct
// or a ZWJ emoji is one), in reading order (increasing x for LTR,
// decreasing for RTL), ending with the whole sprite; in Latin text every
// cut between words falls in an empty column, so no letter is cut.
func TestLineSteps(t *testing.T) {
	t.Parallel()
	st := styles.TextStyle{Font: styles.FontDejaVuSans, Size: 0.1, Colour: styles.Color{A: 255}}
	tests := []struct {
		text     string
		clusters int
		rtl      bool
	}{
		{"ab cd", 5, false},
		{"नमस्ते", 4, false}, // न म स् ते, as hb-shape clusters it
		{"क्षि", 1, false},
		{"שלום עולם", 9, true},
		{"مرحبا", 5, true},
	}
	for _, tc := range tests {
		b, err := Render(Spec{Text: tc.text, Style: st, Scale: 400, MaxWidth: 2000, MaxHeight: 400}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Lines) != 1 {
			t.Fatalf("%q: %d lines", tc.text, len(b.Lines))
		}
		l := b.Lines[0]
		if l.RTL != tc.rtl || len(l.Steps) != tc.clusters {
			t.Errorf("%q: rtl %v, %d steps %v; want %v, %d", tc.text, l.RTL, len(l.Steps), l.Steps, tc.rtl, tc.clusters)
			continue
		}
		last := l.Steps[len(l.Steps)-1]
		if (!tc.rtl && last != b.Width) || (tc.rtl && last != 0) {
			t.Errorf("%q: last step %d (width %d)", tc.text, last, b.Width)
		}
		for i := 1; i < len(l.Steps); i++ {
			if (!tc.rtl && l.Steps[i] < l.Steps[i-1]) || (tc.rtl && l.Steps[i] > l.Steps[i-1]) {
				t.Errorf("%q: steps not in reading order: %v", tc.text, l.Steps)
			}
		}
	}
	// Latin: cuts between letters that do not touch fall on empty columns.
	b, err := Render(Spec{Text: "il il", Style: st, Scale: 400, MaxWidth: 2000, MaxHeight: 400}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range b.Lines[0].Steps[:4] {
		for y := 0; y < b.Height; y++ {
			if b.Image.Pix[b.Image.PixOffset(x, y)+3] != 0 {
				t.Fatalf("cut at column %d crosses ink at row %d (steps %v)", x, y, b.Lines[0].Steps)
			}
		}
	}
}
