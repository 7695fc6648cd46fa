//go:build !cgo || !(linux || freebsd || darwin)

package faad

import "errors"

// Lib is libfaad2, loaded and checked. On this platform it never loads.
type Lib struct{ version, path string }

// Decoder decodes one AAC stream (never made on this platform).
type Decoder struct{}

func loadLib() (*Lib, error) {
	return nil, &MissingError{Err: errors.New("loading libfaad2 at run time is not supported on this platform or without cgo")}
}

// NewDecoder is never reached on this platform.
func (l *Lib) NewDecoder(asc []byte) (*Decoder, error) { return nil, ErrMissing }

// SampleRate returns 0.
func (d *Decoder) SampleRate() int { return 0 }

// Channels returns 0.
func (d *Decoder) Channels() int { return 0 }

// Decode fails.
func (d *Decoder) Decode(frame []byte) ([]float32, error) { return nil, ErrMissing }

// Close does nothing.
func (d *Decoder) Close() {}
