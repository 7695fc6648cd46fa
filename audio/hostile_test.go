package audio

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// allocated returns the bytes f allocated on the Go heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// drain opens data with NewDecoder and reads it to the end. It fails the
// test on an error that is not a *FormatError, on a decode longer than the
// probe announced and on an invalid Info.
func drain(t *testing.T, name string, data []byte) (info Info, frames int64, err error) {
	t.Helper()
	d, err := NewDecoder(bytes.NewReader(data))
	if err != nil {
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("%s: NewDecoder: %v (%T), want a *FormatError", name, err, err)
		}
		return Info{}, 0, err
	}
	info = d.Info()
	if info.Samples <= 0 || !(info.Duration > 0) || info.SampleRate <= 0 || info.Channels <= 0 {
		t.Fatalf("%s: NewDecoder accepted an input without audio: %+v", name, info)
	}
	buf := make([]float32, 4096)
	for {
		n, err := d.Read(buf)
		frames += int64(n / 2)
		if frames > info.Samples {
			t.Fatalf("%s: decoded %d frames, more than the %d announced", name, frames, info.Samples)
		}
		if err == io.EOF {
			return info, frames, nil
		}
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("%s: Read: %v (%T), want a *FormatError", name, err, err)
			}
			return info, frames, err
		}
	}
}

// wavHeader builds a RIFF/WAVE header with a 16-byte fmt chunk of the given
// fields and a data chunk header announcing dataLen bytes.
func wavHeader(tag, ch uint16, rate uint32, align, bits uint16, dataLen uint32) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(36)+dataLen)
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), tag, ch, rate, rate * uint32(align), align, bits} {
		binary.Write(&b, binary.LittleEndian, v)
	}
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, dataLen)
	return b.Bytes()
}

// TestHostileInputs: malformed headers give a typed error (or decode what
// is there), never a panic, a hang or an allocation sized by a header field.
func TestHostileInputs(t *testing.T) {
	mp3, err := os.ReadFile(filepath.Join(musicDir, "tone22k_mono_cbr.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	samples := make([]byte, 4000)
	tests := []struct {
		name string
		file []byte
		kind error // nil: decodes
	}{
		{"0 bytes", []byte{}, ErrEmpty},
		{"1 byte", []byte{0xff}, ErrNotAudio},
		{"huge ID3 size, no audio", []byte("ID3\x04\x00\x00\x7f\x7f\x7f\x7f"), ErrTruncated},
		{"huge ID3 size before audio", append([]byte("ID3\x03\x00\x00\x7f\x7f\x7f\x7f"), mp3...), ErrTruncated},
		{"huge ID3 frame size", append(id3v23([2]string{"TIT2", "\x00x"}, [2]string{"APIC", "\x00"}), mp3...), nil},
		{"ID3 size with top bits set", append([]byte("ID3\x03\x00\x00\xff\xff\xff\xff"), mp3...), ErrCorrupt},
		{"wav data size beyond EOF", append(wavHeader(wavPCM, 2, 44100, 4, 16, 0x7ffffff0), samples...), ErrTruncated},
		{"wav data size 0xffffffff", append(wavHeader(wavPCM, 2, 44100, 4, 16, 0xffffffff), samples...), nil},
		{"wav 0 channels", append(wavHeader(wavPCM, 0, 44100, 0, 16, 4000), samples...), ErrCorrupt},
		{"wav 65535 channels", append(wavHeader(wavPCM, 65535, 44100, 65534, 16, 4000), samples...), ErrCorrupt},
		{"wav 0 Hz", append(wavHeader(wavPCM, 2, 0, 4, 16, 4000), samples...), ErrUnsupported},
		{"wav 4 GHz", append(wavHeader(wavPCM, 2, 0xffffffff, 4, 16, 4000), samples...), ErrUnsupported},
		{"wav 0 bits", append(wavHeader(wavPCM, 2, 44100, 0, 0, 4000), samples...), ErrUnsupported},
		{"wav huge fmt chunk", []byte("RIFF\x00\x00\x00\x00WAVEfmt \xff\xff\xff\xff\x01\x00"), ErrCorrupt},
		{"wav huge unknown chunk", []byte("RIFF\x00\x00\x00\x00WAVELIST\xf0\xff\xff\xff\x00\x00\x00\x00"), ErrCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			var frames int64
			n := allocated(func() { _, frames, err = drain(t, tc.name, tc.file) })
			t.Logf("%d frames, %v; %d bytes allocated", frames, err, n)
			if tc.kind == nil && err != nil || tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Errorf("got %v, want kind %v", err, tc.kind)
			}
			if n > 8<<20 {
				t.Errorf("allocated %d bytes for a %d-byte input", n, len(tc.file))
			}
		})
	}
}

