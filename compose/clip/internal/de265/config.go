package de265

import (
	"errors"
	"fmt"
)

// ErrConfig is wrapped by every error about a malformed hvcC record.
var ErrConfig = errors.New("de265: bad hvcC decoder configuration record")

// hevcConfig is what decoding needs from an HEVCDecoderConfigurationRecord
// (ISO/IEC 14496-15 8.3.3): the NAL length size and the parameter sets
// (VPS, SPS, PPS and any SEI arrays, in record order).
type hevcConfig struct {
	lengthSize int
	sets       [][]byte
}

// parseHVCC reads an hvcC record body.
func parseHVCC(b []byte) (hevcConfig, error) {
	if len(b) < 23 {
		return hevcConfig{}, fmt.Errorf("%w: %d bytes", ErrConfig, len(b))
	}
	if b[0] != 1 {
		return hevcConfig{}, fmt.Errorf("%w: configurationVersion %d", ErrConfig, b[0])
	}
	c := hevcConfig{lengthSize: int(b[21]&3) + 1}
	if c.lengthSize == 3 {
		return hevcConfig{}, fmt.Errorf("%w: NAL length size 3", ErrConfig)
	}
	arrays := int(b[22])
	p := b[23:]
	for range arrays {
		if len(p) < 3 {
			return hevcConfig{}, fmt.Errorf("%w: truncated NAL unit array", ErrConfig)
		}
		typ := p[0] & 0x3f
		n := int(p[1])<<8 | int(p[2])
		p = p[3:]
		for range n {
			if len(p) < 2 {
				return hevcConfig{}, fmt.Errorf("%w: truncated NAL unit list", ErrConfig)
			}
			l := int(p[0])<<8 | int(p[1])
			if l < 2 || len(p)-2 < l {
				return hevcConfig{}, fmt.Errorf("%w: NAL unit of %d bytes in %d", ErrConfig, l, len(p)-2)
			}
			u := p[2 : 2+l]
			if u[0]>>1&0x3f != typ {
				return hevcConfig{}, fmt.Errorf("%w: NAL unit type %d in the array of type %d", ErrConfig, u[0]>>1&0x3f, typ)
			}
			c.sets = append(c.sets, u)
			p = p[2+l:]
		}
	}
	return c, nil
}
