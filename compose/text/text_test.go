package text

import (
	"errors"
	"image"
	"math"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/reelkit/reel/styles"
)

func captionSpec(t testing.TB, text string) Spec {
	st := builtin(t).Default()
	return Spec{Text: text, Style: st.Caption.Text, Scale: 720, MaxWidth: 1000, MaxHeight: 240}
}

// TestScriptsRender renders every letter of Latin Extended, Greek and
// Cyrillic samples alone, in every embedded face: each must resolve to a
// font (no replacement) and leave ink.
func TestScriptsRender(t *testing.T) {
	t.Parallel()
	samples := map[string]string{
		"latin-ext": "ĄąĆćĘęŁłŃńŚśŹźŻżĞğŞşİıŐőŰűÆæØøÅåßÐðÞþŦŧ",
		"greek":     "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψωάέήίόύώ",
		"cyrillic":  "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяЄєІіЇїЎў",
	}
	for _, font := range styles.FontNames() {
		ts := styles.TextStyle{Font: font, Size: 0.05, Align: styles.AlignLeft, Colour: styles.Color{A: 255}}
		for script, s := range samples {
			for _, r := range s {
				var warned []rune
				b, err := Render(Spec{Text: string(r), Style: ts, Scale: 720, MaxWidth: 200, MaxHeight: 200}, func(r rune) { warned = append(warned, r) })
				if err != nil {
					t.Fatal(err)
				}
				if len(warned) > 0 || len(b.Missing) > 0 {
					t.Errorf("%s %s %q: reported missing %q", font, script, r, warned)
				}
				if inkCount(b.Image) < 10 {
					t.Errorf("%s %s %q: %d ink pixels", font, script, r, inkCount(b.Image))
				}
			}
		}
	}
}

