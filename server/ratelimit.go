package server

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// limiter is a token bucket per key.
type limiter struct {
	rate  float64
	burst float64
	mu    sync.Mutex
	keys  map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), keys: map[string]*bucket{}}
}

// allow takes one token from key's bucket.
func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.keys[key]
	if !ok {
		if len(l.keys) > 100_000 {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.keys[key] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens += el * l.rate
		if b.tokens > l.burst {
			b.tokens = l.burst
		}
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// sweep forgets full buckets, bounding memory.
func (l *limiter) sweep(now time.Time) {
	for k, b := range l.keys {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.keys, k)
		}
	}
}

// retryAfter is the whole seconds after which a refused key has a token
// again (at most 1/rate: the bucket held less than one).
func (l *limiter) retryAfter() int {
	return max(1, int(math.Ceil(1/l.rate)))
}

// tooManyRequests answers 429 with Retry-After and counts it.
func (s *Server) tooManyRequests(w http.ResponseWriter, r *http.Request) {
	s.metrics.rateLimited.Add(1)
	w.Header().Set("Retry-After", strconv.Itoa(s.limiter.retryAfter()))
	s.writeError(w, r, errorf(http.StatusTooManyRequests, "rate limit exceeded"))
}
