package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"strconv"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/model"
)

// apiError is an error with the HTTP status it answers with.
type apiError struct {
	Status  int    // HTTP status
	Code    int    // Picovico status code in the body (defaults to Status)
	Message string // shown to the client
	Err     error  // cause, logged, not shown
	// RetryAfter, when positive, is sent as the Retry-After header
	// (seconds).
	RetryAfter int
}

func (e *apiError) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *apiError) Unwrap() error { return e.Err }

func errorf(status int, msg string) *apiError { return &apiError{Status: status, Message: msg} }

// StatusClientClosedRequest (nginx's 499) is recorded in logs and
// metrics for a request whose client went away before it was answered.
const StatusClientClosedRequest = 499

// errorBody is the seed's error shape.
type errorBody struct {
	Error  errorMessage `json:"error"`
	Status int          `json:"status"`
}

type errorMessage struct {
	Message string `json:"message"`
}

// writeJSON answers v with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) //nolint:errcheck // the client went away
}

// writeError answers err as {"error":{"message":...},"status":N}. Errors
// that are not an *apiError are 500s whose cause is logged, not shown,
// except the cancellation of a request whose client went away: 499.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			// The stall guard's read deadline: the body stopped arriving.
			ae = &apiError{Status: http.StatusRequestTimeout, Message: "request body timed out: no data received for too long", Err: err}
		case r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
			// The client went away (or its request was cancelled)
			// while we waited: nginx's 499, not a server error.
			ae = &apiError{Status: StatusClientClosedRequest, Message: "client closed request", Err: err}
		case errors.As(err, &mbe):
			ae = &apiError{Status: http.StatusRequestEntityTooLarge, Message: "request body too large", Err: err}
		case errors.Is(err, auth.ErrUnauthorized):
			ae = &apiError{Status: http.StatusUnauthorized, Message: auth.ErrUnauthorized.Error()}
		case errors.Is(err, auth.ErrUnknownApp):
			ae = &apiError{Status: http.StatusUnauthorized, Message: "unknown app_id"}
		case errors.Is(err, auth.ErrBusy):
			ae = &apiError{Status: http.StatusTooManyRequests, Message: auth.ErrBusy.Error(), RetryAfter: 1}
		case errors.Is(err, model.ErrNotFound):
			ae = &apiError{Status: http.StatusNotFound, Message: "not found", Err: err}
		default:
			ae = &apiError{Status: http.StatusInternalServerError, Message: "internal error", Err: err}
		}
	}
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
	s.log.Log(r.Context(), level, "request error", "request_id", requestID(r.Context()), "status", ae.Status, "err", ae.Error())
	writeJSON(w, ae.Status, errorBody{Error: errorMessage{Message: ae.Message}, Status: code})
}
