package audio

import (
	"errors"
	"fmt"
)

// Kinds of decoding failure. A *FormatError wraps exactly one of them, so
// callers branch with errors.Is(err, audio.ErrTruncated) and the like.
var (
	// ErrEmpty: the input has no bytes, or no audio samples at all.
	ErrEmpty = errors.New("empty input")
	// ErrTruncated: the input ends in the middle of a header or frame.
	ErrTruncated = errors.New("truncated input")
	// ErrCorrupt: the input is of a known format but its data is invalid.
	ErrCorrupt = errors.New("corrupt data")
	// ErrNotAudio: the input is neither MP3 nor WAV.
	ErrNotAudio = errors.New("not an audio file (want MP3 or WAV)")
	// ErrUnsupported: a known format in a variant this package does not decode
	// (MPEG Layer I/II, MPEG 2.5, free bitrate, WAV codecs other than PCM and float).
	ErrUnsupported = errors.New("unsupported audio variant")
)

// FormatError describes why an input could not be probed or decoded.
type FormatError struct {
	Format string // "mp3", "wav" or "" when unknown
	Offset int64  // byte offset of the problem in the input, -1 if unknown
	Kind   error  // one of ErrEmpty, ErrTruncated, ErrCorrupt, ErrNotAudio, ErrUnsupported
	Detail string // what was wrong, for people
	Err    error  // underlying cause, may be nil
}

// Error implements error.
func (e *FormatError) Error() string {
	s := "audio"
	if e.Format != "" {
		s += ": " + e.Format
	}
	s += ": " + e.Kind.Error()
	if e.Offset >= 0 {
		s += fmt.Sprintf(" at byte %d", e.Offset)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap exposes Kind and the underlying cause to errors.Is and errors.As.
func (e *FormatError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func formatErr(format string, kind error, off int64, detail string, cause error) *FormatError {
	return &FormatError{Format: format, Offset: off, Kind: kind, Detail: detail, Err: cause}
}

// OffsetError is NewMix's error for a cue whose [Cue.Offset] is not inside
// its track (at or past its end).
type OffsetError struct {
	Cue      int     // index of the cue in NewMix's cues
	Offset   float64 // the cue's Offset, seconds
	Duration float64 // the track's length, seconds
}

// Error says which cue's offset reaches past its track, and the track's length.
func (e *OffsetError) Error() string {
	return fmt.Sprintf("audio: cue %d: offset %v s is not inside the track of %.3f s", e.Cue, e.Offset, e.Duration)
}
