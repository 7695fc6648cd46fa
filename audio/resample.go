package audio

import (
	"io"
	"math"
)

// source is a stream of interleaved stereo float32 samples: Read returns an
// even count and io.EOF at the end.
type source interface {
	Read(p []float32) (int, error)
}

// Resampler design: a polyphase windowed-sinc (Kaiser, beta 8) filter.
// Its -6 dB point is at 0.95 of the lower of the two Nyquist frequencies,
// the passband is flat to 0.90 of it and the stopband (>= 80 dB down by
// design) starts at the lower Nyquist frequency itself, so downsampling
// does not alias and upsampling leaves no images above the input's band.
const (
	rsCutoff     = 0.95
	rsKaiserBeta = 8.0
	rsHalfTaps   = 32   // taps on each side at the lower rate (64 in all)
	rsMaxPhases  = 2048 // above this, coefficients are computed per sample
)

// resampler converts a stereo source from one rate to another. Output
// sample j is the band-limited interpolation of the input at time j*in/out,
// so there is no delay to compensate; the output has ceil(n*out/in) frames
// for n input frames.
type resampler struct {
	src    source
	l, m   int     // out/in = l/m, reduced
	half   int     // taps per side at the input rate
	fc     float64 // cutoff relative to the input's Nyquist frequency
	coef   []float32
	tmp    []float32 // per-sample coefficients when there is no table
	tmp64  []float64
	buf    []float32 // stereo input frames from absolute index start
	start  int64
	n      int64 // input index of the current output's centre
	phase  int   // (j*m) mod l
	eof    bool
	inLen  int64 // input frames read so far
	outPos int64
	err    error
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// newResampler returns src converted from inRate to outRate (src itself
// when the rates are equal).
func newResampler(src source, inRate, outRate int) source {
	if inRate == outRate {
		return src
	}
	g := gcd(inRate, outRate)
	r := &resampler{src: src, l: outRate / g, m: inRate / g}
	ratio := float64(r.l) / float64(r.m)
	r.fc = rsCutoff * min(1, ratio)
	r.half = int(math.Ceil(rsHalfTaps / min(1, ratio)))
	taps := 2 * r.half
	if r.l <= rsMaxPhases {
		r.coef = make([]float32, r.l*taps)
		for p := 0; p < r.l; p++ {
			r.fill(r.coef[p*taps:(p+1)*taps], p)
		}
	} else {
		r.tmp = make([]float32, taps)
	}
	r.start = -int64(r.half - 1)
	r.buf = make([]float32, 2*(r.half-1), 2*(r.half-1+8192))
	return r
}

// fill computes the taps for phase p: c[i] weights input n-half+1+i for an
// output at input time n + p/l.
func (r *resampler) fill(c []float32, p int) {
	frac := float64(p) / float64(r.l)
	var sum float64
	if len(r.tmp64) < len(c) {
		r.tmp64 = make([]float64, len(c))
	}
	w := r.tmp64[:len(c)]
	for i := range c {
		d := float64(i-r.half+1) - frac // distance from the output instant
		x := r.fc * d
		s := 1.0
		if x != 0 {
			s = math.Sin(math.Pi*x) / (math.Pi * x)
		}
		t := d / float64(r.half)
		win := 0.0
		if t > -1 && t < 1 {
			win = bessel0(rsKaiserBeta*math.Sqrt(1-t*t)) / bessel0(rsKaiserBeta)
		}
		w[i] = r.fc * s * win
		sum += w[i]
	}
	for i := range c {
		c[i] = float32(w[i] / sum) // unity gain at DC in every phase
	}
}

// bessel0 is the modified Bessel function of the first kind, order 0.
func bessel0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 64; k++ {
		term *= (x / (2 * float64(k))) * (x / (2 * float64(k)))
		sum += term
		if term < 1e-12*sum {
			break
		}
	}
	return sum
}

// more reads the next block of input into buf.
func (r *resampler) more() error {
	// Drop frames no longer needed.
	if drop := r.n - int64(r.half) + 1 - r.start; drop > 0 {
		d := int(min(drop, int64(len(r.buf)/2)))
		r.buf = r.buf[:copy(r.buf, r.buf[2*d:])]
		r.start += int64(d)
	}
	if cap(r.buf)-len(r.buf) < 2*4096 {
		nb := make([]float32, len(r.buf), 2*cap(r.buf))
		copy(nb, r.buf)
		r.buf = nb
	}
	n, err := r.src.Read(r.buf[len(r.buf) : len(r.buf)+2*4096])
	n &^= 1
	r.buf = r.buf[:len(r.buf)+n]
	r.inLen += int64(n / 2)
	if err == io.EOF {
		r.eof = true
		return nil
	}
	return err
}

// Read implements source.
func (r *resampler) Read(p []float32) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	taps := 2 * r.half
	out := 0
	for out+2 <= len(p) {
		if r.eof {
			total := (r.inLen*int64(r.l) + int64(r.m) - 1) / int64(r.m)
			if r.outPos >= total {
				break
			}
		}
		last := r.n + int64(r.half) // newest input needed
		if !r.eof && last >= r.start+int64(len(r.buf)/2) {
			if err := r.more(); err != nil {
				r.err = err
				return out, err
			}
			continue
		}
		c := r.tmp
		if r.coef != nil {
			c = r.coef[r.phase*taps : (r.phase+1)*taps]
		} else {
			r.fill(c, r.phase)
		}
		first := int(r.n - int64(r.half) + 1 - r.start)
		avail := len(r.buf)/2 - first // past the end of input: zeros
		var sl, sr float32
		if k := min(taps, avail); k > 0 {
			x := r.buf[2*first : 2*(first+k)]
			for i, w := range c[:k] {
				sl += x[2*i] * w
				sr += x[2*i+1] * w
			}
		}
		p[out], p[out+1] = sl, sr
		out += 2
		r.outPos++
		r.phase += r.m
		for r.phase >= r.l {
			r.phase -= r.l
			r.n++
		}
	}
	if out == 0 && r.eof {
		return 0, io.EOF
	}
	return out, nil
}
