package audio

import (
	"context"
	"io"
	"math"
	"sort"
)

// span is a range of timeline frames [s, e).
type span struct{ s, e int64 }

// duckHop and duckWindow are the level detector's step and window, in
// hundredths of a second: RMS over 50 ms, every 10 ms, centred.
const (
	duckHopsPerSecond = 100
	duckWindowHops    = 5
)

// analyseClip reads a clip's sound once, as the mix will play it (resampled,
// times Volume), for at most limit frames, and returns how many frames it
// has and the spans (timeline frames) where its short-term level is above
// DuckThresholdDB.
func analyseClip(ctx context.Context, p clipPlan, rate int, limit int64) (int64, []span, error) {
	src, closer, err := openClip(p.clip, p.index, rate)
	if err != nil {
		return 0, nil, err
	}
	defer closer.Close()
	v := &clipVoice{p: p, src: src}
	hop := int64(max(1, rate/duckHopsPerSecond))
	var hopMS []float64 // mean square per hop
	buf := make([]float32, 2*hop)
	var n int64
	vol := p.clip.Volume
	for n < limit && !v.ended {
		if len(hopMS)%64 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, nil, err
			}
		}
		want := min(hop, limit-n)
		b := buf[:2*want]
		got := 0
		for got < len(b) && !v.ended {
			k, err := v.src.Read(b[got:])
			got += k
			if err != nil {
				if err == io.EOF {
					v.ended = true
					break
				}
				return 0, nil, err
			}
		}
		var sum float64
		for _, x := range b[:got] {
			sum += float64(x) * float64(x)
		}
		hopMS = append(hopMS, sum*vol*vol/float64(max(1, got)))
		n += int64(got / 2)
	}
	thr := math.Pow(10, DuckThresholdDB/10.0)
	var spans []span
	for h := range hopMS {
		lo, hi := max(0, h-duckWindowHops/2), min(len(hopMS), h+duckWindowHops/2+1)
		var ms float64
		for _, x := range hopMS[lo:hi] {
			ms += x
		}
		if ms/float64(hi-lo) <= thr {
			continue
		}
		s := p.s + int64(h)*hop
		e := min(s+hop, p.s+n)
		if k := len(spans) - 1; k >= 0 && spans[k].e == s {
			spans[k].e = e
		} else {
			spans = append(spans, span{s, e})
		}
	}
	return n, spans, nil
}

// mergeSpans sorts spans and joins those that overlap or are separated by
// less than gap frames.
func mergeSpans(spans []span, gap int64) []span {
	sort.Slice(spans, func(a, b int) bool { return spans[a].s < spans[b].s })
	var out []span
	for _, sp := range spans {
		if k := len(out) - 1; k >= 0 && sp.s-out[k].e < gap {
			out[k].e = max(out[k].e, sp.e)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// duckEnv is the music's gain under clip sound: for timeline frame t, a
// fraction f(t) in [0, 1] of the full depth (1 inside a span, rising over
// attack frames before it, falling over release frames after it), shaped
// by a raised cosine and applied in dB.
type duckEnv struct {
	spans           []span
	attack, release int64
	depth           float64
	next            int // first span that may still matter (e + release > t)
}

// fraction returns f(t). Calls must have non-decreasing t.
func (d *duckEnv) fraction(t int64) float64 {
	for d.next < len(d.spans) && d.spans[d.next].e+d.release <= t {
		d.next++
	}
	var f float64
	// Spans from next on end after t-release (they are sorted and apart):
	// each one t has passed gives its release, the first one not reached
	// its attack; t inside one is full depth.
	for _, sp := range d.spans[d.next:] {
		if t < sp.s {
			if t >= sp.s-d.attack {
				f = max(f, float64(t-(sp.s-d.attack)+1)/float64(d.attack+1))
			}
			break
		}
		if t < sp.e {
			return 1
		}
		f = max(f, 1-float64(t-sp.e+1)/float64(d.release+1))
	}
	return max(0, f)
}

// apply multiplies stereo frames mix (timeline frames from t0) by the
// envelope.
func (d *duckEnv) apply(mix []float32, t0 int64) {
	for i := 0; i < len(mix)/2; i++ {
		f := d.fraction(t0 + int64(i))
		if f == 0 {
			continue
		}
		s := (1 - math.Cos(math.Pi*f)) / 2
		g := float32(math.Pow(10, -d.depth*s/20))
		mix[2*i] *= g
		mix[2*i+1] *= g
	}
}
