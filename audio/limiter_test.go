package audio

import (
	"math"
	"testing"
)

func TestLimiter(t *testing.T) {
	t.Parallel()
	const rate = 44100
	in := tone(rate, rate, 440, 0.5)
	// Bursts far over full scale, including single-sample spikes.
	for i := 10000; i < 14000; i++ {
		in[2*i] *= 6
		in[2*i+1] *= 6
	}
	in[2*30000], in[2*30000+1] = 3, -3
	in[2*(rate-1)] = 2 // the very last frame
	out, err := readAllSource(newLimiter(&sliceSource{s: append([]float32(nil), in...)}, rate, -1))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("limiter gave %d samples for %d", len(out), len(in))
	}
	ceil := float32(math.Pow(10, -1.0/20))
	var peak float32
	for _, v := range out {
		peak = max(peak, abs32(v))
	}
	if peak > ceil {
		t.Errorf("peak %.5f over the ceiling %.5f", peak, ceil)
	}
	// Before the first burst the signal is untouched; 300 ms after one
	// (about four release time constants) it is back within 2 %.
	for _, c := range []struct {
		i   int
		tol float64
	}{{5000, 1e-6}, {9770, 1e-6}, {27500, 0.02}, {43700, 0.02}} {
		if d := math.Abs(float64(out[2*c.i] - in[2*c.i])); d > c.tol*math.Abs(float64(in[2*c.i]))+1e-6 {
			t.Errorf("frame %d changed by %.5f of %.5f, want within %g", c.i, d, in[2*c.i], c.tol)
		}
	}
	// The gain moves smoothly: a moving average over the look-ahead window
	// of gains in [0, 1] changes by at most 1/window per frame.
	la := newLimiter(nil, rate, -1).la
	bound := 1/float64(la) + 1e-4
	prev := -1.0
	for i := 0; i < len(out)/2; i++ {
		if math.Abs(float64(in[2*i])) < 0.05 {
			prev = -1
			continue
		}
		g := float64(out[2*i] / in[2*i])
		if prev >= 0 && math.Abs(g-prev) > bound {
			t.Fatalf("gain step %.5f at frame %d, bound %.5f", g-prev, i, bound)
		}
		prev = g
	}
}
