package audio

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

func dB(x float64) float64 { return 20 * math.Log10(x) }

// phasedSine is n stereo frames of amp*sin(2*pi*f*i/rate + phase), faded
// in and out over 10 ms (an abrupt edge has inter-sample overs of its own,
// which depend on each meter's filter).
func phasedSine(rate, n int, f, amp, phase float64) []float32 {
	s := make([]float32, 2*n)
	ramp := rate / 100
	for i := 0; i < n; i++ {
		g := min(1, float64(i)/float64(ramp), float64(n-1-i)/float64(ramp))
		v := float32(g * amp * math.Sin(2*math.Pi*f*float64(i)/float64(rate)+phase))
		s[2*i], s[2*i+1] = v, v
	}
	return s
}

// TestTruePeakInterSample: sines whose samples miss their crests read at
// their amplitude (within 0.1 dB), not at their sample peak.
func TestTruePeakInterSample(t *testing.T) {
	t.Parallel()
	const rate = 48000
	for _, tc := range []struct{ f, phase float64 }{
		{rate / 4, math.Pi / 4}, // samples at 0.707 of the crest: -3 dB sample peak
		{997, 0.3}, {5000, 1}, {9000, math.Pi / 3}, {15000, 0.5}, {19000, 0.1},
	} {
		x := phasedSine(rate, rate/2, tc.f, 0.5, tc.phase)
		var sp float64
		for _, v := range x {
			sp = max(sp, math.Abs(float64(v)))
		}
		tp := TruePeak(x)
		if tc.f == rate/4 && dB(sp) > dB(0.5)-2.9 {
			t.Fatalf("test signal's sample peak %.2f dB is not 3 dB under its crest", dB(sp))
		}
		t.Logf("%5.0f Hz: sample peak %.2f dB, true peak %.2f dB (amplitude %.2f dB)", tc.f, dB(sp), dB(tp), dB(0.5))
		if math.Abs(dB(tp)-dB(0.5)) > 0.1 {
			t.Errorf("%v Hz: true peak %.3f dB, want %.3f +/- 0.1", tc.f, dB(tp), dB(0.5))
		}
	}
}

// ffmpegTruePeak reads ffmpeg's ebur128 true peak (dBTP) of a file.
func ffmpegTruePeak(t *testing.T, path string) float64 {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed: oracle comparison skipped")
	}
	out, err := exec.Command("ffmpeg", "-hide_banner", "-nostats", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?s)True peak:\s+Peak:\s+(-?[0-9.]+|-inf) dBFS`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no true peak in ffmpeg output:\n%s", out)
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

// TestLimiterTruePeak drives the limiter with signals whose inter-sample
// peaks are far above their sample peaks and checks the output's true
// peak with our meter and with ffmpeg's ebur128 (peak=true).
func TestLimiterTruePeak(t *testing.T) {
	t.Parallel()
	const rate = 44100
	in := phasedSine(rate, rate, rate/4, 1.2, math.Pi/4) // sample peak 0.85, true peak 1.2
	for i, v := range phasedSine(rate, rate/2, 9000, 1.5, 0.2) {
		in[i+rate/2] += v // a louder burst in the second half
	}
	ceil := DefaultCeilingDB
	out, err := readAllSource(newLimiter(&sliceSource{s: append([]float32(nil), in...)}, rate, ceil))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("limiter gave %d samples for %d", len(out), len(in))
	}
	tp := dB(TruePeak(out))
	t.Logf("input true peak %.2f dBTP, output %.3f dBTP (ceiling %.1f)", dB(TruePeak(in)), tp, ceil)
	if tp > ceil+0.05 {
		t.Errorf("output true peak %.3f dBTP over the ceiling %.1f", tp, ceil)
	}
	s := make([]float64, len(out))
	for i, v := range out {
		s[i] = float64(v)
	}
	path := filepath.Join(t.TempDir(), "lim.wav")
	if err := os.WriteFile(path, wavFile(rate, 2, 32, true, s), 0o644); err != nil {
		t.Fatal(err)
	}
	ff := ffmpegTruePeak(t, path)
	t.Logf("ffmpeg ebur128 true peak %.1f dBTP", ff)
	if ff > -1.0 {
		t.Errorf("ffmpeg reads %.1f dBTP, want <= -1.0", ff)
	}
}

// TestMixLoopDrift loops a 0.5 s click track (120 bpm: a click 10 ms in
// and one at 260 ms, a 2 ms 3 kHz burst each) for 20 s, at the source's
// rate and resampled, and finds every click in the mix: each must land
// within 1 ms of Start + k*0.5 s (+ its offset), seam after seam.
func TestMixLoopDrift(t *testing.T) {
	t.Parallel()
	const secs = 0.5
	for _, srcRate := range []int{44100, 48000, 32000} {
		n := int(secs * float64(srcRate))
		s := make([]float64, n)
		for _, at := range []float64{0.010, 0.260} {
			i0 := int(at * float64(srcRate))
			for i := 0; i < srcRate/500; i++ {
				s[i0+i] = 0.8 * math.Sin(2*math.Pi*3000*float64(i)/float64(srcRate))
			}
		}
		const start, dur = 1.0, 20.0
		m, err := NewMix(context.Background(), []Cue{bytesCue(wavFile(srcRate, 1, 16, false, s), start, 0)},
			MixOptions{Duration: dur, FadeIn: -1, FadeOut: -1, SkipLoudness: true})
		if err != nil {
			t.Fatal(err)
		}
		x := left(toFloat(readMix(t, m)))
		// Onsets: the first sample over 0.1 after at least 100 ms under it.
		var onsets []float64
		quiet := 0
		for i, v := range x {
			if math.Abs(v) > 0.1 {
				if quiet >= 4410 {
					onsets = append(onsets, float64(i)/44100)
				}
				quiet = 0
			} else {
				quiet++
			}
		}
		want := int((dur - start) / secs * 2)
		if len(onsets) != want {
			t.Fatalf("%d Hz: found %d clicks, want %d", srcRate, len(onsets), want)
		}
		var worst float64
		for k, got := range onsets {
			exp := start + float64(k/2)*secs + []float64{0.010, 0.260}[k%2]
			worst = max(worst, math.Abs(got-exp))
		}
		t.Logf("%d Hz source: %d clicks over %d seams, worst offset %.3f ms", srcRate, len(onsets), want/2-1, worst*1000)
		if worst > 0.001 {
			t.Errorf("%d Hz: a click lands %.3f ms from its beat, want <= 1 ms", srcRate, worst*1000)
		}
	}
}
