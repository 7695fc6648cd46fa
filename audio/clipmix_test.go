package audio

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// pcmSource is a PCMSource over a stereo buffer.
type pcmSource struct {
	sliceSource
	rate   int
	closed *int
}

func (p *pcmSource) Info() Info {
	n := int64(len(p.s) / 2)
	return Info{Format: "pcm", SampleRate: p.rate, Channels: 2, Samples: n, Duration: float64(n) / float64(p.rate)}
}

func (p *pcmSource) Close() error {
	if p.closed != nil {
		*p.closed++
	}
	return nil
}

// clipOf places a buffer of stereo samples at rate on the timeline.
func clipOf(rate int, s []float32, at, length time.Duration, vol float64) ClipSound {
	return ClipSound{Open: func() (PCMSource, error) { return &pcmSource{sliceSource: sliceSource{s: s}, rate: rate}, nil },
		At: at, Length: length, Volume: vol}
}

// toneAmp is the amplitude of the f Hz component of the left channel of
// interleaved stereo x over seconds [from, to) (Hann-windowed projection).
func toneAmp(x []float32, rate int, f, from, to float64) float64 {
	a, b := int(from*float64(rate)), int(to*float64(rate))
	var re, im, wsum float64
	for i := a; i < b; i++ {
		w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i-a)/float64(b-a))
		ph := 2 * math.Pi * f * float64(i) / float64(rate)
		re += w * float64(x[2*i]) * math.Cos(ph)
		im += w * float64(x[2*i]) * math.Sin(ph)
		wsum += w
	}
	return 2 * math.Hypot(re, im) / wsum
}

func mixFloats(t *testing.T, cues []Cue, o MixOptions) []float32 {
	t.Helper()
	m, err := NewMix(context.Background(), cues, o)
	if err != nil {
		t.Fatal(err)
	}
	return toFloat(readMix(t, m))
}

const (
	musicHz = 440
	clipHz  = 2000
)

// musicAndClip is 12 s of 440 Hz music at amplitude 0.1 (no fades) with a
// 2 kHz clip sound at amplitude 0.2 from 4 s to 8 s.
func musicAndClip(d Ducking, vol float64, skipLoudness bool) ([]Cue, MixOptions) {
	cues := []Cue{bytesCue(sineWAV(44100, 12, musicHz, 0.1), 0, 0)}
	clip := clipOf(44100, tone(44100, 4*44100, clipHz, 0.2), 4*time.Second, 4*time.Second, vol)
	return cues, MixOptions{Duration: 12, FadeIn: -1, FadeOut: -1, SkipLoudness: skipLoudness, Clips: []ClipSound{clip}, Ducking: d}
}

func TestClipSoundDucksMusicByDepth(t *testing.T) {
	for _, depth := range []float64{0, 6, 20} {
		cues, o := musicAndClip(Ducking{Depth: depth}, 1, true)
		x := mixFloats(t, cues, o)
		want := depth
		if want == 0 {
			want = DefaultDuckDepth
		}
		before := toneAmp(x, 44100, musicHz, 1, 3.5)
		inside := toneAmp(x, 44100, musicHz, 4.2, 7.8)
		after := toneAmp(x, 44100, musicHz, 9, 11.5)
		clipIn, clipOut := toneAmp(x, 44100, clipHz, 4.2, 7.8), toneAmp(x, 44100, clipHz, 9, 11.5)
		t.Logf("depth %v: music %.4f before, %.4f inside (%.2f dB), %.4f after; clip %.4f inside, %.5f after",
			depth, before, inside, dB(inside/before), after, clipIn, clipOut)
		if math.Abs(before-0.1) > 0.002 || math.Abs(after-0.1) > 0.002 {
			t.Errorf("music outside the clip at %.4f / %.4f, want 0.1", before, after)
		}
		if got := dB(inside / before); math.Abs(got+want) > 0.5 {
			t.Errorf("music under the clip lowered by %.2f dB, want %v +/- 0.5", -got, want)
		}
		if math.Abs(clipIn-0.2) > 0.002 || clipOut > 1e-4 {
			t.Errorf("clip sound %.4f inside, %.5f outside; want 0.2 and 0", clipIn, clipOut)
		}
	}
}

