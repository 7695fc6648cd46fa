package encode_test

import (
	"context"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/reelkit/reel/encode"
)

// silence is a PCMReader of n stereo sample frames of silence.
type silence struct{ n int }

func (s *silence) ReadPCM(p []int16) (int, error) {
	k := min(len(p), 2*s.n)
	clear(p[:k])
	s.n -= k / 2
	if s.n == 0 {
		return k, io.EOF
	}
	return k, nil
}

// Encode one second of grey 360p video with one second of silent audio.
func ExampleCreate() {
	ctx := context.Background()
	audio, err := encode.EncodeAAC(ctx, &silence{n: 48000}, encode.AudioOptions{SampleRate: 48000, Channels: 2})
	if err != nil {
		log.Fatal(err)
	}
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	w, err := encode.Create(filepath.Join(dir, "grey.mp4"), encode.VideoOptions{Width: 640, Height: 360}, audio)
	if err != nil {
		log.Fatal(err)
	}
	for range 30 {
		img := w.Frame() // C-backed planes, reused for every frame
		for i := range img.Y {
			img.Y[i] = 126 // mid grey, limited range
		}
		for i := range img.Cb {
			img.Cb[i], img.Cr[i] = 128, 128
		}
		if err := w.WriteFrame(ctx); err != nil {
			w.Abort()
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	// Output:
}
