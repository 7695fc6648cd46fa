package engine

import (
	"fmt"

	"github.com/reelkit/reel/encode"
)

// minScaledBitrate is the floor, in kbit/s, of a smaller rendition's share
// of Options.Bitrate.
const minScaledBitrate = 64

// DefaultCRF is the x264 constant rate factor a rendition of width x height
// gets when Options.CRF and Options.Bitrate are both zero: 23 (x264's own
// default) below 1080 lines on the short side, 21 from 1080 on. Large
// frames are watched on large screens, where CRF 23 visibly softens the
// fine texture of photos under slow Ken Burns motion; two CRF steps cost
// about a quarter more bytes and keep it (measured on a 3 s 1080p pan over
// testdata/photos/01.jpg, x264 veryfast: 646 kbit/s at CRF 23, 816 at 21).
func DefaultCRF(width, height int) float64 {
	if min(width, height) >= 1080 {
		return 21
	}
	return 23
}

// CheckEncoding validates the encoder settings of o (Preset, CRF,
// Bitrate, Threads, FrameRate, X264). Validate and Render call it before any
// work starts, so a bad preset or CRF fails up front, not after the first
// frames. The error wraps both ErrInvalidOptions and
// encode.ErrInvalidOptions.
func (o Options) CheckEncoding() error {
	err := encode.VideoOptions{
		Width: 2, Height: 2, FrameRate: o.frameRate(), Preset: o.Preset, CRF: o.CRF, Bitrate: o.Bitrate, Threads: o.Threads,
		X264: o.x264(),
	}.Validate()
	if err != nil {
		return encodeOptionsError(err)
	}
	return nil
}

// videoOptions returns the x264 settings of a w x h rendition; largest is
// the pixel count of the render's largest rendition.
func (o Options) videoOptions(w, h, largest int, rate Rational) encode.VideoOptions {
	v := encode.VideoOptions{
		Width: w, Height: h,
		FrameRate: rate,
		Preset:    o.Preset,
		CRF:       o.CRF,
		Threads:   o.Threads,
		X264:      o.x264(),
	}
	if v.Preset == "" && o.Preview {
		v.Preset = PresetUltrafast
	}
	switch {
	case o.Bitrate > 0:
		// The bitrate is the largest rendition's; smaller ones get a share
		// in proportion to their pixel count.
		v.Bitrate = max(int(int64(o.Bitrate)*int64(w*h)/int64(max(largest, 1))), min(o.Bitrate, minScaledBitrate))
	case v.CRF == 0:
		v.CRF = DefaultCRF(w, h)
	}
	return v
}

// Preset is x264's speed/size trade-off, Options.Preset: a slower preset
// spends more time for a smaller file at the same quality.
type Preset = encode.Preset

// x264's presets, fastest first (encode.Presets lists them).
const (
	PresetUltrafast = encode.PresetUltrafast
	PresetSuperfast = encode.PresetSuperfast
	PresetVeryfast  = encode.PresetVeryfast
	PresetFaster    = encode.PresetFaster
	PresetFast      = encode.PresetFast
	PresetMedium    = encode.PresetMedium
	PresetSlow      = encode.PresetSlow
	PresetSlower    = encode.PresetSlower
	PresetVeryslow  = encode.PresetVeryslow
	PresetPlacebo   = encode.PresetPlacebo
)

// Choices of Options.X264.
const (
	X264Auto    = "auto"             // a compatible system libx264 when one loads, else the bundled encoder
	X264Bundled = encode.X264Bundled // x264 compiled into the binary: byte-identical output everywhere
	X264System  = encode.X264System  // the system's libx264 (faster, with its assembly); an error when it cannot be loaded
)

// x264 is the x264 library choice passed to the encoder: Options.X264,
// or X264Auto when it is empty (the engine does not read the
// environment).
func (o Options) x264() string {
	if o.X264 == "" {
		return X264Auto
	}
	return o.X264
}

// ErrNoEncoder is returned by Render and RenderSegment (and wrapped by
// EncodeAudio's and JoinSegments' errors when they need to encode) in a
// binary built without cgo: the H.264 and AAC encoders are C. Validate,
// RenderFrame and the probing of assets need no encoder and work in such
// a binary.
var ErrNoEncoder = encode.ErrNoEncoder

// checkEncoders fails with ErrNoEncoder before any work when the binary
// has no encoders.
func checkEncoders() error {
	if !encode.HaveEncoders {
		return fmt.Errorf("engine: rendering an MP4: %w", ErrNoEncoder)
	}
	return nil
}
