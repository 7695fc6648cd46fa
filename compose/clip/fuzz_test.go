package clip

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzProbeAndPlay feeds arbitrary bytes to Probe and, for animations
// (which need no decoder library), plays a few frames: errors are fine,
// panics, hangs and unbounded allocations are not. Seeds: the checked-in
// animated WebPs, a GIF made here, and the MP4/MOV of internal/bmff.
func FuzzProbeAndPlay(f *testing.F) {
	f.Add(testGIF(f))
	for _, p := range []string{filepath.Join("testdata", "anim.webp"), filepath.Join("testdata", "box.webp"), bframesMP4, portraitMOV} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		info, err := Probe(r, int64(len(data)))
		if err != nil {
			return
		}
		if info.Width <= 0 || info.Height <= 0 || info.Duration < 0 {
			t.Fatalf("Probe accepted %+v", info)
		}
		if info.Container != "gif" && info.Container != "webp" {
			return
		}
		rd, err := Open(context.Background(), r, int64(len(data)), Options{Width: 8, Height: 8})
		if err != nil {
			return
		}
		defer rd.Close()
		for _, at := range []time.Duration{0, info.Duration / 2, info.Duration, 0} {
			img, err := rd.FrameAt(context.Background(), at)
			if err != nil {
				return
			}
			if img.Rect.Dx() > info.Width || img.Rect.Dy() > info.Height {
				t.Fatalf("frame %v larger than the %dx%d clip", img.Rect, info.Width, info.Height)
			}
		}
	})
}
