//go:build cgo && !extlib && !linux && !freebsd && !darwin

package encode

import "errors"

// loadSystemX264: run-time loading is implemented for Linux, FreeBSD and
// macOS only; elsewhere the bundled x264 is used.
func loadSystemX264() (*x264Lib, error) {
	return nil, errors.New("loading libx264 at run time is not supported on this platform")
}
