package engine

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// firstByte records when its first Write arrives and counts bytes.
type firstByte struct {
	start, first time.Time
	n            int64
}

func (f *firstByte) Write(p []byte) (int, error) {
	if f.first.IsZero() {
		f.first = time.Now()
	}
	f.n += int64(len(p))
	return len(p), nil
}

// BenchmarkRenderToWriter renders the bench scenario (51 s, 720p) into a
// Writer, faststart and fragmented, and reports the time to the first byte
// the Writer receives and the MP4's size. A faststart MP4 can only start
// once every frame is encoded; a fragmented one starts after its first
// GOP and the finished AAC track (audio-s). Run with -benchtime=1x.
func BenchmarkRenderToWriter(b *testing.B) {
	path := filepath.Join("..", "testdata", "projects", "bench.json")
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	p, err := DecodeProject(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name       string
		fragmented bool
	}{{"faststart", false}, {"fragmented", true}} {
		b.Run(c.name, func(b *testing.B) {
			var w *firstByte
			var res *Result
			for range b.N {
				w = &firstByte{start: time.Now()}
				var err error
				if res, err = Render(context.Background(), p, NewFileResolver(path), Options{
					Output: ToWriter(w, writerMode(c.fragmented)), Renditions: []Quality{Quality720}}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(w.first.Sub(w.start).Seconds(), "first-byte-s")
			b.ReportMetric(float64(w.n), "bytes")
			b.ReportMetric(res.Stats.Audio.Seconds(), "audio-s") // music mix + AAC: the muxer starts after it
		})
	}
}

var _ io.Writer = (*firstByte)(nil)

// writerMode is Fragmented when fragmented is set, else Faststart.
func writerMode(fragmented bool) WriterMode {
	if fragmented {
		return Fragmented
	}
	return Faststart
}
