package engine

import (
	"context"
	"image"
	"io"
	"time"
)

// clipBackend is how the engine reads video clips: compose/clip in every
// build (clipLibrary); tests substitute synthetic clips through
// Options.clipBackend.
type clipBackend interface {
	// probe reads a clip's headers and checks that this machine can
	// decode it (a missing decoder library is an error naming its
	// package).
	probe(r io.ReaderAt, size int64) (clipInfo, error)
	// open prepares a clip for decoding, its pictures scaled down (never
	// up) to still cover w x h (0: native size).
	open(ctx context.Context, r io.ReaderAt, size int64, w, h int) (clipReader, error)
}

// clipInfo is what the engine needs to know of a clip before it decodes
// a picture.
type clipInfo struct {
	Width, Height int // display size, rotation applied
	Duration      time.Duration
	Audio         bool
}

// clipReader decodes one clip's pictures by presentation time (see
// compose/clip.Reader.FrameAt: calls in non-decreasing time are cheap, a
// picture is valid until the next call).
type clipReader interface {
	FrameAt(ctx context.Context, t time.Duration) (*image.YCbCr, error)
	Close() error
}

// keyframeReader is a clip reader that lists its keyframes and decodes
// one on its own (compose/clip.Reader.Keyframes, KeyframeAt): about one
// picture's work, where FrameAt decodes from the keyframe before t.
type keyframeReader interface {
	Keyframes() []time.Duration
	KeyframeAt(ctx context.Context, t time.Duration) (*image.YCbCr, error)
}

// keyframeAt is rd's KeyframeAt where rd has one (one picture's work),
// else its FrameAt.
func keyframeAt(rd clipReader) func(context.Context, time.Duration) (*image.YCbCr, error) {
	if kf, ok := rd.(keyframeReader); ok {
		return kf.KeyframeAt
	}
	return rd.FrameAt
}

// clips returns the clip backend of o.
func (o Options) clips() clipBackend {
	if o.clipBackend != nil {
		return o.clipBackend
	}
	return clipLibrary{}
}
