package engine

import (
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/encode"
)

// BenchmarkRenderBench renders testdata/projects/bench.json (the reference
// scenario of the team's bench README: 12 photos, captions, crossfades,
// music) as one 720p rendition and reports fps and x-realtime. It is long:
// run it with -benchtime=1x.
func BenchmarkRenderBench(b *testing.B) {
	f, err := os.Open(filepath.Join("..", "testdata", "projects", "bench.json"))
	if err != nil {
		b.Fatal(err)
	}
	p, err := DecodeProject(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	r := NewFileResolver(filepath.Join("..", "testdata", "projects", "bench.json"))
	benchRender(b, p, r, Quality720)
}

// BenchmarkRender60Photos12MP renders a project of 60 photos of 12
// megapixels (4000x3000 JPEGs generated into a temporary directory: six
// distinct files, each used ten times) at 720p with 1 s slides, and reports
// the process's peak RSS. Run it alone (-run '^$' -bench 12MP
// -benchtime=1x) so that the peak is this render's.
func BenchmarkRender60Photos12MP(b *testing.B) {
	dir := b.TempDir()
	for i := range 6 {
		writeBigJPEG(b, filepath.Join(dir, fmt.Sprintf("big%d.jpg", i)), i)
	}
	p := &Project{Name: "Sixty big photos", Style: "vanilla", Quality: 720}
	for i := range 60 {
		p.Assets = append(p.Assets, Asset{Kind: KindImage, AssetID: fmt.Sprintf("big%d.jpg", i%6),
			Start: time.Duration(i) * time.Second, End: time.Duration(i)*time.Second + 1500*time.Millisecond, Data: AssetData{Caption: fmt.Sprintf("Photo %d", i+1)}})
	}
	abs, _ := filepath.Abs(filepath.Join("..", "testdata", "music", "demo.mp3"))
	p.Assets = append(p.Assets, Asset{Kind: KindMusic, AssetID: abs})
	benchRender(b, p, &FileResolver{Dir: dir}, Quality720)
}

// cpuSeconds is the user and system CPU time the process has used.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func benchRender(b *testing.B, p *Project, r Resolver, q Quality) {
	out := filepath.Join(b.TempDir(), "bench.mp4")
	var res *Result
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for range b.N {
		var err error
		res, err = Render(context.Background(), p, r, Options{Output: ToFile(out), Renditions: []Quality{q}})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s")
	b.ReportMetric(float64(res.Frames)/sec, "frames/s")
	b.ReportMetric(res.Duration/sec, "x-realtime")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
	s := res.Stats
	b.ReportMetric(s.Decode.Seconds(), "decode-s")
	b.ReportMetric(s.Compose.Seconds(), "compose-s")
	b.ReportMetric(s.Encode.Seconds(), "encode-s")
}

// writeBigJPEG writes a 4000x3000 photo-like JPEG (smooth gradients and
// rings, so that it compresses like a photo, not like noise).
func writeBigJPEG(b *testing.B, path string, seed int) {
	const w, h = 4000, 3000
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	cx, cy := float64(w)*(0.3+0.08*float64(seed)), float64(h)*0.5
	for y := range h {
		for x := range w {
			d := math.Hypot(float64(x)-cx, float64(y)-cy)
			img.Y[y*img.YStride+x] = uint8(128 + 90*math.Sin(d/(40+float64(seed)*7)))
		}
	}
	for y := range h / 2 {
		for x := range w / 2 {
			img.Cb[y*img.CStride+x] = uint8(x * 255 / (w / 2))
			img.Cr[y*img.CStride+x] = uint8(y * 255 / (h / 2))
		}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 85}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEncodeOnlyBench is the floor BenchmarkRenderBench is compared
// with: the same 720p frames of the bench project, composed beforehand into
// memory (not timed; about 2.2 GB for its 1572 frames), then only encoded
// with the render's x264 settings (x264 + mux, no audio). Holding the
// frames in memory keeps disk reads out of the figure. Run with
// -benchtime=1x.
func BenchmarkEncodeOnlyBench(b *testing.B) {
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
	r := NewFileResolver(path)
	pl, err := Validate(context.Background(), p, nil, Options{Renditions: []Quality{720}})
	if err != nil {
		b.Fatal(err)
	}
	frames := composeAll(b, pl, r)
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for range b.N {
		encodeFrames(b, pl, frames, filepath.Join(b.TempDir(), "enc.mp4"))
	}
	b.StopTimer()
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s")
	b.ReportMetric(float64(pl.Frames)/sec, "frames/s")
	b.ReportMetric(pl.Duration()/sec, "x-realtime")
}

// composeAll draws every 720p frame of pl, one after the other.
func composeAll(b *testing.B, pl *Plan, r Resolver) []*image.YCbCr {
	slides := composeSlides(pl)
	for i := range slides {
		if pl.Slides[i].Kind == PhotoSlide {
			ph, err := decodePhoto(context.Background(), r, pl.Slides[i].AssetIndex, *pl.Slides[i].Asset, photoDecodeOptions(1280, 720, 0))
			if err != nil {
				b.Fatal(err)
			}
			slides[i].Photo = ph
		}
	}
	rd := compose.NewRenderer(pl.Style, 1280, 720, compose.Options{})
	out := make([]*image.YCbCr, pl.Frames)
	for f := range pl.Frames {
		img := image.NewYCbCr(image.Rect(0, 0, 1280, 720), image.YCbCrSubsampleRatio420)
		if err := rd.Render(img, composeScene(pl.Scene(f), slides)); err != nil {
			b.Fatal(err)
		}
		out[f] = img
	}
	return out
}

// encodeFrames encodes frames the way Render does for a 720p rendition
// (default preset and CRF, automatic threads, pictures handed to x264
// without a copy), without audio.
func encodeFrames(b *testing.B, pl *Plan, frames []*image.YCbCr, out string) {
	w, err := newTrackWriter(encode.Sink{Path: out}, encode.VideoOptions{Width: 1280, Height: 720,
		FrameRate: encode.Rational{Num: pl.FrameRate.Num, Den: pl.FrameRate.Den}})
	if err != nil {
		b.Fatal(err)
	}
	if err := w.SetAudio(nil); err != nil {
		b.Fatal(err)
	}
	for _, img := range frames {
		if err := w.WritePicture(context.Background(), img); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}