// TestDuckingRampTiming: the music is fully down when the clip's sound
// starts (the attack looks ahead), untouched before the attack, back up
// one Release after the sound ends.
func TestDuckingRampTiming(t *testing.T) {
	cues, o := musicAndClip(Ducking{Attack: 200 * time.Millisecond, Release: 500 * time.Millisecond}, 1, true)
	x := mixFloats(t, cues, o)
	// Envelope of the music: the output minus the clip's tone is the music;
	// sample it by its amplitude over 50 ms windows.
	at := func(s float64) float64 { return dB(toneAmp(x, 44100, musicHz, s-0.025, s+0.025) / 0.1) }
	for _, c := range []struct {
		sec, want, tol float64
	}{
		{3.7, 0, 0.1},    // before the attack (3.8 s)
		{3.9, -6, 2.5},   // mid-attack
		{4.03, -12, 0.3}, // the sound has started: fully down
		{7.97, -12, 0.3}, // still down at the end
		{8.25, -6, 2.5},  // mid-release
		{8.6, 0, 0.1},    // released
	} {
		if got := at(c.sec); math.Abs(got-c.want) > c.tol {
			t.Errorf("music at %.2f s: %.2f dB, want %v +/- %v", c.sec, got, c.want, c.tol)
		}
	}
}

// TestDuckingFollowsClipLevel: a clip silent in its middle does not duck
// the music there.
func TestDuckingFollowsClipLevel(t *testing.T) {
	s := tone(44100, 8*44100, clipHz, 0.2)
	clear(s[2*2*44100 : 2*6*44100]) // silent from 2 s to 6 s of the clip (4..8 s on the timeline)
	cues := []Cue{bytesCue(sineWAV(44100, 12, musicHz, 0.1), 0, 0)}
	o := MixOptions{Duration: 12, FadeIn: -1, FadeOut: -1, SkipLoudness: true,
		Clips: []ClipSound{clipOf(44100, s, 2*time.Second, 0, 1)}}
	x := mixFloats(t, cues, o)
	for _, c := range []struct{ from, to, want float64 }{{2.1, 3.9, -12}, {5, 7.7, 0}, {8.1, 9.9, -12}, {10.8, 11.9, 0}} {
		if got := dB(toneAmp(x, 44100, musicHz, c.from, c.to) / 0.1); math.Abs(got-c.want) > 0.5 {
			t.Errorf("music %.1f..%.1f s at %.2f dB, want %v", c.from, c.to, got, c.want)
		}
	}
}

// TestDuckingHasNoClicks bounds the sample-to-sample step of the whole mix
// by the largest step of its two sines (A*2*pi*f/rate each): the ducking
// ramps and the clip's edges (a clip cut mid-waveform, and one ending
// before its Length) add no step of their own.
func TestDuckingHasNoClicks(t *testing.T) {
	music := []Cue{bytesCue(sineWAV(44100, 10, musicHz, 0.3), 0, 0)}
	short := tone(44100, 44100*3/2+123, clipHz, 0.2) // ends mid-waveform, before its Length
	o := MixOptions{Duration: 10, FadeIn: -1, FadeOut: -1, SkipLoudness: true, Ducking: Ducking{Attack: 20 * time.Millisecond, Release: 30 * time.Millisecond},
		Clips: []ClipSound{
			// Starts near a crest of its sine.
			clipOf(44100, tone(44100, 3*44100, clipHz, 0.2)[2*5:], 2*time.Second+7*time.Millisecond, 1234*time.Millisecond, 1),
			clipOf(44100, short, 6*time.Second, 3*time.Second, 1),
		}}
	x := mixFloats(t, music, o)
	bound := (0.3*2*math.Pi*musicHz + 0.2*2*math.Pi*clipHz) / 44100 * 1.05
	var worst float64
	at := 0
	for i := 2; i < len(x); i += 2 {
		if d := math.Abs(float64(x[i] - x[i-2])); d > worst {
			worst, at = d, i/2
		}
	}
	t.Logf("largest step %.4f at %.3f s (bound %.4f)", worst, float64(at)/44100, bound)
	if worst > bound {
		t.Errorf("step of %.4f at %.3f s exceeds %.4f: a click", worst, float64(at)/44100, bound)
	}
	if got := toneAmp(x, 44100, clipHz, 7.6, 8.9); got > 1e-3 {
		t.Errorf("the short clip sounds after its end: %.4f", got)
	}
}

