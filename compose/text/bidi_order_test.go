package text

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-text/typesetting/segmenter"

	"github.com/reelkit/reel/compose/text/internal/bidi"
)

// bidiCases are mixed-direction strings whose visual order is checked
// against Chromium's (testdata/bidi/visual-order.txt records it): Arabic
// and Hebrew with Latin, European and Arabic-Indic numbers, punctuation,
// paired brackets and emoji. Each is one line, in normalised form (single
// spaces, no controls).
var bidiCases = []string{
	"hello مرحبا 123 world",
	"مرحبا hello 123",
	"שלום world 2024!",
	"The price is 50% (خصم) today",
	"عدد 1,234.56 ريال",
	"(שלום) hello",
	"hello (مرحبا) world",
	"مرحبا (hello) عالم",
	"שלום [world] עולם",
	"a1 ב2 c3",
	"١٢٣ مرحبا 456",
	"Call +1-555-0100 אני",
	"ناقص -5 درجة",
	"Tel: 03-1234567 בבקשה",
	"مرحبا! كيف حالك؟ Fine, thanks.",
	"I ❤️ القاهرة 2025",
	"😀 שלום 😀 hi",
	"version 2.0 من البرنامج",
	"10:30 صباحا",
	"שעה 10:30 בבוקר",
	`abc "עברית" def`,
	"«مرحبا» said Ali",
	"1) אחת 2) שתיים",
	"file_v2.txt ملف",
	"A-B ג-ד",
	"مرحبا, world.",
	"Hebrew שלום, Arabic مرحبا, done.",
	"50 ₪ לאדם",
	"3.14 π ≈ عدد",
	"#1 في القائمة",
	"שלום (עולם 123) end",
	"مرحبا [1] و [2]",
	"hi, مرحبا.",
	"2024-05-01 تاريخ",
	"{אבג} {abc}",
	"ab (cd [אב] ef) גד",
	"ملف (نسخة 2) 🎉!",
}

// bidiDirs are the paragraph directions each case is laid out in: auto
// (the first strong character, as Layout does and HTML's dir=auto), and
// forced left to right and right to left.
var bidiDirs = []struct {
	name string
	dir  bidi.Direction
}{{"auto", bidi.Auto}, {"ltr", bidi.LeftToRight}, {"rtl", bidi.RightToLeft}}

const bidiGolden = "testdata/bidi/visual-order.txt"

// graphemeRanges returns the rune ranges of the grapheme clusters of s.
func graphemeRanges(s string) [][2]int {
	var seg segmenter.Segmenter
	seg.Init([]rune(s))
	it := seg.GraphemeIterator()
	var out [][2]int
	for it.Next() {
		g := it.Grapheme()
		out = append(out, [2]int{g.Offset, g.Offset + len(g.Text)})
	}
	return out
}

// orderByX lists grapheme indices sorted by the x of their centres.
func orderByX(xs []float64) []int {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	return idx
}

