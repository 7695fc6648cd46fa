package audio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// clipPlan is a clip's sound resolved to timeline frames.
type clipPlan struct {
	clip  ClipSound
	index int
	s, e  int64 // timeline frames [s, e): e is where the sound really ends (analysed)
	fade  int64 // edge fade, frames
}

// framesOf converts a time on the timeline to frames at rate, clamped to
// [0, limit].
func framesOf(d time.Duration, rate int, limit int64) int64 {
	return min(limit, int64(math.Round(max(0, d.Seconds())*float64(rate))))
}

// clipVoice renders one clip's sound: its source from the start at s,
// times Volume, cut at e, faded in and out over the plan's edge fade.
type clipVoice struct {
	p       clipPlan
	rate    int
	src     source
	closer  io.Closer
	opened  bool
	ended   bool
	done    bool
	scratch []float32
}

// openClip opens a clip's sound resampled to rate, tolerant of a source
// that turns truncated or corrupt mid-stream (silence from there on).
func openClip(c ClipSound, index, rate int) (source, io.Closer, error) {
	pcm, err := c.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("audio: clip %d: open: %w", index, err)
	}
	info := pcm.Info()
	if info.SampleRate < 1000 || info.SampleRate > 384000 {
		pcm.Close()
		return nil, nil, fmt.Errorf("audio: clip %d: sample rate %d Hz out of range", index, info.SampleRate)
	}
	return newResampler(tolerantPCM{pcm}, info.SampleRate, rate), pcm, nil
}

// tolerantPCM ends a clip's sound quietly where it turns truncated or
// corrupt; I/O errors still fail the mix.
type tolerantPCM struct{ s PCMSource }

func (t tolerantPCM) Read(p []float32) (int, error) {
	n, err := t.s.Read(p)
	if err != nil && (errors.Is(err, ErrTruncated) || errors.Is(err, ErrCorrupt)) {
		err = io.EOF
	}
	return n &^ 1, err
}

// fill reads len(buf)/2 frames, zeros after the end of the source.
func (v *clipVoice) fill(buf []float32) error {
	got := 0
	for got < len(buf) && !v.ended {
		n, err := v.src.Read(buf[got:])
		got += n
		if err == io.EOF {
			v.ended = true
		} else if err != nil {
			return fmt.Errorf("audio: clip %d: %w", v.p.index, err)
		}
		if n == 0 && err == nil {
			return fmt.Errorf("audio: clip %d: source returned no samples and no error", v.p.index)
		}
	}
	clear(buf[got:])
	return nil
}

// edge is the clip's edge fade gain at timeline frame t.
func (v *clipVoice) edge(t int64) float64 {
	g := 1.0
	if d := t - v.p.s; d < v.p.fade {
		g *= math.Sin(math.Pi / 2 * (float64(d) + 0.5) / float64(v.p.fade))
	}
	if d := v.p.e - t; d <= v.p.fade {
		g *= math.Sin(math.Pi / 2 * (float64(d) - 0.5) / float64(v.p.fade))
	}
	return g
}

// render adds the clip's frames [t0, t0+n) into mix (stereo).
func (v *clipVoice) render(mix []float32, t0 int64, n int) error {
	t1 := t0 + int64(n)
	if v.done || t1 <= v.p.s || t0 >= v.p.e {
		return nil
	}
	if !v.opened {
		src, c, err := openClip(v.p.clip, v.p.index, v.rate)
		if err != nil {
			return err
		}
		v.src, v.closer, v.opened = src, c, true
	}
	a, b := max(t0, v.p.s), min(t1, v.p.e)
	dst := mix[2*(a-t0) : 2*(b-t0)]
	if cap(v.scratch) < len(dst) {
		v.scratch = make([]float32, len(dst))
	}
	buf := v.scratch[:len(dst)]
	if err := v.fill(buf); err != nil {
		return err
	}
	vol := v.p.clip.Volume
	for i := 0; i < len(buf)/2; i++ {
		t := a + int64(i)
		g := float32(vol)
		if t-v.p.s < v.p.fade || v.p.e-t <= v.p.fade {
			g = float32(vol * v.edge(t))
		}
		dst[2*i] += buf[2*i] * g
		dst[2*i+1] += buf[2*i+1] * g
	}
	if b >= v.p.e {
		v.close()
	}
	return nil
}

func (v *clipVoice) close() {
	if v.closer != nil {
		v.closer.Close()
		v.closer = nil
	}
	v.done = true
}

// planClips validates the clips and analyses each audible one: how long
// its sound really lasts (at most Length, at most to the end of the video)
// and where it is loud enough to duck the music. It returns the plans and
// the ducking envelope (nil when nothing ducks).
func planClips(ctx context.Context, o MixOptions, total int64) ([]clipPlan, *duckEnv, error) {
	var plans []clipPlan
	var spans []span
	for i, c := range o.Clips {
		if err := checkClip(i, c); err != nil {
			return nil, nil, err
		}
		if c.Volume == 0 {
			continue
		}
		p := clipPlan{clip: c, index: i, s: framesOf(c.At, o.SampleRate, total)}
		limit := total
		if c.Length > 0 {
			limit = min(total, p.s+framesOf(c.Length, o.SampleRate, total))
		}
		if p.s >= limit {
			continue
		}
		n, active, err := analyseClip(ctx, p, o.SampleRate, limit-p.s)
		if err != nil {
			return nil, nil, err
		}
		if n == 0 {
			continue
		}
		p.e = p.s + n
		p.fade = min(framesOf(clipEdgeFade, o.SampleRate, total), n/2)
		plans = append(plans, p)
		spans = append(spans, active...)
	}
	if o.Ducking.Off || len(spans) == 0 || o.Ducking.Depth == 0 {
		return plans, nil, nil
	}
	d := &duckEnv{
		spans:   mergeSpans(spans, framesOf(DuckHold, o.SampleRate, total)),
		attack:  max(1, framesOf(o.Ducking.Attack, o.SampleRate, total)),
		release: max(1, framesOf(o.Ducking.Release, o.SampleRate, total)),
		depth:   o.Ducking.Depth,
	}
	return plans, d, nil
}
