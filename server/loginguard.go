package server

import (
	"context"
	"math"
	"net/http"
	"sync"
	"time"
)

// loginGuard throttles password and app-secret checks per account and per
// client address with exponential backoff. Every attempt is counted the
// moment it starts (not when it has failed), so a burst of parallel
// guesses is cut off after the free allowance instead of all being
// checked: each key gets `free` attempts, after which attempt n must wait
// base x 2^(n-free-1) (at most maxWait) after the previous one. A
// successful login clears the account's and the address's counts. Keys
// idle for maxWait are forgotten, bounding memory.
type loginGuard struct {
	free    int
	base    time.Duration
	maxWait time.Duration

	mu   sync.Mutex
	keys map[string]*loginState
}

type loginState struct {
	attempts int
	next     time.Time // no attempt before this
	last     time.Time
}

func newLoginGuard(free int, base, maxWait time.Duration) *loginGuard {
	return &loginGuard{free: free, base: base, maxWait: maxWait, keys: map[string]*loginState{}}
}

// admit counts one attempt for every key, or, when one of them is still
// backing off, counts nothing and returns how long to wait.
func (g *loginGuard) admit(now time.Time, keys ...string) (wait time.Duration, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.keys) > 100_000 {
		g.sweep(now)
	}
	for _, k := range keys {
		if st := g.keys[k]; st != nil && now.Before(st.next) {
			wait = max(wait, st.next.Sub(now))
		}
	}
	if wait > 0 {
		return wait, false
	}
	for _, k := range keys {
		st := g.keys[k]
		if st == nil {
			st = &loginState{}
			g.keys[k] = st
		}
		st.attempts++
		st.last = now
		if over := st.attempts - g.free; over > 0 {
			d := time.Duration(float64(g.base) * math.Pow(2, float64(min(over-1, 40))))
			st.next = now.Add(min(d, g.maxWait))
		}
	}
	return 0, true
}

// succeeded clears the keys after a successful login.
func (g *loginGuard) succeeded(keys ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, k := range keys {
		delete(g.keys, k)
	}
}

// sweep forgets keys idle for longer than maxWait; g.mu is held.
func (g *loginGuard) sweep(now time.Time) {
	for k, st := range g.keys {
		if now.Sub(st.last) > g.maxWait && !now.Before(st.next) {
			delete(g.keys, k)
		}
	}
}

// hashPool bounds concurrent password hashing (PBKDF2, ~100k rounds):
// at most `workers` run at once and at most `queue` wait, so a login flood
// can use only that share of the CPUs; beyond the queue a login is
// answered 429 at once.
type hashPool struct {
	slots   chan struct{}
	waiting chan struct{}
}

func newHashPool(workers, queue int) *hashPool {
	return &hashPool{slots: make(chan struct{}, max(1, workers)), waiting: make(chan struct{}, max(1, queue))}
}

// check runs checkPassword(record, password) in the pool.
func (p *hashPool) check(ctx context.Context, record, password string) (bool, error) {
	select {
	case p.waiting <- struct{}{}:
	default:
		return false, &apiError{Status: http.StatusTooManyRequests, Message: "too many logins in progress; retry shortly", RetryAfter: 1}
	}
	select {
	case p.slots <- struct{}{}:
		<-p.waiting
	case <-ctx.Done():
		<-p.waiting
		return false, ctx.Err()
	}
	defer func() { <-p.slots }()
	return checkPassword(record, password), nil
}
