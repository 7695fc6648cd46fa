package encode

import "errors"

// ErrClosed is returned by methods called after Close or Abort.
var ErrClosed = errors.New("encode: already closed")

// Packet is one coded H.264 access unit in AVCC form (each NAL unit
// prefixed by its 4-byte big-endian length), with its timestamps in frame
// units (PTS 0, 1, 2... in display order). DTS may be negative for the
// first packets when B-frames are on. Data aliases encoder memory and is
// valid only until the next call into the encoder.
type Packet struct {
	Data     []byte
	PTS, DTS int64
	Keyframe bool // IDR picture
}
