package clip

import (
	"errors"
	"fmt"
)

// ErrUnsupported is wrapped by the errors of Probe and Open for input that
// is not a clip reel can read: not a video container, a still image, no
// video track, or a codec reel does not decode.
var ErrUnsupported = errors.New("clip: not a video clip reel can read")

// ErrTooLarge is wrapped by the errors of Probe and Open for a clip whose
// picture is larger than reel reads: an MP4/MOV video wider or taller
// than 8192 pixels, a GIF or WebP canvas beyond 4096.
var ErrTooLarge = errors.New("clip: picture too large")

// unsupportedf returns an error wrapping ErrUnsupported.
func unsupportedf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, args...))
}

// MissingDecoderError reports that the library decoding a clip's codec is
// not installed (or not usable) on this machine.
type MissingDecoderError struct {
	Codec   string // "h264", "hevc"
	Library string // the shared object reel loads, e.g. "Cisco's OpenH264 (libopenh264.so.7)"
	Package string // the Debian package that installs it, e.g. "libopenh264-7"
	Err     error  // why loading failed
}

// Error names the codec, the library and the package to install.
func (e *MissingDecoderError) Error() string {
	return fmt.Sprintf("clip: %s needs %s: install the Debian package %s", e.Codec, e.Library, e.Package)
}

// Unwrap returns the loading error.
func (e *MissingDecoderError) Unwrap() error { return e.Err }
