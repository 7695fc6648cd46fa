package text

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"github.com/go-text/typesetting/segmenter"

	"github.com/reelkit/reel/styles"
)

// wordTexts are titles and captions for the line-breaking property: short
// and long words, words longer than any line, hyphens and dashes, several
// scripts.
var wordTexts = []string{
	"Phone test",
	"Summer holidays 2024",
	"Grandmother's 90th birthday celebration",
	"Wedding of Anna & Tom",
	"Supercalifragilisticexpialidocious",
	"Pneumonoultramicroscopicsilicovolcanoconiosis forever",
	"Ein Donaudampfschifffahrtsgesellschaftskapitän erzählt",
	"well-known friends of the family",
	"New York — 2025",
	"Привет, дорогая бабушка",
	"Ωραίες αναμνήσεις από το καλοκαίρι",
	"नमस्ते दुनिया स्वागत है",
	"مرحبا بالعالم 2024",
	"שלום עולם וברוכים הבאים",
	"hello مرحبا 123 world",
	"Our trip to Reykjavík, Þingvellir and Jökulsárlón",
}

// aspectSizes are 16:9, 9:16, 1:1 and 4:5 frames whose short side is 360,
// 720 and 1080 pixels (720 only in -short mode).
func aspectSizes() []image.Point {
	shorts := []int{360, 720, 1080}
	if testing.Short() {
		shorts = []int{720}
	}
	var out []image.Point
	for _, short := range shorts {
		out = append(out,
			image.Pt(short*16/9, short), image.Pt(short, short*16/9),
			image.Pt(short, short), image.Pt(short, short*5/4))
	}
	return out
}

// breakOpportunities returns, per rune offset of rs, whether UAX #14
// allows a line to start there.
func breakOpportunities(rs []rune) []bool {
	ok := make([]bool, len(rs)+1)
	var seg segmenter.Segmenter
	seg.Init(rs)
	it := seg.LineIterator()
	for it.Next() {
		ok[it.Line().Offset] = true
	}
	return ok
}

// checkBreaks reports the line breaks of p that are not UAX #14 break
// opportunities of text (one paragraph), and hyphenated lines laid out
// above the style's smallest size.
func checkBreaks(text string, ts styles.TextStyle, scale float64, b *Block) error {
	if b == nil || b.Geometry == nil || len(b.Lines) < 2 {
		return nil
	}
	paras, _ := normalise(text, ts.Uppercase)
	if len(paras) != 1 {
		return fmt.Errorf("%d paragraphs", len(paras))
	}
	rs := paras[0]
	brk := breakOpportunities(rs)
	at := 0
	for i, l := range b.Lines {
		lt := []rune(strings.TrimSuffix(l.Text, "…"))
		if l.Hyphenated {
			lt = lt[:len(lt)-1]
			if floor := ts.MinSize * scale; ts.MinSize > 0 && b.Size > floor+1e-9 {
				return fmt.Errorf("line %d %q hyphenated at size %.2f, above the floor %.2f", i, l.Text, b.Size, floor)
			}
		}
		if at+len(lt) > len(rs) || string(rs[at:at+len(lt)]) != string(lt) {
			return fmt.Errorf("line %d %q is not the text at rune %d", i, l.Text, at)
		}
		at += len(lt)
		for at < len(rs) && rs[at] == ' ' {
			at++
		}
		last := i == len(b.Lines)-1
		if !last && !l.Hyphenated && !brk[at] {
			return fmt.Errorf("lines %q / %q: break inside a word (rune %d)", l.Text, b.Lines[i+1].Text, at)
		}
	}
	return nil
}

