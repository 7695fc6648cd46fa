package compose

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// pattern is a small asymmetric test picture: four coloured quadrants
// (red, green / blue, white) so any flip or rotation is detectable.
func pattern(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{255, 0, 0, 255}
			switch {
			case x >= w/2 && y < h/2:
				c = color.RGBA{0, 255, 0, 255}
			case x < w/2 && y >= h/2:
				c = color.RGBA{0, 0, 255, 255}
			case x >= w/2 && y >= h/2:
				c = color.RGBA{255, 255, 255, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

func encodeWith(t *testing.T, f func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// quadrantColours samples the middle of each quadrant of the decoded photo.
func quadrantColours(p *Photo) [4]color.RGBA {
	m := p.Image()
	w, h := m.Bounds().Dx(), m.Bounds().Dy()
	return [4]color.RGBA{m.RGBAAt(w/4, h/4), m.RGBAAt(3*w/4, h/4), m.RGBAAt(w/4, 3*h/4), m.RGBAAt(3*w/4, 3*h/4)}
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

func TestDecodeFormats(t *testing.T) {
	t.Parallel()
	src := pattern(64, 48)
	want := quadrantColours(&Photo{img: src})
	gray := image.NewGray(src.Bounds())
	for i := range gray.Pix {
		gray.Pix[i] = 200
	}
	n16 := image.NewNRGBA64(src.Bounds())
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			n16.Set(x, y, src.At(x, y))
		}
	}
	pal := image.NewPaletted(src.Bounds(), palette.Plan9)
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			pal.Set(x, y, src.At(x, y))
		}
	}
	tests := []struct {
		name, format string
		data         []byte
		want         [4]color.RGBA
		tol          int
	}{
		{"jpeg", "jpeg", encodeWith(t, func(b *bytes.Buffer) error { return jpeg.Encode(b, src, &jpeg.Options{Quality: 100}) }), want, 12},
		{"jpeg-gray", "jpeg", encodeWith(t, func(b *bytes.Buffer) error { return jpeg.Encode(b, gray, nil) }), [4]color.RGBA{{200, 200, 200, 255}, {200, 200, 200, 255}, {200, 200, 200, 255}, {200, 200, 200, 255}}, 2},
		{"png8", "png", encodeWith(t, func(b *bytes.Buffer) error { return png.Encode(b, src) }), want, 0},
		{"png16", "png", encodeWith(t, func(b *bytes.Buffer) error { return png.Encode(b, n16) }), want, 0},
		{"png-paletted", "png", encodeWith(t, func(b *bytes.Buffer) error { return png.Encode(b, pal) }), want, 0},
		{"gif", "gif", encodeWith(t, func(b *bytes.Buffer) error { return gif.Encode(b, src, nil) }), want, 0},
		{"bmp", "bmp", encodeWith(t, func(b *bytes.Buffer) error { return bmp.Encode(b, src) }), want, 0},
		{"tiff", "tiff", encodeWith(t, func(b *bytes.Buffer) error { return tiff.Encode(b, src, nil) }), want, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := DecodePhoto(bytes.NewReader(tc.data), DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Format() != tc.format || p.Bounds().Dx() != 64 || p.Bounds().Dy() != 48 {
				t.Fatalf("format %s size %v", p.Format(), p.Bounds())
			}
			got := quadrantColours(p)
			for i := range got {
				if !near(got[i], tc.want[i], tc.tol) {
					t.Errorf("quadrant %d = %v, want %v±%d", i, got[i], tc.want[i], tc.tol)
				}
			}
		})
	}
}

// TestGIFSmallFirstFrame: an animated GIF whose first frame covers part of
// the logical screen decodes at the screen's size.
func TestGIFSmallFirstFrame(t *testing.T) {
	t.Parallel()
	fr := image.NewPaletted(image.Rect(10, 5, 30, 15), palette.Plan9)
	for i := range fr.Pix {
		fr.Pix[i] = 3
	}
	g := &gif.GIF{Image: []*image.Paletted{fr}, Delay: []int{10}, Config: image.Config{Width: 40, Height: 20}}
	g.Config.ColorModel = color.Palette(palette.Plan9)
	data := encodeWith(t, func(b *bytes.Buffer) error { return gif.EncodeAll(b, g) })
	p, err := DecodePhoto(bytes.NewReader(data), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b := p.Bounds(); b.Dx() != 40 || b.Dy() != 20 || p.Opaque() {
		t.Errorf("bounds %v opaque %v, want 40x20 with transparent margins", b, p.Opaque())
	}
}

// TestDecodeTestPhotos decodes every committed photo variant.
func TestDecodeTestPhotos(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file   string
		format string
		w, h   int // upright source size
		opaque bool
	}{
		{"01.jpg", "jpeg", 1600, 1000, true},
		{"portrait.jpg", "jpeg", 900, 1200, true},
		{"exif-rotated.jpg", "jpeg", 1280, 800, true}, // stored 800x1280, orientation 6
		{"alpha.png", "png", 640, 400, false},
		{"gray.jpg", "jpeg", 1280, 854, true},
		{"cmyk.jpg", "jpeg", 1024, 640, true},
		{"progressive.jpg", "jpeg", 1280, 960, true},
		{"../../compose/testdata/formats/small.webp", "webp", 160, 120, true},
		{"../../compose/testdata/formats/lossless.webp", "webp", 160, 120, true},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "photos", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			p, err := DecodePhoto(bytes.NewReader(data), DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			w, h := p.SourceSize()
			if p.Format() != tc.format || w != tc.w || h != tc.h || p.Opaque() != tc.opaque {
				t.Errorf("got %s %dx%d opaque=%v, want %s %dx%d opaque=%v", p.Format(), w, h, p.Opaque(), tc.format, tc.w, tc.h, tc.opaque)
			}
			// not blank: some spread of values
			m := p.Image()
			lo, hi := 255, 0
			for i := 0; i < len(m.Pix); i += 4 * 97 {
				lo, hi = min(lo, int(m.Pix[i+1])), max(hi, int(m.Pix[i+1]))
			}
			if hi-lo < 40 {
				t.Errorf("decoded image looks flat (green %d..%d)", lo, hi)
			}
		})
	}
}

