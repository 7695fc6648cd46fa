package audio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/cmplx"
	"sort"
)

// Beats is the beat grid [DetectBeats] found in a track.
type Beats struct {
	// Tempo is the tracked tempo in beats per minute (0 when no beat was
	// found).
	Tempo float64
	// Times are the beats, in seconds from the track's first sample,
	// ascending.
	Times []float64
	// Duration is the track's length in seconds (of the part analysed:
	// at most MaxBeatSeconds).
	Duration float64
}

// MaxBeatSeconds bounds the audio DetectBeats analyses: the first 30
// minutes of a track (the longest video), so memory stays under about
// 15 MB whatever the file.
const MaxBeatSeconds = 30 * 60

// Beat tracking parameters (see DetectBeats).
const (
	beatHopRate  = 200  // onset envelope frames per second (5 ms)
	beatWindow   = 1024 // STFT window, samples at the analysis rate
	beatMinBPM   = 30
	beatMaxBPM   = 240
	beatPriorBPM = 120 // centre of the tempo prior
	beatPriorOct = 1.4 // its width, octaves (one standard deviation)
	beatTight    = 100 // DP tightness: penalty for beat spacing off the period
	// beatLatency corrects the onset envelope's lag behind the sound it
	// reacts to (measured on click tracks: the flux peaks once a click is
	// well inside the window), seconds.
	beatLatency = 0.006
)

// DetectBeats decodes a track (MP3 or WAV) and tracks its beats:
//
//  1. Onset strength: the mono downmix's short-time spectrum (1024-sample
//     Hann window, a frame every 5 ms), log-compressed magnitudes
//     (log(1 + 100|X|)), summed positive differences between frames
//     (spectral flux), minus its 100 ms local mean, half-wave rectified
//     and normalised to unit standard deviation.
//  2. Tempo: the onset envelope's autocorrelation over periods from 30 to
//     240 bpm, weighted by a log-Gaussian prior centred on 120 bpm (1.4
//     octaves wide); the best lag, refined by parabolic interpolation.
//  3. Beats: dynamic programming after Ellis (2007, "Beat tracking by
//     dynamic programming"): each frame's score is its onset strength plus
//     the best predecessor's score less tightness * log(spacing/period)^2,
//     for spacings of half to twice the period; the best-scoring chain is
//     read back from the end. Leading and trailing beats weaker than a
//     tenth of the chain's mean onset strength (silence) are dropped, and
//     each beat is moved to the onset peak within 20 ms of it.
//
// Limits: one global tempo (no tempo changes, rubato or swing), octave
// errors are possible (a track may be tracked at half or double its felt
// tempo: the prior prefers periods near 0.5 s), beats are not downbeats,
// and a track without clear onsets (pads, ambient) gives a weak or empty
// grid. The time resolution is the 5 ms hop. Cost: decode plus one
// 1024-point FFT per 5 ms (see BenchmarkDetectBeats for x-realtime).
func DetectBeats(ctx context.Context, r io.ReadSeeker) (*Beats, error) {
	d, err := NewDecoder(r)
	if err != nil {
		return nil, err
	}
	rate := d.Info().SampleRate
	env, dur, err := onsetEnvelope(ctx, tolerant{d}, rate)
	if err != nil {
		return nil, err
	}
	b := &Beats{Duration: dur}
	if len(env) < 4*beatHopRate {
		return b, nil // under 4 s: not enough to find a tempo
	}
	period := estimatePeriod(env)
	if period <= 0 {
		return b, nil
	}
	b.Tempo = 60 * beatHopRate / period
	for _, f := range trackBeats(env, period) {
		b.Times = append(b.Times, f/beatHopRate+beatLatency)
	}
	return b, nil
}