// TestLinesBreakOnlyBetweenWords renders every wordTexts entry as title
// card, text slide (title and subheading) and caption of every built-in
// style in 16:9, 9:16, 1:1 and 4:5 frames at 360, 720 and 1080 lines,
// and checks that every line break is a UAX #14 break opportunity, except
// after a hyphen added to a word wider than the line at the style's
// smallest size.
func TestLinesBreakOnlyBetweenWords(t *testing.T) {
	reg := builtin(t)
	breaks, hyphens := 0, 0
	for _, st := range reg.List() {
		for _, sz := range aspectSizes() {
			unit := styles.Unit(sz.X, sz.Y)
			for _, s := range wordTexts {
				name := fmt.Sprintf("%s/%dx%d/%q", st.MachineName, sz.X, sz.Y, s)
				tc, err := TitleCard(st, sz.X, sz.Y, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				ti, tx, err := TextSlide(st, sz.X, sz.Y, s, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				c, err := Caption(st, sz.X, sz.Y, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, b := range []struct {
					what string
					ts   styles.TextStyle
					p    Placed
				}{{"title card", st.TitleCard.Text, tc}, {"slide title", st.TextSlide.Title, ti}, {"slide text", st.TextSlide.Text, tx}, {"caption", st.Caption.Text, c}} {
					if err := checkBreaks(s, b.ts, unit, b.p.Block); err != nil {
						t.Errorf("%s %s: %v", name, b.what, err)
					}
					if b.p.Block != nil && b.p.Geometry != nil {
						breaks += max(len(b.p.Lines)-1, 0)
						for _, l := range b.p.Lines {
							if l.Hyphenated {
								hyphens++
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d line breaks, %d of them hyphenated", breaks, hyphens)
	if breaks < 150 || hyphens == 0 {
		t.Fatalf("%d breaks and %d hyphens: the table no longer exercises wrapping", breaks, hyphens)
	}
}

// TestBoldPortraitTitleKeepsWordsWhole: the Bold style's title at 9:16
// breaks "Phone test" between the words, at 360, 720 and 1080 wide.
func TestBoldPortraitTitleKeepsWordsWhole(t *testing.T) {
	st, ok := builtin(t).Lookup("bold")
	if !ok {
		t.Fatal("no bold style")
	}
	for _, w := range []int{360, 720, 1080} {
		tc, err := TitleCard(st, w, w*16/9, "Phone test", nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range tc.Lines {
			got = append(got, l.Text)
		}
		if g := strings.Join(got, " / "); g != "PHONE / TEST" && g != "PHONE TEST" {
			t.Errorf("%dx%d: lines %s", w, w*16/9, g)
		}
	}
}

// TestWordWiderThanLineShrinksText: a word too wide for the box at the
// style's size is set smaller, whole, when it fits at a size above the
// floor.
func TestWordWiderThanLineShrinksText(t *testing.T) {
	ts := styles.TextStyle{Font: styles.FontLatoBlack, Size: 0.1, MinSize: 0.02, MaxLines: 3, Align: styles.AlignCenter, Colour: styles.Color{A: 255}}
	s := Spec{Text: "Extraordinary day", Style: ts, Scale: 1000, MaxWidth: 500, MaxHeight: 1000}
	g, err := Layout(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.Size >= 100 || g.Size <= 20 {
		t.Errorf("size %.1f, want between the floor 20 and the style's 100", g.Size)
	}
	if len(g.Lines) != 2 || g.Lines[0].Text != "Extraordinary" || g.Lines[1].Text != "day" {
		t.Errorf("lines %+v, want Extraordinary / day", g.Lines)
	}
}

// TestOverlongWordHyphenatedAtFloor: a word wider than the line even at
// the floor size is split between letters, each piece but the last ending
// in a hyphen and fitting the box; the other words stay whole.
func TestOverlongWordHyphenatedAtFloor(t *testing.T) {
	ts := styles.TextStyle{Font: styles.FontLatoLight, Size: 0.1, MinSize: 0.05, MaxLines: 6, Align: styles.AlignLeft, Colour: styles.Color{A: 255}}
	const word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
	s := Spec{Text: "the " + word + " story", Style: ts, Scale: 1000, MaxWidth: 600, MaxHeight: 2000}
	b, err := Render(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.Size != 50 {
		t.Errorf("size %.2f, want the floor 50", b.Size)
	}
	var joined strings.Builder
	hyph := 0
	for i, l := range b.Lines {
		t.Logf("line %d: %q hyphenated=%v %v", i, l.Text, l.Hyphenated, l.Rect)
		txt := l.Text
		if l.Hyphenated {
			hyph++
			if !strings.HasSuffix(txt, "‐") && !strings.HasSuffix(txt, "-") {
				t.Errorf("line %q: hyphenated without a hyphen", txt)
			}
			txt = txt[:len(txt)-len(string([]rune(txt)[len([]rune(txt))-1]))]
		}
		if l.Rect.Dx() > s.MaxWidth {
			t.Errorf("line %q is %d px wide, box %d", l.Text, l.Rect.Dx(), s.MaxWidth)
		}
		if i > 0 && !b.Lines[i-1].Hyphenated {
			joined.WriteString(" ")
		}
		joined.WriteString(txt)
	}
	if hyph < 1 {
		t.Errorf("no hyphenated line")
	}
	if joined.String() != s.Text {
		t.Errorf("lines join to %q, want %q", joined.String(), s.Text)
	}
	if b.Lines[0].Text != "the" && !strings.HasPrefix(b.Lines[0].Text, "the ") {
		t.Errorf("first line %q", b.Lines[0].Text)
	}
	if last := b.Lines[len(b.Lines)-1].Text; !strings.HasSuffix(last, " story") && last != "story" {
		t.Errorf("last line %q: the short word was split", last)
	}
	if inkCount(b.Image) == 0 {
		t.Error("nothing drawn")
	}
}
