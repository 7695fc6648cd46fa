package clip

import (
	"github.com/reelkit/reel/compose/clip/internal/nalu"
	"github.com/reelkit/reel/compose/clip/internal/openh264"
	"github.com/reelkit/reel/internal/bmff"
)

// inBandColour follows the sequence parameter sets a track's samples
// carry in-band (avc3/hev1 tracks, records without an SPS, or a new SPS
// at a later keyframe): the colour that an SPS's VUI describes (under
// the track's colr box, which still wins; see chooseColour) governs the
// pictures from its access unit on, in decoding order, until the next
// SPS. Info.Colour is the colour at the clip's start.
type inBandColour struct {
	colr       videoSignal
	w, h       int
	lengthSize int
	annexB     bool // samples framed by start codes (no configuration record)
	// sps reads an SPS NAL unit: its video signal (zero without one in
	// the VUI) and whether u is a well-formed SPS at all.
	sps func(u []byte) (videoSignal, bool)
}

// newInBandColour is the in-band colour of track v, or nil for a codec
// without parameter sets reel reads (or one whose colr box says it all).
func newInBandColour(v *bmff.Track) *inBandColour {
	c := &inBandColour{
		colr: videoSignal{primaries: v.ColourPrimaries, transfer: v.TransferCharacteristics, matrix: v.MatrixCoefficients,
			fullRange: v.FullRange},
		w: v.Width, h: v.Height, lengthSize: 4, annexB: len(v.Config) == 0,
	}
	switch v.Codec {
	case "avc1", "avc3":
		if len(v.Config) >= 5 {
			c.lengthSize = int(v.Config[4]&3) + 1
		}
		c.sps = func(u []byte) (videoSignal, bool) {
			if len(u) < 2 || u[0]&0x1f != 7 {
				return videoSignal{}, false
			}
			sig, err := openh264.SPSVideoSignal(u)
			if err != nil {
				return videoSignal{}, false
			}
			if !sig.Present {
				return videoSignal{}, true
			}
			return videoSignal{primaries: sig.Primaries, transfer: sig.Transfer, matrix: sig.Matrix, fullRange: sig.FullRange}, true
		}
	case "hvc1", "hev1":
		if len(v.Config) >= 22 {
			c.lengthSize = int(v.Config[21]&3) + 1
		}
		c.sps = func(u []byte) (videoSignal, bool) {
			if len(u) < 3 || u[0]>>1&0x3f != 33 {
				return videoSignal{}, false
			}
			s, ok, err := parseHEVCVUI(u)
			if err != nil {
				return videoSignal{}, false
			}
			if !ok {
				return videoSignal{}, true
			}
			return s, true
		}
	default:
		return nil
	}
	return c
}

// of returns the colour the last well-formed SPS in access unit au
// describes, and whether au carries one. It allocates nothing for
// length-prefixed samples (it runs on every sample fed).
func (c *inBandColour) of(au []byte) (Colour, bool) {
	var sig videoSignal
	found := false
	look := func(u []byte) {
		if s, ok := c.sps(u); ok {
			sig, found = s, true
		}
	}
	if c.annexB && nalu.HasStartCode(au) {
		units, _ := nalu.SplitAnnexB(nil, au)
		for _, u := range units {
			look(u)
		}
	} else {
		for n := 0; len(au) >= c.lengthSize && n < nalu.MaxNALUs; n++ {
			l := 0
			for _, b := range au[:c.lengthSize] {
				l = l<<8 | int(b)
			}
			au = au[c.lengthSize:]
			if l > len(au) {
				break
			}
			if l > 0 {
				look(au[:l])
			}
			au = au[l:]
		}
	}
	if !found {
		return Colour{}, false
	}
	return chooseColour(c.colr, sig, true, c.w, c.h), true
}
