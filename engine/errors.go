package engine

import (
	"errors"
	"fmt"
)

// Picovico's render status codes for a project that cannot be rendered.
const (
	CodeStyleNotDefined     = 7401 // style missing or unknown
	CodeMusicNotDefined     = 7402 // no music asset, or one that does not resolve
	CodeInsufficientAssets  = 7403 // no slide, or counts/lengths outside the style's limits
	CodeNoTitle             = 7404 // the project has no name
	CodeInsufficientCredits = 7405 // the user's render credits are exhausted (server only)
)

// StatusError is a validation failure carrying one of Picovico's status
// codes. Callers branch on it with errors.As:
//
//	var se *engine.StatusError
//	if errors.As(err, &se) { ... se.Code ... }
type StatusError struct {
	Code    int    // 7401..7405
	Message string // a sentence a person understands
	Err     error  // the underlying cause, if any (for example a resolver error)
}

// Error returns the message with its code.
func (e *StatusError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s (status %d): %v", e.Message, e.Code, e.Err)
	}
	return fmt.Sprintf("%s (status %d)", e.Message, e.Code)
}

// Unwrap returns the underlying cause.
func (e *StatusError) Unwrap() error { return e.Err }

// Is reports whether target is a *StatusError with the same code, so
// errors.Is(err, &engine.StatusError{Code: 7402}) works.
func (e *StatusError) Is(target error) bool {
	var t *StatusError
	if errors.As(target, &t) {
		return t.Code == e.Code && (t.Message == "" || t.Message == e.Message)
	}
	return false
}

func statusf(code int, cause error, format string, args ...any) *StatusError {
	return &StatusError{Code: code, Message: fmt.Sprintf(format, args...), Err: cause}
}
