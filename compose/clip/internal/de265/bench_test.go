package de265

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
			"-pix_fmt", "yuv420p", "-c:v", "libx265", "-x265-params", "log-level=error")
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
