package server

import (
	"errors"
	"net/http"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// writeError answers err in Picovico's error shape (httpx.WriteError),
// mapping the stores' and auth's errors to their statuses.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	httpx.WriteError(w, r, s.log, err, apiErrorOf)
}

// apiErrorOf is the answer to a domain error, nil for others.
func apiErrorOf(err error) *httpx.Error {
	switch {
	case errors.Is(err, auth.ErrUnauthorized):
		return &httpx.Error{Status: http.StatusUnauthorized, Message: auth.ErrUnauthorized.Error()}
	case errors.Is(err, auth.ErrUnknownApp):
		return &httpx.Error{Status: http.StatusUnauthorized, Message: "unknown app_id"}
	case errors.Is(err, auth.ErrBusy):
		return &httpx.Error{Status: http.StatusTooManyRequests, Message: auth.ErrBusy.Error(), RetryAfter: 1}
	case errors.Is(err, model.ErrQuotaExceeded):
		return &httpx.Error{Status: http.StatusRequestEntityTooLarge, Message: err.Error()}
	case errors.Is(err, model.ErrNotFound):
		return &httpx.Error{Status: http.StatusNotFound, Message: "not found", Err: err}
	}
	return nil
}
