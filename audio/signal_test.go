package audio

import (
	"io"
	"math"
)

// sliceSource is a source over a stereo buffer, read in odd-sized pieces to
// exercise block boundaries.
type sliceSource struct {
	s   []float32
	pos int
}

func (s *sliceSource) Read(p []float32) (int, error) {
	if s.pos >= len(s.s) {
		return 0, io.EOF
	}
	n := min(len(p), 2*777, len(s.s)-s.pos) &^ 1
	copy(p, s.s[s.pos:s.pos+n])
	s.pos += n
	return n, nil
}

// tone returns n stereo frames of sum of sines (frequency, amplitude pairs).
func tone(rate, n int, fa ...float64) []float32 {
	s := make([]float32, 2*n)
	for i := 0; i < n; i++ {
		var v float64
		for k := 0; k+1 < len(fa); k += 2 {
			v += fa[k+1] * math.Sin(2*math.Pi*fa[k]*float64(i)/float64(rate))
		}
		s[2*i], s[2*i+1] = float32(v), float32(v)
	}
	return s
}

func readAllSource(src source) ([]float32, error) {
	var out []float32
	buf := make([]float32, 1000)
	for {
		n, err := src.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

// left returns the left channel.
func left(s []float32) []float64 {
	l := make([]float64, len(s)/2)
	for i := range l {
		l[i] = float64(s[2*i])
	}
	return l
}

// zeroCrossFreq estimates a tone's frequency from its first and last upward
// zero crossings (linearly interpolated).
func zeroCrossFreq(x []float64, rate int) float64 {
	var first, last float64
	count := 0
	for i := 1; i < len(x); i++ {
		if x[i-1] < 0 && x[i] >= 0 {
			t := float64(i-1) + x[i-1]/(x[i-1]-x[i])
			if count == 0 {
				first = t
			}
			last = t
			count++
		}
	}
	return float64(count-1) * float64(rate) / (last - first)
}

// thdn fits a sine of frequency f (plus DC) by least squares and returns the
// residual-to-signal power ratio in dB.
func thdn(x []float64, f float64, rate int) float64 {
	var ss, sc, cc, xs, xc float64
	for i, v := range x {
		s, c := math.Sincos(2 * math.Pi * f * float64(i) / float64(rate))
		ss += s * s
		sc += s * c
		cc += c * c
		xs += v * s
		xc += v * c
	}
	det := ss*cc - sc*sc
	a := (xs*cc - xc*sc) / det
	b := (xc*ss - xs*sc) / det
	var sig, res float64
	for i, v := range x {
		s, c := math.Sincos(2 * math.Pi * f * float64(i) / float64(rate))
		fit := a*s + b*c
		sig += fit * fit
		res += (v - fit) * (v - fit)
	}
	return 10 * math.Log10(res/sig)
}

// spectrumDB returns the level (dB, relative to a full-scale sine) at
// frequency f of x, windowed by a 4-term Blackman-Harris window.
func spectrumDB(x []float64, f float64, rate int) float64 {
	n := len(x)
	var re, im, wsum float64
	for i, v := range x {
		t := 2 * math.Pi * float64(i) / float64(n-1)
		w := 0.35875 - 0.48829*math.Cos(t) + 0.14128*math.Cos(2*t) - 0.01168*math.Cos(3*t)
		s, c := math.Sincos(2 * math.Pi * f * float64(i) / float64(rate))
		re += v * w * c
		im += v * w * s
		wsum += w
	}
	return 20 * math.Log10(2*math.Hypot(re, im)/wsum+1e-30)
}
