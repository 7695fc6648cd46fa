package clip

import (
	"context"
	"image"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
)

// needDecoder skips t when the codec's library is not installed.
func needDecoder(t *testing.T, codec string) {
	t.Helper()
	c, _ := libFor(codec)
	if _, err := c.open(); err != nil {
		t.Skipf("%v", err)
	}
}

// openPath opens the clip at path with the real decoders.
func openPath(t *testing.T, path string, o Options) *Reader {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fh.Close() })
	st, _ := fh.Stat()
	r, err := Open(context.Background(), fh, st.Size(), o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// packed returns img's planes as one yuv420p frame, as ffmpeg writes it.
func packed(img *image.YCbCr) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	cw, ch := (w+1)/2, (h+1)/2
	out := make([]byte, 0, w*h+2*cw*ch)
	for y := range h {
		out = append(out, img.Y[y*img.YStride:y*img.YStride+w]...)
	}
	for _, p := range [][]byte{img.Cb, img.Cr} {
		for y := range ch {
			out = append(out, p[y*img.CStride:y*img.CStride+cw]...)
		}
	}
	return out
}

// compareWithFFmpeg decodes every frame of path with reel (FrameAt at the
// frame's presentation time) and with ffmpeg, and checks each pair at
// >= 45 dB PSNR. The decoder tests tag their clips BT.709 (in the VUI)
// so that reel hands the decoded samples through as ffmpeg's raw decode
// does: untagged SD clips would be read as BT.601 and converted.
func compareWithFFmpeg(t *testing.T, path string, w, h int) {
	t.Helper()
	r := openPath(t, path, Options{})
	inf := r.Info()
	if inf.Width != w || inf.Height != h {
		t.Fatalf("Info %dx%d, want %dx%d", inf.Width, inf.Height, w, h)
	}
	want := cliptest.Frames(t, path, "yuv420p", w*h+2*((w+1)/2)*((h+1)/2))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	bf, err := openBMFF(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	times := presentationTimes(bf.Video())
	if len(times) != len(want) {
		t.Fatalf("%d frames shown, ffmpeg decodes %d", len(times), len(want))
	}
	worst := math.Inf(1)
	for i, at := range times {
		img, err := r.FrameAt(context.Background(), at)
		if err != nil {
			t.Fatalf("frame %d at %v: %v", i, at, err)
		}
		if img.Rect.Dx() != w || img.Rect.Dy() != h {
			t.Fatalf("frame %d is %v, want %dx%d", i, img.Rect, w, h)
		}
		p := cliptest.PSNR(want[i], packed(img), 255)
		worst = min(worst, p)
		if p < 45 {
			t.Fatalf("frame %d at %v: %.1f dB against ffmpeg, want >= 45", i, at, p)
		}
	}
	t.Logf("%d frames, worst %.1f dB against ffmpeg", len(times), worst)
}

func TestH264HighBFrames60fpsMatchesFFmpeg(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "h264")
	for _, flags := range []string{"+faststart", "+negative_cts_offsets"} { // moov first; moov at the end with ctts v1
		// OpenH264 2.3.1 reconstructs bi-predicted 16x8/8x16 halves of
		// B macroblocks from one list only (docs/PERFORMANCE.md, Clip
		// decoding). Here the worst B-frame measured 45.1 dB (73.8 dB
		// without B partitions: x264 partitions=i4x4,i8x8,p8x8); at
		// thumbnail sizes (128x72) with x264's default preset one
		// dropped to 37.0 dB.
		p := cliptest.Make(t, "b.mp4", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=60:duration=0.5",
			"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
			"-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-bf", "3", "-g", "15", "-pix_fmt", "yuv420p", "-movflags", flags)
		compareWithFFmpeg(t, p, 640, 360)
	}
}

func TestRotatedPortraitClipMatchesFFmpegAutorotate(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "h264")
	src := cliptest.Make(t, "l.mp4", "-f", "lavfi", "-i", "testsrc2=size=96x64:rate=25:duration=0.4",
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-c:v", "libx264", "-bf", "2")
	// rotate=270 in ffmpeg 5.1's convention is the phone's "90 degrees
	// clockwise" matrix (ffprobe: rotation -90).
	p := cliptest.Make(t, "p.mp4", "-i", src, "-c", "copy", "-metadata:s:v:0", "rotate=270")
	if inf, err := probeFile(t, p); err != nil || inf.Rotation != 90 {
		t.Fatalf("Probe: %+v %v", inf, err)
	}
	compareWithFFmpeg(t, p, 64, 96)
}

func TestHEVCMatchesFFmpeg(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "hevc")
	p := cliptest.Make(t, "h.mp4", "-f", "lavfi", "-i", "testsrc2=size=128x72:rate=30:duration=0.4",
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-c:v", "libx265", "-x265-params", "log-level=none:bframes=3", "-tag:v", "hvc1")
	compareWithFFmpeg(t, p, 128, 72)
}

