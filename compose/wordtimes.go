package compose

import (
	"math"
	"sort"
)

// Word-by-word captions (styles.AnimWords): when each word appears.

const (
	// wordPace is the time from one word to the next when the style sets
	// none (its AnimDuration is 0).
	wordPace = 0.3
	// wordPop is how long a word takes to fade in (less when the next one
	// comes sooner).
	wordPop = 0.1
)

// wordTimes returns when each of n words appears: the first at start or
// on the first beat at or after it, the last no later than last. Without
// beats (fewer than two) the words come every pace seconds, closer
// together when that would end after last. With beats (slide times,
// ascending) the words land on a grid of beats cut into m equal parts, m
// in 1, 2, 4: the m whose step is nearest pace (by ratio), or a finer one
// when the words would otherwise end after last; when even quarter
// beats are too slow, the even pace is used. last <= start shows every
// word at start.
func wordTimes(n int, start, last, pace float64, beats []float64) []float64 {
	if n <= 0 {
		return nil
	}
	if pace <= 0 {
		pace = wordPace
	}
	times := make([]float64, n)
	if last <= start {
		for i := range times {
			times[i] = start
		}
		return times
	}
	if period := beatPeriod(beats); period > 0 {
		best := 1
		for _, m := range []int{2, 4} {
			if math.Abs(math.Log(period/float64(m)/pace)) < math.Abs(math.Log(period/float64(best)/pace)) {
				best = m
			}
		}
		for m := best; m <= 4; m *= 2 {
			g := beatSubdivisions(beats, period, m, start, last)
			i := sort.Search(len(g), func(i int) bool { return g[i] >= start-1e-9 })
			if i+n <= len(g) && g[i+n-1] <= last+1e-9 {
				copy(times, g[i:i+n])
				return times
			}
		}
	}
	step := pace
	if n > 1 && start+step*float64(n-1) > last {
		step = (last - start) / float64(n-1)
	}
	for i := range times {
		times[i] = start + float64(i)*step
	}
	return times
}

// beatPeriod is the median interval between beats, 0 with fewer than two.
func beatPeriod(beats []float64) float64 {
	if len(beats) < 2 {
		return 0
	}
	d := make([]float64, 0, len(beats)-1)
	for i := 1; i < len(beats); i++ {
		if x := beats[i] - beats[i-1]; x > 0 {
			d = append(d, x)
		}
	}
	if len(d) == 0 {
		return 0
	}
	sort.Float64s(d)
	return d[len(d)/2]
}

// beatSubdivisions is the beats cut into m equal parts each (a gap of
// several periods, a missed beat, into that many times m), continued at
// the period's pace before the first beat and after the last so that it
// covers [from, to].
func beatSubdivisions(beats []float64, period float64, m int, from, to float64) []float64 {
	step := period / float64(m)
	var g []float64
	b0 := beats[0]
	k := math.Ceil((b0 - from) / step)
	for ; k > 0; k-- {
		g = append(g, b0-k*step)
	}
	for i := 0; i+1 < len(beats); i++ {
		gap := beats[i+1] - beats[i]
		parts := max(1, int(math.Round(gap/period))) * m
		for j := 0; j < parts; j++ {
			g = append(g, beats[i]+gap*float64(j)/float64(parts))
		}
	}
	for x := beats[len(beats)-1]; x <= to+step; x += step {
		g = append(g, x)
	}
	return g
}