// TestTruncatedEverywhere cuts every test track at many offsets (densely
// over its first frames, where headers live): Probe must report a positive
// length or a typed error, and decoding must stop with io.EOF or a typed
// error after at most the announced samples.
func TestTruncatedEverywhere(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"chords48k_stereo_vbr.mp3", "demo.mp3", "tagged.mp3", "tone22k_mono_cbr.mp3", "tone22k_stereo_32k.mp3", "pcm16.wav", "pcm24.wav", "float32.wav"} {
		data, err := os.ReadFile(filepath.Join(musicDir, name))
		if err != nil {
			t.Fatal(err)
		}
		start := int64(0)
		if info, err := Probe(bytes.NewReader(data)); err == nil {
			start = info.dataStart
		}
		var cuts []int
		for c := 0; c < int(start)+3000 && c < len(data); c += 3 {
			cuts = append(cuts, c)
		}
		for c := int(start) + 3000; c < len(data); c += len(data)/40 + 1 {
			cuts = append(cuts, c)
		}
		for i, c := range cuts {
			what := fmt.Sprintf("%s cut at %d", name, c)
			info, err := Probe(bytes.NewReader(data[:c]))
			if err != nil {
				var fe *FormatError
				if !errors.As(err, &fe) {
					t.Fatalf("%s: Probe: %v (%T), want a *FormatError", what, err, err)
				}
				continue
			}
			if info.Samples <= 0 || !(info.Duration > 0) {
				t.Fatalf("%s: Probe gave %d samples, %g s and no error", what, info.Samples, info.Duration)
			}
			if i%20 == 0 { // decoding is slower: a sample of the cuts
				drain(t, what, data[:c])
			}
		}
	}
}

// TestMixNonFiniteOptions: NaN and infinite times are errors, not silent
// or fade-less mixes.
func TestMixNonFiniteOptions(t *testing.T) {
	t.Parallel()
	wav := sineWAV(8000, 1, 440, 0.5)
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name string
		cue  Cue
		o    MixOptions
	}{
		{"start +Inf", bytesCue(wav, inf, 0), MixOptions{Duration: 2}},
		{"end +Inf", bytesCue(wav, 0, inf), MixOptions{Duration: 2}},
		{"fade in NaN", bytesCue(wav, 0, 0), MixOptions{Duration: 2, FadeIn: nan}},
		{"fade out +Inf", bytesCue(wav, 0, 0), MixOptions{Duration: 2, FadeOut: inf}},
		{"loop crossfade NaN", bytesCue(wav, 0, 0), MixOptions{Duration: 2, LoopCrossfade: nan}},
		{"loop crossfade +Inf", bytesCue(wav, 0, 0), MixOptions{Duration: 2, LoopCrossfade: inf}},
		{"target -Inf", bytesCue(wav, 0, 0), MixOptions{Duration: 2, TargetLUFS: math.Inf(-1)}},
		{"ceiling -Inf", bytesCue(wav, 0, 0), MixOptions{Duration: 2, CeilingDB: math.Inf(-1)}},
	} {
		if _, err := NewMix(context.Background(), []Cue{tc.cue}, tc.o); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// TestMixHugeCueTimes: times far past the video's end (as a JSON project
// may carry) behave like any time past the end, without integer overflow.
func TestMixHugeCueTimes(t *testing.T) {
	t.Parallel()
	wav := sineWAV(8000, 1, 440, 0.5)
	for _, tc := range []struct {
		name   string
		cue    Cue
		silent bool
	}{
		{"end 1e300 plays to the video's end", bytesCue(wav, 0, 1e300), false},
		{"end 1e18 plays to the video's end", bytesCue(wav, 0.5, 1e18), false},
		{"start 1e300 is after the video", bytesCue(wav, 1e300, 0), true},
		{"start 1e18 is after the video", bytesCue(wav, 1e18, 2e18), true},
	} {
		m, err := NewMix(context.Background(), []Cue{tc.cue}, MixOptions{Duration: 2, SkipLoudness: true})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		pcm := readMix(t, m)
		var loudAtEnd bool // sound in the second before the 2 s fade-out ends
		for _, v := range pcm[len(pcm)/2 : len(pcm)*3/4] {
			loudAtEnd = loudAtEnd || v > 1000 || v < -1000
		}
		if loudAtEnd == tc.silent {
			t.Errorf("%s: sound in 1..1.5 s = %v, want %v", tc.name, loudAtEnd, !tc.silent)
		}
	}
}
