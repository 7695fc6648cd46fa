package engine

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"sync"
	"time"
)

// synthClips is a clip backend for tests: a clip is the text
// "SYNTH <w> <h> <milliseconds> <fps>" and its picture at clip time t is
// flat grey of luma synthLuma(t) (t rounded down to the clip's frames).
type synthClips struct {
	mu    sync.Mutex
	calls []time.Duration // every FrameAt of every reader, in order
	opens int
	// live readers now, and the most at once
	live, peak int
	// probeErr and openErr, when set, fail every probe and open.
	probeErr, openErr error
}

// synthLuma is the luma of a synthetic clip's picture at clip time t:
// 16 + 20 per second (up to 10 s).
func synthLuma(t time.Duration) uint8 { return uint8(16 + min(200, int(math.Round(20*t.Seconds())))) }

func synthClip(w, h int, d time.Duration, fps int) []byte {
	return fmt.Appendf(nil, "SYNTH %d %d %d %d", w, h, d.Milliseconds(), fps)
}

type synthSpec struct {
	w, h, ms, fps int
}

func readSynth(r io.ReaderAt, size int64) (synthSpec, error) {
	b := make([]byte, min(size, 64))
	if _, err := r.ReadAt(b, 0); err != nil && !errors.Is(err, io.EOF) {
		return synthSpec{}, err
	}
	var s synthSpec
	if _, err := fmt.Sscanf(string(b), "SYNTH %d %d %d %d", &s.w, &s.h, &s.ms, &s.fps); err != nil {
		return synthSpec{}, fmt.Errorf("not a clip: %w", err)
	}
	return s, nil
}

func (c *synthClips) probe(r io.ReaderAt, size int64) (clipInfo, error) {
	if c.probeErr != nil {
		return clipInfo{}, c.probeErr
	}
	s, err := readSynth(r, size)
	if err != nil {
		return clipInfo{}, err
	}
	return clipInfo{Width: s.w, Height: s.h, Duration: time.Duration(s.ms) * time.Millisecond}, nil
}

func (c *synthClips) open(_ context.Context, r io.ReaderAt, size int64, w, h int) (clipReader, error) {
	if c.openErr != nil {
		return nil, c.openErr
	}
	s, err := readSynth(r, size)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.opens++
	c.live++
	c.peak = max(c.peak, c.live)
	c.mu.Unlock()
	// Scaled down to cover w x h, as compose/clip does.
	pw, ph := s.w, s.h
	if w > 0 && h > 0 {
		k := math.Max(float64(w)/float64(s.w), float64(h)/float64(s.h))
		if k < 1 {
			pw, ph = int(math.Ceil(float64(s.w)*k)), int(math.Ceil(float64(s.h)*k))
		}
	}
	return &synthReader{c: c, s: s, pic: image.NewYCbCr(image.Rect(0, 0, pw, ph), image.YCbCrSubsampleRatio420)}, nil
}

func (c *synthClips) frameCalls() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.calls...)
}

type synthReader struct {
	c   *synthClips
	s   synthSpec
	pic *image.YCbCr
}

func (r *synthReader) FrameAt(ctx context.Context, t time.Duration) (*image.YCbCr, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.c.mu.Lock()
	r.c.calls = append(r.c.calls, t)
	r.c.mu.Unlock()
	d := time.Duration(r.s.ms) * time.Millisecond
	t = max(0, min(t, d-time.Nanosecond))
	step := time.Second / time.Duration(r.s.fps)
	t = t / step * step
	y := synthLuma(t)
	for i := range r.pic.Y {
		r.pic.Y[i] = y
	}
	for i := range r.pic.Cb {
		r.pic.Cb[i], r.pic.Cr[i] = 128, 128
	}
	return r.pic, nil
}

func (r *synthReader) Close() error {
	r.c.mu.Lock()
	r.c.live--
	r.c.mu.Unlock()
	return nil
}