func TestVFRClipFramesByPresentationTimeMatchFFmpeg(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "h264")
	p := vfrClip(t)
	want := cliptest.Frames(t, p, "yuv420p", 64*64*3/2)
	if len(want) != 10 {
		t.Fatalf("ffmpeg decodes %d frames, want 10", len(want))
	}
	r := openPath(t, p, Options{})
	for ms := 0; ms < 1000; ms += 23 {
		i := int(math.Sqrt(float64(ms) / 10)) // frame i shows from i*i*10 ms
		img, err := r.FrameAt(context.Background(), time.Duration(ms)*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		if p := cliptest.PSNR(want[i], packed(img), 255); p < 45 {
			t.Fatalf("at %d ms: %.1f dB against ffmpeg's frame %d, want >= 45", ms, p, i)
		}
	}
}

func TestScaledFramesCoverTheRequestedSize(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "h264")
	p := cliptest.Make(t, "s.mp4", "-f", "lavfi", "-i", "testsrc2=size=128x72:rate=25:duration=0.2",
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-c:v", "libx264")
	r := openPath(t, p, Options{Width: 40, Height: 40})
	img, err := r.FrameAt(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect.Dx() != 72 || img.Rect.Dy() != 40 {
		t.Fatalf("frame %v, want 72x40 (covers 40x40)", img.Rect)
	}
}

func TestHEVCMain10SDRMatchesFFmpeg(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "hevc")
	p := cliptest.Make(t, "h10.mp4", "-f", "lavfi", "-i", "testsrc2=size=128x72:rate=30:duration=0.2",
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
		"-c:v", "libx265", "-x265-params", "log-level=none", "-pix_fmt", "yuv420p10le", "-tag:v", "hvc1")
	if inf, err := probeFile(t, p); err != nil || inf.BitDepth != 10 || inf.HDR != "" {
		t.Fatalf("Probe: %+v %v", inf, err)
	}
	compareWithFFmpeg(t, p, 128, 72)
}

// BenchmarkFrameAt1080pTo720p decodes a 1080p30 H.264 clip frame by frame
// through FrameAt, scaled to cover 1280x720 (the renderer's common case).
func BenchmarkFrameAt1080pTo720p(b *testing.B) {
	cliptest.Need(b)
	c, _ := libFor("h264")
	if _, err := c.open(); err != nil {
		b.Skip(err)
	}
	p := cliptest.Make(b, "b.mp4", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=2",
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-c:v", "libx264", "-preset", "veryfast", "-bf", "3")
	fh, err := os.Open(p)
	if err != nil {
		b.Fatal(err)
	}
	defer fh.Close()
	st, _ := fh.Stat()
	frames := 0
	b.ResetTimer()
	for b.Loop() {
		r, err := Open(context.Background(), fh, st.Size(), Options{Width: 1280, Height: 720})
		if err != nil {
			b.Fatal(err)
		}
		for k := range 60 {
			if _, err := r.FrameAt(context.Background(), time.Duration(k)*time.Second/30); err != nil {
				b.Fatal(err)
			}
			frames++
		}
		r.Close()
	}
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
}

// TestFramesShownAtAQuarterAreHalvedByTheDecoder: H.264 and HEVC (8 and
// 10 bits) clips asked for at a quarter of their size come out of the
// decoder halved (2x2 means) and are then reduced by the tent filter:
// each frame is at least 35 dB from ffmpeg's area reduction of its own
// decode (measured on this sharp test pattern: 36.4 dB; the tent
// filter alone, without halving, 36.9 dB).
func TestFramesShownAtAQuarterAreHalvedByTheDecoder(t *testing.T) {
	cliptest.Need(t)
	for _, c := range []struct {
		codec string
		args  []string
	}{
		{"h264", []string{"-c:v", "libx264", "-preset", "veryfast"}},
		{"hevc", []string{"-c:v", "libx265", "-x265-params", "log-level=none", "-tag:v", "hvc1"}},
		{"hevc", []string{"-c:v", "libx265", "-x265-params", "log-level=none", "-tag:v", "hvc1", "-pix_fmt", "yuv420p10le"}},
	} {
		t.Run(strings.Join(c.args[len(c.args)-2:], "="), func(t *testing.T) {
			needDecoder(t, c.codec)
			p := cliptest.Make(t, "q.mp4", append([]string{"-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=0.2",
				"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"}, c.args...)...)
			want := cliptest.FramesFiltered(t, p, "scale=160:90:flags=area", "yuv420p", 160*90*3/2)
			r := openPath(t, p, Options{Width: 160, Height: 90})
			for i := range want {
				img, err := r.FrameAt(context.Background(), time.Duration(i)*time.Second/30)
				if err != nil {
					t.Fatal(err)
				}
				if w := r.src.(*videoSource).cur.width; w != 320 {
					t.Fatalf("the decoder gave %d-wide pictures, want 320 (halved)", w)
				}
				if img.Rect.Dx() != 160 || img.Rect.Dy() != 90 {
					t.Fatalf("frame %v, want 160x90", img.Rect)
				}
				if q := cliptest.PSNR(want[i], packed(img), 255); q < 35 {
					t.Fatalf("frame %d: %.1f dB against ffmpeg's area reduction, want >= 35", i, q)
				}
			}
		})
	}
}
