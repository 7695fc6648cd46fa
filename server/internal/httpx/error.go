package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"strconv"
)

// Error is an error with the HTTP status it answers with.
type Error struct {
	Status  int    // HTTP status
	Code    int    // Picovico status code in the body (defaults to Status)
	Message string // shown to the client
	Err     error  // cause, logged, not shown
	// RetryAfter, when positive, is sent as the Retry-After header
	// (seconds).
	RetryAfter int
}

// Error is the message, and its cause when there is one.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap is the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf is an error that answers status with msg.
func Errorf(status int, msg string) *Error { return &Error{Status: status, Message: msg} }

// StatusClientClosedRequest (nginx's 499) is recorded in logs and
// metrics for a request whose client went away before it was answered.
const StatusClientClosedRequest = 499

// ErrorBody is the API's error shape: {"error":{"message":...},"status":N}.
type ErrorBody struct {
	Error  ErrorMessage `json:"error"`
	Status int          `json:"status"`
}

// ErrorMessage is the message of an ErrorBody.
type ErrorMessage struct {
	Message string `json:"message"`
}

// WriteJSON answers v with the status, never to be sniffed as another
// type.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) //nolint:errcheck // the client went away
}

// WriteError answers err as {"error":{"message":...},"status":N} and logs
// it. The answer is the *Error in err's chain, else what domain makes of
// err (nil: nothing), else a generic one: 408 for a request body that
// stopped arriving (StallGuard's deadline), 499 for a request whose
// client went away, 413 for a body over its limit, and 500 — whose cause
// is logged, never shown — for anything else.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error, domain func(error) *Error) {
	ae := asError(r, err, domain)
	if ae.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(ae.RetryAfter))
	}
	code := ae.Code
	if code == 0 {
		code = ae.Status
	}
	level := slog.LevelInfo
	if ae.Status >= 500 {
		level = slog.LevelError
	}
	log.Log(r.Context(), level, "request error", "request_id", RequestID(r.Context()), "status", ae.Status, "err", ae.Error())
	WriteJSON(w, ae.Status, ErrorBody{Error: ErrorMessage{Message: ae.Message}, Status: code})
}

func asError(r *http.Request, err error, domain func(error) *Error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	if domain != nil {
		if ae := domain(err); ae != nil {
			return ae
		}
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return &Error{Status: http.StatusRequestTimeout, Message: "request body timed out: no data received for too long", Err: err}
	case r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		// The client went away (or its request was cancelled) while
		// we waited: nginx's 499, not a server error.
		return &Error{Status: StatusClientClosedRequest, Message: "client closed request", Err: err}
	case errors.As(err, &mbe):
		return &Error{Status: http.StatusRequestEntityTooLarge, Message: "request body too large", Err: err}
	default:
		return &Error{Status: http.StatusInternalServerError, Message: "internal error", Err: err}
	}
}
