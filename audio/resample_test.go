package audio

import (
	"math"
	"testing"
)

func TestResampleTone48to44(t *testing.T) {
	t.Parallel()
	in := tone(48000, 48000, 1000, 0.5)
	out, err := readAllSource(newResampler(&sliceSource{s: in}, 48000, 44100))
	if err != nil {
		t.Fatal(err)
	}
	if len(out)/2 != 44100 {
		t.Fatalf("got %d frames, want 44100", len(out)/2)
	}
	x := left(out)[4410 : 44100-4410] // away from the edges
	f := zeroCrossFreq(x, 44100)
	if math.Abs(f-1000)/1000 > 0.001 {
		t.Errorf("frequency %.3f Hz, want 1000 +/- 0.1%%", f)
	}
	d := thdn(x, f, 44100)
	if d > -60 {
		t.Errorf("THD+N %.1f dB, want < -60 dB", d)
	}
	t.Logf("48k->44.1k 1 kHz: %.4f Hz, THD+N %.1f dB", f, d)
}

func TestResampleImages22to44(t *testing.T) {
	t.Parallel()
	tones := []float64{1000, 5000, 9000, 10000}
	in := tone(22050, 22050, tones[0], 0.2, tones[1], 0.2, tones[2], 0.2, tones[3], 0.2)
	out, err := readAllSource(newResampler(&sliceSource{s: in}, 22050, 44100))
	if err != nil {
		t.Fatal(err)
	}
	x := left(out)[8820 : 8820+16384]
	ref := spectrumDB(x, 1000, 44100)
	for _, f := range tones {
		img := 22050 - f
		d := spectrumDB(x, img, 44100) - ref
		t.Logf("tone %5.0f Hz: image at %5.0f Hz %.1f dB", f, img, d)
		if d > -60 {
			t.Errorf("image of %.0f Hz at %.0f Hz is %.1f dB, want <= -60 dB", f, img, d)
		}
	}
	// The whole band above 11 kHz, in 5 Hz steps (the window main lobe is wider).
	worst := -300.0
	for f := 11025.0; f < 22050; f += 5 {
		worst = max(worst, spectrumDB(x, f, 44100)-ref)
	}
	t.Logf("worst level above 11.025 kHz: %.1f dB", worst)
	if worst > -60 {
		t.Errorf("level above 11.025 kHz %.1f dB, want <= -60 dB", worst)
	}
}

func TestResampleLength(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, out, n, want int }{
		{48000, 44100, 48000, 44100},
		{48000, 44100, 1001, 920}, // ceil(1001*147/160)
		{22050, 44100, 999, 1998},
		{32000, 44100, 320, 441},
		{44100, 48000, 7, 8},
		{44100, 44100, 5, 5},
		{11111, 44100, 1000, 3970}, // ceil(1000*44100/11111): no table
	}
	for _, tc := range tests {
		out, err := readAllSource(newResampler(&sliceSource{s: tone(tc.in, tc.n, 100, 0.1)}, tc.in, tc.out))
		if err != nil {
			t.Fatal(err)
		}
		if len(out)/2 != tc.want {
			t.Errorf("%d->%d of %d frames: %d frames, want %d", tc.in, tc.out, tc.n, len(out)/2, tc.want)
		}
	}
}

// TestResamplePassband: tones up to 0.85 of the lower Nyquist frequency
// keep their level within 0.5 dB.
func TestResamplePassband(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, out int
		freqs   []float64
	}{
		{22050, 44100, []float64{100, 1000, 5000, 9000, 9370}},
		{48000, 44100, []float64{100, 1000, 10000, 17000, 18700}},
		{44100, 48000, []float64{100, 1000, 10000, 17000, 18700}},
	}
	for _, tc := range tests {
		for _, f := range tc.freqs {
			out, err := readAllSource(newResampler(&sliceSource{s: tone(tc.in, tc.in/2, f, 0.5)}, tc.in, tc.out))
			if err != nil {
				t.Fatal(err)
			}
			x := left(out)[tc.out/10 : tc.out/10+8192]
			lvl := spectrumDB(x, f, tc.out) - 20*math.Log10(0.5)
			if math.Abs(lvl) > 0.5 {
				t.Errorf("%d->%d: %.0f Hz at %+.2f dB, want within 0.5 dB", tc.in, tc.out, f, lvl)
			}
		}
	}
}
