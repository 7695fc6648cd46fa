//go:build !cgo

package encode

import "context"

// HaveEncoders reports whether this binary has the H.264 and AAC encoders
// (it was built with cgo).
const HaveEncoders = false

// NewVideoEncoder opens an H.264 encoder for o: x264, as NewH264Encoder.
// In a binary built without cgo it returns ErrNoEncoder.
func NewVideoEncoder(o VideoOptions) (VideoEncoder, error) {
	if _, err := o.withDefaults(); err != nil {
		return nil, err
	}
	return nil, ErrNoEncoder
}

// EncodeAAC encodes src as AAC-LC; without cgo it returns ErrNoEncoder.
func EncodeAAC(ctx context.Context, src PCMReader, o AudioOptions) (*AACTrack, error) {
	if _, err := o.withDefaults(); err != nil {
		return nil, err
	}
	return nil, ErrNoEncoder
}

// X264 reports the x264 library in use; without cgo it returns
// ErrNoEncoder.
func X264() (X264Info, error) { return X264Info{}, ErrNoEncoder }

// X264For reports the x264 library a VideoOptions.X264 value chooses;
// without cgo it returns ErrNoEncoder.
func X264For(choice string) (X264Info, error) {
	if _, err := x264Mode(choice); err != nil {
		return X264Info{}, err
	}
	return X264Info{}, ErrNoEncoder
}