// TestMutedClipChangesNothing: a clip at Volume 0 is not opened and the mix
// is sample for sample the mix without clips; with Ducking.Off the music
// keeps its level under an audible clip.
func TestMutedClipChangesNothing(t *testing.T) {
	cues, o := musicAndClip(Ducking{}, 0, false)
	opened := 0
	o.Clips[0].Open = func() (PCMSource, error) { opened++; return nil, errors.New("must not be opened") }
	got := mixFloats(t, cues, o)
	o.Clips = nil
	want := mixFloats(t, cues, o)
	if opened != 0 || !slices.Equal(got, want) {
		t.Errorf("muted clip: opened %d times, output equal to no clips: %v", opened, slices.Equal(got, want))
	}

	cues, o = musicAndClip(Ducking{Off: true}, 1, true)
	x := mixFloats(t, cues, o)
	if d := dB(toneAmp(x, 44100, musicHz, 4.2, 7.8) / toneAmp(x, 44100, musicHz, 1, 3.5)); math.Abs(d) > 0.05 {
		t.Errorf("Ducking.Off: music changes by %.2f dB under the clip", d)
	}
}

// TestClipMixLoudness: the whole mix, clip included, is normalised to
// -16 LUFS with its true peak under the ceiling; checked with our meters
// and with ffmpeg's ebur128 when installed.
func TestClipMixLoudness(t *testing.T) {
	for _, tc := range []struct {
		name  string
		music bool
	}{{"music-and-clip", true}, {"clip-only", false}} {
		t.Run(tc.name, func(t *testing.T) {
			cues, o := musicAndClip(Ducking{}, 1.5, false)
			// A peaky clip sound (5 ms bursts every 100 ms) over quiet
			// music: normalised, its peaks are far above the ceiling, so
			// the limiter has work to do.
			burst := tone(48000, 4*48000, 3100, 0.5)
			for i := 0; i < len(burst)/2; i++ {
				if i%4800 >= 240 {
					burst[2*i], burst[2*i+1] = 0, 0
				}
			}
			o.Clips[0] = clipOf(48000, burst, 4*time.Second, 4*time.Second, 1.5)
			if !tc.music {
				cues = nil
			}
			x := mixFloats(t, cues, o)
			if len(x) != 2*12*44100 {
				t.Fatalf("%d samples, want %d", len(x), 2*12*44100)
			}
			meter := NewLoudnessMeter(44100)
			meter.Write(x)
			lufs, tp := meter.Integrated(), dB(TruePeak(x))
			t.Logf("%.2f LUFS, %.2f dBTP", lufs, tp)
			if tc.music && tp < DefaultCeilingDB-1 {
				t.Errorf("true peak %.2f dBTP: the test signal should drive the limiter to its ceiling", tp)
			}
			if math.Abs(lufs+16) > 0.5 || tp > -1 {
				t.Errorf("%.2f LUFS, %.2f dBTP; want -16 +/- 0.5 and <= -1", lufs, tp)
			}
			s := make([]float64, len(x))
			for i, v := range x {
				s[i] = float64(v)
			}
			path := filepath.Join(t.TempDir(), "mix.wav")
			if err := os.WriteFile(path, wavFile(44100, 2, 16, false, s), 0o644); err != nil {
				t.Fatal(err)
			}
			fl, ftp := ffmpegLoudness(t, path), ffmpegTruePeak(t, path)
			t.Logf("ffmpeg ebur128: %.1f LUFS, %.1f dBTP", fl, ftp)
			if math.Abs(fl+16) > 0.5 || ftp > -1 {
				t.Errorf("ffmpeg reads %.1f LUFS, %.1f dBTP; want -16 +/- 0.5 and <= -1", fl, ftp)
			}
		})
	}
}

