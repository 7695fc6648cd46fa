package compose

import (
	"errors"
	"fmt"
	"io"
)

// Kinds of photo-decoding failure. A *DecodeError matches exactly one of
// them with errors.Is.
var (
	// ErrNotImage: the input is not in any supported image format.
	ErrNotImage = errors.New("compose: not a supported image")
	// ErrCorrupt: the input claims a supported format but is malformed.
	ErrCorrupt = errors.New("compose: corrupt image")
	// ErrTruncated: the input ends before the image is complete.
	ErrTruncated = errors.New("compose: truncated image")
	// ErrTooLarge: the image exceeds DecodeOptions.MaxPixels or MaxBytes,
	// or is a JPEG of more than 256 scans (a decode-time bomb).
	ErrTooLarge = errors.New("compose: image too large")
)

// DecodeError is the error DecodePhoto returns. Kind is one of ErrNotImage,
// ErrCorrupt, ErrTruncated or ErrTooLarge; Err (possibly nil) is the cause.
type DecodeError struct {
	Kind   error
	Format string // "jpeg", "png", ... when known
	Err    error
}

// Error implements error.
func (e *DecodeError) Error() string {
	msg := e.Kind.Error()
	if e.Format != "" {
		msg += " (" + e.Format + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the kind and the cause, so errors.Is works for both.
func (e *DecodeError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// PixelsError is the cause (DecodeError.Err) of an ErrTooLarge error for
// an image of more pixels than DecodeOptions.MaxPixels.
type PixelsError struct {
	Width, Height int // the image's size
	Max           int // the limit, in pixels
}

// Error says the image's size and the limit.
func (e *PixelsError) Error() string {
	return fmt.Sprintf("%dx%d is more than %d pixels", e.Width, e.Height, e.Max)
}

// classify wraps a decoder error as truncated or corrupt.
func classify(format string, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &DecodeError{Kind: ErrTruncated, Format: format, Err: err}
	}
	return &DecodeError{Kind: ErrCorrupt, Format: format, Err: err}
}

// panicError turns a recovered decoder panic into a corrupt-image error.
func panicError(format string, v any) error {
	return &DecodeError{Kind: ErrCorrupt, Format: format, Err: fmt.Errorf("decoder panic: %v", v)}
}
