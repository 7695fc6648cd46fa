package audio

import "math"

// LoudnessMeter measures integrated loudness per ITU-R BS.1770-4 (as used by
// EBU R 128): K-weighting, mean square over 400 ms blocks overlapping by
// 75 %, an absolute gate at -70 LUFS and a relative gate 10 LU below the
// loudness of the blocks above the absolute gate. It streams: memory grows
// by one float64 per 100 ms of audio.
type LoudnessMeter struct {
	pre, rlb [2]biquad // per channel: high shelf, then high pass
	step     int       // frames per 100 ms sub-block
	inStep   int       // frames in the current sub-block
	acc      float64   // sum of squares (both channels) of the current sub-block
	sub      [4]float64
	nsub     int
	blocks   []float64 // mean square power of each complete 400 ms block
}

type biquad struct {
	b0, b1, b2, a1, a2 float64
	z1, z2             float64
}

func (f *biquad) run(x float64) float64 {
	y := f.b0*x + f.z1
	f.z1 = f.b1*x - f.a1*y + f.z2
	f.z2 = f.b2*x - f.a2*y
	return y
}

// NewLoudnessMeter returns a meter for stereo audio at the given rate.
func NewLoudnessMeter(rate int) *LoudnessMeter {
	m := &LoudnessMeter{step: (rate + 5) / 10}
	// K-weighting for any rate (the BS.1770 48 kHz filters re-derived from
	// their analogue prototypes, as in libebur128).
	fs := float64(rate)
	f0, g, q := 1681.974450955533, 3.999843853973347, 0.7071752369554196
	k := math.Tan(math.Pi * f0 / fs)
	vh := math.Pow(10, g/20)
	vb := math.Pow(vh, 0.4996667741545416)
	a0 := 1 + k/q + k*k
	shelf := biquad{
		b0: (vh + vb*k/q + k*k) / a0, b1: 2 * (k*k - vh) / a0, b2: (vh - vb*k/q + k*k) / a0,
		a1: 2 * (k*k - 1) / a0, a2: (1 - k/q + k*k) / a0,
	}
	f0, q = 38.13547087602444, 0.5003270373238773
	k = math.Tan(math.Pi * f0 / fs)
	a0 = 1 + k/q + k*k
	hp := biquad{b0: 1, b1: -2, b2: 1, a1: 2 * (k*k - 1) / a0, a2: (1 - k/q + k*k) / a0}
	m.pre = [2]biquad{shelf, shelf}
	m.rlb = [2]biquad{hp, hp}
	return m
}

// Write feeds interleaved stereo samples (full scale = 1.0).
func (m *LoudnessMeter) Write(p []float32) {
	for i := 0; i+1 < len(p); i += 2 {
		l := m.rlb[0].run(m.pre[0].run(float64(p[i])))
		r := m.rlb[1].run(m.pre[1].run(float64(p[i+1])))
		m.acc += l*l + r*r
		m.inStep++
		if m.inStep == m.step {
			copy(m.sub[:], m.sub[1:])
			m.sub[3] = m.acc / float64(m.step)
			m.acc, m.inStep = 0, 0
			if m.nsub < 4 {
				m.nsub++
			}
			if m.nsub == 4 {
				m.blocks = append(m.blocks, (m.sub[0]+m.sub[1]+m.sub[2]+m.sub[3])/4)
			}
		}
	}
}

func lufs(power float64) float64 { return -0.691 + 10*math.Log10(power) }

// Integrated returns the gated integrated loudness in LUFS so far, or
// math.Inf(-1) when no block passes the gates (silence, or under 400 ms).
func (m *LoudnessMeter) Integrated() float64 {
	absGate := math.Pow(10, (-70+0.691)/10)
	var sum float64
	n := 0
	for _, b := range m.blocks {
		if b > absGate {
			sum += b
			n++
		}
	}
	if n == 0 {
		return math.Inf(-1)
	}
	relGate := sum / float64(n) * math.Pow(10, -10.0/10)
	sum, n = 0, 0
	for _, b := range m.blocks {
		if b > absGate && b > relGate {
			sum += b
			n++
		}
	}
	return lufs(sum / float64(n))
}
