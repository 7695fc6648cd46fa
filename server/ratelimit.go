package server

import (
	"net/http"
	"strconv"

	"github.com/reelkit/reel/server/internal/httpx"
)

// tooManyRequests answers 429 with Retry-After and counts it.
func (s *Server) tooManyRequests(w http.ResponseWriter, r *http.Request) {
	s.metrics.rateLimited.Add(1)
	w.Header().Set("Retry-After", strconv.Itoa(s.limiter.RetryAfter()))
	s.writeError(w, r, httpx.Errorf(http.StatusTooManyRequests, "rate limit exceeded"))
}