// TestClipResampledAndCut: a 48 kHz clip in a 44.1 kHz mix keeps its pitch
// and level, starts at At and stops after Length.
func TestClipResampledAndCut(t *testing.T) {
	closed := 0
	src := tone(48000, 5*48000, 1000, 0.25)
	o := MixOptions{Duration: 6, SkipLoudness: true, Clips: []ClipSound{{
		Open: func() (PCMSource, error) {
			return &pcmSource{sliceSource: sliceSource{s: src}, rate: 48000, closed: &closed}, nil
		},
		At: 1500 * time.Millisecond, Length: 2 * time.Second, Volume: 0.5,
	}}}
	x := mixFloats(t, nil, o)
	if got := toneAmp(x, 44100, 1000, 1.6, 3.4); math.Abs(got-0.125) > 0.002 {
		t.Errorf("clip at %.4f, want 0.125 (0.25 x Volume 0.5)", got)
	}
	// First and last audible frames (above the edge fades' first step).
	first, last := -1, -1
	for i := 0; i < len(x)/2; i++ {
		if math.Abs(float64(x[2*i])) > 1e-4 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 66150 || first > 66150+10 || last > 66150+88200 || last < 66150+88200-30 {
		t.Errorf("clip sounds from frame %d to %d, want 66150 to 154350", first, last)
	}
	if closed != 2 {
		t.Errorf("clip source closed %d times, want 2 (analysis, output)", closed)
	}
}

func TestClipErrors(t *testing.T) {
	good := clipOf(44100, tone(44100, 44100, 500, 0.1), 0, 0, 1)
	boom := errors.New("boom")
	for _, c := range []struct {
		name string
		mod  func(o *MixOptions)
		want string
	}{
		{"negative volume", func(o *MixOptions) { o.Clips[0].Volume = -1 }, "volume"},
		{"NaN volume", func(o *MixOptions) { o.Clips[0].Volume = math.NaN() }, "volume"},
		{"huge volume", func(o *MixOptions) { o.Clips[0].Volume = 100 }, "volume"},
		{"no open", func(o *MixOptions) { o.Clips[0].Open = nil }, "no Open"},
		{"negative at", func(o *MixOptions) { o.Clips[0].At = -time.Second }, "invalid span"},
		{"open fails", func(o *MixOptions) {
			o.Clips[0].Open = func() (PCMSource, error) { return nil, boom }
		}, "clip 0: open: boom"},
		{"bad rate", func(o *MixOptions) {
			o.Clips[0].Open = func() (PCMSource, error) { return &pcmSource{rate: 7}, nil }
		}, "sample rate"},
		{"depth", func(o *MixOptions) { o.Ducking.Depth = math.NaN() }, "ducking depth"},
		{"attack", func(o *MixOptions) { o.Ducking.Attack = -time.Second }, "ducking attack"},
	} {
		o := MixOptions{Duration: 2, Clips: []ClipSound{good}}
		c.mod(&o)
		_, err := NewMix(context.Background(), nil, o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
		if c.name == "open fails" && !errors.Is(err, boom) {
			t.Errorf("%s: %v does not wrap the cause", c.name, err)
		}
	}
}
