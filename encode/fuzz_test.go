package encode

import (
	"context"
	"encoding/binary"
	"errors"
	"testing"
	"time"
)

// FuzzVideoOptions feeds arbitrary option values (as a caller might pass
// them from a project file) to the validation: it must return an error
// wrapping ErrInvalidOptions or options x264 can take, never panic.
func FuzzVideoOptions(f *testing.F) {
	f.Add(640, 360, 30, 1, 23.0, 0, int64(2*time.Second), 0)
	f.Add(641, 360, 30000, 1001, 18.0, -1, int64(0), 2)
	f.Add(0, 0, 0, 0, 0.0, 0, int64(0), 0)
	f.Add(1280, 720, 1, 0, 51.0, 16, int64(time.Millisecond), 64)
	f.Fuzz(func(t *testing.T, w, h, num, den int, crf float64, bframes int, key int64, threads int) {
		o, err := VideoOptions{Width: w, Height: h, FrameRate: Rational{num, den}, CRF: crf,
			BFrames: bframes, KeyInterval: time.Duration(key), Threads: threads}.withDefaults()
		if err != nil {
			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("error %v does not wrap ErrInvalidOptions", err)
			}
			return
		}
		if o.Width%2 != 0 || o.Height%2 != 0 || o.Width <= 0 || o.Height <= 0 || o.Width > MaxDimension {
			t.Fatalf("accepted size %dx%d", o.Width, o.Height)
		}
		if k := o.keyint(); k < 1 {
			t.Fatalf("keyint %d", k)
		}
		s, d := o.timescale()
		if s < 10000 || d == 0 {
			t.Fatalf("timescale %d/%d", s, d)
		}
		// The ticks-per-frame ratio must equal the frame rate exactly.
		if uint64(s)*uint64(o.FrameRate.Den) != uint64(d)*uint64(o.FrameRate.Num) {
			t.Fatalf("timescale %d/%d does not match %d/%d fps", s, d, o.FrameRate.Num, o.FrameRate.Den)
		}
	})
}

// FuzzEncodeAAC encodes arbitrary PCM (the first byte picks mono or
// stereo, the rest are little-endian samples): EncodeAAC must succeed
// with the right number of access units, or fail with ErrNoAudio on an
// empty source.
func FuzzEncodeAAC(f *testing.F) {
	f.Add([]byte{1})
	f.Add([]byte{2, 0xff, 0x7f, 0x00, 0x80, 0x01, 0x00})
	f.Add(append([]byte{1}, make([]byte, 4096)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || len(data) > 1<<16 {
			return
		}
		ch := 1 + int(data[0]&1)
		pcm := make([]int16, (len(data)-1)/2)
		for i := range pcm {
			pcm[i] = int16(binary.LittleEndian.Uint16(data[1+2*i:]))
		}
		tr, err := EncodeAAC(context.Background(), &pcmSource{s: pcm}, AudioOptions{SampleRate: 44100, Channels: ch})
		frames := len(pcm) / ch
		if frames == 0 {
			if !errors.Is(err, ErrNoAudio) {
				t.Fatalf("empty source: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := (frames + aacPriming + aacFrame - 1) / aacFrame; tr.Frames() != want || tr.Samples() != int64(frames) {
			t.Fatalf("%d AUs for %d frames, want %d", tr.Frames(), frames, want)
		}
	})
}
