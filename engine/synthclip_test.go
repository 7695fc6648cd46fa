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

	"github.com/reelkit/reel/compose/clip"
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
	// flash, when set, makes the backend take real clips (read by
	// compose/clip's Probe for their size, length and sound) and serve
	// black pictures but a white one at clip times [flash, flash+1/30 s):
	// their sound is then decoded for real by the audio package.
	flash time.Duration
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
	if c.flash > 0 {
		in, err := clip.Probe(r, size)
		return clipInfo{Width: in.Width, Height: in.Height, Duration: in.Duration, Audio: in.Audio != nil}, err
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
	var s synthSpec
	if c.flash > 0 {
		in, err := clip.Probe(r, size)
		if err != nil {
			return nil, err
		}
		s = synthSpec{w: in.Width, h: in.Height, ms: int(in.Duration.Milliseconds()), fps: 30}
	} else {
		var err error
		if s, err = readSynth(r, size); err != nil {
			return nil, err
		}
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
	if f := r.c.flash; f > 0 {
		// The picture of PTS f shows from f to the next picture.
		y := uint8(16)
		if t >= f && t < f+step {
			y = 235
		}
		fill(r.pic, y)
		return r.pic, nil
	}
	t = t / step * step
	fill(r.pic, synthLuma(t))
	return r.pic, nil
}

func fill(m *image.YCbCr, y uint8) {
	for i := range m.Y {
		m.Y[i] = y
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = 128, 128
	}
}

func (r *synthReader) Close() error {
	r.c.mu.Lock()
	r.c.live--
	r.c.mu.Unlock()
	return nil
}
