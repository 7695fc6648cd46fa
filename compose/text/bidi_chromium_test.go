package text

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/chromedp/chromedp"
)

// chromiumOrders lays every bidi case out in headless Chromium, one
// nowrap line per case and direction, and returns the visual order of
// each case's grapheme clusters (sorted by the centre of each cluster's
// Range.getBoundingClientRect), keyed by direction+"\t"+text.
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
	page.WriteString(`<!doctype html><meta charset="utf-8"><style>div{white-space:pre;font:24px sans-serif;margin:4px}</style><body>`)
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
			keys = append(keys, d.name+"\t"+s)
			fmt.Fprintf(&page, "<div dir=%q data-g=%q>%s</div>\n", d.name, rj, html.EscapeString(s))
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
			return (b.left + b.right) / 2;
		});
	})`
	if _, err := chromedp.Run(ctx, chromedp.Navigate("file://"+file)); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	xs, err := chromedp.Run(ctx, chromedp.Evaluate[[][]float64](measure))
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	if len(xs) != len(keys) {
		t.Fatalf("chromium measured %d lines, want %d", len(xs), len(keys))
	}
	out := map[string]string{}
	for i, k := range keys {
		out[k] = formatOrder(orderByX(xs[i]))
	}
	return out
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
	match := 0
	for _, s := range bidiCases {
		for _, d := range bidiDirs {
			k := d.name + "\t" + s
			got := formatOrder(drawnOrder(t, s, d.dir))
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
	t.Logf("%d of %d lines drawn in Chromium's order", match, len(bidiCases)*len(bidiDirs))
}
