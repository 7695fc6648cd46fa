package encode

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidOptions is wrapped by every error about unusable options
// (odd or out-of-range sizes, bad frame rates, unknown presets...).
var ErrInvalidOptions = errors.New("encode: invalid options")

// MaxDimension is the largest accepted width or height in pixels.
const MaxDimension = 8192

// maxRateTerm bounds the numerator and denominator of a frame rate, so
// that timescales and tick counts stay within their 32-bit MP4 fields.
const maxRateTerm = 1000000

// Rational is a frame rate Num/Den in frames per second. The zero value
// means 30/1.
type Rational struct{ Num, Den int }

// Float returns the rate as a float64 (30 for the zero value).
func (r Rational) Float() float64 {
	r = r.orDefault()
	return float64(r.Num) / float64(r.Den)
}

func (r Rational) orDefault() Rational {
	if r.Num == 0 && r.Den == 0 {
		return Rational{30, 1}
	}
	if r.Den == 0 {
		r.Den = 1
	}
	return r
}

// Preset is one of x264's speed/size trade-offs, fastest first: a slower
// preset spends more time for a smaller file at the same quality. x264's
// index of a preset ("0" for ultrafast to "9" for placebo) and any letter
// case are accepted too; anything else fails validation with
// ErrInvalidOptions.
type Preset string

// x264's presets.
const (
	PresetUltrafast Preset = "ultrafast"
	PresetSuperfast Preset = "superfast"
	PresetVeryfast  Preset = "veryfast"
	PresetFaster    Preset = "faster"
	PresetFast      Preset = "fast"
	PresetMedium    Preset = "medium"
	PresetSlow      Preset = "slow"
	PresetSlower    Preset = "slower"
	PresetVeryslow  Preset = "veryslow"
	PresetPlacebo   Preset = "placebo"
)

// Presets returns x264's presets, fastest first.
func Presets() []Preset {
	return []Preset{PresetUltrafast, PresetSuperfast, PresetVeryfast, PresetFaster, PresetFast, PresetMedium, PresetSlow, PresetSlower, PresetVeryslow, PresetPlacebo}
}

// VideoOptions configures the H.264 encoder. The zero value of every field
// except Width and Height selects a sensible default.
type VideoOptions struct {
	Width, Height int           // even, > 0, at most MaxDimension
	FrameRate     Rational      // default 30/1
	Preset        Preset        // x264 preset, default PresetVeryfast (ultrafast drops High tools: signalled Main)
	Tune          string        // x264 tune, default none
	CRF           float64       // constant rate factor, default 23 (ignored when Bitrate > 0)
	Bitrate       int           // kbit/s average bitrate; 0 selects CRF mode
	KeyInterval   time.Duration // max distance between IDR frames; default 2 s
	BFrames       int           // consecutive B-frames; default 3, -1 disables
	Threads       int           // x264 threads; 0 = x264 auto
	// X264 chooses the x264 library: "auto" (a compatible system
	// libx264 when one loads, else the bundled encoder), "bundled" or
	// "system" (see X264Env); "" means X264Env's value, and "auto" when
	// that is unset.
	X264 string
}