// TestCMYKMatchesSource: the CMYK variant decodes to the colours of the
// photo it came from (10.jpg), so the Adobe inversion is handled.
func TestCMYKMatchesSource(t *testing.T) {
	t.Parallel()
	a, b := testPhoto(t, "cmyk.jpg"), testPhoto(t, "10.jpg")
	ai, bi := a.Image(), b.Image()
	sx := float64(bi.Bounds().Dx()) / float64(ai.Bounds().Dx())
	var sum, n float64
	for y := 10; y < ai.Bounds().Dy()-10; y += 37 {
		for x := 10; x < ai.Bounds().Dx()-10; x += 37 {
			ca := ai.RGBAAt(x, y)
			cb := bi.RGBAAt(int(float64(x)*sx), int(float64(y)*sx))
			for _, d := range []int{int(ca.R) - int(cb.R), int(ca.G) - int(cb.G), int(ca.B) - int(cb.B)} {
				sum += float64(max(d, -d))
				n++
			}
		}
	}
	if mean := sum / n; mean > 8 {
		t.Errorf("CMYK photo differs from its source by %.1f levels on average", mean)
	}
}

// withEXIF inserts an APP1 EXIF segment holding only the orientation.
func withEXIF(j []byte, o uint16, little bool) []byte {
	tiffHdr := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, byte(o >> 8), byte(o), 0, 0, 0, 0, 0, 0}
	if little {
		tiffHdr = []byte{'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, byte(o), byte(o >> 8), 0, 0, 0, 0, 0, 0}
	}
	payload := append([]byte("Exif\x00\x00"), tiffHdr...)
	n := len(payload) + 2
	out := append([]byte{0xFF, 0xD8, 0xFF, 0xE1, byte(n >> 8), byte(n)}, payload...)
	return append(out, j[2:]...)
}

