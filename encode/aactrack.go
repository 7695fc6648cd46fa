package encode

import (
	"fmt"
	"time"
)

// AACTrack is a whole AAC-LC stereo track, encoded once by EncodeAAC and
// shared read-only by every Writer of a render (one per rendition).
type AACTrack struct {
	sampleRate int      // Hz
	channels   int      // output channels (always 2)
	bitrate    int      // bit/s requested
	asc        []byte   // AudioSpecificConfig for esds
	data       []byte   // raw access units, concatenated
	sizes      []uint32 // size of each access unit
	priming    int      // encoder delay in samples (removed by an edit list)
	samples    int64    // real PCM frames (per channel) encoded
}

// SampleRate returns the track's sample rate in Hz.
func (t *AACTrack) SampleRate() int { return t.sampleRate }

// Channels returns the number of coded channels (2).
func (t *AACTrack) Channels() int { return t.channels }

// Frames returns the number of AAC access units (1024 samples each).
func (t *AACTrack) Frames() int { return len(t.sizes) }

// Samples returns the number of PCM sample frames the track plays.
func (t *AACTrack) Samples() int64 { return t.samples }

// Duration returns the playing time of the track (priming excluded).
func (t *AACTrack) Duration() time.Duration {
	return time.Duration(t.samples * int64(time.Second) / int64(t.sampleRate))
}

// AudioSpecificConfig returns the two-byte MPEG-4 AudioSpecificConfig.
func (t *AACTrack) AudioSpecificConfig() []byte { return t.asc }

// Priming returns the encoder delay in samples that the muxer removes with
// an edit list.
func (t *AACTrack) Priming() int { return t.priming }

// AccessUnit returns the raw (ADTS-free) bytes of access unit i.
func (t *AACTrack) AccessUnit(i int) []byte {
	off := 0
	for _, s := range t.sizes[:i] {
		off += int(s)
	}
	return t.data[off : off+int(t.sizes[i])]
}

// samplingFrequencyIndex maps a rate to its MPEG-4 index.
func samplingFrequencyIndex(rate int) (int, error) {
	rates := [...]int{96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350}
	for i, r := range rates {
		if r == rate {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: sample rate %d Hz has no MPEG-4 index", ErrInvalidOptions, rate)
}

// audioSpecificConfig builds the AudioSpecificConfig of AAC-LC (object
// type 2) at rate with channels channels: 5+4+4+3 bits.
func audioSpecificConfig(rate, channels int) ([]byte, error) {
	idx, err := samplingFrequencyIndex(rate)
	if err != nil {
		return nil, err
	}
	if channels < 1 || channels > 7 {
		return nil, fmt.Errorf("%w: %d channels", ErrInvalidOptions, channels)
	}
	v := uint16(2)<<11 | uint16(idx)<<7 | uint16(channels)<<3
	return []byte{byte(v >> 8), byte(v)}, nil
}