// TestMissingRuneReplacement: a rune no font has is reported once and
// drawn as a hollow box (ink on its edges, none in its middle).
func TestMissingRuneReplacement(t *testing.T) {
	t.Parallel()
	const pua = '\uE000' // private use: in no embedded font
	var warned []rune
	s := captionSpec(t, "a\uE000b \uE000 漢")
	s.Style.Shadow = styles.Shadow{}
	s.Style.Outline = 0
	b, err := Render(s, func(r rune) { warned = append(warned, r) })
	if err != nil {
		t.Fatal(err)
	}
	if len(warned) != 2 || warned[0] != pua || warned[1] != '漢' {
		t.Fatalf("warned %q, want [U+E000 漢]", warned)
	}
	if len(b.Missing) != 2 {
		t.Fatalf("Missing = %q", b.Missing)
	}
	// Render the replacement alone and look at its box.
	s.Text = "\uE000"
	b, err = Render(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := b.glyphs[0][0]
	box := rectInt(replacementInk.scale(b.Size).add(g.x, g.y))
	alpha := func(x, y int) uint8 { return b.Image.Pix[b.Image.PixOffset(x, y)+3] }
	mid := image.Pt((box.Min.X+box.Max.X)/2, (box.Min.Y+box.Max.Y)/2)
	if a := alpha(mid.X, mid.Y); a != 0 {
		t.Errorf("replacement box centre alpha %d, want hollow", a)
	}
	for _, p := range []image.Point{{box.Min.X + 1, mid.Y}, {box.Max.X - 2, mid.Y}, {mid.X, box.Min.Y + 1}, {mid.X, box.Max.Y - 2}} {
		if a := alpha(p.X, p.Y); a < 200 {
			t.Errorf("replacement box edge %v alpha %d, want drawn", p, a)
		}
	}
}

// TestShrinkThenEllipsis grows a caption word by word and checks the
// order of events: one line at full size, two lines at full size, shrunk
// within (MinSize, Size) without loss, then cut at MinSize with "…"; the
// size never grows back.
func TestShrinkThenEllipsis(t *testing.T) {
	t.Parallel()
	st := builtin(t).Default().Caption.Text // 2 lines, size range
	hi, lo := st.Size*720, st.MinSize*720
	var seen [4]bool // full-1, full-2, shrunk, cut
	prev := math.Inf(1)
	for n := 1; n <= 120; n++ {
		text := strings.TrimSpace(strings.Repeat("word ", n))
		b, err := Layout(Spec{Text: text, Style: st, Scale: 720, MaxWidth: 1100, MaxHeight: 300}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if b.Size > prev+1e-9 {
			t.Fatalf("%d words: size grew %v -> %v", n, prev, b.Size)
		}
		prev = b.Size
		last := b.Lines[len(b.Lines)-1].Text
		switch {
		case b.Size == hi && len(b.Lines) == 1 && !b.Truncated:
			seen[0] = true
		case b.Size == hi && len(b.Lines) == 2 && !b.Truncated:
			seen[1] = true
		case b.Size < hi && b.Size > lo && len(b.Lines) == 2 && !b.Truncated:
			seen[2] = true
		case math.Abs(b.Size-lo) < 1e-9 && len(b.Lines) == 2 && b.Truncated && strings.HasSuffix(last, "…"):
			seen[3] = true
		case math.Abs(b.Size-lo) < 1e-9 && !b.Truncated:
			// fits exactly at the minimum size
		default:
			t.Fatalf("%d words: size %v, %d lines, truncated %v, last %q", n, b.Size, len(b.Lines), b.Truncated, last)
		}
		for _, l := range b.Lines {
			if !l.Rect.In(image.Rect(0, 0, b.Width, b.Height)) {
				t.Errorf("line rect %v outside sprite %dx%d", l.Rect, b.Width, b.Height)
			}
		}
	}
	if seen != [4]bool{true, true, true, true} {
		t.Fatalf("states seen %v, want all", seen)
	}
	b, err := Render(Spec{Text: "a\nb\nc\nd", Style: st, Scale: 720, MaxWidth: 1100, MaxHeight: 300}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Lines) != 2 || !b.Truncated || b.Lines[1].Text != "b…" {
		t.Fatalf("hard lines: %+v", b.Lines)
	}
}

func TestLongWordBreaks(t *testing.T) {
	t.Parallel()
	s := captionSpec(t, strings.Repeat("x", 300))
	s.Style.MaxLines = 0
	b, err := Render(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Lines) < 2 || b.Width > s.MaxWidth {
		t.Fatalf("%d lines, width %d", len(b.Lines), b.Width)
	}
}

func TestEmptyText(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "   ", "\n\n\t", "\u200b\u200d\ufeff", "\x00\x01\x7f"} {
		b, err := Render(captionSpec(t, s), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !b.Empty() || b.Image != nil || len(b.Lines) != 0 {
			t.Errorf("%q: not empty: %dx%d %d lines", s, b.Width, b.Height, len(b.Lines))
		}
	}
}

func TestNormalise(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"  a   b  ", "a b"},
		{"a\r\nb\rc", "a|b|c"},
		{"a\n\n\n\nb", "a||b"},
		{"\n\na\n\n", "a"},
		{"a\tb\u00a0c", "a b c"},
		{"a\u200bb", "ab"},
		{"\u200d \u200d", ""},
		{"क\u200d\u094dष \U0001F469\u200d\U0001F4BB", "क\u200d\u094dष \U0001F469\u200d\U0001F4BB"},
	}
	for _, tc := range tests {
		paras, _ := normalise(tc.in, false)
		var ps []string
		for _, p := range paras {
			ps = append(ps, string(p))
		}
		if got := strings.Join(ps, "|"); got != tc.want {
			t.Errorf("normalise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	_, cut := normalise(strings.Repeat("a", maxRunes+1), false)
	if !cut {
		t.Error("over-long input not reported as cut")
	}
}

func TestBadSpec(t *testing.T) {
	t.Parallel()
	good := captionSpec(t, "x")
	tests := map[string]func(*Spec){
		"zero width":  func(s *Spec) { s.MaxWidth = 0 },
		"huge height": func(s *Spec) { s.MaxHeight = 1 << 20 },
		"nan scale":   func(s *Spec) { s.Scale = math.NaN() },
		"zero size":   func(s *Spec) { s.Style.Size = 0 },
		"inf size":    func(s *Spec) { s.Style.Size = math.Inf(1) },
		"nan outline": func(s *Spec) { s.Style.Outline = math.NaN() },
	}
	for name, mut := range tests {
		s := good
		mut(&s)
		if _, err := Render(s, nil); !errors.Is(err, ErrSpec) {
			t.Errorf("%s: err %v, want ErrSpec", name, err)
		}
	}
}

// TestSizedPerFrame: text is laid out at each output size, not scaled:
// the font size is proportional to the frame height and the sprite of a
// short caption grows accordingly.
func TestSizedPerFrame(t *testing.T) {
	t.Parallel()
	st := builtin(t).Default()
	var prev Placed
	for i, sz := range frameSizes {
		p, err := Caption(st, sz.X, sz.Y, "Crisp at every size", nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := st.Caption.Text.Size * float64(sz.Y); math.Abs(p.Size-want) > 1e-9 {
			t.Errorf("%v: size %v, want %v", sz, p.Size, want)
		}
		if i > 0 && p.Height <= prev.Height {
			t.Errorf("%v: height %d not above %d", sz, p.Height, prev.Height)
		}
		prev = p
	}
}

// TestDeterministicAndConcurrent: equal specs give identical pixels, also
// when rendered from many goroutines at once (run with -race).
func TestDeterministicAndConcurrent(t *testing.T) {
	t.Parallel()
	s := captionSpec(t, "Ωμέγα Привет Żółć — the same every time \uE000")
	want, err := Render(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := Render(s, nil)
			if err != nil || string(got.Image.Pix) != string(want.Image.Pix) {
				errs <- "render differs"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestUppercase(t *testing.T) {
	t.Parallel()
	s := captionSpec(t, "straße привет")
	s.Style.Uppercase = true
	b, err := Render(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range b.Lines[0].Text {
		if unicode.IsLower(r) && r != 'ß' {
			t.Fatalf("line %q has lower case", b.Lines[0].Text)
		}
	}
}

// TestEffectsDrawn: outline, shadow and box each add pixels of their own
// colour around the fill.
func TestEffectsDrawn(t *testing.T) {
	t.Parallel()
	base := styles.TextStyle{Font: styles.FontGoBold, Size: 0.06, Align: styles.AlignCenter, Colour: styles.Color{R: 255, A: 255}}
	count := func(ts styles.TextStyle, c styles.Color) int {
		b, err := Render(Spec{Text: "Effects", Style: ts, Scale: 720, MaxWidth: 800, MaxHeight: 200}, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for i := 0; i < len(b.Image.Pix); i += 4 {
			p := b.Image.Pix[i : i+4]
			if p[3] == 255 && p[0] == c.R && p[1] == c.G && p[2] == c.B {
				n++
			}
		}
		return n
	}
	green := styles.Color{G: 255, A: 255}
	o := base
	o.Outline, o.OutlineColour = 0.08, green
	if n := count(o, green); n < 100 {
		t.Errorf("outline: %d green pixels", n)
	}
	sh := base
	sh.Shadow = styles.Shadow{Colour: green, DX: 0.1, DY: 0.1}
	if n := count(sh, green); n < 100 {
		t.Errorf("shadow: %d green pixels", n)
	}
	bx := base
	bx.Box = styles.Box{Colour: green, Padding: 0.4, Radius: 0.3}
	if n := count(bx, green); n < 1000 {
		t.Errorf("box: %d green pixels", n)
	}
}

func TestCreditsPagesAndRoll(t *testing.T) {
	t.Parallel()
	reg := builtin(t)
	rows := make([][2]string, 40)
	for i := range rows {
		rows[i] = [2]string{"Role", "A Person Name"}
	}
	rows = append(rows, [2]string{" ", ""})
	for _, st := range reg.List() {
		cr, err := Credits(st, 1280, 720, rows, nil)
		if err != nil {
			t.Fatal(err)
		}
		switch st.Credits.Mode {
		case styles.CreditsPaged:
			if len(cr.Pages) < 2 || len(cr.Roll) != 0 {
				t.Errorf("%s: %d pages, %d roll blocks", st.MachineName, len(cr.Pages), len(cr.Roll))
			}
			n := 0
			for _, p := range cr.Pages {
				n += len(p)
			}
			if min := 80; n < min {
				t.Errorf("%s: %d blocks, want >= %d", st.MachineName, n, min)
			}
		case styles.CreditsRolling:
			if len(cr.Roll) < 80 || cr.RollHeight < 720 || len(cr.Pages) != 0 {
				t.Errorf("%s: roll %d blocks, height %d", st.MachineName, len(cr.Roll), cr.RollHeight)
			}
			for i := 1; i < len(cr.Roll); i++ {
				if cr.Roll[i].At.Y < cr.Roll[i-1].At.Y-cr.Roll[i-1].Height {
					t.Errorf("%s: roll not top to bottom at %d", st.MachineName, i)
				}
			}
		}
	}
	many := make([][2]string, MaxCreditRows+5)
	for i := range many {
		many[i] = [2]string{"r", "n"}
	}
	cr, err := Credits(reg.Default(), 640, 360, many, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cr.Dropped != 5 {
		t.Errorf("dropped %d, want 5", cr.Dropped)
	}
}

// TestBalancedLines: wrapped lines come out of similar length (no lone
// last word) without adding a line.
func TestBalancedLines(t *testing.T) {
	t.Parallel()
	s := captionSpec(t, "Two weeks by the sea with the whole family, grandparents included")
	s.MaxWidth = 900
	b, err := Render(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Lines) != 2 {
		t.Fatalf("%d lines", len(b.Lines))
	}
	w0, w1 := b.Lines[0].Rect.Dx(), b.Lines[1].Rect.Dx()
	if min(w0, w1)*10 < max(w0, w1)*7 {
		t.Errorf("unbalanced lines %d and %d px: %q / %q", w0, w1, b.Lines[0].Text, b.Lines[1].Text)
	}
}
