package audio

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds are valid files, cut-down files and near-misses.
func fuzzSeeds(f *testing.F) {
	for _, name := range []string{"tone22k_mono_cbr.mp3", "tone22k_stereo_32k.mp3", "tagged.mp3", "chords48k_stereo_vbr.mp3", "pcm16.wav", "pcm24.wav", "float32.wav"} {
		b, err := os.ReadFile(filepath.Join(musicDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 3000)]) // a few frames (tags and header frame included)
		f.Add(b[:min(len(b), 100)])
	}
	f.Add(wavFile(8000, 2, 24, false, []float64{0.5, -0.5, 1, -1}))
	f.Add(wavFile(8000, 1, 32, true, []float64{0.5, -0.5, 2, -1}))
	f.Add([]byte("ID3\x04\x00\x00\x00\x00\x00\x05\x00\x00\x00\x00\x00\xff\xfb\x90\x64"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVEdata\xff\xff\xff\xff"))
	f.Add([]byte{})
}

// checkErr fails unless err is nil, io.EOF or a *FormatError.
func checkErr(t *testing.T, err error) {
	var fe *FormatError
	if err != nil && err != io.EOF && !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *FormatError", err, err)
	}
}

func FuzzProbe(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Probe(bytes.NewReader(data))
		checkErr(t, err)
		if err == nil && (info.Samples <= 0 || info.SampleRate <= 0 || info.Channels <= 0 || !(info.Duration > 0)) {
			t.Fatalf("Probe accepted an input without audio: %+v", info)
		}
	})
}

func FuzzDecode(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := NewDecoder(bytes.NewReader(data))
		checkErr(t, err)
		if err != nil {
			return
		}
		buf := make([]float32, 4096)
		var frames int64
		for {
			n, err := d.Read(buf)
			frames += int64(n / 2)
			for _, v := range buf[:n] {
				if v != v || v > 4 || v < -4 {
					t.Fatalf("sample %v out of range", v)
				}
			}
			if err != nil {
				checkErr(t, err)
				break
			}
			if frames > d.Info().Samples {
				t.Fatalf("decoded %d frames, more than the %d announced", frames, d.Info().Samples)
			}
		}
	})
}