// onsetEnvelope returns the normalised onset strength at beatHopRate
// frames per second (frame k describes the audio around k/beatHopRate s)
// and the track's duration.
func onsetEnvelope(ctx context.Context, src source, rate int) ([]float64, float64, error) {
	hop := float64(rate) / beatHopRate
	win := make([]float64, beatWindow)
	for i := range win {
		win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/beatWindow)
	}
	fft := newFFT(beatWindow)
	nb := beatWindow/2 + 1
	prev := make([]float64, nb)
	cur := make([]float64, nb)
	buf := make([]complex128, beatWindow)
	// mono holds the samples from absolute index base; frame k's window is
	// centred on sample k*hop.
	var mono []float64
	base := -beatWindow / 2
	mono = make([]float64, beatWindow/2) // zeros before the start
	var flux []float64
	in := make([]float32, 2*4096)
	total := 0
	eof := false
	for k := 0; ; k++ {
		start := int(math.Round(float64(k)*hop)) - beatWindow/2
		for !eof && start+beatWindow > base+len(mono) {
			if k%64 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, 0, err
				}
			}
			n, err := src.Read(in)
			for i := 0; i+1 < n; i += 2 {
				mono = append(mono, 0.5*float64(in[i]+in[i+1]))
			}
			total += n / 2
			if errors.Is(err, io.EOF) {
				eof = true
			} else if err != nil {
				return nil, 0, fmt.Errorf("audio: beats: %w", err)
			}
		}
		if (eof && start >= total) || start >= MaxBeatSeconds*rate {
			break
		}
		for i := range buf {
			j := start + i - base
			v := 0.0
			if j >= 0 && j < len(mono) {
				v = mono[j]
			}
			buf[i] = complex(v*win[i], 0)
		}
		fft.transform(buf)
		var f float64
		for i := 0; i < nb; i++ {
			re, im := real(buf[i]), imag(buf[i])
			cur[i] = math.Log1p(100 * math.Sqrt(re*re+im*im))
			if k > 0 && cur[i] > prev[i] {
				f += cur[i] - prev[i]
			}
		}
		prev, cur = cur, prev
		flux = append(flux, f)
		// Drop samples no later window needs.
		if drop := start - base; drop > 1<<16 {
			mono = append(mono[:0], mono[drop:]...)
			base += drop
		}
	}
	// Local mean removal (100 ms), half-wave rectification, unit std.
	w := beatHopRate / 20
	env := make([]float64, len(flux))
	var sum float64
	for i := range flux {
		sum += flux[i]
		if i > 2*w {
			sum -= flux[i-2*w-1]
		}
		c := i - w // centre of the window ending at i
		if c >= 0 {
			n := min(i, 2*w) + 1
			env[c] = max(0, flux[c]-sum/float64(n))
		}
	}
	for c := max(0, len(flux)-w); c < len(flux); c++ {
		env[c] = 0
	}
	var ss float64
	for _, v := range env {
		ss += v * v
	}
	if sd := math.Sqrt(ss / float64(max(1, len(env)))); sd > 0 {
		for i := range env {
			env[i] /= sd
		}
	}
	return env, float64(total) / float64(rate), nil
}

// estimatePeriod returns the beat period in envelope frames (fractional),
// or 0 when the envelope has no periodicity.
func estimatePeriod(env []float64) float64 {
	lo := int(math.Floor(60 * beatHopRate / beatMaxBPM))
	hi := int(math.Ceil(60 * beatHopRate / beatMinBPM))
	hi = min(hi, len(env)/2)
	if hi <= lo+2 {
		return 0
	}
	ac := make([]float64, hi+2)
	for lag := lo - 1; lag <= hi+1; lag++ {
		var s float64
		for i := lag; i < len(env); i++ {
			s += env[i] * env[i-lag]
		}
		ac[lag] = s / float64(len(env)-lag)
	}
	best, bestScore := 0, 0.0
	for lag := lo; lag <= hi; lag++ {
		bpm := 60 * beatHopRate / float64(lag)
		oct := math.Log2(bpm / beatPriorBPM)
		score := ac[lag] * math.Exp(-0.5*oct*oct/(beatPriorOct*beatPriorOct))
		if score > bestScore {
			best, bestScore = lag, score
		}
	}
	if best == 0 {
		return 0
	}
	// Parabolic refinement of the peak.
	a, b, c := ac[best-1], ac[best], ac[best+1]
	p := float64(best)
	if den := a - 2*b + c; den < 0 {
		p += 0.5 * (a - c) / den
	}
	return p
}

