package compose

import (
	"image"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/reelkit/reel/styles"
)

var photoCache sync.Map // name -> *Photo

// testPhoto decodes testdata/photos/<name> once per test binary.
func testPhoto(tb testing.TB, name string) *Photo {
	tb.Helper()
	if p, ok := photoCache.Load(name); ok {
		return p.(*Photo)
	}
	f, err := os.Open(filepath.Join("..", "testdata", "photos", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	p, err := DecodePhoto(f, DecodeOptions{})
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	photoCache.Store(name, p)
	return p
}

// styleWith returns a copy of the named built-in style changed by edit.
func styleWith(tb testing.TB, name string, edit func(*styles.Style)) *styles.Style {
	tb.Helper()
	st, ok := styles.Builtin().Lookup(name)
	if !ok {
		tb.Fatalf("no style %q", name)
	}
	c := *st
	if edit != nil {
		edit(&c)
	}
	return &c
}

func newYCbCr(w, h int) *image.YCbCr {
	return image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
}
