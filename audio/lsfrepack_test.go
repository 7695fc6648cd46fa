package audio

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestDecode22kLowBitrate: a LAME CBR 32 kb/s 22.05 kHz stream, whose
// padded frames go-mp3 sizes one byte short, decodes to its tones (440 Hz
// left, 660 Hz right) rather than noise.
func TestDecode22kLowBitrate(t *testing.T) {
	t.Parallel()
	d, err := NewDecoder(openMusic(t, "tone22k_stereo_32k.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	s := decodeAll(t, d)
	n := len(s) / 2
	l, r := make([]float64, 0, n), make([]float64, 0, n)
	for i := n / 4; i < 3*n/4; i++ { // steady part, away from the fades
		l, r = append(l, float64(s[2*i])), append(r, float64(s[2*i+1]))
	}
	for _, ch := range []struct {
		name string
		x    []float64
		f    float64
	}{{"left", l, 440}, {"right", r, 660}} {
		f := zeroCrossFreq(ch.x, 22050)
		dist := thdn(ch.x, ch.f, 22050)
		t.Logf("%s: %.2f Hz, THD+N %.1f dB", ch.name, f, dist)
		if f < ch.f*0.995 || f > ch.f*1.005 || dist > -30 {
			t.Errorf("%s: %.2f Hz with THD+N %.1f dB, want %.0f Hz below -30 dB", ch.name, f, dist, ch.f)
		}
	}
}

// TestLSFRepackFraming: every repacked frame is an unpadded 22.05 kHz
// frame with main_data_begin 0, frames follow each other without gaps, and
// their number is unchanged.
func TestLSFRepackFraming(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"tone22k_stereo_32k.mp3", "tone22k_mono_cbr.mp3"} {
		f := openMusic(t, name)
		info, err := Probe(f)
		if err != nil {
			t.Fatal(err)
		}
		in, err := os.ReadFile(filepath.Join(musicDir, name))
		if err != nil {
			t.Fatal(err)
		}
		in = in[info.dataStart:info.dataEnd]
		out, err := io.ReadAll(newLSFRepacker(bytes.NewReader(in)))
		if err != nil {
			t.Fatal(err)
		}
		count := func(b []byte, repacked bool) int {
			frames := 0
			for pos := 0; pos+4 <= len(b); frames++ {
				h, ok := parseMP3Header(b[pos:])
				if !ok || h.SampleRate != 22050 {
					t.Fatalf("%s: no frame header at %d of %d", name, pos, len(b))
				}
				if repacked && (h.Padding || b[pos+4] != 0) {
					t.Fatalf("%s: repacked frame %d padded or with main_data_begin %d", name, frames, b[pos+4])
				}
				pos += h.Size
			}
			return frames
		}
		if a, b := count(in, false), count(out, true); a != b {
			t.Errorf("%s: %d frames in, %d out", name, a, b)
		}
	}
}

// TestLSFRepackPassesJunk: bytes that are not 22.05 kHz Layer III frames
// come out unchanged.
func TestLSFRepackPassesJunk(t *testing.T) {
	t.Parallel()
	for _, in := range [][]byte{nil, []byte("x"), []byte("not an mp3 at all"), {0xff, 0xfb, 0x90, 0x64, 1, 2, 3}} {
		out, err := io.ReadAll(newLSFRepacker(bytes.NewReader(in)))
		if err != nil || !bytes.Equal(out, in) {
			t.Errorf("% x -> % x, %v", in, out, err)
		}
	}
}
