package audio

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/audio/internal/faad"
)

// clipFile makes a clip with ffmpeg (test generator) and returns its path.
func clipFile(t testing.TB, name string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	ffmpegOut(t, nil, append(args, "-y", path)...)
	return path
}

const clipTestSignal = "aevalsrc=0.4*sin(2*PI*(200+300*t)*t)|0.3*sin(2*PI*523*t)*(0.5+0.5*sin(2*PI*2*t)):s=%d:d=7"

// TestOpenClipAudioMatchesFFmpeg trims clips at 2.5..5.5 s and compares
// with `ffmpeg -ss 2.5 -i clip -t 3 -f f32le`: aligned within 1 ms (lag 0
// found), correlated, small error.
func TestOpenClipAudioMatchesFFmpeg(t *testing.T) {
	for _, c := range []struct {
		name, file string
		rate       int
		codec      []string
		maxErr     float64
		needsFaad  bool
	}{
		{"aac-mp4", "a.mp4", 44100, []string{"-c:a", "aac", "-b:a", "160k"}, 1e-3, true},
		{"aac-48k-mono-mov", "a.mov", 48000, []string{"-ac", "1", "-c:a", "aac"}, 1e-3, true},
		{"aac-with-video", "v.mp4", 44100, []string{"-f", "lavfi", "-i", "testsrc2=s=64x48:r=25:d=7", "-c:v", "libx264", "-c:a", "aac", "-shortest"}, 1e-3, true},
		{"sowt-mov", "s.mov", 48000, []string{"-c:a", "pcm_s16le"}, 1e-6, false},
		{"twos-mov", "t.mov", 44100, []string{"-c:a", "pcm_s16be"}, 1e-6, false},
		{"in24-mov", "i.mov", 48000, []string{"-c:a", "pcm_s24be"}, 1e-6, false},
		{"in24-le-mov", "i.mov", 48000, []string{"-c:a", "pcm_s24le"}, 1e-6, false},
		{"in32-le-mov", "i.mov", 44100, []string{"-c:a", "pcm_s32le"}, 1e-6, false},
		{"fl32-mov", "f.mov", 48000, []string{"-c:a", "pcm_f32be"}, 1e-6, false},
		{"fl32-le-mov", "f.mov", 48000, []string{"-c:a", "pcm_f32le"}, 1e-6, false},
		{"fl64-le-mov", "f.mov", 48000, []string{"-c:a", "pcm_f64le"}, 1e-6, false},
		{"mp3-mp4", "m.mp4", 44100, []string{"-c:a", "libmp3lame", "-b:a", "128k"}, 2e-4, false},
		{"mp3-48k-vbr-mov", "m.mov", 48000, []string{"-c:a", "libmp3lame", "-q:a", "4"}, 2e-4, false},
		{"mp3-22k-mono-mp4", "m.mp4", 22050, []string{"-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k"}, 2e-4, false},
		{"mp3-with-video", "v.mp4", 44100, []string{"-f", "lavfi", "-i", "testsrc2=s=64x48:r=25:d=7", "-c:v", "mpeg4", "-c:a", "libmp3lame", "-shortest"}, 2e-4, false},
		// Interleaved with video: many chunks, each its own sample.
		{"sowt-with-video", "v.mov", 48000, []string{"-f", "lavfi", "-i", "testsrc2=s=64x48:r=25:d=7", "-c:v", "mpeg4", "-c:a", "pcm_s16le", "-shortest"}, 1e-6, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.needsFaad {
				if _, err := faad.Load(); err != nil {
					t.Skipf("libfaad2 not usable: %v", err)
				}
			}
			args := append([]string{"-f", "lavfi", "-i", sprintf(clipTestSignal, c.rate)}, c.codec...)
			path := clipFile(t, c.file, args...)
			// ffmpeg's whole decode (edit list applied) from frame
			// round(2.5*rate): `ffmpeg -ss 2.5 -i clip` on an audio-only
			// file starts decoding at the seek point without the AAC
			// pre-roll, so its first frame is not a reference.
			ref := f32leFloats(ffmpegOut(t, nil, "-i", path, "-vn", "-f", "f32le", "-"))
			if strings.Contains(strings.Join(c.codec, " "), "-ac 1") {
				st := make([]float32, 0, 2*len(ref))
				for _, v := range ref {
					st = append(st, v, v)
				}
				ref = st
			}
			ref = ref[2*c.rate*5/2:]
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := OpenClipAudio(bytes.NewReader(b), int64(len(b)), 2500*time.Millisecond, 5500*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			got := readPCM(t, s)
			if len(got) != 2*3*c.rate || s.Info().SampleRate != c.rate {
				t.Fatalf("%d frames at %d Hz, want %d at %d", len(got)/2, s.Info().SampleRate, 3*c.rate, c.rate)
			}
			if len(ref) < len(got) {
				t.Fatalf("ffmpeg gave %d frames, OpenClipAudio %d", len(ref)/2, len(got)/2)
			}
			lag, corr := bestLag(got, ref, c.rate/1000)
			var maxErr float64
			for i := range got {
				maxErr = max(maxErr, math.Abs(float64(got[i]-ref[i])))
			}
			t.Logf("lag %d frames, correlation %.6f, max abs error %.2g", lag, corr, maxErr)
			if lag != 0 || corr < 0.9999 || maxErr > c.maxErr {
				t.Errorf("lag %d frames, correlation %.6f, max abs error %.3g (want 0, >= 0.9999, <= %g)", lag, corr, maxErr, c.maxErr)
			}
		})
	}
}

func TestOpenClipAudioRefusesNonClips(t *testing.T) {
	silent := clipFile(t, "v.mp4", "-f", "lavfi", "-i", "testsrc2=s=64x48:r=25:d=1", "-c:v", "libx264")
	b, _ := os.ReadFile(silent)
	for name, c := range map[string]struct {
		b    []byte
		kind error
	}{
		"no audio track": {b, ErrEmpty},
		"not a clip":     {[]byte("ID3 this is an mp3, honest"), ErrNotAudio},
		"empty":          {nil, ErrNotAudio},
	} {
		_, err := OpenClipAudio(bytes.NewReader(c.b), int64(len(c.b)), 0, 0)
		if !errors.Is(err, c.kind) {
			t.Errorf("%s: %v, want %v", name, err, c.kind)
		}
	}
}

func sprintf(f string, a ...any) string { return fmt.Sprintf(f, a...) }

func TestOpenClipAudioRefusesMPEG25MP3(t *testing.T) {
	path := clipFile(t, "m.mov", "-f", "lavfi", "-i", sprintf(clipTestSignal, 8000), "-c:a", "libmp3lame")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = OpenClipAudio(bytes.NewReader(b), int64(len(b)), 0, 0)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "16-48 kHz") {
		t.Errorf("8 kHz MP3: %v, want ErrUnsupported naming the rates supported", err)
	}
}