// drawnOrder lays s out on one line with paragraph direction dir and
// returns the visual order of its grapheme clusters, measured from where
// the layout put each cluster (a cluster of several graphemes, such as a
// ligature, is shared out evenly in its direction).
func drawnOrder(t *testing.T, s string, dir bidi.Direction) []int {
	t.Helper()
	st := builtin(t).Default().Caption.Text
	st.Size, st.MinSize, st.MaxLines = 0.03, 0, 1
	ss, err := newSession(Spec{Text: s, Style: st, Scale: 720, MaxWidth: 8000, MaxHeight: 400}, nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	g := ss.layout()
	if len(g.Lines) != 1 || g.Lines[0].Text != s {
		t.Fatalf("%q: laid out as %d lines %+v, want one line of the same text", s, len(g.Lines), g.Lines)
	}
	gr := graphemeRanges(s)
	xs := make([]float64, len(gr))
	for _, sp := range g.spans[0] {
		var in []int // graphemes of the cluster
		for k, r := range gr {
			if r[0] >= sp.start && r[1] <= sp.end {
				in = append(in, k)
			}
		}
		w := (sp.x1 - sp.x0) / float64(len(in))
		for j, k := range in {
			pos := j
			if sp.rtl {
				pos = len(in) - 1 - j
			}
			xs[k] = sp.x0 + (float64(pos)+0.5)*w
		}
	}
	return orderByX(xs)
}

func formatOrder(o []int) string {
	s := make([]string, len(o))
	for i, v := range o {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, " ")
}

// readBidiGolden reads the recorded visual orders, keyed by
// direction+"\t"+text.
func readBidiGolden(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(bidiGolden)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) != 3 {
			t.Fatalf("%s: bad line %q", bidiGolden, line)
		}
		out[fs[0]+"\t"+fs[1]] = fs[2]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// writeBidiGolden records Chromium's visual orders (see
// TestBidiOrderMatchesChromium).
func writeBidiGolden(t *testing.T, orders map[string]string) {
	t.Helper()
	var sb strings.Builder
	sb.WriteString("# Visual order of grapheme clusters (indices, left to right) of each\n" +
		"# bidi case as Chromium draws it on one line, in a paragraph of direction\n" +
		"# auto (dir=auto), ltr or rtl. Written by\n" +
		"#   go test ./compose/text -run TestBidiOrderMatchesChromium -update\n" +
		"# direction<TAB>text<TAB>order\n")
	for _, s := range bidiCases {
		for _, d := range bidiDirs {
			fmt.Fprintf(&sb, "%s\t%s\t%s\n", d.name, s, orders[d.name+"\t"+s])
		}
	}
	if err := os.MkdirAll(filepath.Dir(bidiGolden), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bidiGolden, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBidiOrderMatchesRecordedChromium lays out every bidi case in each
// paragraph direction and compares the visual order of its graphemes,
// measured from the glyph positions, with Chromium's as recorded.
func TestBidiOrderMatchesRecordedChromium(t *testing.T) {
	golden := readBidiGolden(t)
	if len(bidiCases) < 30 {
		t.Fatalf("only %d cases", len(bidiCases))
	}
	for _, s := range bidiCases {
		for _, d := range bidiDirs {
			want, ok := golden[d.name+"\t"+s]
			if !ok {
				t.Errorf("%s %q: not in %s (run TestBidiOrderMatchesChromium with -update)", d.name, s, bidiGolden)
				continue
			}
			if got := formatOrder(drawnOrder(t, s, d.dir)); got != want {
				t.Errorf("%s %q: drawn order %s, Chromium %s", d.name, s, got, want)
			}
		}
	}
}

// TestNumberAfterArabicJoinsRightToLeftRun: in "hello مرحبا 123 world"
// the number follows the Arabic word inside the right-to-left run, so it
// is drawn left of it, and "world" stays at the end (rules W2–W7, N1, I2).
func TestNumberAfterArabicJoinsRightToLeftRun(t *testing.T) {
	const s = "hello مرحبا 123 world"
	gr := graphemeRanges(s)
	var vis strings.Builder
	rs := []rune(s)
	for _, k := range drawnOrder(t, s, bidi.Auto) {
		vis.WriteString(string(rs[gr[k][0]:gr[k][1]]))
	}
	// Visual order, left to right: the Arabic word's letters reversed.
	const want = "hello 123 ابحرم world"
	if vis.String() != want {
		t.Fatalf("visual order %q, want %q", vis.String(), want)
	}
}

// TestBracketsMirrorInRightToLeftRuns: a parenthesis resolved right to
// left (rule N0) is drawn with its mirrored glyph (rule L4), one resolved
// left to right with its own.
func TestBracketsMirrorInRightToLeftRuns(t *testing.T) {
	for _, tc := range []struct {
		text   string
		mirror bool
	}{{"שלום (עולם) טוב", true}, {"hello (world) שלום", false}, {"مرحبا (hello) عالم", true}, {"مرحبا hello (world)", false}, {"مرحبا (عالم)", true}} {
		st := builtin(t).Default().Caption.Text
		ss, err := newSession(Spec{Text: tc.text, Style: st, Scale: 720, MaxWidth: 8000, MaxHeight: 400}, nil, bidi.Auto)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range ss.paras[0].clusters {
			r := c.text[0]
			if r != '(' && r != ')' {
				continue
			}
			want := r
			if tc.mirror {
				want = '(' + ')' - r
			}
			g := c.glyphs[0]
			id, ok := ss.fonts.face(g.face).NominalGlyph(want)
			if !ok || g.id != id {
				t.Errorf("%q: %q at level %d drawn with glyph %d, want %d (the glyph of %q)", tc.text, r, c.level, g.id, id, want)
			}
		}
	}
}
