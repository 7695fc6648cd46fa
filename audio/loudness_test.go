package audio

import (
	"math"
	"testing"
)

// segment is a stereo 1 kHz sine at a level for a duration, as in EBU Tech 3341.
type segment struct{ dbfs, secs float64 }

func measureSegments(rate int, segs []segment) float64 {
	m := NewLoudnessMeter(rate)
	buf := make([]float32, 2*4800)
	var phase float64
	for _, s := range segs {
		a := math.Pow(10, s.dbfs/20)
		n := int(math.Round(s.secs * float64(rate)))
		for n > 0 {
			k := min(n, len(buf)/2)
			for i := 0; i < k; i++ {
				v := float32(a * math.Sin(phase))
				phase += 2 * math.Pi * 1000 / float64(rate)
				buf[2*i], buf[2*i+1] = v, v
			}
			m.Write(buf[:2*k])
			n -= k
		}
	}
	return m.Integrated()
}

// TestLoudnessTech3341 runs the EBU Tech 3341 (v4) integrated-loudness cases
// 1-5 that are made of stereo 1 kHz sines; each must read within +/- 0.1 LU.
func TestLoudnessTech3341(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		segs []segment
		want float64
	}{
		{"case1 -23 dBFS", []segment{{-23, 20}}, -23},
		{"case2 -33 dBFS", []segment{{-33, 20}}, -33},
		{"case3 relative gate", []segment{{-36, 10}, {-23, 60}, {-36, 10}}, -23},
		{"case4 absolute and relative gates", []segment{{-72, 10}, {-36, 10}, {-23, 60}, {-36, 10}, {-72, 10}}, -23},
		{"case5 -26/-20/-26", []segment{{-26, 20}, {-20, 20.1}, {-26, 20}}, -23},
	}
	for _, rate := range []int{44100, 48000} {
		for _, tc := range tests {
			got := measureSegments(rate, tc.segs)
			if math.Abs(got-tc.want) > 0.1 {
				t.Errorf("%d Hz %s: %.3f LUFS, want %.1f +/- 0.1", rate, tc.name, got, tc.want)
			} else {
				t.Logf("%d Hz %s: %.3f LUFS", rate, tc.name, got)
			}
		}
	}
	if got := measureSegments(44100, []segment{{-100, 5}}); !math.IsInf(got, -1) {
		t.Errorf("silence below the absolute gate: %.1f LUFS, want -Inf", got)
	}
}

// TestLoudnessMatchesFFmpeg compares the meter with ffmpeg's ebur128 filter
// on the demo track (real music, not a sine).
func TestLoudnessMatchesFFmpeg(t *testing.T) {
	t.Parallel()
	d, err := NewDecoder(openMusic(t, "demo.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	pcm := decodeAll(t, d)
	m := NewLoudnessMeter(44100)
	m.Write(pcm)
	want := ffmpegLoudness(t, musicDir+"/demo.mp3")
	got := m.Integrated()
	t.Logf("demo.mp3: %.2f LUFS, ffmpeg ebur128 %.1f LUFS", got, want)
	if math.Abs(got-want) > 0.2 {
		t.Errorf("demo.mp3: %.2f LUFS, ffmpeg says %.1f", got, want)
	}
}
