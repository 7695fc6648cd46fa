//go:build cgo

package encode

// HaveEncoders reports whether this binary has the H.264 and AAC encoders
// (it was built with cgo).
const HaveEncoders = true

// NewVideoEncoder opens an H.264 encoder for o: x264, as NewH264Encoder.
// In a binary built without cgo it returns ErrNoEncoder.
func NewVideoEncoder(o VideoOptions) (VideoEncoder, error) {
	e, err := NewH264Encoder(o)
	if err != nil {
		return nil, err
	}
	return e, nil
}

var _ VideoEncoder = (*H264Encoder)(nil)
