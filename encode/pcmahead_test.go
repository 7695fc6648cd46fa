package encode

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
)

// gatedSource is a PCMReader whose reads wait for gate to close.
type gatedSource struct {
	gate    chan struct{}
	started chan struct{}
	pcmSource
}

func (g *gatedSource) ReadPCM(p []int16) (int, error) {
	select {
	case <-g.started:
	default:
		close(g.started)
	}
	<-g.gate
	return g.pcmSource.ReadPCM(p)
}

// TestEncodeAACSourceOutsideLock: while one encode's source is not ready
// (a mix still decoding), another encode runs to the end instead of
// queueing behind it on the process-wide encoder lock; then the first one
// finishes, and both tracks equal what a lone encode gives.
func TestEncodeAACSourceOutsideLock(t *testing.T) {
	t.Parallel()
	o := AudioOptions{SampleRate: 44100, Channels: 2}
	samples := toneWithClicks(44100, 2, 44100/2, 5000)
	lone, err := EncodeAAC(context.Background(), &pcmSource{s: samples}, o)
	if err != nil {
		t.Fatal(err)
	}
	slow := &gatedSource{gate: make(chan struct{}), started: make(chan struct{}), pcmSource: pcmSource{s: samples}}
	type result struct {
		t   *AACTrack
		err error
	}
	done := make(chan result, 1)
	go func() {
		tr, err := EncodeAAC(context.Background(), slow, o)
		done <- result{tr, err}
	}()
	<-slow.started
	fast, err := EncodeAAC(context.Background(), &pcmSource{s: samples}, o)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		t.Fatalf("gated encode finished before its source was released: %v", r.err)
	default:
	}
	close(slow.gate)
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	for name, tr := range map[string]*AACTrack{"concurrent": fast, "gated": r.t} {
		if !bytes.Equal(tr.data, lone.data) || tr.samples != lone.samples || len(tr.sizes) != len(lone.sizes) {
			t.Errorf("%s track differs from a lone encode (%d vs %d bytes)", name, len(tr.data), len(lone.data))
		}
	}
}

// TestEncodeAACReadAheadStops: an error or a cancel ends the encode with
// the source no longer being read, and frames are read exactly as far as
// the end (nothing after a short frame).
func TestEncodeAACReadAheadStops(t *testing.T) {
	t.Parallel()
	o := AudioOptions{SampleRate: 44100, Channels: 2}
	boom := errors.New("boom")
	reads := 0
	failing := readerFunc(func(p []int16) (int, error) {
		reads++
		if reads > 100 {
			return 0, boom
		}
		clear(p)
		return len(p), nil
	})
	if _, err := EncodeAAC(context.Background(), failing, o); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if reads != 101 {
		t.Errorf("source read %d times after failing at read 101", reads)
	}

	ctx, cancel := context.WithCancel(context.Background())
	endless := readerFunc(func(p []int16) (int, error) {
		cancel()
		clear(p)
		return len(p), nil
	})
	if _, err := EncodeAAC(ctx, endless, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}

	eofReads := 0
	short := readerFunc(func(p []int16) (int, error) {
		eofReads++
		if eofReads > 1 {
			t.Error("source read again after its end")
			return 0, io.EOF
		}
		clear(p[:100])
		return 100, io.EOF
	})
	tr, err := EncodeAAC(context.Background(), short, o)
	if err != nil {
		t.Fatal(err)
	}
	if tr.samples != 50 {
		t.Errorf("%d samples per channel, want 50", tr.samples)
	}
}
