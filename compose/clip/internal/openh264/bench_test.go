package openh264

import (
	"os"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
)

// BenchmarkDecode1080p decodes 60 frames of 1920x1080 testsrc2 (made by
// ffmpeg at its default preset) per iteration and reports frames per
// second of wall time and CPU milliseconds per frame. REEL_BENCH_CLIP
// names another MP4 to decode instead.
func BenchmarkDecode1080p(b *testing.B) {
	l := loadOrSkip(b)
	cliptest.Need(b)
	path := os.Getenv("REEL_BENCH_CLIP")
	if path == "" {
		path = cliptest.Make(b, "b.mp4", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-frames:v", "60",
			"-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "high", "-bf", "3")
	}
	config, pkts := cliptest.Packets(b, path)
	b.Logf("clip %s", path)
	b.ResetTimer()
	cpu0 := cliptest.CPUTime()
	frames := 0
	for range b.N {
		frames += len(decodeAll(b, l, config, pkts))
	}
	cpu := cliptest.CPUTime() - cpu0
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(frames), "cpu-ms/frame")
}

// BenchmarkDecodeReusing1080p is BenchmarkDecode1080p with every picture
// given back (Reuse) as soon as it comes out, as compose/clip's reader
// does: the allocations per frame it reports are what reuse saves (3 MB
// per 1080p picture without it).
func BenchmarkDecodeReusing1080p(b *testing.B) {
	l := loadOrSkip(b)
	cliptest.Need(b)
	path := os.Getenv("REEL_BENCH_CLIP")
	if path == "" {
		path = cliptest.Make(b, "b.mp4", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-frames:v", "60",
			"-pix_fmt", "yuv420p", "-c:v", "libx264")
	}
	config, pkts := cliptest.Packets(b, path)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cliptest.CPUTime()
	frames := 0
	for range b.N {
		d, err := l.NewDecoder(config)
		if err != nil {
			b.Fatal(err)
		}
		give := func(ps []Picture) {
			for _, p := range ps {
				frames++
				d.Reuse(p)
			}
		}
		for _, p := range pkts {
			ps, err := d.Decode(p.Data, p.PTS)
			if err != nil {
				b.Fatal(err)
			}
			give(ps)
		}
		ps, err := d.Flush()
		if err != nil {
			b.Fatal(err)
		}
		give(ps)
		d.Close()
	}
	cpu := cliptest.CPUTime() - cpu0
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(frames), "cpu-ms/frame")
}
