package auth

import (
	"math"
	"sync"
	"time"
)

// Limiter is a token bucket per key: rate tokens a second, at most
// burst saved up.
type Limiter struct {
	rate  float64
	burst float64
	mu    sync.Mutex
	keys  map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewLimiter returns a limiter of rate requests a second per key with
// bursts of burst.
func NewLimiter(rate float64, burst int) *Limiter {
	return &Limiter{rate: rate, burst: float64(burst), keys: map[string]*bucket{}}
}

// Allow takes one token from key's bucket.
func (l *Limiter) Allow(key string, now time.Time) bool {
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
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.keys {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.keys, k)
		}
	}
}

// RetryAfter is the whole seconds after which a refused key has a token
// again (at most 1/rate: the bucket held less than one).
func (l *Limiter) RetryAfter() int {
	return max(1, int(math.Ceil(1/l.rate)))
}