// TestEXIFOrientations: a picture stored in each of the 8 orientations
// decodes upright.
func TestEXIFOrientations(t *testing.T) {
	t.Parallel()
	upright := pattern(64, 32)
	want := quadrantColours(&Photo{img: upright})
	inverse := map[Orientation]Orientation{6: 8, 8: 6}
	for o := Orientation(1); o <= 8; o++ {
		for _, little := range []bool{false, true} {
			inv := o
			if v, ok := inverse[o]; ok {
				inv = v
			}
			stored := orient(upright, inv)
			data := withEXIF(encodeWith(t, func(b *bytes.Buffer) error { return jpeg.Encode(b, stored, &jpeg.Options{Quality: 100}) }), uint16(o), little)
			p, err := DecodePhoto(bytes.NewReader(data), DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if b := p.Bounds(); b.Dx() != 64 || b.Dy() != 32 {
				t.Fatalf("orientation %d: size %v, want 64x32", o, b)
			}
			got := quadrantColours(p)
			for i := range got {
				if !near(got[i], want[i], 16) {
					t.Errorf("orientation %d (little=%v): quadrant %d = %v, want %v", o, little, i, got[i], want[i])
				}
			}
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	good := encodeWith(t, func(b *bytes.Buffer) error { return jpeg.Encode(b, pattern(64, 48), nil) })
	goodPNG := encodeWith(t, func(b *bytes.Buffer) error { return png.Encode(b, pattern(64, 48)) })
	// a PNG header claiming 20000x20000 (400 MP) followed by nothing useful
	huge := append([]byte{}, goodPNG...)
	huge[16], huge[17], huge[18], huge[19] = 0, 0, 0x4E, 0x20
	huge[20], huge[21], huge[22], huge[23] = 0, 0, 0x4E, 0x20
	binary.BigEndian.PutUint32(huge[29:33], crc32.ChecksumIEEE(huge[12:29]))
	corrupt := append([]byte{}, good...)
	for i := 30; i < 200 && i < len(corrupt); i++ {
		corrupt[i] = 0xFF ^ byte(i)
	}
	tests := []struct {
		name string
		data []byte
		opts DecodeOptions
		want error
	}{
		{"empty", nil, DecodeOptions{}, ErrNotImage},
		{"text", []byte("hello, this is not a picture"), DecodeOptions{}, ErrNotImage},
		{"truncated-jpeg", good[:len(good)/2], DecodeOptions{}, ErrTruncated},
		{"truncated-png", goodPNG[:len(goodPNG)/2], DecodeOptions{}, ErrTruncated},
		{"header-only-jpeg", good[:4], DecodeOptions{}, ErrTruncated},
		{"corrupt-jpeg", corrupt, DecodeOptions{}, ErrCorrupt},
		{"too-many-pixels", huge, DecodeOptions{}, ErrTooLarge},
		{"over-pixel-limit", good, DecodeOptions{MaxPixels: 1000}, ErrTooLarge},
		{"over-byte-limit", good, DecodeOptions{MaxBytes: 100}, ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := DecodePhoto(bytes.NewReader(tc.data), tc.opts)
			if err == nil {
				t.Fatalf("decoded %v, want error %v", p.Bounds(), tc.want)
			}
			var de *DecodeError
			if !errors.As(err, &de) || !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want a *DecodeError of kind %v", err, tc.want)
			}
		})
	}
}

// TestPrescale: a photo is reduced to just cover the working size, keeping
// its aspect; small photos are not enlarged.
func TestPrescale(t *testing.T) {
	t.Parallel()
	data := encodeWith(t, func(b *bytes.Buffer) error { return png.Encode(b, pattern(1000, 500)) })
	p, err := DecodePhoto(bytes.NewReader(data), DecodeOptions{WorkWidth: 160, WorkHeight: 90})
	if err != nil {
		t.Fatal(err)
	}
	if b := p.Bounds(); b.Dx() != 180 || b.Dy() != 90 {
		t.Errorf("prescaled to %v, want 180x90 (covers 160x90)", b)
	}
	if got, want := quadrantColours(p), quadrantColours(&Photo{img: pattern(180, 90)}); got != want {
		t.Errorf("quadrants %v, want %v", got, want)
	}
	p, err = DecodePhoto(bytes.NewReader(data), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b := p.Bounds(); b.Dx() != 1000 {
		t.Errorf("small photo resized to %v", b)
	}
}
