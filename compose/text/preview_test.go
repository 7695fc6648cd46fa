package text

import (
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var previewDir = flag.String("preview", "", "write preview PNGs of every style's text cards to this directory")

// TestPreview writes, with -preview DIR, one 1280x720 (and 640x360) PNG
// per style and card so a person can look at the text layouts.
func TestPreview(t *testing.T) {
	t.Parallel()
	if *previewDir == "" {
		t.Skip("pass -preview DIR to write preview PNGs")
	}
	for _, st := range builtin(t).List() {
		for _, sz := range []image.Point{{1280, 720}, {640, 360}} {
			bg := func(photo bool) *image.RGBA {
				img := image.NewRGBA(image.Rect(0, 0, sz.X, sz.Y))
				c := color.RGBA(st.Palette.Background)
				for y := 0; y < sz.Y; y++ {
					for x := 0; x < sz.X; x++ {
						if photo { // a bright, busy "photo"
							img.Pix[img.PixOffset(x, y)+0] = uint8(x * 255 / sz.X)
							img.Pix[img.PixOffset(x, y)+1] = uint8(200 - y*120/sz.Y)
							img.Pix[img.PixOffset(x, y)+2] = uint8((x ^ y) & 0xff)
							img.Pix[img.PixOffset(x, y)+3] = 255
						} else {
							img.Set(x, y, c)
						}
					}
				}
				return img
			}
			put := func(dst *image.RGBA, ps ...Placed) {
				for _, p := range ps {
					if p.Block != nil && p.Image != nil {
						draw.Draw(dst, p.Rect(), p.Image, image.Point{}, draw.Over)
					}
				}
			}
			save := func(name string, img *image.RGBA) {
				f, err := os.Create(filepath.Join(*previewDir, name))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := png.Encode(f, img); err != nil {
					t.Fatal(err)
				}
			}
			pre := st.MachineName + "-" + itoa(sz.Y) + "-"
			img := bg(true)
			c, _ := Caption(st, sz.X, sz.Y, "Sunset over the lake at Ohrid — Ωμέγα, Привет! And a caption long enough to wrap onto a second line and beyond, to show the ellipsis", nil)
			put(img, c)
			save(pre+"caption.png", img)
			img = bg(false)
			a, b, _ := TextSlide(st, sz.X, sz.Y, "Summer 2026", "Two weeks by the sea with the whole family, grandparents included", nil)
			put(img, a, b)
			save(pre+"textslide.png", img)
			img = bg(false)
			tc, _ := TitleCard(st, sz.X, sz.Y, "Our Trip to Lake Ohrid", nil)
			put(img, tc)
			save(pre+"title.png", img)
			img = bg(false)
			cr, _ := Credits(st, sz.X, sz.Y, [][2]string{{"Music", "Kevin MacLeod — Carefree"}, {"Photos", "The Petrov family"}, {"Edited by", "Ana"}, {"Filmed on", "Phones"}}, nil)
			if len(cr.Pages) > 0 {
				put(img, cr.Pages[0]...)
			}
			for _, p := range cr.Roll {
				p.At.Y += sz.Y / 4
				put(img, p)
			}
			save(pre+"credits.png", img)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
