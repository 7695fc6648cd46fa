package text

import (
	"image"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/reelkit/reel/styles"
)

// frameSizes are the standard renditions.
var frameSizes = []image.Point{{640, 360}, {854, 480}, {1280, 720}}

func builtin(t testing.TB) *styles.Registry {
	t.Helper()
	r, err := styles.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// inkCount counts sprite pixels with non-zero alpha.
func inkCount(img *image.RGBA) int {
	if img == nil {
		return 0
	}
	n := 0
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] != 0 {
			n++
		}
	}
	return n
}

// inkBounds is the bounding box of the non-transparent pixels of a sprite
// placed at `at`, in frame coordinates.
func inkBounds(img *image.RGBA, at image.Point) image.Rectangle {
	var r image.Rectangle
	if img == nil {
		return r
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if img.Pix[img.PixOffset(x, y)+3] != 0 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r.Add(at)
}

// randomText makes strings of the kinds that break layouts: long words,
// many lines, blank, mixed scripts, runes no font has, invalid UTF-8.
func randomText(rng *rand.Rand) string {
	pools := []string{
		"the quick brown fox jumps over lazy dog summer holiday",
		"Ωμέγα Αλφάβητο ελληνικά καλοκαίρι θάλασσα",
		"Привет мир Москва лето море съешь же ещё этих",
		"Żółć ĞŞİ ŉŦŁ Æsir Ørsted déjà vu naïve façade",
		"漢字 かな 한국어 עברית العربية 😀 \uE000 \U0001F9FF",
		"WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
	}
	var sb strings.Builder
	switch rng.IntN(8) {
	case 0:
		return ""
	case 1:
		return strings.Repeat(" \n\t", rng.IntN(5))
	case 2:
		return strings.Repeat("Supercalifragilistic", 1+rng.IntN(8))
	case 3:
		for i := 0; i < 1+rng.IntN(30); i++ {
			sb.WriteString("line\n")
		}
		return sb.String()
	case 4:
		b := make([]byte, rng.IntN(80))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return string(b)
	}
	n := 1 + rng.IntN(40)
	for i := 0; i < n; i++ {
		words := strings.Fields(pools[rng.IntN(len(pools))])
		sb.WriteString(words[rng.IntN(len(words))])
		switch rng.IntN(10) {
		case 0:
			sb.WriteString("\n")
		case 1:
			sb.WriteString("")
		default:
			sb.WriteString(" ")
		}
	}
	return sb.String()
}