// trackBeats returns beat positions (fractional envelope frames) by
// dynamic programming over the onset envelope for a given period.
func trackBeats(env []float64, period float64) []float64 {
	n := len(env)
	// Local score: the envelope smoothed by a Gaussian of period/32.
	sig := period / 32
	half := int(math.Ceil(3 * sig))
	ker := make([]float64, 2*half+1)
	for i := range ker {
		x := float64(i-half) / sig
		ker[i] = math.Exp(-0.5 * x * x)
	}
	local := make([]float64, n)
	for i := range local {
		var s float64
		for j, k := range ker {
			if t := i + j - half; t >= 0 && t < n {
				s += k * env[t]
			}
		}
		local[i] = s
	}
	score := make([]float64, n)
	back := make([]int, n)
	lo, hi := int(math.Round(period/2)), int(math.Round(2*period))
	penalty := make([]float64, hi+1)
	for d := lo; d <= hi; d++ {
		l := math.Log(float64(d) / period)
		penalty[d] = beatTight * l * l
	}
	for i := range n {
		best, arg := 0.0, -1
		for d := lo; d <= hi && d <= i; d++ {
			if s := score[i-d] - penalty[d]; arg < 0 || s > best {
				best, arg = s, i-d
			}
		}
		score[i], back[i] = local[i], -1
		if arg >= 0 && best > 0 {
			score[i] += best
			back[i] = arg
		}
	}
	// The chain ends at the best score in the last period.
	end := -1
	for i := max(0, n-int(math.Ceil(period))); i < n; i++ {
		if end < 0 || score[i] > score[end] {
			end = i
		}
	}
	var idx []int
	for i := end; i >= 0; i = back[i] {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	// Drop leading and trailing beats in silence.
	var mean float64
	for _, i := range idx {
		mean += local[i]
	}
	mean /= float64(max(1, len(idx)))
	a, b := 0, len(idx)
	for a < b && local[idx[a]] < 0.1*mean {
		a++
	}
	for b > a && local[idx[b-1]] < 0.1*mean {
		b--
	}
	idx = idx[a:b]
	// Each beat to the onset peak within 20 ms.
	reach := beatHopRate / 50
	out := make([]float64, len(idx))
	for k, i := range idx {
		p := i
		for j := max(0, i-reach); j <= min(n-1, i+reach); j++ {
			if env[j] > env[p] {
				p = j
			}
		}
		out[k] = float64(p)
		if p > 0 && p < n-1 { // parabolic interpolation of the peak
			a, b, c := env[p-1], env[p], env[p+1]
			if den := a - 2*b + c; den < 0 {
				out[k] += 0.5 * (a - c) / den
			}
		}
	}
	return out
}

// fftPlan is an in-place radix-2 complex FFT of a power-of-two size.
type fftPlan struct {
	n   int
	tw  []complex128
	rev []int
}

func newFFT(n int) *fftPlan {
	p := &fftPlan{n: n, tw: make([]complex128, n/2), rev: make([]int, n)}
	for i := range p.tw {
		p.tw[i] = cmplx.Exp(complex(0, -2*math.Pi*float64(i)/float64(n)))
	}
	bits := 0
	for 1<<bits < n {
		bits++
	}
	for i := range p.rev {
		r := 0
		for b := 0; b < bits; b++ {
			if i&(1<<b) != 0 {
				r |= 1 << (bits - 1 - b)
			}
		}
		p.rev[i] = r
	}
	return p
}

func (p *fftPlan) transform(x []complex128) {
	for i, r := range p.rev {
		if i < r {
			x[i], x[r] = x[r], x[i]
		}
	}
	for size := 2; size <= p.n; size <<= 1 {
		step := p.n / size
		h := size / 2
		for s := 0; s < p.n; s += size {
			for k := 0; k < h; k++ {
				t := p.tw[k*step] * x[s+k+h]
				x[s+k+h] = x[s+k] - t
				x[s+k] += t
			}
		}
	}
}
