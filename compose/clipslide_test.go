package compose

import (
	"context"
	"errors"
	"image"
	"image/color"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reelkit/reel/styles"
)

// rampClip is a test clip whose pictures say when they were asked for:
// luma 16 + 10*k in the right three quarters at time k/10 s (k up to 20),
// a white (235) left quarter, neutral chroma everywhere but a red-ish
// chroma (Cr 200) in the top-left corner block.
type rampClip struct {
	w, h  int
	calls atomic.Int64
	fail  error
}

func (c *rampClip) FrameAt(_ context.Context, t time.Duration) (*image.YCbCr, error) {
	c.calls.Add(1)
	if c.fail != nil {
		return nil, c.fail
	}
	m := newYCbCr(c.w, c.h)
	k := min(20, int((t+time.Millisecond)/(100*time.Millisecond)))
	for y := range c.h {
		for x := range c.w {
			v := uint8(16 + 10*k)
			if x < c.w/4 {
				v = 235
			}
			m.Y[y*m.YStride+x] = v
		}
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = 128, 128
	}
	m.Cr[0] = 200
	return m, nil
}

func clipStyle(t *testing.T, fill styles.FillMode) *styles.Style {
	st := plainStyle(t, styles.Crossfade)
	st.Fill.Mode = fill
	return st
}

// TestVideoSlideShowsTheFrameOfItsTime: the renderer draws the clip
// picture of the shot's time, covering the frame (a same-aspect clip
// fills it edge to edge: its white quarter is the frame's left quarter).
func TestVideoSlideShowsTheFrameOfItsTime(t *testing.T) {
	st := clipStyle(t, styles.FillBlur)
	r := NewRenderer(st, 320, 180, Options{})
	clip := &rampClip{w: 640, h: 360}
	s := &Slide{Kind: VideoSlide, Clip: clip, Duration: 3}
	dst := newYCbCr(320, 180)
	for _, tc := range []struct {
		t    float64
		want int
	}{{0, 16}, {0.5, 66}, {1.2, 136}, {1.9, 206}, {2.9, 216}} {
		if err := r.Render(dst, Scene{Current: Shot{Slide: s, T: tc.t}}); err != nil {
			t.Fatal(err)
		}
		if got := lumaAt(dst, 200, 90); abs(got-tc.want) > 1 {
			t.Errorf("t=%v: luma %d, want %d", tc.t, got, tc.want)
		}
		if got := lumaAt(dst, 10, 90); got < 233 {
			t.Errorf("t=%v: left quarter luma %d, want white", tc.t, got)
		}
		if got := lumaAt(dst, 90, 90); got > 240 || abs(got-tc.want) > 1 {
			t.Errorf("t=%v: column 90 luma %d, want %d (cover: the white quarter ends at x=80)", tc.t, got, tc.want)
		}
	}
}

// TestVideoSlideCoverCropsACloseAspect: a 4:3-ish clip within the
// tolerance (640x400 is 10 % off 16:9) covers the frame, cropped top and
// bottom: its white quarter still spans the frame's left quarter.
func TestVideoSlideCoverCropsACloseAspect(t *testing.T) {
	st := clipStyle(t, styles.FillBlur)
	r := NewRenderer(st, 320, 180, Options{})
	s := &Slide{Kind: VideoSlide, Clip: &rampClip{w: 640, h: 400}, Duration: 3}
	dst := newYCbCr(320, 180)
	if err := r.Render(dst, Scene{Current: Shot{Slide: s, T: 1}}); err != nil {
		t.Fatal(err)
	}
	for _, y := range []int{0, 90, 179} {
		if got := lumaAt(dst, 78, y); got < 233 {
			t.Errorf("row %d col 78: luma %d, want white", y, got)
		}
		if got := lumaAt(dst, 82, y); abs(got-116) > 1 {
			t.Errorf("row %d col 82: luma %d, want 116", y, got)
		}
	}
}

