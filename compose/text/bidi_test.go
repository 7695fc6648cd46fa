package text

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/go-text/typesetting/bidi"
)

// TestBidiCharacterTest checks levels and logical-to-visual order (rule
// L2, as Layout applies it to clusters) against a subset of the Unicode
// BidiCharacterTest.txt kept in testdata.
func TestBidiCharacterTest(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/bidi/BidiCharacterTest-subset.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fs := strings.Split(line, ";")
		if len(fs) != 5 {
			t.Fatalf("line %d: %d fields", ln, len(fs))
		}
		var rs []rune
		for _, h := range strings.Fields(fs[0]) {
			v, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, rune(v))
		}
		dir := map[string]bidi.Direction{"0": bidi.LeftToRight, "1": bidi.RightToLeft, "2": bidi.Neutral}[fs[1]]
		var p bidi.Paragraph
		runs := p.Segment(rs, dir)
		levels := make([]bidi.Level, len(rs))
		for i := 0; i < runs.NumRuns(); i++ {
			r := runs.Run(i)
			for j := r.Start; j < r.End; j++ {
				levels[j] = r.Level
			}
		}
		paraLevel, _ := strconv.Atoi(fs[2])
		// Rule L1: trailing whitespace takes the paragraph level.
		for i := len(rs) - 1; i >= 0 && (rs[i] == ' ' || rs[i] == '\t'); i-- {
			levels[i] = bidi.Level(paraLevel)
		}
		want := strings.Fields(fs[3])
		keep := map[int]bool{}
		for i, w := range want {
			if w == "x" {
				continue
			}
			keep[i] = true
			if fmt.Sprint(levels[i]) != w {
				t.Errorf("line %d: level of %d = %d, want %s (%s)", ln, i, levels[i], w, fs[0])
			}
		}
		var got []string
		for _, i := range reorder(levels) {
			if keep[i] {
				got = append(got, strconv.Itoa(i))
			}
		}
		if g := strings.Join(got, " "); g != fs[4] {
			t.Errorf("line %d: visual order %s, want %s (%s)", ln, g, fs[4], fs[0])
		}
		n++
	}
	if n < 100 {
		t.Fatalf("only %d cases", n)
	}
}
