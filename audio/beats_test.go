package audio

import (
	"bytes"
	"context"
	"math"
	"testing"
)

// clickTrack is a mono 44.1 kHz WAV of secs seconds with a click (a 3 ms
// decaying 2 kHz burst) every 60/bpm s from offset, and the click times.
func clickTrack(bpm, offset, secs float64) ([]byte, []float64) {
	const rate = 44100
	s := make([]float64, int(secs*rate))
	var times []float64
	for t := offset; t < secs-0.01; t += 60 / bpm {
		times = append(times, t)
		i0 := int(math.Round(t * rate))
		for i := 0; i < rate*3/1000 && i0+i < len(s); i++ {
			s[i0+i] = 0.7 * math.Exp(-float64(i)/40) * math.Sin(2*math.Pi*2000*float64(i)/rate)
		}
	}
	return wavFile(rate, 1, 16, false, s), times
}

// nearest returns the distance from t to the closest of ts.
func nearest(ts []float64, t float64) float64 {
	d := math.Inf(1)
	for _, x := range ts {
		d = min(d, math.Abs(x-t))
	}
	return d
}

// TestDetectBeatsClicks: click tracks at 90, 120 and 128 bpm give their
// tempo (within 1 %) and a beat within 5 ms of every click (and no beat elsewhere).
func TestDetectBeatsClicks(t *testing.T) {
	t.Parallel()
	for _, bpm := range []float64{90, 120, 128} {
		wav, clicks := clickTrack(bpm, 0.37, 20)
		b, err := DetectBeats(context.Background(), bytes.NewReader(wav))
		if err != nil {
			t.Fatal(err)
		}
		var worstClick, worstBeat, sum float64
		for _, c := range clicks {
			worstClick = max(worstClick, nearest(b.Times, c))
		}
		for _, x := range b.Times {
			d := nearest(clicks, x)
			worstBeat = max(worstBeat, d)
			sum += x - clicks[0] - math.Round((x-clicks[0])*bpm/60)*60/bpm
		}
		t.Logf("%v bpm: tempo %.2f, %d beats for %d clicks, mean offset %+.1f ms, worst click %.1f ms, worst beat %.1f ms",
			bpm, b.Tempo, len(b.Times), len(clicks), 1000*sum/float64(len(b.Times)), 1000*worstClick, 1000*worstBeat)
		if math.Abs(b.Tempo-bpm) > 0.01*bpm {
			t.Errorf("%v bpm: tempo %.2f", bpm, b.Tempo)
		}
		if worstClick > 0.005 || worstBeat > 0.005 {
			t.Errorf("%v bpm: beats and clicks differ by up to %.1f / %.1f ms, want <= 5", bpm, 1000*worstClick, 1000*worstBeat)
		}
	}
}

// TestDetectBeatsMusic tracks demo.mp3 (plucked chords every 2 s over a
// pad, reverb, a 1 s fade-in): every detected beat falls on a chord onset
// (within 15 ms), and every chord after the
// fade-in has a beat within 15 ms.
func TestDetectBeatsMusic(t *testing.T) {
	t.Parallel()
	b, err := DetectBeats(context.Background(), openMusic(t, "demo.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	var chords []float64
	for c := 2.0; c < 31; c += 2 {
		chords = append(chords, c)
	}
	t.Logf("tempo %.2f bpm, %d beats: %.3f", b.Tempo, len(b.Times), b.Times)
	for _, c := range chords {
		if d := nearest(b.Times, c); d > 0.015 {
			t.Errorf("chord at %v s: nearest beat %.1f ms away", c, 1000*d)
		}
	}
	for _, x := range b.Times {
		if d := math.Abs(x/2 - math.Round(x/2)); 2*d > 0.015 {
			t.Errorf("beat at %.3f s is not on a chord", x)
		}
	}
}

// FuzzDetectBeats: any input gives an error or a grid of finite, ascending
// times within the track, never a panic.
func FuzzDetectBeats(f *testing.F) {
	wav, _ := clickTrack(120, 0.1, 5)
	f.Add(wav)
	nan := make([]float64, 44100*5)
	for i := range nan {
		nan[i] = math.Sin(float64(i))
		if i%1000 == 0 {
			nan[i] = math.NaN()
		}
		if i%777 == 0 {
			nan[i] = math.Inf(1)
		}
	}
	f.Add(wavFile(44100, 1, 32, true, nan))
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVE"))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := DetectBeats(context.Background(), bytes.NewReader(b))
		if err != nil {
			return
		}
		prev := math.Inf(-1)
		for _, x := range g.Times {
			if math.IsNaN(x) || x < prev || x < -0.1 || x > g.Duration+0.1 {
				t.Fatalf("bad beat %v after %v (duration %v)", x, prev, g.Duration)
			}
			prev = x
		}
	})
}
