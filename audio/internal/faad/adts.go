package faad

import (
	"errors"
	"fmt"
)

// ADTS is an AAC stream in ADTS framing (ISO/IEC 13818-7 6.2), split into
// raw access units: what `ffmpeg -c:a aac -f adts` writes. reel reads
// AAC from MP4; ADTS serves the tests and fuzzing of this package.
type ADTS struct {
	ASC    []byte   // AudioSpecificConfig equivalent to the first header
	Frames [][]byte // raw_data_blocks, sub-slices of the input
}

// maxADTSFrames bounds the frames SplitADTS accepts (about 6 hours at
// 48 kHz): a bound on the work, not on the memory, which the input's size
// already bounds.
const maxADTSFrames = 1 << 20

// SplitADTS parses an ADTS stream. Every frame must carry one raw data
// block and have the first frame's profile, rate and channel
// configuration; CRC words are skipped, not checked.
func SplitADTS(b []byte) (ADTS, error) {
	var s ADTS
	var first [3]int
	for off := 0; off < len(b); {
		h := b[off:]
		if len(h) < 7 {
			return s, fmt.Errorf("faad: ADTS: truncated header at byte %d", off)
		}
		if h[0] != 0xFF || h[1]&0xF6 != 0xF0 {
			return s, fmt.Errorf("faad: ADTS: no syncword at byte %d", off)
		}
		protectionAbsent := h[1]&1 == 1
		profile := int(h[2] >> 6)
		rateIndex := int(h[2] >> 2 & 0xF)
		channels := int(h[2]&1)<<2 | int(h[3]>>6)
		length := int(h[3]&3)<<11 | int(h[4])<<3 | int(h[5]>>5)
		blocks := int(h[6]&3) + 1
		hlen := 7
		if !protectionAbsent {
			hlen = 9
		}
		switch {
		case rateIndex >= len(ascRates):
			return s, fmt.Errorf("faad: ADTS: reserved sampling frequency index %d at byte %d", rateIndex, off)
		case blocks != 1:
			return s, fmt.Errorf("faad: ADTS: %d raw data blocks in one frame (one supported) at byte %d", blocks, off)
		case length < hlen+1 || length > len(h):
			return s, fmt.Errorf("faad: ADTS: frame length %d at byte %d (%d bytes left)", length, off, len(h))
		}
		cur := [3]int{profile, rateIndex, channels}
		if len(s.Frames) == 0 {
			first = cur
			s.ASC = ascBytes(profile+1, rateIndex, channels)
		} else if cur != first {
			return s, fmt.Errorf("faad: ADTS: stream parameters change at byte %d", off)
		}
		if len(s.Frames) == maxADTSFrames {
			return s, errors.New("faad: ADTS: too many frames")
		}
		s.Frames = append(s.Frames, h[hlen:length])
		off += length
	}
	if len(s.Frames) == 0 {
		return s, errors.New("faad: ADTS: empty stream")
	}
	return s, nil
}
