package text

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the script goldens in testdata/golden")

// scriptSamples are the per-script golden strings: a title and a caption.
var scriptSamples = []struct {
	name, title, caption string
	system               string // the system font package the sample needs, if any
}{
	{"latin", "Office affine fjord", "Ligatures: office, affine, fluffy", ""},
	{"devanagari", "नमस्ते दुनिया", "क्षत्रिय र्क कि श्री हिन्दी में स्वागत है", ""},
	{"arabic", "مرحبا بالعالم", "لا إله إلا الله — السلام عليكم", ""},
	{"hebrew", "שלום עולם", "ברוכים הבאים לסרטון שלנו", ""},
	{"mixed", "Hello שלום عالم", "Price 100 ₪ اليوم مع reel 2026", ""},
	{"cjk", "你好，世界", "こんにちは、世界。今日はいい天気ですね。", "fonts-noto-cjk"},
	{"emoji", "Party 🎉", "Team 👩‍💻👍🏽 ready 🏳️‍🌈", "fonts-noto-color-emoji"},
}

// TestScriptGoldens renders a text slide and a caption per script with
// the vanilla style at 640x360 and compares them with the goldens
// (-update rewrites them; look at them before committing).
func TestScriptGoldens(t *testing.T) {
	t.Parallel()
	st, ok := builtin(t).Lookup("vanilla")
	if !ok {
		t.Fatal("no vanilla style")
	}
	const w, h = 640, 360
	for _, sm := range scriptSamples {
		t.Run(sm.name, func(t *testing.T) {
			var env Env
			if sm.system != "" {
				env.Fonts = needSystemFont(t, string([]rune(sm.title)[0]), sm.system)
				if sm.name == "emoji" {
					env.Fonts = needSystemFont(t, "🎉", sm.system)
				}
			}
			img := image.NewRGBA(image.Rect(0, 0, w, h*2))
			draw.Draw(img, image.Rect(0, 0, w, h), image.NewUniform(color.RGBA(st.Palette.Background)), image.Point{}, draw.Src)
			draw.Draw(img, image.Rect(0, h, w, 2*h), image.NewUniform(color.RGBA{70, 110, 150, 255}), image.Point{}, draw.Src)
			var missing []rune
			env.Warn = func(r rune) { missing = append(missing, r) }
			tb, xb, err := TextSlide(st, w, h, sm.title, sm.caption, &env)
			if err != nil {
				t.Fatal(err)
			}
			cp, err := Caption(st, w, h, sm.caption, &env)
			if err != nil {
				t.Fatal(err)
			}
			cp.At.Y += h
			for _, p := range []Placed{tb, xb, cp} {
				if p.Image != nil {
					draw.Draw(img, p.Rect(), p.Image, image.Point{}, draw.Over)
				}
			}
			if len(missing) > 0 {
				t.Errorf("missing glyphs %q", string(missing))
			}
			compareGolden(t, filepath.Join("testdata", "golden", "script-"+sm.name+".png"), img)
		})
	}
}

// compareGolden compares img with the PNG at path: at most 0.5 % of the
// pixels may differ by more than 24 levels in a channel.
func compareGolden(t *testing.T, path string, img *image.RGBA) {
	t.Helper()
	if *updateGolden {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test ./compose/text -run %s -update)", err, t.Name())
	}
	defer f.Close()
	g, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if g.Bounds() != img.Bounds() {
		t.Fatalf("size %v, golden %v", img.Bounds(), g.Bounds())
	}
	bad := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, _ := img.At(x, y).RGBA()
			r2, g2, b2, _ := g.At(x, y).RGBA()
			if absDiff(r1, r2) > 24<<8 || absDiff(g1, g2) > 24<<8 || absDiff(b1, b2) > 24<<8 {
				bad++
			}
		}
	}
	if limit := b.Dx() * b.Dy() / 200; bad > limit {
		t.Errorf("%d pixels differ from %s (limit %d)", bad, path, limit)
		fmt.Fprint(os.Stderr)
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}
