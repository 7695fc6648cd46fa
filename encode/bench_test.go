package encode

import (
	"context"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// benchFrames is how many distinct synthetic frames the encode benchmarks
// cycle through.
const benchFrames = 60

// BenchmarkEncode720 measures encode-only throughput at 1280x720 veryfast
// (CRF 23, B-frames, x264 auto threads): each op copies one prepared
// frame into the C-backed picture and encodes it. allocs/op shows that a
// frame costs no Go allocation (sample-table growth amortises to ~0).
func BenchmarkEncode720(b *testing.B) {
	src := benchSource(1280, 720)
	w, err := Create(filepath.Join(b.TempDir(), "bench.mp4"), VideoOptions{Width: 1280, Height: 720}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Abort()
	ctx := context.Background()
	frame := w.Frame()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		s := src[i%len(src)]
		copy(frame.Y, s.Y)
		copy(frame.Cb, s.Cb)
		copy(frame.Cr, s.Cr)
		if err := w.WriteFrame(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "frames/s")
}

// BenchmarkFFmpegLibx264720 encodes the same synthetic frames with the
// ffmpeg CLI (libx264 veryfast, rawvideo in, null out) for comparison.
// Each op is one frame; the raw file is written before the timer starts.
func BenchmarkFFmpegLibx264720(b *testing.B) {
	needTool(b, "ffmpeg")
	src := benchSource(1280, 720)
	n := max(b.N, 1)
	raw := filepath.Join(b.TempDir(), "frames.yuv")
	f, err := os.Create(raw)
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		s := src[i%len(src)]
		for _, p := range [][]byte{s.Y, s.Cb, s.Cr} {
			if _, err := f.Write(p); err != nil {
				b.Fatal(err)
			}
		}
	}
	f.Close()
	b.ResetTimer()
	start := time.Now()
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1280x720",
		"-r", "30", "-i", raw, "-c:v", "libx264", "-preset", "veryfast", "-f", "null", "-").CombinedOutput()
	if err != nil {
		b.Fatalf("ffmpeg: %v: %s", err, out)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "frames/s")
}

func benchSource(w, h int) []*image.YCbCr {
	src := make([]*image.YCbCr, benchFrames)
	for i := range src {
		src[i] = image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		fillSynthetic(src[i], i)
	}
	return src
}

// BenchmarkMux measures the muxer alone: 10 s of 720p-sized video samples
// (25 kB each) plus a 10 s AAC track, written to a temporary file and
// assembled into a faststart MP4 per op.
func BenchmarkMux(b *testing.B) {
	const frames = 300
	payload := make([]byte, 25000)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	audio := fakeAudio(10*48000/aacFrame+2, 370)
	audio.data = make([]byte, 370*len(audio.sizes))
	dir := b.TempDir()
	cfg := VideoTrackConfig{Width: 1280, Height: 720, SPS: []byte{0x67, 100, 0, 31, 0xac}, PPS: []byte{0x68, 0xeb}}
	b.ReportAllocs()
	b.SetBytes(int64(frames*len(payload) + len(audio.data)))
	for i := 0; b.Loop(); i++ {
		m, err := NewMuxer(filepath.Join(dir, fmt.Sprintf("m%d.mp4", i%2)), cfg, audio)
		if err != nil {
			b.Fatal(err)
		}
		for f := range frames {
			p := Packet{Data: payload, PTS: int64(f), DTS: int64(f), Keyframe: f%60 == 0}
			if err := m.WriteVideo(p); err != nil {
				b.Fatal(err)
			}
		}
		if err := m.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
