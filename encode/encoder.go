package encode

import (
	"errors"
	"image"
)

// ErrNoEncoder is returned by NewVideoEncoder, EncodeAAC and X264 in a
// binary built without cgo (CGO_ENABLED=0): x264 and the AAC encoder are
// C. Everything else of the package (muxing, fragments, segments,
// thumbnails) is Go and works in such a binary.
var ErrNoEncoder = errors.New("encode: no H.264/AAC encoder in this binary (built without cgo)")

// VideoEncoder codes pictures as H.264: what a Writer, and reel's engine,
// need of an encoder. *H264Encoder (x264) implements it; NewVideoEncoder
// opens one. It is not safe for concurrent use.
type VideoEncoder interface {
	// Options returns the options in effect (defaults filled in).
	Options() VideoOptions
	// SPS and PPS return the parameter sets, without start codes.
	SPS() []byte
	PPS() []byte
	// Picture returns the reusable input picture that Encode codes.
	Picture() *image.YCbCr
	// Encode codes Picture's current content as the next frame and hands
	// every packet that comes out to emit.
	Encode(emit func(Packet) error) error
	// EncodePicture codes img (copied; it may be reused at once) as the
	// next frame.
	EncodePicture(img *image.YCbCr, emit func(Packet) error) error
	// Flush drains the delayed frames through emit.
	Flush(emit func(Packet) error) error
	// Close frees the encoder; further calls return ErrClosed.
	Close() error
}
