package auth

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"
)

// ErrBusy is HashPool.Check's answer when too many checks already wait.
var ErrBusy = errors.New("too many logins in progress; retry shortly")

// LoginGuard throttles password and app-secret checks per account and per
// client address with exponential backoff. Every attempt is counted the
// moment it starts (not when it has failed), so a burst of parallel
// guesses is cut off after the free allowance instead of all being
// checked: each key gets `free` attempts, after which attempt n must wait
// base x 2^(n-free-1) (at most maxWait) after the previous one. A
// successful login clears the account's and the address's counts. Keys
// idle for maxWait are forgotten, bounding memory.
type LoginGuard struct {
	free    int
	base    time.Duration
	maxWait time.Duration
	// shared, when set, keeps the counts where every process of a
	// deployment sees them (NewSharedLoginGuard).
	shared     LoginCounts
	lastPruned time.Time

	mu   sync.Mutex
	keys map[string]*loginState
}

type loginState struct {
	attempts int
	next     time.Time // no attempt before this
	last     time.Time
}

// NewLoginGuard returns a guard that allows free attempts per key, then
// waits base, doubling, up to maxWait.
func NewLoginGuard(free int, base, maxWait time.Duration) *LoginGuard {
	return &LoginGuard{free: free, base: base, maxWait: maxWait, keys: map[string]*loginState{}}
}

// LoginCounts keeps login attempt counts in storage several processes
// share.
type LoginCounts interface {
	// AdmitLogin, atomically: when any key may not try before a later
	// time, returns the longest wait and counts nothing; otherwise counts
	// one attempt for every key and sets its earliest next attempt to
	// next(its attempts, now).
	AdmitLogin(ctx context.Context, keys []string, now time.Time, next func(attempts int, now time.Time) time.Time) (wait time.Duration, err error)
	// ClearLogins forgets the keys' counts.
	ClearLogins(ctx context.Context, keys []string) error
	// PruneLogins forgets the counts of keys last tried before before.
	PruneLogins(ctx context.Context, before time.Time) error
}

// NewSharedLoginGuard is NewLoginGuard with its counts in c, so N API
// processes back off together instead of each allowing the free attempts.
func NewSharedLoginGuard(free int, base, maxWait time.Duration, c LoginCounts) *LoginGuard {
	g := NewLoginGuard(free, base, maxWait)
	g.shared = c
	return g
}

// nextAttempt is the backoff rule: the first free attempts wait for
// nothing; attempt n after them waits base x 2^(n-free-1), at most maxWait.
func (g *LoginGuard) nextAttempt(attempts int, now time.Time) time.Time {
	over := attempts - g.free
	if over <= 0 {
		return now
	}
	d := time.Duration(float64(g.base) * math.Pow(2, float64(min(over-1, 40))))
	return now.Add(min(d, g.maxWait))
}

// AdmitContext is Admit for a guard that may keep its counts in shared
// storage; a storage failure admits the attempt (and is returned, for
// the log): the password check behind it still runs.
func (g *LoginGuard) AdmitContext(ctx context.Context, now time.Time, keys ...string) (time.Duration, bool, error) {
	if g.shared == nil {
		wait, ok := g.Admit(now, keys...)
		return wait, ok, nil
	}
	g.mu.Lock()
	prune := now.Sub(g.lastPruned) > time.Minute
	if prune {
		g.lastPruned = now
	}
	g.mu.Unlock()
	if prune {
		// Keys idle for maxWait are done backing off: forget them.
		g.shared.PruneLogins(ctx, now.Add(-g.maxWait))
	}
	wait, err := g.shared.AdmitLogin(ctx, keys, now, g.nextAttempt)
	if err != nil {
		return 0, true, err
	}
	return wait, wait <= 0, nil
}

// SucceededContext is Succeeded for a guard that may keep its counts in
// shared storage.
func (g *LoginGuard) SucceededContext(ctx context.Context, keys ...string) error {
	if g.shared == nil {
		g.Succeeded(keys...)
		return nil
	}
	return g.shared.ClearLogins(ctx, keys)
}

// Admit counts one attempt for every key, or, when one of them is still
// backing off, counts nothing and returns how long to wait.
func (g *LoginGuard) Admit(now time.Time, keys ...string) (wait time.Duration, ok bool) {
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
		st.next = g.nextAttempt(st.attempts, now)
	}
	return 0, true
}

// Succeeded clears the keys after a successful login.
func (g *LoginGuard) Succeeded(keys ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, k := range keys {
		delete(g.keys, k)
	}
}

// sweep forgets keys idle for longer than maxWait; g.mu is held.
func (g *LoginGuard) sweep(now time.Time) {
	for k, st := range g.keys {
		if now.Sub(st.last) > g.maxWait && !now.Before(st.next) {
			delete(g.keys, k)
		}
	}
}

// HashPool bounds concurrent password hashing (PBKDF2, ~100k rounds):
// at most `workers` run at once and at most `queue` wait, so a login flood
// can use only that share of the CPUs; beyond the queue a check fails at
// once with ErrBusy (the API answers 429).
type HashPool struct {
	slots   chan struct{}
	waiting chan struct{}
}

// NewHashPool returns a pool of workers hashing at once with queue more
// waiting.
func NewHashPool(workers, queue int) *HashPool {
	return &HashPool{slots: make(chan struct{}, max(1, workers)), waiting: make(chan struct{}, max(1, queue))}
}

// Check runs CheckPassword(record, password) in the pool; ErrBusy when
// the queue is full.
func (p *HashPool) Check(ctx context.Context, record, password string) (bool, error) {
	select {
	case p.waiting <- struct{}{}:
	default:
		return false, ErrBusy
	}
	select {
	case p.slots <- struct{}{}:
		<-p.waiting
	case <-ctx.Done():
		<-p.waiting
		return false, ctx.Err()
	}
	defer func() { <-p.slots }()
	return CheckPassword(record, password), nil
}
