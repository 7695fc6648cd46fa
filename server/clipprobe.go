package server

import (
	"context"
	"errors"
	"image"
	"io"
	"time"
)

// This file is the server's only contact with the clip decoder
// (compose/clip): probing an upload's headers and decoding its first
// frame for the poster. Everything else about clips in the server works
// on clipInfo and the errors below.

// clipInfo is what an upload needs to know about a clip (compose/clip's
// Info, reduced).
type clipInfo struct {
	Container string // "mp4", "mov", "gif", "webp"
	Codec     string // "h264", "hevc", "gif", "webp"
	// Width and Height are the displayed size, after Rotation.
	Width, Height int
	Rotation      int
	Duration      time.Duration
	FrameRate     float64
	HasAudio      bool
}

// clipDecoder is the clip decoder as the server uses it; the real one is
// clipLib. Tests put a double in Server.clips to reach the failures this
// machine cannot produce (a missing decoder library).
type clipDecoder interface {
	// Probe reads the clip's headers only. A file that is not a clip
	// reel can read is an error that errors.Is errClipUnsupported; a
	// clip whose samples lie past the end of the file is truncated.
	Probe(r io.ReaderAt, size int64) (clipInfo, error)
	// FirstFrame decodes the first shown frame, upright. A codec whose
	// decoder library is missing here is a *clipMissingDecoderError.
	FirstFrame(ctx context.Context, r io.ReaderAt, size int64) (image.Image, error)
}

// errClipUnsupported: not a clip reel can read (compose/clip's
// ErrUnsupported).
var errClipUnsupported = errors.New("not a clip reel can read")

// errClipTooLarge: a picture larger than reel reads (compose/clip's
// ErrTooLarge).
var errClipTooLarge = errors.New("clip picture too large")

// clipReasonError is a refusal of the decoder (errClipUnsupported or
// errClipTooLarge, its Kind) with the reason in a user's words: "the file
// has no video track", not the decoder's chain of prefixes.
type clipReasonError struct {
	Kind   error
	Reason string
	Err    error
}

func (e *clipReasonError) Error() string   { return e.Kind.Error() + ": " + e.Reason }
func (e *clipReasonError) Unwrap() []error { return []error{e.Kind, e.Err} }

// clipMissingDecoderError: the clip's codec needs a library this machine
// lacks (compose/clip's MissingDecoderError); Msg names the Debian
// package.
type clipMissingDecoderError struct {
	Msg string
	Err error
}

func (e *clipMissingDecoderError) Error() string { return e.Msg }
func (e *clipMissingDecoderError) Unwrap() error { return e.Err }
