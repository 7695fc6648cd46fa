package encode

import (
	"errors"
	"fmt"
	"io"
)

// ErrNoAudio is returned by EncodeAAC when the source holds no samples.
var ErrNoAudio = errors.New("encode: audio source is empty")

// PCMReader is what the AAC encoder pulls: interleaved signed 16-bit
// samples (n counts int16 values). It returns io.EOF at the end.
type PCMReader interface {
	ReadPCM(p []int16) (n int, err error)
}

// AudioOptions configures EncodeAAC.
type AudioOptions struct {
	SampleRate int // 44100 or 48000
	Channels   int // channels of the source: 1 or 2 (the output is stereo)
	Bitrate    int // bit/s, default 128000
}

func (o AudioOptions) withDefaults() (AudioOptions, error) {
	if o.SampleRate != 44100 && o.SampleRate != 48000 {
		return o, fmt.Errorf("%w: audio sample rate %d Hz (want 44100 or 48000)", ErrInvalidOptions, o.SampleRate)
	}
	if o.Channels != 1 && o.Channels != 2 {
		return o, fmt.Errorf("%w: %d audio channels (want 1 or 2)", ErrInvalidOptions, o.Channels)
	}
	if o.Bitrate == 0 {
		o.Bitrate = 128000
	}
	if o.Bitrate < 32000 || o.Bitrate > 320000 {
		return o, fmt.Errorf("%w: audio bitrate %d bit/s outside 32000..320000", ErrInvalidOptions, o.Bitrate)
	}
	return o, nil
}

// maxEmptyReads bounds how many (0, nil) results a PCMReader may return in
// a row before EncodeAAC gives up instead of spinning forever.
const maxEmptyReads = 100

// readFull fills p from src until it is full or src reports io.EOF.
func readFull(src PCMReader, p []int16) (int, error) {
	n, empty := 0, 0
	for n < len(p) {
		m, err := src.ReadPCM(p[n:])
		if m < 0 || m > len(p)-n {
			return n, fmt.Errorf("PCMReader returned %d samples for a buffer of %d", m, len(p)-n)
		}
		n += m
		switch {
		case errors.Is(err, io.EOF):
			return n, nil
		case err != nil:
			return n, err
		case m == 0:
			if empty++; empty >= maxEmptyReads {
				return n, errors.New("PCMReader makes no progress")
			}
		default:
			empty = 0
		}
	}
	return n, nil
}
