package encode

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestAudioSpecificConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rate, ch int
		want     []byte
	}{
		{44100, 2, []byte{0x12, 0x10}},
		{48000, 2, []byte{0x11, 0x90}},
		{48000, 1, []byte{0x11, 0x88}},
	} {
		got, err := audioSpecificConfig(tc.rate, tc.ch)
		if err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("ASC(%d, %d) = % x, %v; want % x", tc.rate, tc.ch, got, err, tc.want)
		}
	}
	if _, err := audioSpecificConfig(12345, 2); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("ASC of 12345 Hz: %v", err)
	}
}

func TestEncodeAACTrackShape(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rate, ch, frames int
	}{
		{44100, 1, 44100},
		{48000, 2, 48000 + 17},
		{48000, 2, 1},
	} {
		t.Run(fmt.Sprintf("%d_%d_%d", tc.rate, tc.ch, tc.frames), func(t *testing.T) {
			tr, err := EncodeAAC(context.Background(), &pcmSource{s: toneWithClicks(tc.rate, tc.ch, tc.frames)}, AudioOptions{SampleRate: tc.rate, Channels: tc.ch})
			if err != nil {
				t.Fatal(err)
			}
			wantAUs := (tc.frames + aacPriming + aacFrame - 1) / aacFrame
			if tr.Frames() != wantAUs || tr.Samples() != int64(tc.frames) || tr.Channels() != 2 || tr.SampleRate() != tc.rate {
				t.Errorf("track: %d AUs, %d samples, %d ch, %d Hz; want %d AUs, %d samples, 2 ch, %d Hz",
					tr.Frames(), tr.Samples(), tr.Channels(), tr.SampleRate(), wantAUs, tc.frames, tc.rate)
			}
			for i := range tr.Frames() {
				au := tr.AccessUnit(i)
				if len(au) == 0 || len(au) >= 2 && au[0] == 0xFF && au[1]&0xF0 == 0xF0 {
					t.Fatalf("access unit %d empty or has an ADTS header: % x", i, au[:min(len(au), 4)])
				}
			}
		})
	}
}

func TestEncodeAACErrors(t *testing.T) {
	t.Parallel()
	ok := func() PCMReader { return &pcmSource{s: make([]int16, 4096)} }
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	boom := errors.New("boom")
	for _, tc := range []struct {
		name string
		ctx  context.Context
		src  PCMReader
		o    AudioOptions
		want error
	}{
		{"rate", context.Background(), ok(), AudioOptions{SampleRate: 22050, Channels: 2}, ErrInvalidOptions},
		{"channels", context.Background(), ok(), AudioOptions{SampleRate: 48000, Channels: 6}, ErrInvalidOptions},
		{"bitrate", context.Background(), ok(), AudioOptions{SampleRate: 48000, Channels: 2, Bitrate: 1000}, ErrInvalidOptions},
		{"empty", context.Background(), &pcmSource{}, AudioOptions{SampleRate: 48000, Channels: 2}, ErrNoAudio},
		{"cancelled", cancelled, ok(), AudioOptions{SampleRate: 48000, Channels: 2}, context.Canceled},
		{"reader error", context.Background(), readerFunc(func([]int16) (int, error) { return 0, boom }), AudioOptions{SampleRate: 48000, Channels: 2}, boom},
		{"stuck reader", context.Background(), readerFunc(func([]int16) (int, error) { return 0, nil }), AudioOptions{SampleRate: 48000, Channels: 2}, nil},
		{"lying reader", context.Background(), readerFunc(func(p []int16) (int, error) { return len(p) + 1, nil }), AudioOptions{SampleRate: 48000, Channels: 2}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := EncodeAAC(tc.ctx, tc.src, tc.o)
			if err == nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("EncodeAAC: %v, want %v", err, tc.want)
			}
		})
	}
}

type readerFunc func([]int16) (int, error)

func (f readerFunc) ReadPCM(p []int16) (int, error) { return f(p) }

// TestEncodeAACConcurrent runs encodes from several goroutines: the
// process-wide lock must keep each result identical to a lone encode.
func TestEncodeAACConcurrent(t *testing.T) {
	t.Parallel()
	o := AudioOptions{SampleRate: 48000, Channels: 2}
	sources := [][]int16{toneWithClicks(48000, 2, 30000, 100), toneWithClicks(48000, 2, 20000, 5000), toneWithClicks(48000, 2, 25000)}
	want := make([]*AACTrack, len(sources))
	for i, s := range sources {
		var err error
		if want[i], err = EncodeAAC(context.Background(), &pcmSource{s: s}, o); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	got := make([]*AACTrack, len(sources)*2)
	for i := range got {
		wg.Go(func() {
			got[i], _ = EncodeAAC(context.Background(), &pcmSource{s: sources[i%len(sources)]}, o)
		})
	}
	wg.Wait()
	for i, g := range got {
		if g == nil || !bytes.Equal(g.data, want[i%len(sources)].data) {
			t.Errorf("concurrent encode %d differs from the serial one", i)
		}
	}
}
