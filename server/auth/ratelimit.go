package auth

import (
	"context"
	"math"
	"sync"
	"time"
)

// Limiter is a token bucket per key: rate tokens a second, at most
// burst saved up. The buckets live in this process, or, with
// NewSharedLimiter, in the database every process of a deployment shares,
// so N API processes allow the configured rate, not N times it.
type Limiter struct {
	shared     TokenBuckets
	lastPruned time.Time
	rate       float64
	burst      float64
	mu         sync.Mutex
	keys       map[string]*bucket
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

// TokenBuckets keeps token buckets in storage several processes share.
type TokenBuckets interface {
	// TakeToken refills key's bucket at rate tokens a second up to burst
	// and takes one token, atomically; false when none was left.
	TakeToken(ctx context.Context, key string, rate, burst float64, now time.Time) (bool, error)
	// PruneBuckets forgets buckets untouched since before.
	PruneBuckets(ctx context.Context, before time.Time) error
}

// NewSharedLimiter returns a limiter whose buckets live in b.
func NewSharedLimiter(rate float64, burst int, b TokenBuckets) *Limiter {
	l := NewLimiter(rate, burst)
	l.shared = b
	return l
}

// Allow takes one token from key's bucket; false when the key is over its
// rate. A shared limiter whose storage fails lets the request through
// (and returns the error, for the log): an unreachable database is not
// the client's fault, and the request will meet it anyway.
func (l *Limiter) Allow(ctx context.Context, key string, now time.Time) (bool, error) {
	if l.shared == nil {
		return l.allowHere(key, now), nil
	}
	l.mu.Lock()
	prune := now.Sub(l.lastPruned) > time.Minute
	if prune {
		l.lastPruned = now
	}
	l.mu.Unlock()
	if prune {
		// A bucket untouched for burst/rate is full again: forget it.
		l.shared.PruneBuckets(ctx, now.Add(-time.Duration(max(l.burst/l.rate, 60)*float64(time.Second))))
	}
	ok, err := l.shared.TakeToken(ctx, key, l.rate, l.burst, now)
	if err != nil {
		return true, err
	}
	return ok, nil
}

// allowHere takes one token from key's bucket in this process.
func (l *Limiter) allowHere(key string, now time.Time) bool {
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
