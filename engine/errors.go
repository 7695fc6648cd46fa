package engine

import (
	"errors"
	"fmt"
)

// Picovico's render status codes for a project that cannot be rendered.
const (
	CodeStyleNotDefined     = 7401 // style missing or unknown
	CodeMusicNotDefined     = 7402 // music required but missing, or a track that does not resolve
	CodeInsufficientAssets  = 7403 // no slide, counts/lengths outside the style's limits or Options' limits
	CodeNoTitle             = 7404 // the project has no name
	CodeInsufficientCredits = 7405 // the user's render credits are exhausted (server only)
)

// ErrInvalidProject is wrapped by every error that the caller's input
// causes: a validation failure with a Picovico code ([*StatusError]), an
// asset that is missing, unreadable, corrupt or too large ([*AssetError]),
// a size or quality reel cannot make, a project beyond the Options' limits.
// Any other error from Validate, Render or RenderFrame is an internal fault
// (an encoder or file-system failure) or the context's error.
//
//	if errors.Is(err, engine.ErrInvalidProject) { /* tell the user (HTTP 400, exit 3) */ }
var ErrInvalidProject = errors.New("invalid project")

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

// label names asset i in messages: assets[2] (image "photos/01.jpg").
func (a Asset) label(i int) string {
	switch ref := a.ref(); {
	case ref != "":
		return fmt.Sprintf("assets[%d] (%s %q)", i, a.Name, ref)
	case a.inMemory():
		return fmt.Sprintf("assets[%d] (%s, in memory)", i, a.Name)
	}
	return fmt.Sprintf("assets[%d] (%s)", i, a.Name)
}

// ref names an asset's file in messages: its asset_id, else its url.
func (a Asset) ref() string {
	if a.AssetID != "" {
		return a.AssetID
	}
	return a.URL
}
