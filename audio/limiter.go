package audio

import (
	"io"
	"math"
)

// Limiter settings: a stereo-linked look-ahead true-peak limiter.
const (
	limLookahead = 0.005 // seconds
	limRelease   = 0.080 // seconds, time constant of the gain's recovery
)

// tpLatency is the true-peak detector's delay in frames: tpHalf to see the
// samples an inter-sample point depends on, tpHalf more to spread each
// point's peak over every frame of its filter support.
const tpLatency = 2 * tpHalf

// limiter keeps the output's true peak (BS.1770-4 Annex 2, see TruePeak)
// within ceil. Each input frame's peak is the largest true peak of the
// 4x-oversampled points whose interpolation filter reaches that frame (so
// a gain applied to the frame also covers the inter-sample overs it
// contributes to). For each frame it takes the gain that would bring that
// peak to the ceiling, holds
// the minimum of that over the look-ahead window, lets it recover
// exponentially, then smooths it with a moving average as long as the
// window; the frame leaves the limiter delayed by the window (plus the
// detector's tpLatency), and every gain in the average is at most the gain
// the frame itself needs, so no output sample exceeds the ceiling and the
// gain moves without steps. Inter-sample points see gains that differ by
// at most tpTaps/window across their filter support, which the ceiling's
// 0.5 dB margin under -1 dBTP absorbs (DefaultCeilingDB).

type limiter struct {
	src     source
	ceil    float32
	la      int
	relCoef float32

	tp     tpRing    // the last tpTaps input frames (true-peak window)
	tpPeak []float32 // ring of the last 2*tpHalf+1 true peaks, one per frame
	tpX    []float32 // stereo ring of 2*tpHalf+1 frames: the input delayed to meet its spread peak
	tpI    int64     // frames taken into the detector

	delay         []float32 // stereo ring of la frames
	box           []float32 // ring of the last la recovered gains
	boxSum        float64
	dq            []minEntry // monotonic deque over the window (ring)
	dqHead, dqLen int
	rel           float32
	i             int64 // frames taken in
	out           int64 // frames given out
	total         int64 // frames the source had, known at its EOF (-1 before)
	in            []float32
	inPos         int
	err           error
}

type minEntry struct {
	i int64
	g float32
}

func newLimiter(src source, rate int, ceilDB float64) *limiter {
	la := max(1, int(limLookahead*float64(rate)))
	box := make([]float32, la)
	for i := range box {
		box[i] = 1
	}
	return &limiter{
		src:     src,
		ceil:    float32(math.Pow(10, ceilDB/20)),
		la:      la,
		relCoef: float32(1 - math.Exp(-1/(limRelease*float64(rate)))),
		tpPeak:  make([]float32, 2*tpHalf+1),
		tpX:     make([]float32, 2*(2*tpHalf+1)),
		delay:   make([]float32, 2*la),
		box:     box,
		boxSum:  float64(la),
		dq:      make([]minEntry, la+1),
		rel:     1,
		total:   -1,
		in:      make([]float32, 0, 2*1024),
	}
}

// detect takes one frame into the true-peak detector and returns the frame
// tpLatency before it with the largest true peak of the points within
// tpHalf frames of it (zeros with a zero peak during the first tpLatency
// frames).
func (l *limiter) detect(x0, x1 float32) (y0, y1, peak float32) {
	i := l.tpI
	l.tpI++
	l.tp.push(x0, x1)
	// The window now ends at frame i: its points are frame i-tpHalf and
	// the three after it.
	d := int(i % int64(len(l.tpPeak)))
	l.tpPeak[d] = l.tp.peak()
	out := (d + 1) % len(l.tpPeak) // frame i-2*tpHalf, about to be overwritten
	y0, y1 = l.tpX[2*out], l.tpX[2*out+1]
	l.tpX[2*d], l.tpX[2*d+1] = x0, x1
	// The ring holds the peaks of the points at frames i-3*tpHalf ..
	// i-tpHalf: every point whose filter reaches frame i-2*tpHalf.
	for _, v := range l.tpPeak {
		peak = max(peak, v)
	}
	return y0, y1, peak
}

// push takes one frame in and returns the frame leaving the limiter
// (valid once la-1+tpLatency frames have gone in).
func (l *limiter) push(x0, x1 float32) (float32, float32) {
	x0, x1, peak := l.detect(x0, x1)
	t := float32(1)
	if peak > l.ceil {
		t = l.ceil / peak
	}
	// Sliding minimum of t over the last la frames.
	for l.dqLen > 0 && l.dq[(l.dqHead+l.dqLen-1)%len(l.dq)].g >= t {
		l.dqLen--
	}
	l.dq[(l.dqHead+l.dqLen)%len(l.dq)] = minEntry{l.i, t}
	l.dqLen++
	for l.dq[l.dqHead].i <= l.i-int64(l.la) {
		l.dqHead = (l.dqHead + 1) % len(l.dq)
		l.dqLen--
	}
	h := l.dq[l.dqHead].g
	// Recovery: drop at once, rise exponentially, never above h.
	l.rel = min(h, l.rel+(1-l.rel)*l.relCoef)
	slot := int(l.i % int64(l.la))
	l.boxSum += float64(l.rel - l.box[slot])
	l.box[slot] = l.rel
	g := float32(l.boxSum / float64(l.la))
	// x enters the delay line; the frame la-1 behind leaves it now.
	l.delay[2*slot], l.delay[2*slot+1] = x0, x1
	old := int((l.i + 1) % int64(l.la))
	y0, y1 := l.delay[2*old]*g, l.delay[2*old+1]*g
	l.i++
	return clampf(y0, l.ceil), clampf(y1, l.ceil)
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

func clampf(x, c float32) float32 { return max(-c, min(c, x)) }

// Read implements source: exactly as many frames as the source gave.
func (l *limiter) Read(p []float32) (int, error) {
	out := 0
	for out+2 <= len(p) {
		if l.total >= 0 && l.out >= l.total {
			if out == 0 {
				return 0, io.EOF
			}
			break
		}
		if l.inPos >= len(l.in) && l.total < 0 {
			if l.err != nil {
				return out, l.err
			}
			n, err := l.src.Read(l.in[:cap(l.in)])
			l.in, l.inPos = l.in[:n&^1], 0
			if err == io.EOF {
				l.total = l.i + int64(len(l.in)/2)
			} else if err != nil {
				l.err = err
			}
			continue
		}
		var x0, x1 float32 // zeros flush the delay line after the end
		if l.inPos < len(l.in) {
			x0, x1 = l.in[l.inPos], l.in[l.inPos+1]
			l.inPos += 2
		}
		y0, y1 := l.push(x0, x1)
		if l.i > int64(l.la-1+tpLatency) {
			p[out], p[out+1] = y0, y1
			out += 2
			l.out++
		}
	}
	return out, nil
}
