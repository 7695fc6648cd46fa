package clip

import (
	"context"
	"image"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

var (
	bframesMP4  = filepath.Join("..", "..", "internal", "bmff", "testdata", "bframes.mp4")  // 64x48, 15 frames at 30 fps, B-frames, GOP 8
	portraitMOV = filepath.Join("..", "..", "internal", "bmff", "testdata", "portrait.mov") // 64x48 coded, rotated 90, 10 frames at 25 fps
)

// frameRank reads the rank the fake decoder stored in the chroma plane.
func frameRank(t *testing.T, r *Reader, at time.Duration) int {
	t.Helper()
	img, err := r.FrameAt(context.Background(), at)
	if err != nil {
		t.Fatalf("FrameAt(%v): %v", at, err)
	}
	return int(img.Cb[0]) - 16
}

func TestFrameAtPicksFramesByPresentationTime(t *testing.T) {
	for _, c := range []struct {
		name  string
		delay int
	}{{"reordering decoder", 2}, {"decode-order decoder", -1}} {
		t.Run(c.name, func(t *testing.T) {
			r, lib, _ := openFake(t, bframesMP4, Options{}, c.delay, nil)
			// Output clock 60 fps over a 30 fps clip: each frame twice.
			for k := range 30 {
				at := time.Duration(k) * time.Second / 60
				want := min(14, k/2)
				if got := frameRank(t, r, at); got != want {
					t.Fatalf("at %v: frame %d, want %d", at, got, want)
				}
			}
			// Exactly on a frame's time, and after the end.
			if got := frameRank(t, r, 500*time.Millisecond); got != 14 {
				t.Fatalf("after the end: frame %d, want the last (14)", got)
			}
			// Played forwards, each access unit is decoded once by one decoder.
			if lib.made != 1 || lib.fed != 15 {
				t.Fatalf("%d decoders fed %d access units for a 15-frame clip played once, want 1 and 15", lib.made, lib.fed)
			}
		})
	}
}

func TestFrameAtExactPTSAndSlowerClock(t *testing.T) {
	r, _, tr := openFake(t, bframesMP4, Options{}, 2, nil)
	order := presentationOrder(tr)
	// 25 fps output over 30 fps: frames are skipped, never shifted.
	for k := range 12 {
		at := time.Duration(k) * 40 * time.Millisecond
		want := int(at * 30 / time.Second)
		if got := frameRank(t, r, at); got != want {
			t.Fatalf("at %v: frame %d, want %d", at, got, want)
		}
	}
	r2, _, _ := openFake(t, bframesMP4, Options{}, 2, nil)
	for rank, si := range order {
		if got := frameRank(t, r2, tr.Time(tr.Samples[si].PTS)); got != rank {
			t.Fatalf("at frame %d's own PTS: frame %d", rank, got)
		}
	}
}

func TestFrameAtSeeksBackwardsAndSkipsForwardViaSyncSamples(t *testing.T) {
	r, lib, _ := openFake(t, bframesMP4, Options{}, 2, nil)
	if got := frameRank(t, r, 0); got != 0 {
		t.Fatalf("first frame %d", got)
	}
	fed := lib.fed
	// Frame 13 is after the second sync sample (frame 8): decoding jumps
	// there instead of decoding frames 1..7.
	if got := frameRank(t, r, 13*time.Second/30+time.Millisecond); got != 13 {
		t.Fatalf("frame %d, want 13", got)
	}
	if n := lib.fed - fed; n > 8 {
		t.Fatalf("%d access units decoded to reach frame 13 from frame 0; a jump to the sync sample needs at most 8", n)
	}
	made := lib.made
	if got := frameRank(t, r, 100*time.Millisecond+time.Millisecond); got != 3 {
		t.Fatalf("after seeking back: frame %d, want 3", got)
	}
	if lib.made != made+1 {
		t.Fatalf("seeking back made %d new decoders, want 1", lib.made-made)
	}
	if got := frameRank(t, r, 150*time.Millisecond); got != 4 {
		t.Fatalf("frame %d, want 4", got)
	}
}

func TestFrameAtShowsThePreviousFrameWhenTheDecoderDropsOne(t *testing.T) {
	_, _, tr := openFake(t, bframesMP4, Options{}, 2, nil)
	order := presentationOrder(tr)
	drop := map[int64]bool{tr.Samples[order[5]].PTS: true}
	r, _, _ := openFake(t, bframesMP4, Options{}, 2, drop)
	for k, want := range []int{0, 1, 2, 3, 4, 4, 6, 7} {
		if got := frameRank(t, r, time.Duration(k)*time.Second/30+time.Millisecond); got != want {
			t.Fatalf("at frame time %d: frame %d, want %d", k, got, want)
		}
	}
}

func TestFrameAtRotatesPortraitClipsUpright(t *testing.T) {
	r, _, tr := openFake(t, portraitMOV, Options{}, 0, nil)
	if inf := r.Info(); inf.Width != 48 || inf.Height != 64 || inf.Rotation != 90 || inf.Container != "mov" {
		t.Fatalf("info %+v", inf)
	}
	img, err := r.FrameAt(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect.Dx() != 48 || img.Rect.Dy() != 64 {
		t.Fatalf("frame is %v, want 48x64", img.Rect)
	}
	// 90 degrees clockwise: the coded picture's top-left corner is at the
	// top right, its bottom-left at the top left.
	h := tr.Height
	for y := range 64 {
		for x := range 48 {
			if got, want := img.Y[y*img.YStride+x], gradient(y, h-1-x); got != want {
				t.Fatalf("upright (%d,%d) = %d, want coded (%d,%d) = %d", x, y, got, y, h-1-x, want)
			}
		}
	}
}

func TestFrameAtScalesDownToCoverTheRequestedSize(t *testing.T) {
	r, _, _ := openFake(t, portraitMOV, Options{Width: 12, Height: 12}, 0, nil)
	img, err := r.FrameAt(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	// 48x64 upright covering 12x12: 12x16.
	if img.Rect.Dx() != 12 || img.Rect.Dy() != 16 {
		t.Fatalf("frame is %v, want 12x16", img.Rect)
	}
	// A uniform plane stays exactly uniform; the gradient keeps its mean.
	for _, v := range img.Cb[:6] {
		if v != 16 {
			t.Fatalf("chroma %d, want 16 (frame 0's rank plane, unchanged by scaling)", v)
		}
	}
	r2, _, _ := openFake(t, portraitMOV, Options{Width: 4800, Height: 6400}, 0, nil)
	big, _ := r2.FrameAt(context.Background(), 0)
	if big.Rect.Dx() != 48 || big.Rect.Dy() != 64 {
		t.Fatalf("asked for more than the clip has: %v, want the native 48x64 (never upscaled)", big.Rect)
	}
}

func TestOptionsCoverSize(t *testing.T) {
	for _, c := range []struct {
		o            Options
		w, h, ww, wh int
	}{
		{Options{}, 1920, 1080, 1920, 1080},
		{Options{Width: 1280, Height: 720}, 1920, 1080, 1280, 720},
		{Options{Width: 720, Height: 1280}, 1920, 1080, 1920, 1080}, // covering needs more height than there is
		{Options{Width: 360, Height: 640}, 1920, 1080, 1138, 640},
		{Options{Width: 100, Height: 100}, 1080, 1920, 100, 178},
	} {
		if w, h := c.o.coverSize(c.w, c.h); w != c.ww || h != c.wh {
			t.Errorf("%+v over %dx%d: %dx%d, want %dx%d", c.o, c.w, c.h, w, h, c.ww, c.wh)
		}
	}
}

func TestFrameAtStopsWhenTheContextIsCancelled(t *testing.T) {
	r, _, _ := openFake(t, bframesMP4, Options{}, 2, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.FrameAt(ctx, 400*time.Millisecond); err != context.Canceled {
		t.Fatalf("FrameAt with a cancelled context: %v", err)
	}
	if got := frameRank(t, r, 400*time.Millisecond); got != 12 {
		t.Fatalf("after the cancelled call: frame %d, want 12", got)
	}
	r.Close()
	if _, err := r.FrameAt(context.Background(), 0); err == nil {
		t.Fatal("FrameAt after Close succeeded")
	}
}

// TestFrameAtHoldsFewPicturesWhenJumpingAhead: asking for a frame far
// after the one shown with no sync sample in between (as validation
// asks for a clip's last frame) decodes up to it without holding the
// pictures in between (they go back to the decoder as they are passed),
// and still shows the right frames.
func TestFrameAtHoldsFewPicturesWhenJumpingAhead(t *testing.T) {
	for _, c := range []struct {
		name  string
		delay int
	}{{"reordering decoder", 2}, {"decode-order decoder", -1}} {
		t.Run(c.name, func(t *testing.T) {
			r, _, _ := openFake(t, bframesMP4, Options{}, c.delay, nil)
			if got := frameRank(t, r, 0); got != 0 {
				t.Fatalf("first frame %d, want 0", got)
			}
			d := r.src.(*videoSource).dec.(*fakeDecoder)
			d.peak = 0
			// Frame 7, the last before the second sync sample (GOP 8).
			if got := frameRank(t, r, 240*time.Millisecond); got != 7 {
				t.Fatalf("frame %d at 240 ms, want 7", got)
			}
			if d.peak > 4 {
				t.Errorf("%d pictures out of the decoder at once while jumping from frame 0 to 7, want at most 4", d.peak)
			}
			if got := frameRank(t, r, 490*time.Millisecond); got != 14 {
				t.Fatalf("last frame %d, want 14", got)
			}
		})
	}
}

// TestKeyframeAtDecodesOneSampleAndFrameAtResumes: KeyframeAt(t) gives the
// last keyframe at or before t (listed by Keyframes) after decoding just
// that sample, though the decoder holds two pictures back for reordering;
// a FrameAt afterwards, backwards or forwards, gives the right frames.
func TestKeyframeAtDecodesOneSampleAndFrameAtResumes(t *testing.T) {
	r, lib, tr := openFake(t, bframesMP4, Options{}, 2, nil)
	keys := r.Keyframes()
	if len(keys) < 2 {
		t.Fatalf("keyframes %v: want at least 2 in the test clip", keys)
	}
	var want []time.Duration
	for _, s := range tr.Samples {
		if s.Sync {
			want = append(want, tr.Time(s.PTS))
		}
	}
	if !slices.Equal(keys, want) {
		t.Fatalf("keyframes %v, want the sync samples' times %v", keys, want)
	}
	rank := func(img *image.YCbCr) int { return int(img.Cb[0]) - 16 }
	fed := lib.fed
	img, err := r.KeyframeAt(context.Background(), keys[1]+10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if got := rank(img); got != 8 {
		t.Fatalf("keyframe %d, want frame 8 (the second sync sample)", got)
	}
	if n := lib.fed - fed; n != 1 {
		t.Fatalf("%d access units decoded for one keyframe, want 1", n)
	}
	if got := frameRank(t, r, 100*time.Millisecond+time.Millisecond); got != 3 {
		t.Fatalf("FrameAt after KeyframeAt, backwards: frame %d, want 3", got)
	}
	if got := frameRank(t, r, 9*time.Second/30+time.Millisecond); got != 9 {
		t.Fatalf("FrameAt after KeyframeAt, forwards: frame %d, want 9", got)
	}
	img, err = r.KeyframeAt(context.Background(), 0)
	if err != nil || rank(img) != 0 {
		t.Fatalf("keyframe at 0: %v, %v", img, err)
	}
	if got := frameRank(t, r, 50*time.Millisecond); got != 1 {
		t.Fatalf("FrameAt after the first keyframe: frame %d, want 1", got)
	}
}
