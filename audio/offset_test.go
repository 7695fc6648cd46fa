package audio

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// noiseWAV is a mono 16-bit WAV of seeded white noise: every stretch of it
// is unlike every other, so a lag search finds where a piece came from.
func noiseWAV(rate int, secs float64, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	s := make([]float64, int(math.Round(secs*float64(rate))))
	for i := range s {
		s[i] = 0.3 * (2*rng.Float64() - 1)
	}
	return wavFile(rate, 1, 16, false, s)
}

// mixLeft renders cues over d seconds at 44.1 kHz without fades or
// normalisation and returns the left channel.
func mixLeft(t *testing.T, d float64, cues ...Cue) []float64 {
	t.Helper()
	m, err := NewMix(context.Background(), cues, MixOptions{Duration: d, FadeIn: -1, FadeOut: -1, SkipLoudness: true})
	if err != nil {
		t.Fatal(err)
	}
	return left(toFloat(readMix(t, m)))
}

// lagNear is the lag d in [want-span, want+span] that best matches
// y[from:from+n] with ref[from+d:], by normalised correlation.
func lagNear(y, ref []float64, from, n, want, span int) (int, float64) {
	best, bestC := 0, math.Inf(-1)
	for d := want - span; d <= want+span; d++ {
		if from+d < 0 || from+d+n > len(ref) {
			continue
		}
		var xy, xx, yy float64
		for i := range n {
			a, b := y[from+i], ref[from+d+i]
			xy, xx, yy = xy+a*b, xx+a*a, yy+b*b
		}
		if c := xy / math.Sqrt(xx*yy+1e-30); c > bestC {
			best, bestC = d, c
		}
	}
	return best, bestC
}

// TestMixOffsetStartsInsideTheTrack: with Offset 2.5 the mix is the
// un-offset mix shifted by 2.5 s, to the sample (the tolerance is 1 ms),
// both for a track at the output rate and for a resampled one.
func TestMixOffsetStartsInsideTheTrack(t *testing.T) {
	t.Parallel()
	const out = 44100
	for _, rate := range []int{44100, 48000} {
		track := noiseWAV(rate, 6, 7)
		ref := mixLeft(t, 6, bytesCue(track, 0, 0))
		c := bytesCue(track, 0, 0)
		c.Offset = 2.5
		y := mixLeft(t, 3, c)
		want := int(2.5 * out)
		for _, from := range []int{0, 1000, out} {
			lag, corr := lagNear(y, ref, from, 2048, want, 200)
			t.Logf("%d Hz track, from frame %d: lag %d frames (want %d), correlation %.5f", rate, from, lag, want, corr)
			if abs(lag-want) > out/1000 || corr < 0.99 {
				t.Errorf("%d Hz track, from frame %d: lag %d frames (want %d ±44), correlation %.5f", rate, from, lag, want, corr)
			}
		}
		// Past the track's end (3.5 s of track left, 3 s of video) the
		// first pass runs to the end of the video: no loop seam.
		if lag, corr := lagNear(y, ref, len(y)-3000, 2048, want, 200); abs(lag-want) > out/1000 || corr < 0.99 {
			t.Errorf("%d Hz track, near the end: lag %d, correlation %.5f", rate, lag, corr)
		}
	}
}

// TestMixOffsetLoopsFromTheBeginning: a 3 s track cut at 2.5 s plays its
// last 0.5 s, then loops from its own beginning at 0.5 s on the timeline.
func TestMixOffsetLoopsFromTheBeginning(t *testing.T) {
	t.Parallel()
	const rate = 44100
	track := noiseWAV(rate, 3, 11)
	ref := mixLeft(t, 6, bytesCue(track, 0, 0))
	c := bytesCue(track, 0, 0)
	c.Offset = 2.5
	y := mixLeft(t, 5, c)
	checks := []struct {
		name      string
		from, lag int
	}{
		{"first pass: the track's tail", 100, int(2.5 * rate)},
		{"second pass: the track's beginning", rate/2 + 500, -rate / 2},
		{"third pass", rate/2 + 3*rate + 500, -rate/2 - 3*rate},
	}
	for _, ck := range checks {
		lag, corr := lagNear(y, ref, ck.from, 2048, ck.lag, 200)
		t.Logf("%s: lag %d (want %d), correlation %.5f", ck.name, lag, ck.lag, corr)
		if lag != ck.lag || corr < 0.99 {
			t.Errorf("%s: lag %d (want %d), correlation %.5f", ck.name, lag, ck.lag, corr)
		}
	}
}

func abs(x int) int { return max(x, -x) }

func TestMixOffsetErrors(t *testing.T) {
	t.Parallel()
	track := sineWAV(8000, 2, 440, 0.5)
	for _, off := range []float64{-1, math.NaN(), math.Inf(1), 2, 3} {
		c := bytesCue(track, 0, 0)
		c.Offset = off
		_, err := NewMix(context.Background(), []Cue{bytesCue(track, 0, 0), c}, MixOptions{Duration: 1})
		if err == nil || !strings.Contains(err.Error(), "offset") {
			t.Errorf("offset %v: error %v, want one naming the offset", off, err)
		}
		var oe *OffsetError
		if outside := off >= 2 && !math.IsInf(off, 1); outside != errors.As(err, &oe) || outside && (oe.Cue != 1 || oe.Duration != 2) {
			t.Errorf("offset %v: error %#v; want an *OffsetError for cue 1 only past the track's end", off, err)
		}
	}
}
