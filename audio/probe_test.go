package audio

import (
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

const musicDir = "../testdata/music"

func openMusic(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(musicDir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestProbe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file          string
		rate, ch      int
		dur, tol      float64
		vbr, cover    bool
		title, artist string
	}{
		{"demo.mp3", 44100, 2, 32.0, 0.001, true, false, "Reel demo (synthesised)", "reel test suite"},
		{"chords48k_stereo_vbr.mp3", 48000, 2, 8.0, 0.001, true, false, "", ""},
		{"tone22k_mono_cbr.mp3", 22050, 1, 4.075, 0.03, false, false, "", ""},
		{"tagged.mp3", 44100, 2, 6.0, 0.001, false, true, "Tagged Chord", "Reel Synth"},
		{"tone22k_stereo_32k.mp3", 22050, 2, 67392.0 / 22050, 1e-6, false, false, "", ""},
		{"pcm16.wav", 22050, 2, 0.25, 1e-4, false, false, "", ""},
		{"pcm24.wav", 22050, 2, 0.25, 1e-4, false, false, "", ""},
		{"float32.wav", 22050, 2, 0.25, 1e-4, false, false, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			info, err := Probe(openMusic(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%+v", info)
			if info.SampleRate != tc.rate || info.Channels != tc.ch {
				t.Errorf("rate/channels = %d/%d, want %d/%d", info.SampleRate, info.Channels, tc.rate, tc.ch)
			}
			if math.Abs(info.Duration-tc.dur) > tc.tol {
				t.Errorf("duration = %.4f, want %.4f +/- %g", info.Duration, tc.dur, tc.tol)
			}
			if info.VBR != tc.vbr || info.Cover != tc.cover || info.Title != tc.title || info.Artist != tc.artist {
				t.Errorf("vbr/cover/title/artist = %v/%v/%q/%q", info.VBR, info.Cover, info.Title, info.Artist)
			}
		})
	}
}

func TestDecodeLength(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"demo.mp3", "chords48k_stereo_vbr.mp3", "tone22k_mono_cbr.mp3", "tone22k_stereo_32k.mp3", "tagged.mp3", "pcm16.wav", "pcm24.wav", "float32.wav"} {
		t.Run(name, func(t *testing.T) {
			d, err := NewDecoder(openMusic(t, name))
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]float32, 4096)
			var total int64
			for {
				n, err := d.Read(buf)
				total += int64(n / 2)
				if err != nil {
					if !errors.Is(err, io.EOF) {
						t.Fatal(err)
					}
					break
				}
			}
			if total != d.Info().Samples {
				t.Errorf("decoded %d frames, probe says %d", total, d.Info().Samples)
			}
		})
	}
}
