package clip

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testGIF is an 8x8 animation: a red frame (100 ms), a green 4x4 corner
// (200 ms, disposed by restoring the previous canvas), a blue 2x2 corner
// at (6,6) (delay 0: plays 100 ms, as in browsers).
func testGIF(t testing.TB) []byte {
	pal := color.Palette{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}, color.RGBA{0, 0, 255, 255}}
	frame := func(r image.Rectangle, idx uint8) *image.Paletted {
		m := image.NewPaletted(r, pal)
		for i := range m.Pix {
			m.Pix[i] = idx
		}
		return m
	}
	g := &gif.GIF{
		Image:    []*image.Paletted{frame(image.Rect(0, 0, 8, 8), 0), frame(image.Rect(0, 0, 4, 4), 1), frame(image.Rect(6, 6, 8, 8), 2)},
		Delay:    []int{10, 20, 0},
		Disposal: []byte{gif.DisposalNone, gif.DisposalPrevious, gif.DisposalBackground},
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// lumaAt returns the luma of img at (x, y).
func lumaAt(img *image.YCbCr, x, y int) int { return int(img.Y[y*img.YStride+x]) }

// BT.709 limited-range luma of pure red, green, blue and black.
const (
	yRed, yGreen, yBlue, yBlack = 63, 173, 32, 16
)

func TestGIFPlaysWithDelaysAndDisposal(t *testing.T) {
	data := testGIF(t)
	inf, err := Probe(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if inf.Container != "gif" || inf.Width != 8 || inf.Height != 8 || inf.Duration != 400*time.Millisecond || !inf.VariableFrameRate || inf.FrameRate != 7.5 {
		t.Fatalf("info %+v", inf)
	}
	r, err := Open(context.Background(), bytes.NewReader(data), int64(len(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, c := range []struct {
		at         time.Duration
		x, y, luma int
	}{
		{0, 1, 1, yRed},
		{150 * time.Millisecond, 1, 1, yGreen},
		{150 * time.Millisecond, 6, 6, yRed},
		{350 * time.Millisecond, 1, 1, yRed}, // frame 2 restored the canvas
		{350 * time.Millisecond, 6, 6, yBlue},
		{time.Hour, 6, 6, yBlue},
		{50 * time.Millisecond, 1, 1, yRed}, // backwards
		{299 * time.Millisecond, 1, 1, yGreen},
	} {
		img, err := r.FrameAt(context.Background(), c.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := lumaAt(img, c.x, c.y); got != c.luma {
			t.Errorf("at %v (%d,%d): luma %d, want %d", c.at, c.x, c.y, got, c.luma)
		}
	}
}

func TestAnimatedWebPLosslessFrames(t *testing.T) {
	r := openTestdata(t, "anim.webp", Options{})
	inf := r.Info()
	if inf.Container != "webp" || inf.Width != 16 || inf.Height != 16 || inf.Duration != 400*time.Millisecond || !inf.VariableFrameRate {
		t.Fatalf("info %+v", inf)
	}
	for _, c := range []struct {
		at   time.Duration
		luma int
	}{{0, yRed}, {99 * time.Millisecond, yRed}, {100 * time.Millisecond, yGreen}, {299 * time.Millisecond, yGreen}, {300 * time.Millisecond, yBlue}} {
		img, err := r.FrameAt(context.Background(), c.at)
		if err != nil {
			t.Fatal(err)
		}
		// ffmpeg made the frames from YUV colour sources: within 2 levels.
		if got := lumaAt(img, 5, 5); got < c.luma-2 || got > c.luma+2 {
			t.Errorf("at %v: luma %d, want %d±2", c.at, got, c.luma)
		}
	}
}

func TestAnimatedWebPSubFramesDisposeToTransparent(t *testing.T) {
	r := openTestdata(t, "box.webp", Options{})
	// An 8x8 red box (lossy VP8) on a transparent 32x32 canvas, moving
	// right 8 px per frame; each frame is disposed to the background.
	for _, c := range []struct {
		at         time.Duration
		x, y, luma int
	}{
		{0, 10, 10, yRed}, {0, 20, 10, yBlack},
		{150 * time.Millisecond, 10, 10, yBlack}, {150 * time.Millisecond, 20, 10, yRed},
		{250 * time.Millisecond, 20, 10, yBlack}, {250 * time.Millisecond, 28, 10, yRed},
	} {
		img, err := r.FrameAt(context.Background(), c.at)
		if err != nil {
			t.Fatal(err)
		}
		// Lossy VP8 of a small red box: within 10 levels (black is 47 away).
		if got := lumaAt(img, c.x, c.y); got < c.luma-10 || got > c.luma+10 {
			t.Errorf("at %v (%d,%d): luma %d, want %d±10", c.at, c.x, c.y, got, c.luma)
		}
	}
}

func TestStillImagesAreNotClips(t *testing.T) {
	pal := color.Palette{color.Black, color.White}
	var still bytes.Buffer
	if err := gif.Encode(&still, image.NewPaletted(image.Rect(0, 0, 4, 4), pal), nil); err != nil {
		t.Fatal(err)
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00")
	lossyStill := []byte("RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	for name, b := range map[string][]byte{"still GIF": still.Bytes(), "PNG named .mp4": png, "still WebP": lossyStill, "empty": nil} {
		if _, err := Probe(bytes.NewReader(b), int64(len(b))); !errors.Is(err, ErrUnsupported) {
			t.Errorf("Probe(%s): %v, want ErrUnsupported", name, err)
		}
		if _, err := Open(context.Background(), bytes.NewReader(b), int64(len(b)), Options{}); !errors.Is(err, ErrUnsupported) {
			t.Errorf("Open(%s): %v, want ErrUnsupported", name, err)
		}
	}
}

// openTestdata opens testdata/name as a clip.
func openTestdata(t testing.TB, name string, o Options) *Reader {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(context.Background(), bytes.NewReader(b), int64(len(b)), o)
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
