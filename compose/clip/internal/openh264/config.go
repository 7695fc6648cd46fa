package openh264

import (
	"errors"
	"fmt"
)

// ErrConfig is wrapped by every error about a malformed avcC record.
var ErrConfig = errors.New("openh264: bad avcC decoder configuration record")

// avcConfig is the content of an AVCDecoderConfigurationRecord (ISO/IEC
// 14496-15 5.3.3) that decoding needs.
type avcConfig struct {
	lengthSize int
	sps, pps   [][]byte
}

// parseAVCC reads an avcC record body.
func parseAVCC(b []byte) (avcConfig, error) {
	if len(b) < 7 {
		return avcConfig{}, fmt.Errorf("%w: %d bytes", ErrConfig, len(b))
	}
	if b[0] != 1 {
		return avcConfig{}, fmt.Errorf("%w: configurationVersion %d", ErrConfig, b[0])
	}
	c := avcConfig{lengthSize: int(b[4]&3) + 1}
	if c.lengthSize == 3 {
		return avcConfig{}, fmt.Errorf("%w: NAL length size 3", ErrConfig)
	}
	p := b[5:]
	read := func(n int, want byte) ([][]byte, error) {
		var out [][]byte
		for range n {
			if len(p) < 2 {
				return nil, fmt.Errorf("%w: truncated parameter set list", ErrConfig)
			}
			l := int(p[0])<<8 | int(p[1])
			if l == 0 || len(p)-2 < l {
				return nil, fmt.Errorf("%w: parameter set of %d bytes in %d", ErrConfig, l, len(p)-2)
			}
			if p[2]&0x1f != want {
				return nil, fmt.Errorf("%w: NAL unit type %d where %d belongs", ErrConfig, p[2]&0x1f, want)
			}
			out = append(out, p[2:2+l])
			p = p[2+l:]
		}
		return out, nil
	}
	var err error
	n := int(p[0] & 0x1f)
	p = p[1:]
	if c.sps, err = read(n, 7); err != nil {
		return avcConfig{}, err
	}
	if len(p) < 1 {
		return avcConfig{}, fmt.Errorf("%w: no PPS count", ErrConfig)
	}
	n = int(p[0])
	p = p[1:]
	if c.pps, err = read(n, 8); err != nil {
		return avcConfig{}, err
	}
	// Trailing bytes (the High profile extension: chroma format, bit
	// depths, SPS extensions) are not needed: the SPS says the same.
	return c, nil
}
