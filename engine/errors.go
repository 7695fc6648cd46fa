package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/reelkit/reel/encode"
)

// Picovico's render status codes for a project that cannot be rendered.
const (
	CodeStyleNotDefined     = 7401 // style missing or unknown
	CodeMusicNotDefined     = 7402 // music required but missing, or a track that does not resolve
	CodeInsufficientAssets  = 7403 // no slide, counts/lengths outside the style's limits or Options' limits
	CodeNoTitle             = 7404 // the project has no name
	CodeInsufficientCredits = 7405 // the user's render credits are exhausted (server only)
)

// ErrInvalidProject is wrapped by every error that the project causes (the
// user's input): a validation failure with a Picovico code
// ([*StatusError]), an asset that is missing, unreadable, corrupt or too
// large ([*AssetError]), a project quality or aspect reel cannot make, a
// project beyond the Options' limits ([*LimitError]). A mistake in Options
// is [ErrInvalidOptions] instead. Any other error from Validate, Render or
// RenderFrame is an internal fault (an encoder or file-system failure) or
// the context's error.
//
//	if errors.Is(err, engine.ErrInvalidProject) { /* tell the user (HTTP 400, exit 3) */ }
var ErrInvalidProject = errors.New("invalid project")

// ErrInvalidOptions is wrapped by every error that a mistake in Options
// causes (the caller's, not the user's): a frame size that is odd, zero or
// larger than 3840x2160, a rendition reel does not make, two sizes sharing
// a short side, an aspect that is not positive, an unknown preset, a CRF
// outside 1..51, a negative bitrate or thread count, a frame rate outside
// 1..240 fps, a Writer given to a render of several renditions, no output
// at all for Render, a Sink that is not well formed. Such an error never
// matches ErrInvalidProject. Validate checks every option before it opens
// an asset (those that need no project before it looks at the project),
// Render before any work starts (the output only Render needs). An encoder setting's error also wraps encode.ErrInvalidOptions.
//
//	if errors.Is(err, engine.ErrInvalidOptions) { /* the program's mistake: do not blame the user */ }
var ErrInvalidOptions = errors.New("invalid options")

// StatusError is a validation failure carrying one of Picovico's status
// codes. It matches [ErrInvalidProject] with errors.Is. Callers branch on it
// with errors.As:
//
//	var se *engine.StatusError
//	if errors.As(err, &se) { ... se.Code ... }
//
// When the failure is about one asset, Err is an [*AssetError] naming it.
type StatusError struct {
	Code    int    // 7401..7405
	Message string // a sentence a person understands (it names the asset, if any)
	Err     error  // the underlying cause, if any (an *AssetError, a resolver error)
}

// Error returns the message with its code and the cause.
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s (status %d)", e.Message, e.Code)
	cause := e.Err
	if ae, ok := cause.(*AssetError); ok {
		cause = ae.Err // the message already names the asset
	}
	if _, ok := cause.(*LimitError); ok {
		cause = nil // the message is the limit's
	}
	if cause != nil {
		msg += ": " + cause.Error()
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *StatusError) Unwrap() error { return e.Err }

// Is reports whether target is ErrInvalidProject, or a *StatusError with the
// same code, so errors.Is(err, &engine.StatusError{Code: 7402}) works.
func (e *StatusError) Is(target error) bool {
	if target == ErrInvalidProject {
		return true
	}
	var t *StatusError
	if errors.As(target, &t) {
		return t.Code == e.Code && (t.Message == "" || t.Message == e.Message)
	}
	return false
}

func statusf(code int, cause error, format string, args ...any) *StatusError {
	return &StatusError{Code: code, Message: fmt.Sprintf(format, args...), Err: cause}
}

// AssetError is a fault of one asset of the project: it cannot be opened,
// is not a readable image or audio file, is corrupt or too large. It
// matches [ErrInvalidProject] with errors.Is; Err is the cause (a
// Resolver's error, a *compose.DecodeError, an *audio.FormatError, ...).
type AssetError struct {
	// Index is the asset's 0-based index in Project.Assets.
	Index int
	// Asset is a copy of the asset.
	Asset Asset
	Err   error
}

// Error names the asset by its index in the assets array, its kind and
// its reference, then the cause.
func (e *AssetError) Error() string {
	if e.Err == nil {
		return e.Asset.label(e.Index)
	}
	return e.Asset.label(e.Index) + ": " + e.Err.Error()
}

// Unwrap returns ErrInvalidProject and the cause.
func (e *AssetError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidProject}
	}
	return []error{ErrInvalidProject, e.Err}
}

// invalidf returns an error wrapping ErrInvalidProject.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidProject, fmt.Sprintf(format, args...))
}

// optionsf returns an error wrapping ErrInvalidOptions.
func optionsf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidOptions, fmt.Sprintf(format, args...))
}

// optionsError is a mistake in Options found by another package (an
// encoder setting): it wraps both ErrInvalidOptions and the cause.
type optionsError struct {
	msg string
	err error
}

func (e *optionsError) Error() string   { return ErrInvalidOptions.Error() + ": " + e.msg }
func (e *optionsError) Unwrap() []error { return []error{ErrInvalidOptions, e.err} }

// encodeOptionsError wraps an error of encode's option checks (which
// wraps encode.ErrInvalidOptions) so that it matches ErrInvalidOptions
// too; its message drops encode's prefix.
func encodeOptionsError(err error) error {
	msg := strings.TrimPrefix(err.Error(), encode.ErrInvalidOptions.Error()+": ")
	return &optionsError{msg: msg, err: err}
}

// label names asset i in messages: assets[2] (image "photos/01.jpg").
func (a Asset) label(i int) string {
	switch ref := a.ref(); {
	case ref != "":
		return fmt.Sprintf("assets[%d] (%s %q)", i, a.Kind, ref)
	case a.inMemory():
		return fmt.Sprintf("assets[%d] (%s, in memory)", i, a.Kind)
	}
	return fmt.Sprintf("assets[%d] (%s)", i, a.Kind)
}

// ref names an asset's file in messages: its asset_id, else its url.
func (a Asset) ref() string {
	if a.AssetID != "" {
		return a.AssetID
	}
	return a.URL
}
