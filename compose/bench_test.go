package compose

import (
	"image"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// reportFPS reports wall-clock frames/s and, because the machine is shared,
// frames per second of this process's CPU time (cpu-frames/s), which is what
// one dedicated core would do.
func reportFPS(b *testing.B, cpu0 time.Duration) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "frames/s")
	}
	if c := (cpuTime() - cpu0).Seconds(); c > 0 {
		b.ReportMetric(float64(b.N)/c, "cpu-frames/s")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFrame720: a Ken Burns photo with a caption, into YUV 4:2:0.
func BenchmarkFrame720(b *testing.B) {
	st := styleWith(b, "vanilla", nil)
	r := NewRenderer(st, 1280, 720, Options{})
	s := &Slide{Kind: PhotoSlide, Photo: testPhoto(b, "03.jpg"), Caption: "Dunes at sunset, Sardinia", Duration: 5, Index: 0}
	dst := newYCbCr(1280, 720)
	if err := r.Render(dst, Scene{Current: Shot{Slide: s}}); err != nil { // warm the caches
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		if err := r.Render(dst, Scene{Current: Shot{Slide: s, T: float64(i%150) / 30}}); err != nil {
			b.Fatal(err)
		}
	}
	reportFPS(b, cpu0)
}

// BenchmarkTransition720: two moving photos crossfading.
func BenchmarkTransition720(b *testing.B) {
	st := styleWith(b, "vanilla", func(s *styles.Style) {
		s.Transitions.Kinds = []styles.Transition{styles.Crossfade}
	})
	r := NewRenderer(st, 1280, 720, Options{})
	a := &Slide{Kind: PhotoSlide, Photo: testPhoto(b, "03.jpg"), Caption: "Dunes", Duration: 5, Index: 0}
	c := &Slide{Kind: PhotoSlide, Photo: testPhoto(b, "07.jpg"), Caption: "Ladybird", Duration: 5, Index: 1}
	dst := newYCbCr(1280, 720)
	var next Shot
	sc := func(i int) Scene {
		m := float64(i%30) / 30
		next = Shot{Slide: c, T: m}
		return Scene{Current: Shot{Slide: a, T: 4 + m}, Next: &next, Mix: m}
	}
	if err := r.Render(dst, sc(1)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		if err := r.Render(dst, sc(i)); err != nil {
			b.Fatal(err)
		}
	}
	reportFPS(b, cpu0)
}

// BenchmarkRGBToYUV720: converting a 720p RGBA frame to BT.709 4:2:0.
func BenchmarkRGBToYUV720(b *testing.B) {
	src := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	for i := range src.Pix {
		src.Pix[i] = uint8(i * 7)
	}
	p := newPlanes(1280, 720)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		rgbaToPlanes(p, src)
	}
	reportFPS(b, cpu0)
}

// BenchmarkFrame720Styles: the photo + caption frame in every built-in
// style (overlays such as grain and vignette cost extra passes).
func BenchmarkFrame720Styles(b *testing.B) {
	for _, st := range styles.Builtin().List() {
		b.Run(st.MachineName, func(b *testing.B) {
			r := NewRenderer(st, 1280, 720, Options{})
			s := &Slide{Kind: PhotoSlide, Photo: testPhoto(b, "03.jpg"), Caption: "Dunes at sunset, Sardinia", Duration: 5, Index: 0}
			dst := newYCbCr(1280, 720)
			if err := r.Render(dst, Scene{Current: Shot{Slide: s}}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := 0; b.Loop(); i++ {
				if err := r.Render(dst, Scene{Current: Shot{Slide: s, T: float64(i%150) / 30}}); err != nil {
					b.Fatal(err)
				}
			}
			reportFPS(b, cpu0)
		})
	}
}

// BenchmarkCanvas720: the per-slide work of a 720p photo slide (fit over
// the blurred fill, Catmull-Rom resampling, conversion to YUV), paid on a
// slide's first frame.
func BenchmarkCanvas720(b *testing.B) {
	st := styleWith(b, "vanilla", nil)
	p := testPhoto(b, "04.jpg") // 4:3: contained over the blurred fill
	cw, ch := canvasSize(1280, 720, headroom(pickMotion(st.Motion, 0)))
	pl := newPlanes(cw, ch)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		c, _ := buildCanvas(st, p, cw, ch, 0, nil, nil)
		rgbaToPlanes(pl, c)
	}
	if c := (cpuTime() - cpu0).Seconds(); c > 0 {
		b.ReportMetric(c/float64(b.N)*1000, "cpu-ms/slide")
	}
}

// BenchmarkCaptionReveal: drawing a three-line 1080x1920 caption per
// frame, whole (sub-benchmark whole) and half revealed word by word
// (words) or cluster by cluster (typewriter): the reveal's mask passes
// against one plain composite.
func BenchmarkCaptionReveal(b *testing.B) {
	st := styleWith(b, "pulse", nil)
	p, err := text.Caption(st, 1080, 1920, "Morning light on the water, and then the long road home", nil)
	if err != nil {
		b.Fatal(err)
	}
	dst := newPlanes(1080, 1920)
	for _, a := range []styles.Animation{styles.AnimNone, styles.AnimWords, styles.AnimTypewriter} {
		b.Run(string(a), func(b *testing.B) {
			var d slideData
			d.addText(p, a, 0, 2, textDeadline(PhotoSlide, a, 10), nil)
			e := &d.texts[0]
			t := 100.0
			if e.rv != nil {
				t = e.rv.times[len(e.rv.times)/2] + 0.05 // half shown, one word fading in
			}
			r := &Renderer{w: 1080, h: 1920}
			var sc scratch
			b.ReportAllocs()
			for b.Loop() {
				r.drawText(dst, e, t, 1, &sc)
			}
		})
	}
}
