package compose

import (
	"bytes"
	"errors"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// fuzzSeeds are small valid images of every format (plus cut-off copies).
func fuzzSeeds(f *testing.F) [][]byte {
	src := pattern(24, 16)
	var seeds [][]byte
	for _, enc := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return jpeg.Encode(b, src, nil) },
		func(b *bytes.Buffer) error { return png.Encode(b, src) },
		func(b *bytes.Buffer) error { return gif.Encode(b, src, nil) },
		func(b *bytes.Buffer) error { return bmp.Encode(b, src) },
		func(b *bytes.Buffer) error { return tiff.Encode(b, src, nil) },
	} {
		var b bytes.Buffer
		if err := enc(&b); err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b.Bytes(), b.Bytes()[:b.Len()/2])
	}
	if w, err := os.ReadFile("testdata/formats/small.webp"); err == nil {
		seeds = append(seeds, w)
	}
	seeds = append(seeds, withEXIF(seeds[0], 6, false), withEXIF(seeds[0], 3, true))
	return seeds
}

// FuzzDecodePhoto: any input either decodes to a non-empty photo or fails
// with a *DecodeError; it never panics or hangs.
func FuzzDecodePhoto(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := DecodePhoto(bytes.NewReader(data), DecodeOptions{MaxPixels: 1 << 20, WorkWidth: 64, WorkHeight: 36})
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			return
		}
		if p.Bounds().Empty() {
			t.Fatal("decoded an empty photo")
		}
	})
}

// FuzzOrientation: the EXIF/TIFF/WebP orientation parsers accept any bytes
// and answer 1..8.
func FuzzOrientation(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Add([]byte("MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00"))
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x04\x00\x01\x00\x00\x00\x05\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, o := range []Orientation{jpegOrientation(data), tiffOrientation(data), webpOrientation(data)} {
			if o < 1 || o > 8 {
				t.Fatalf("orientation %d", o)
			}
		}
	})
}

func TestTIFFOrientation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want Orientation
	}{
		{"big-endian short", "MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00", 6},
		{"little-endian long", "II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x04\x00\x01\x00\x00\x00\x05\x00\x00\x00", 5},
		{"out of range", "MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x09\x00\x00", 1},
		{"IFD past end", "MM\x00*\x00\x00\xff\x08", 1},
		{"entry count lies", "MM\x00*\x00\x00\x00\x08\xff\xff\x01\x12", 1},
		{"not tiff", "hello world", 1},
	}
	for _, tc := range tests {
		if got := tiffOrientation([]byte(tc.data)); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// FuzzRenderText: captions, text slides and credits from any strings
// render without panicking (an error is allowed only for invalid input).
func FuzzRenderText(f *testing.F) {
	f.Add("Dunes at sunset", "Day two", "Into the hills")
	f.Add("", "", "")
	f.Add("a\nb\nc\nd\ne", "Ωμέγα Привет ☃ \u200d\U0001F600", "supercalifragilisticexpialidocious-without-any-breaks")
	photo := solidPhoto(color.RGBA{90, 120, 150, 255})
	st := styleWith(f, "retro", nil) // typewriter, rolling credits, grain
	f.Fuzz(func(t *testing.T, caption, title, text string) {
		r := NewRenderer(st, 160, 90, Options{})
		dst := newYCbCr(160, 90)
		for _, s := range []*Slide{
			{Kind: PhotoSlide, Photo: photo, Caption: caption, Duration: 3},
			{Kind: TextSlide, Title: title, Text: text, Duration: 3, Index: 1},
			{Kind: TitleCard, Title: caption, Duration: 3},
			{Kind: CreditsCard, Credits: [][2]string{{title, text}, {caption, title}}, Duration: 3},
		} {
			for _, tt := range []float64{0, 0.7, 2.9} {
				_ = r.Render(dst, Scene{Current: Shot{Slide: s, T: tt}})
			}
		}
	})
}
