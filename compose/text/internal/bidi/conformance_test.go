package bidi

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	xbidi "golang.org/x/text/unicode/bidi"
)

// unicodeFile opens Unicode's conformance file name as shipped in the
// github.com/go-text/typesetting module (bidi/test), found with go list;
// the test is skipped when the module or the go command is not there.
func unicodeFile(t *testing.T, name string) *os.File {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-text/typesetting").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("go-text/typesetting module not found (%v): skipping the full %s; the testdata subset still runs", err, name)
	}
	f, err := os.Open(filepath.Join(dir, "bidi", "test", name))
	if err != nil {
		t.Skipf("%v: skipping the full %s", err, name)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func openTestdata(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

var classNames = map[string]xbidi.Class{
	"L": xbidi.L, "R": xbidi.R, "AL": xbidi.AL, "EN": xbidi.EN, "ES": xbidi.ES,
	"ET": xbidi.ET, "AN": xbidi.AN, "CS": xbidi.CS, "NSM": xbidi.NSM, "BN": xbidi.BN,
	"B": xbidi.B, "S": xbidi.S, "WS": xbidi.WS, "ON": xbidi.ON, "LRE": xbidi.LRE,
	"LRO": xbidi.LRO, "RLE": xbidi.RLE, "RLO": xbidi.RLO, "PDF": xbidi.PDF,
	"LRI": xbidi.LRI, "RLI": xbidi.RLI, "FSI": xbidi.FSI, "PDI": xbidi.PDI,
}

// check compares resolved levels (after L1) and the L2 order with the
// expected ones; removed characters ("x") are skipped in both.
func check(cls []xbidi.Class, levels []Level, base Level, want []string, order string) error {
	levels = line(cls, levels, base)
	var kept []Level
	var keptIdx []int
	for i, w := range want {
		if w == "x" {
			continue
		}
		if fmt.Sprint(levels[i]) != w {
			return fmt.Errorf("levels %v, want %v", levels, want)
		}
		kept = append(kept, levels[i])
		keptIdx = append(keptIdx, i)
	}
	var got []string
	for _, k := range Reorder(kept) {
		got = append(got, strconv.Itoa(keptIdx[k]))
	}
	if g := strings.Join(got, " "); g != strings.Join(strings.Fields(order), " ") {
		return fmt.Errorf("order %s, want %s", g, order)
	}
	return nil
}

// runBidiTest checks every case of a BidiTest.txt-format file: bidi
// classes with the paragraph directions they hold for.
func runBidiTest(t *testing.T, r io.Reader) int {
	sc := bufio.NewScanner(r)
	var levels []string
	var order string
	n, fails := 0, 0
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if v, ok := strings.CutPrefix(line, "@Levels:"); ok {
			levels = strings.Fields(v)
			continue
		}
		if v, ok := strings.CutPrefix(line, "@Reorder:"); ok {
			order = v
			continue
		}
		if line[0] == '@' {
			continue
		}
		in, bits, ok := strings.Cut(line, ";")
		if !ok {
			t.Fatalf("line %d: %q", ln, line)
		}
		var cls []xbidi.Class
		for _, f := range strings.Fields(in) {
			c, ok := classNames[f]
			if !ok {
				t.Fatalf("line %d: class %q", ln, f)
			}
			cls = append(cls, c)
		}
		set, err := strconv.ParseUint(strings.TrimSpace(bits), 16, 8)
		if err != nil {
			t.Fatalf("line %d: %v", ln, err)
		}
		for bit, dir := range map[uint64]Direction{1: Auto, 2: LeftToRight, 4: RightToLeft} {
			if set&bit == 0 {
				continue
			}
			n++
			lv, base := resolve(cls, nil, dir)
			if err := check(cls, lv, base, levels, order); err != nil {
				if fails++; fails <= 20 {
					t.Errorf("line %d (%s, dir %d): %v", ln, in, dir, err)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if fails > 0 {
		t.Errorf("%d of %d cases failed", fails, n)
	}
	return n
}

// runCharacterTest checks every case of a BidiCharacterTest.txt-format
// file: code points, paragraph direction, resolved paragraph level,
// levels and visual order. Cases with characters newer than Go's Unicode
// tables are skipped (their properties would differ).
func runCharacterTest(t *testing.T, r io.Reader) int {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	n, fails := 0, 0
lines:
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
				t.Fatalf("line %d: %v", ln, err)
			}
			if !unicode.In(rune(v), unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.C) {
				continue lines
			}
			rs = append(rs, rune(v))
		}
		dir := map[string]Direction{"0": LeftToRight, "1": RightToLeft, "2": Auto}[fs[1]]
		n++
		lv, base := Paragraph(rs, dir)
		err := check(classesOf(rs), lv, base, strings.Fields(fs[3]), fs[4])
		if err == nil && fmt.Sprint(base) != fs[2] {
			err = fmt.Errorf("paragraph level %d, want %s", base, fs[2])
		}
		if err != nil {
			if fails++; fails <= 20 {
				t.Errorf("line %d (%s; dir %s): %v", ln, fs[0], fs[1], err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if fails > 0 {
		t.Errorf("%d of %d cases failed", fails, n)
	}
	return n
}

func classesOf(rs []rune) []xbidi.Class {
	cls := make([]xbidi.Class, len(rs))
	for i, r := range rs {
		p, _ := xbidi.LookupRune(r)
		cls[i] = p.Class()
	}
	return cls
}

// TestConformsToBidiTest runs the sample of Unicode's BidiTest.txt kept
// in testdata (every class sequence there, in each paragraph direction).
func TestConformsToBidiTest(t *testing.T) {
	if n := runBidiTest(t, openTestdata(t, "BidiTest-sample.txt")); n < 1000 {
		t.Fatalf("only %d cases", n)
	}
}

// TestConformsToBidiCharacterTest runs the sample of Unicode's
// BidiCharacterTest.txt kept in testdata (brackets, numbers, isolates).
func TestConformsToBidiCharacterTest(t *testing.T) {
	if n := runCharacterTest(t, openTestdata(t, "BidiCharacterTest-sample.txt")); n < 1000 {
		t.Fatalf("only %d cases", n)
	}
}

// TestConformsToFullUnicodeFiles runs all of Unicode's BidiTest.txt and
// BidiCharacterTest.txt (about 490,000 and 91,000 cases).
func TestConformsToFullUnicodeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("full conformance files skipped in -short mode")
	}
	t.Run("BidiTest", func(t *testing.T) { t.Logf("%d cases", runBidiTest(t, unicodeFile(t, "BidiTest.txt"))) })
	t.Run("BidiCharacterTest", func(t *testing.T) {
		t.Logf("%d cases", runCharacterTest(t, unicodeFile(t, "BidiCharacterTest.txt")))
	})
}

// FuzzParagraph: any text resolves without panicking to one level per rune
// within the depth limit, every line's L1 levels keep that length, and L2
// orders each index exactly once.
func FuzzParagraph(f *testing.F) {
	for _, s := range []string{"hello مرحبا 123 world", "\u202bא\u202a(b\u2067c\u2069)\u202c\u202c", "((((]]", "١٢٣ - 45%"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, d uint8) {
		rs := []rune(s)
		lv, base := Paragraph(rs, Direction(d%3))
		if len(lv) != len(rs) || base > 1 {
			t.Fatalf("%d levels for %d runes, base %d", len(lv), len(rs), base)
		}
		for _, l := range lv {
			if l > maxDepth+1 {
				t.Fatalf("level %d", l)
			}
		}
		line := Line(rs, lv, base)
		seen := make([]bool, len(rs))
		for _, i := range Reorder(line) {
			if seen[i] {
				t.Fatalf("index %d twice", i)
			}
			seen[i] = true
		}
	})
}
