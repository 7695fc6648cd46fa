package text

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/chromedp/chromedp"
)

// wrapWidth is the width of Chromium's wrapped bidi lines.
const wrapWidth = "6em"

// chromiumOrders lays every bidi case out in headless Chromium, once on
// one nowrap line and once wrapped at wrapWidth, per paragraph direction,
// and returns the visual order of each case's grapheme clusters (sorted by
// the centre of each cluster's Range.getBoundingClientRect; per line,
// without the spaces a line ends with), keyed by direction+"\t"+text.
func chromiumOrders(t *testing.T) map[string]string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium): skipping the comparison with Chromium's bidi order; the recorded orders are still checked")
	}
	var page strings.Builder
	fmt.Fprintf(&page, `<!doctype html><meta charset="utf-8"><style>div{white-space:pre;font:24px sans-serif;margin:4px}div.wrap{white-space:normal;width:%s}</style><body>`, wrapWidth)
	var keys []string
	for _, s := range bidiCases {
		var ranges [][2]int // UTF-16 offsets, as DOM ranges count
		u16 := func(runes int) int { return len(utf16.Encode([]rune(s)[:runes])) }
		for _, g := range graphemeRanges(s) {
			ranges = append(ranges, [2]int{u16(g[0]), u16(g[1])})
		}
		rj, err := json.Marshal(ranges)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range bidiDirs {
			keys = append(keys, d.name+"\t"+s, d.name+wrapSuffix+"\t"+s)
			fmt.Fprintf(&page, "<div dir=%q data-g=%q>%s</div>\n", d.name, rj, html.EscapeString(s))
			fmt.Fprintf(&page, "<div class=wrap dir=%q data-g=%q>%s</div>\n", d.name, rj, html.EscapeString(s))
		}
	}
	file := filepath.Join(t.TempDir(), "bidi.html")
	if err := os.WriteFile(file, []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	defer acancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, stop := context.WithTimeout(ctx, 90*time.Second)
	defer stop()
	const measure = `[...document.querySelectorAll('div')].map(d => {
		const node = d.firstChild;
		return JSON.parse(d.dataset.g).map(([s, e]) => {
			const r = document.createRange();
			r.setStart(node, s);
			r.setEnd(node, e);
			const b = r.getBoundingClientRect();
			return [(b.left + b.right) / 2, (b.top + b.bottom) / 2];
		});
	})`
	if _, err := chromedp.Run(ctx, chromedp.Navigate("file://"+file)); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	centres, err := chromedp.Run(ctx, chromedp.Evaluate[[][][2]float64](measure))
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	if len(centres) != len(keys) {
		t.Fatalf("chromium measured %d blocks, want %d", len(centres), len(keys))
	}
	out := map[string]string{}
	for i, k := range keys {
		text := k[strings.IndexByte(k, '\t')+1:]
		out[k] = formatLines(chromiumLines(text, centres[i]))
	}
	return out
}

// chromiumLines splits the graphemes of s into Chromium's lines (a line
// starts where the centre moves down by more than half the 24 px font)
// and orders each line by x, without the spaces that end it.
func chromiumLines(s string, centres [][2]float64) [][]int {
	gr := graphemeRanges(s)
	rs := []rune(s)
	var lines [][]int
	lineY := math.Inf(-1)
	for k, c := range centres {
		if c[1] > lineY+12 {
			lines = append(lines, nil)
			lineY = c[1]
		}
		lines[len(lines)-1] = append(lines[len(lines)-1], k)
	}
	for i, l := range lines {
		for len(l) > 0 && strings.TrimSpace(string(rs[gr[l[len(l)-1]][0]:gr[l[len(l)-1]][1]])) == "" {
			l = l[:len(l)-1]
		}
		sort.SliceStable(l, func(a, b int) bool { return centres[l[a]][0] < centres[l[b]][0] })
		lines[i] = l
	}
	return lines
}

// TestBidiOrderMatchesChromium compares the visual order of every bidi
// case in every paragraph direction with Chromium's, and Chromium's with
// the recorded orders the Chromium-free test uses (-update records
// Chromium's).
func TestBidiOrderMatchesChromium(t *testing.T) {
	chrome := chromiumOrders(t)
	if *updateGolden {
		writeBidiGolden(t, chrome)
	}
	golden := readBidiGolden(t)
	match, lines := 0, 0
	for _, s := range bidiCases {
		for _, d := range bidiDirs {
			for _, k := range []string{d.name + "\t" + s, d.name + wrapSuffix + "\t" + s} {
				got := ourOrder(t, k, chrome[k])
				lines += strings.Count(got, "|") + 1
				switch {
				case chrome[k] != got:
					t.Errorf("%s %q: drawn order %s, Chromium %s", d.name, s, got, chrome[k])
				case golden[k] != chrome[k]:
					t.Errorf("%s %q: Chromium %s, recorded %s (Chromium changed? -update rewrites)", d.name, s, chrome[k], golden[k])
				default:
					match++
				}
			}
		}
	}
	t.Logf("%d of %d layouts (%d lines) drawn in Chromium's order", match, 2*len(bidiCases)*len(bidiDirs), lines)
}
