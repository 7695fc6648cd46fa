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

// allow takes one token of key's rate (Config.RateLimit); a limiter
// whose shared storage fails is logged and lets the request through.
func (s *Server) allow(r *http.Request, key string) bool {
	ok, err := s.limiter.Allow(r.Context(), key, s.now())
	if err != nil {
		s.log.Warn("rate limit storage", "err", err)
	}
	return ok
}
