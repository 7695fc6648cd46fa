package audio

import (
	"context"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func fileCue(name string, start, end float64) Cue {
	return Cue{Open: func() (io.ReadSeekCloser, error) { return os.Open(filepath.Join(musicDir, name)) }, Start: start, End: end}
}

// readMix drains a Mix in odd-sized reads.
func readMix(t testing.TB, m *Mix) []int16 {
	t.Helper()
	var out []int16
	buf := make([]int16, 2*1000+2)
	for {
		n, err := m.ReadPCM(buf)
		if n%2 != 0 {
			t.Fatalf("ReadPCM returned %d samples (odd)", n)
		}
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func toFloat(s []int16) []float32 {
	f := make([]float32, len(s))
	for i, v := range s {
		f[i] = float32(v) / 32767
	}
	return f
}

func TestMixDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dur  float64
		rate int
		cues []Cue
	}{
		{1.0, 44100, []Cue{fileCue("demo.mp3", 0, 0)}},
		{7.3, 48000, []Cue{fileCue("chords48k_stereo_vbr.mp3", 0, 0)}},
		{10.0001, 44100, []Cue{fileCue("tone22k_mono_cbr.mp3", 0, 0)}}, // looped, resampled
		{33.333, 44100, []Cue{fileCue("tagged.mp3", 2, 5), fileCue("tone22k_mono_cbr.mp3", 4.5, 0)}},
		{2.5, 44100, nil}, // no music: silence
	}
	for _, tc := range tests {
		m, err := NewMix(context.Background(), tc.cues, MixOptions{SampleRate: tc.rate, Duration: tc.dur})
		if err != nil {
			t.Fatal(err)
		}
		got := len(readMix(t, m)) / 2
		want := int(math.Round(tc.dur * float64(tc.rate)))
		if got != want { // the contract is one AAC frame (1024); we deliver exact
			t.Errorf("%.4f s at %d Hz: %d frames, want %d", tc.dur, tc.rate, got, want)
		}
		if int64(got) != m.Frames() {
			t.Errorf("Frames() = %d, delivered %d", m.Frames(), got)
		}
	}
}

func TestMixLoudnessAndCeiling(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		cue    Cue
		target float64
	}{
		{"demo to -16", fileCue("demo.mp3", 0, 0), -16},
		{"quiet tone to -16", bytesCue(sineWAV(44100, 3, 1000, 0.02), 0, 0), -16},
		{"demo to -23", fileCue("demo.mp3", 0, 0), -23},
		{"demo to -9 (limiter busy)", fileCue("demo.mp3", 0, 0), -9},
	}
	ceil := int16(math.Floor(32767 * math.Pow(10, -1.0/20)))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := NewMix(context.Background(), []Cue{tc.cue}, MixOptions{Duration: 12, TargetLUFS: tc.target})
			if err != nil {
				t.Fatal(err)
			}
			pcm := readMix(t, m)
			var peak int16
			for _, v := range pcm {
				peak = max(peak, v, -v)
			}
			meter := NewLoudnessMeter(44100)
			meter.Write(toFloat(pcm))
			got := meter.Integrated()
			measured, gain := m.Loudness()
			t.Logf("measured %.2f LUFS, gain %+.2f dB, output %.2f LUFS, peak %d (ceiling %d)", measured, gain, got, peak, ceil)
			if peak > ceil+1 {
				t.Errorf("peak %d over the -1 dBFS ceiling %d", peak, ceil)
			}
			if tp := dB(TruePeak(toFloat(pcm))); tp > DefaultCeilingDB+0.05 {
				t.Errorf("true peak %.2f dBTP over the %.1f dBTP ceiling", tp, DefaultCeilingDB)
			}
			tol := 0.3
			if tc.target > -12 {
				tol = 2.5 // the limiter takes some loudness away when pushed
			}
			if math.Abs(got-tc.target) > tol {
				t.Errorf("output %.2f LUFS, want %.1f +/- %.1f", got, tc.target, tol)
			}
		})
	}
}

// TestMixLoudnessFFmpeg checks the normalised output with ffmpeg's meter.
func TestMixLoudnessFFmpeg(t *testing.T) {
	t.Parallel()
	m, err := NewMix(context.Background(), []Cue{fileCue("demo.mp3", 0, 0)}, MixOptions{Duration: 20})
	if err != nil {
		t.Fatal(err)
	}
	pcm := readMix(t, m)
	s := make([]float64, len(pcm))
	for i, v := range pcm {
		s[i] = float64(v) / 32767
	}
	path := filepath.Join(t.TempDir(), "mix.wav")
	if err := os.WriteFile(path, wavFile(44100, 2, 16, false, s), 0o644); err != nil {
		t.Fatal(err)
	}
	got := ffmpegLoudness(t, path)
	t.Logf("ffmpeg ebur128 of the mix: %.1f LUFS", got)
	if math.Abs(got+16) > 0.3 {
		t.Errorf("ffmpeg reads %.1f LUFS, want -16 +/- 0.3", got)
	}
}

