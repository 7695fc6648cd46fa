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

// wrapSuffix marks the direction of a recorded layout wrapped at Chromium's
// line breaks (see chromiumOrders).
const wrapSuffix = "-wrap"

// formatLines writes per-line visual orders: grapheme indices, lines
// separated by " | ".
func formatLines(lines [][]int) string {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = formatOrder(l)
	}
	return strings.Join(s, " | ")
}

// parseLines reads formatLines' output.
func parseLines(s string) ([][]int, error) {
	var out [][]int
	for _, l := range strings.Split(s, " | ") {
		var line []int
		for _, f := range strings.Fields(l) {
			v, err := strconv.Atoi(f)
			if err != nil {
				return nil, err
			}
			line = append(line, v)
		}
		out = append(out, line)
	}
	return out, nil
}

// ourOrder lays the case keyed k (direction+"\t"+text) out and returns its
// visual order in formatLines' form: on one line, or, for a wrapped key,
// broken where the recorded lines (want, formatLines' form) break.
func ourOrder(t *testing.T, k, want string) string {
	t.Helper()
	name, s, _ := strings.Cut(k, "\t")
	base, wrap := strings.CutSuffix(name, wrapSuffix)
	var dir bidi.Direction
	for _, d := range bidiDirs {
		if d.name == base {
			dir = d.dir
		}
	}
	if !wrap {
		return formatOrder(drawnOrder(t, s, dir))
	}
	lines, err := parseLines(want)
	if err != nil {
		t.Fatalf("%q: %v", want, err)
	}
	// Each line starts at the first grapheme (in logical order) it shows.
	gr := graphemeRanges(s)
	var starts []int
	for _, l := range lines {
		first := len(gr)
		for _, g := range l {
			first = min(first, g)
		}
		if first == len(gr) {
			t.Fatalf("%q: empty line in %q", s, want)
		}
		starts = append(starts, gr[first][0])
	}
	return formatLines(drawnLines(t, s, dir, starts))
}

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

// drawnOrder lays s out on one line with paragraph direction dir and
// returns the visual order of its grapheme clusters, measured from where
// the layout put each cluster.
func drawnOrder(t *testing.T, s string, dir bidi.Direction) []int {
	t.Helper()
	ss := bidiSession(t, s, dir)
	g := ss.layout()
	if len(g.Lines) != 1 || g.Lines[0].Text != s {
		t.Fatalf("%q: laid out as %d lines %+v, want one line of the same text", s, len(g.Lines), g.Lines)
	}
	return spanOrder(graphemeRanges(s), 0, g.spans[0])
}

// drawnLines lays s out with paragraph direction dir, broken into lines
// where the runes at offsets starts begin (Chromium's breaks; the rest is
// the real layout: trimming, L1, L2, placement), and returns each line's
// grapheme clusters in visual order.
func drawnLines(t *testing.T, s string, dir bidi.Direction, starts []int) [][]int {
	t.Helper()
	ss := bidiSession(t, s, dir)
	p := ss.paras[0]
	var lines []wrapped
	for i, a := range starts {
		b := len(p.runes)
		if i+1 < len(starts) {
			b = starts[i+1]
		}
		var cs []cluster
		for _, c := range p.clusters {
			if c.start >= a && c.end <= b {
				cs = append(cs, c)
			}
		}
		lines = append(lines, ss.line(cs, p.rtl))
	}
	sz := ss.sizes()[0]
	g := ss.finish(lines, sz, effectsAt(ss.spec.Style, sz), false)
	gr := graphemeRanges(s)
	out := make([][]int, len(lines))
	for i := range lines {
		out[i] = spanOrder(gr, starts[i], g.spans[i])
	}
	return out
}

func bidiSession(t *testing.T, s string, dir bidi.Direction) *session {
	t.Helper()
	st := builtin(t).Default().Caption.Text
	st.Size, st.MinSize, st.MaxLines = 0.03, 0, 1
	ss, err := newSession(Spec{Text: s, Style: st, Scale: 720, MaxWidth: 8000, MaxHeight: 400}, nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss.paras) != 1 {
		t.Fatalf("%q: %d paragraphs", s, len(ss.paras))
	}
	return ss
}

// spanOrder returns the graphemes (rune ranges gr of the paragraph) drawn
// by a line's spans, whose offsets count from rune off, sorted by the x of
// their centres (a cluster of several graphemes, such as a ligature, is
// shared out evenly in its direction).
func spanOrder(gr [][2]int, off int, spans []span) []int {
	var idx []int
	x := map[int]float64{}
	for _, sp := range spans {
		var in []int // graphemes of the cluster
		for k, r := range gr {
			if r[0] >= off+sp.start && r[1] <= off+sp.end {
				in = append(in, k)
			}
		}
		w := (sp.x1 - sp.x0) / float64(len(in))
		for j, k := range in {
			pos := j
			if sp.rtl {
				pos = len(in) - 1 - j
			}
			x[k] = sp.x0 + (float64(pos)+0.5)*w
			idx = append(idx, k)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	return idx
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
		"# bidi case as Chromium draws it in a paragraph of direction auto\n" +
		"# (dir=auto), ltr or rtl: on one line, and (-wrap) wrapped at a width of\n" +
		"# " + wrapWidth + " with the lines separated by \" | \" (without the spaces that end\n" +
		"# them). Written by\n" +
		"#   go test ./compose/text -run TestBidiOrderMatchesChromium -update\n" +
		"# direction<TAB>text<TAB>order\n")
	for _, s := range bidiCases {
		for _, d := range bidiDirs {
			for _, name := range []string{d.name, d.name + wrapSuffix} {
				fmt.Fprintf(&sb, "%s\t%s\t%s\n", name, s, orders[name+"\t"+s])
			}
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
// paragraph direction, on one line and broken where Chromium wrapped it,
// and compares the visual order of its graphemes, measured from the glyph
// positions, with Chromium's as recorded.
func TestBidiOrderMatchesRecordedChromium(t *testing.T) {
	golden := readBidiGolden(t)
	if len(bidiCases) < 30 {
		t.Fatalf("only %d cases", len(bidiCases))
	}
	wrapped := 0
	for _, s := range bidiCases {
		for _, d := range bidiDirs {
			for _, name := range []string{d.name, d.name + wrapSuffix} {
				want, ok := golden[name+"\t"+s]
				if !ok {
					t.Errorf("%s %q: not in %s (run TestBidiOrderMatchesChromium with -update)", name, s, bidiGolden)
					continue
				}
				if strings.Contains(want, "|") {
					wrapped++
				}
				if got := ourOrder(t, name+"\t"+s, want); got != want {
					t.Errorf("%s %q: drawn order %s, Chromium %s", name, s, got, want)
				}
			}
		}
	}
	if wrapped < 60 {
		t.Errorf("only %d recorded layouts have several lines", wrapped)
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