// withDefaults fills the defaults and validates the result.
func (o VideoOptions) withDefaults() (VideoOptions, error) {
	if o.Width <= 0 || o.Height <= 0 || o.Width > MaxDimension || o.Height > MaxDimension {
		return o, fmt.Errorf("%w: size %dx%d outside 2..%d", ErrInvalidOptions, o.Width, o.Height, MaxDimension)
	}
	if o.Width%2 != 0 || o.Height%2 != 0 {
		return o, fmt.Errorf("%w: size %dx%d must have an even width and height (4:2:0 chroma)", ErrInvalidOptions, o.Width, o.Height)
	}
	if r := o.FrameRate; r.Num < 0 || r.Den < 0 || r.Num > maxRateTerm || r.Den > maxRateTerm {
		return o, fmt.Errorf("%w: frame rate %d/%d needs terms in 0..%d", ErrInvalidOptions, r.Num, r.Den, maxRateTerm)
	}
	o.FrameRate = o.FrameRate.orDefault()
	if fps := o.FrameRate.Float(); o.FrameRate.Num == 0 || fps < 1 || fps > 240 {
		return o, fmt.Errorf("%w: frame rate %d/%d outside 1..240 fps", ErrInvalidOptions, o.FrameRate.Num, o.FrameRate.Den)
	}
	if o.Preset == "" {
		o.Preset = PresetVeryfast
	}
	if err := checkPresetTune(string(o.Preset), o.Tune); err != nil {
		return o, err
	}
	if o.CRF == 0 {
		o.CRF = 23
	}
	if o.CRF < 0 || o.CRF > 51 {
		return o, fmt.Errorf("%w: CRF %g outside 0..51", ErrInvalidOptions, o.CRF)
	}
	if o.Bitrate < 0 {
		return o, fmt.Errorf("%w: bitrate %d kbit/s is negative", ErrInvalidOptions, o.Bitrate)
	}
	if o.KeyInterval == 0 {
		o.KeyInterval = 2 * time.Second
	}
	if o.KeyInterval < 0 || o.KeyInterval > time.Hour {
		return o, fmt.Errorf("%w: key interval %v outside 0..1h", ErrInvalidOptions, o.KeyInterval)
	}
	switch {
	case o.BFrames == 0:
		o.BFrames = 3
	case o.BFrames < -1 || o.BFrames > 16:
		return o, fmt.Errorf("%w: %d B-frames outside -1..16", ErrInvalidOptions, o.BFrames)
	}
	if o.Threads < 0 {
		return o, fmt.Errorf("%w: %d threads is negative", ErrInvalidOptions, o.Threads)
	}
	if _, err := x264Mode(o.X264); err != nil {
		return o, err
	}
	return o, nil
}

// keyint is the largest number of frames between IDR frames that keeps
// their distance within KeyInterval (at least 1).
func (o VideoOptions) keyint() int {
	k := int(int64(o.KeyInterval) * int64(o.FrameRate.Num) / (int64(o.FrameRate.Den) * int64(time.Second)))
	return max(k, 1)
}

// timescale returns the media timescale and per-frame duration used for
// the video track: the rate's numerator and denominator, doubled until the
// timescale reaches 10000 so that edits and audio align finely.
func (o VideoOptions) timescale() (scale, delta uint32) {
	r := o.FrameRate.orDefault()
	scale, delta = uint32(r.Num), uint32(r.Den)
	for scale < 10000 {
		scale *= 2
		delta *= 2
	}
	return scale, delta
}

// x264's preset names (also accepted as their index 0..9) and tunes; the
// psy tunes are mutually exclusive.
var (
	x264Presets  = Presets()
	x264PsyTunes = []string{"film", "animation", "grain", "stillimage", "psnr", "ssim", "touhou"}
	x264Tunes    = []string{"fastdecode", "zerolatency"}
)

// checkPresetTune validates a preset and a tune list the way x264 parses
// them, so that a bad name is an ErrInvalidOptions here rather than a
// message x264 prints on stderr.
func checkPresetTune(preset, tune string) error {
	ok := false
	if i, err := strconv.Atoi(preset); err == nil {
		ok = i >= 0 && i < len(x264Presets)
	}
	names := make([]string, len(x264Presets))
	for i, p := range x264Presets {
		ok = ok || strings.EqualFold(preset, string(p))
		names[i] = string(p)
	}
	if !ok {
		return fmt.Errorf("%w: unknown x264 preset %q (want one of %s)", ErrInvalidOptions, preset, strings.Join(names, ", "))
	}
	psy := ""
	for _, t := range strings.FieldsFunc(tune, func(r rune) bool { return strings.ContainsRune(",./-+", r) }) {
		known := false
		for _, n := range x264Tunes {
			known = known || strings.EqualFold(t, n)
		}
		for _, n := range x264PsyTunes {
			if strings.EqualFold(t, n) {
				if psy != "" {
					return fmt.Errorf("%w: x264 tunes %q and %q exclude each other", ErrInvalidOptions, psy, t)
				}
				known, psy = true, t
			}
		}
		if !known {
			return fmt.Errorf("%w: unknown x264 tune %q (want %s, optionally plus %s)", ErrInvalidOptions, t,
				strings.Join(x264PsyTunes, "/"), strings.Join(x264Tunes, ", "))
		}
	}
	return nil
}

// Validate reports whether o is usable, with the same ErrInvalidOptions
// errors NewH264Encoder would give (zero fields count as their defaults).
func (o VideoOptions) Validate() error {
	_, err := o.withDefaults()
	return err
}