// TestMixLoopSeam loops a 1.0037 s 440 Hz tone whose end does not meet its
// start in phase (a plain splice would jump by about 0.18 of full scale)
// and checks that no sample-to-sample step exceeds 1.5 times the largest
// step of the sine itself (A*2*pi*f/rate).
func TestMixLoopSeam(t *testing.T) {
	t.Parallel()
	const rate, f, amp, secs = 44100, 440.0, 0.25, 1.0037
	track := sineWAV(rate, secs, f, amp)
	n := int(math.Round(secs * rate))
	splice := amp * math.Abs(math.Sin(2*math.Pi*f*float64(n)/rate)-0)
	m, err := NewMix(context.Background(), []Cue{bytesCue(track, 0, 0)},
		MixOptions{Duration: 5, FadeIn: -1, FadeOut: -1, SkipLoudness: true})
	if err != nil {
		t.Fatal(err)
	}
	x := toFloat(readMix(t, m))
	bound := 1.5 * amp * 2 * math.Pi * f / rate
	var worst float64
	at := 0
	for i := 2; i < len(x); i += 2 {
		if d := math.Abs(float64(x[i] - x[i-2])); d > worst {
			worst, at = d, i/2
		}
	}
	t.Logf("plain splice would step %.4f; worst step %.4f at %.4f s (bound %.4f)", splice, worst, float64(at)/rate, bound)
	if worst > bound {
		t.Errorf("step of %.4f at %.4f s exceeds the bound %.4f", worst, float64(at)/rate, bound)
	}
	// The level holds through the seams: RMS of each 20 ms window within
	// 6 dB of the sine's (an equal-power crossfade of a tone with itself
	// dips where the two phases oppose: here by about 5 dB at mid-seam).
	w := rate / 50
	for i := 0; i+w <= len(x)/2; i += w / 2 {
		var e float64
		for j := i; j < i+w; j++ {
			e += float64(x[2*j]) * float64(x[2*j])
		}
		db := 10 * math.Log10(e/float64(w)/(amp*amp/2))
		if math.Abs(db) > 6 {
			t.Fatalf("level %.1f dB at %.3f s", db, float64(i)/rate)
		}
	}
}

// TestMixPlacement: silence outside the cues, each cue's tone inside it,
// and a crossfade where two cues overlap.
func TestMixPlacement(t *testing.T) {
	t.Parallel()
	const rate = 44100
	a := sineWAV(rate, 10, 440, 0.3)
	b := sineWAV(rate, 10, 660, 0.3)
	m, err := NewMix(context.Background(), []Cue{bytesCue(a, 1, 4), bytesCue(b, 3, 5)},
		MixOptions{Duration: 6, FadeIn: 0.1, FadeOut: 0.1, SkipLoudness: true})
	if err != nil {
		t.Fatal(err)
	}
	x := left(toFloat(readMix(t, m)))
	level := func(from, to, f float64) float64 {
		seg := x[int(from*rate):int(to*rate)]
		return spectrumDB(seg, f, rate)
	}
	for _, z := range [][2]float64{{0, 1}, {5, 6}} {
		for _, v := range x[int(z[0]*rate):int(z[1]*rate)] {
			if v != 0 {
				t.Fatalf("sound in %v..%v s, want silence", z[0], z[1])
			}
		}
	}
	tests := []struct {
		from, to   float64
		f440, f660 bool
	}{
		{1.5, 2.5, true, false},   // cue A alone
		{3.02, 3.12, true, false}, // crossfade begins: mostly A
		{3.88, 3.98, false, true}, // crossfade ends: mostly B
		{4.2, 4.8, false, true},   // cue B alone
	}
	for _, tc := range tests {
		la, lb := level(tc.from, tc.to, 440), level(tc.from, tc.to, 660)
		t.Logf("%.2f..%.2f s: 440 Hz %.1f dB, 660 Hz %.1f dB", tc.from, tc.to, la, lb)
		if (la > lb+10) != tc.f440 || (lb > la+10) != tc.f660 {
			t.Errorf("%.2f..%.2f s: 440 Hz %.1f dB, 660 Hz %.1f dB; want 440 dominant %v, 660 dominant %v", tc.from, tc.to, la, lb, tc.f440, tc.f660)
		}
	}
}

func TestMixErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		cues []Cue
		opts MixOptions
		kind error
	}{
		{"not audio", ctx, []Cue{bytesCue([]byte("hello, this is text and not music at all"), 0, 0)}, MixOptions{Duration: 1}, ErrNotAudio},
		{"empty", ctx, []Cue{bytesCue(nil, 0, 0)}, MixOptions{Duration: 1}, ErrEmpty},
		{"truncated wav header", ctx, []Cue{bytesCue(sineWAV(8000, 1, 440, 0.5)[:30], 0, 0)}, MixOptions{Duration: 1}, ErrTruncated},
		{"bad span", ctx, []Cue{fileCue("demo.mp3", 3, 2)}, MixOptions{Duration: 5}, nil},
		{"no duration", ctx, nil, MixOptions{}, nil},
		{"too short to loop", ctx, []Cue{bytesCue(sineWAV(8000, 0.01, 440, 0.5), 0, 0)}, MixOptions{Duration: 5}, nil},
		{"cancelled", cancelled, []Cue{fileCue("demo.mp3", 0, 0)}, MixOptions{Duration: 5}, context.Canceled},
	}
	for _, tc := range tests {
		_, err := NewMix(tc.ctx, tc.cues, tc.opts)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.kind != nil && !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.kind)
		}
		t.Logf("%s: %v", tc.name, err)
	}
}