// TestVideoSlideContainsAPortraitClip: a 9:16 clip in a 16:9 frame is
// shown whole in the middle, over a dark, desaturated, blurred backdrop
// made from its first picture.
func TestVideoSlideContainsAPortraitClip(t *testing.T) {
	st := clipStyle(t, styles.FillBlur)
	r := NewRenderer(st, 320, 180, Options{})
	clip := &rampClip{w: 180, h: 320}
	s := &Slide{Kind: VideoSlide, Clip: clip, Duration: 3}
	dst := newYCbCr(320, 180)
	if err := r.Render(dst, Scene{Current: Shot{Slide: s, T: 2}}); err != nil {
		t.Fatal(err)
	}
	// The contained clip is 101.25 -> 102 pixels wide, centred: x 108..210.
	if got := lumaAt(dst, 115, 90); got < 233 {
		t.Errorf("clip's white quarter at x=115: luma %d", got)
	}
	if got := lumaAt(dst, 180, 90); abs(got-216) > 1 {
		t.Errorf("clip body at x=180: luma %d, want 216", got)
	}
	// The backdrop: the first picture (luma 16 with a white quarter)
	// blurred and dimmed: darker than the clip's white, and its chroma
	// near neutral.
	for _, x := range []int{4, 60, 260, 316} {
		if got := lumaAt(dst, x, 90); got > 200 {
			t.Errorf("backdrop at x=%d: luma %d, want dimmed", x, got)
		}
	}
	if got := int(dst.Cr[0]); abs(got-128) > 10 {
		t.Errorf("backdrop chroma Cr %d, want near 128 (desaturated)", got)
	}
	// Bars instead of blur: the bars colour around the clip.
	st2 := clipStyle(t, styles.FillBars)
	st2.Fill.Colour = styles.Color{R: 0, G: 0, B: 0, A: 255}
	r2 := NewRenderer(st2, 320, 180, Options{})
	s2 := &Slide{Kind: VideoSlide, Clip: &rampClip{w: 180, h: 320}, Duration: 3}
	if err := r2.Render(dst, Scene{Current: Shot{Slide: s2, T: 2}}); err != nil {
		t.Fatal(err)
	}
	if got := lumaAt(dst, 20, 90); got != 16 {
		t.Errorf("bars: luma %d, want 16 (black)", got)
	}
	// A crop style crops the portrait clip to cover the frame.
	r3 := NewRenderer(clipStyle(t, styles.FillCrop), 320, 180, Options{})
	s3 := &Slide{Kind: VideoSlide, Clip: &rampClip{w: 180, h: 320}, Duration: 3}
	if err := r3.Render(dst, Scene{Current: Shot{Slide: s3, T: 2}}); err != nil {
		t.Fatal(err)
	}
	if a, b := lumaAt(dst, 70, 0), lumaAt(dst, 90, 179); a < 233 || abs(b-216) > 1 {
		t.Errorf("crop: luma %d at x=70 (want white), %d at x=90 (want 216)", a, b)
	}
}

// TestVideoSlideTransitionsAndCaption: a crossfade into a clip takes the
// generic path (both shots drawn, then mixed), and a captioned clip draws
// its caption over the picture.
func TestVideoSlideTransitionsAndCaption(t *testing.T) {
	st := clipStyle(t, styles.FillBlur)
	r := NewRenderer(st, 320, 180, Options{})
	a := &Slide{Kind: PhotoSlide, Photo: solidPhoto(color.RGBA{0, 0, 0, 255}), Duration: 4}
	b := &Slide{Kind: VideoSlide, Clip: &rampClip{w: 640, h: 360}, Duration: 4, Index: 1}
	dst := newYCbCr(320, 180)
	// Next at T=2.0 shows luma 216; mixed half with black (16): 116.
	if err := r.Render(dst, Scene{Current: Shot{Slide: a, T: 3.5}, Next: &Shot{Slide: b, T: 2}, Mix: 0.5}); err != nil {
		t.Fatal(err)
	}
	if got := lumaAt(dst, 200, 90); abs(got-116) > 2 {
		t.Errorf("crossfade into a clip: luma %d, want 116", got)
	}
	// And out of it.
	if err := r.Render(dst, Scene{Current: Shot{Slide: b, T: 2}, Next: &Shot{Slide: a, T: 0}, Mix: 0.5}); err != nil {
		t.Fatal(err)
	}
	if got := lumaAt(dst, 200, 90); abs(got-116) > 2 {
		t.Errorf("crossfade out of a clip: luma %d, want 116", got)
	}
	c := &Slide{Kind: VideoSlide, Clip: &rampClip{w: 640, h: 360}, Duration: 4, Caption: "Hello there"}
	plain := &Slide{Kind: VideoSlide, Clip: &rampClip{w: 640, h: 360}, Duration: 4}
	with, without := newYCbCr(320, 180), newYCbCr(320, 180)
	if err := r.Render(with, Scene{Current: Shot{Slide: c, T: 2}}); err != nil {
		t.Fatal(err)
	}
	if err := r.Render(without, Scene{Current: Shot{Slide: plain, T: 2}}); err != nil {
		t.Fatal(err)
	}
	diff := 0
	for i := range with.Y {
		if with.Y[i] != without.Y[i] {
			diff++
		}
	}
	if diff < 200 {
		t.Errorf("caption changed %d luma samples, want a visible caption", diff)
	}
}

// TestVideoSlideErrors: a clip that fails, or a video slide without a
// clip, fails the render with an error naming the slide.
func TestVideoSlideErrors(t *testing.T) {
	r := NewRenderer(clipStyle(t, styles.FillBlur), 320, 180, Options{})
	dst := newYCbCr(320, 180)
	boom := errors.New("decoder broke")
	s := &Slide{Kind: VideoSlide, Clip: &rampClip{w: 64, h: 36, fail: boom}, Duration: 3, Index: 4}
	if err := r.Render(dst, Scene{Current: Shot{Slide: s, T: 1}}); !errors.Is(err, boom) {
		t.Errorf("failing clip: %v", err)
	}
	if err := r.Render(dst, Scene{Current: Shot{Slide: &Slide{Kind: VideoSlide, Duration: 3}}}); err == nil {
		t.Error("video slide without a clip rendered")
	}
}

// TestVideoSlideAllocatesNothingPerFrame: drawing a clip frame (cover and
// contained) allocates nothing once the slide is built.
func TestVideoSlideAllocatesNothingPerFrame(t *testing.T) {
	r := NewRenderer(clipStyle(t, styles.FillBlur), 320, 180, Options{})
	dst := newYCbCr(320, 180)
	for _, clip := range []ClipFrames{fixedClip{newYCbCr(640, 360)}, fixedClip{newYCbCr(180, 320)}} {
		s := &Slide{Kind: VideoSlide, Clip: clip, Duration: 3}
		if err := r.Render(dst, Scene{Current: Shot{Slide: s}}); err != nil {
			t.Fatal(err)
		}
		tt := 0.0
		allocs := testing.AllocsPerRun(20, func() {
			tt += 0.03
			_ = r.Render(dst, Scene{Current: Shot{Slide: s, T: tt}})
		})
		if allocs != 0 {
			t.Errorf("%.1f allocations per frame", allocs)
		}
	}
}

type fixedClip struct{ m *image.YCbCr }

func (c fixedClip) FrameAt(context.Context, time.Duration) (*image.YCbCr, error) { return c.m, nil }

// BenchmarkVideoSlide720: a 1080p clip picture (what a 4K clip is scaled
// down to for a 1080p render; here drawn into 720p) warped straight from
// its planes into a 720p frame with a caption: covering (16:9 clip) and
// contained over its backdrop (9:16 clip).
func BenchmarkVideoSlide720(b *testing.B) {
	for _, bc := range []struct {
		name string
		w, h int
	}{{"cover", 1920, 1080}, {"contain", 1080, 1920}} {
		b.Run(bc.name, func(b *testing.B) {
			st := styleWith(b, "vanilla", nil)
			r := NewRenderer(st, 1280, 720, Options{})
			pic := newYCbCr(bc.w, bc.h)
			for i := range pic.Y {
				pic.Y[i] = uint8(16 + i%200)
			}
			for i := range pic.Cb {
				pic.Cb[i], pic.Cr[i] = uint8(100+i%50), uint8(140-i%30)
			}
			s := &Slide{Kind: VideoSlide, Clip: fixedClip{pic}, Caption: "Waves at Cala Goloritzé", Duration: 5}
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
