package server

import (
	"container/list"
	"context"
	"sync"
)

// memBudget is a process-wide weighted semaphore of bytes: every image
// decode (upload check or render) acquires what it will allocate before it
// starts and releases it when done, so concurrent decodes never hold more
// than the budget together. Waiters are served first come, first served
// (a big request is not starved by a stream of small ones). A request
// larger than the whole budget is clamped to it: it runs, alone.
type memBudget struct {
	total int64

	mu      sync.Mutex
	used    int64
	waiters list.List // of *memWaiter
}

type memWaiter struct {
	n     int64
	ready chan struct{}
}

// newMemBudget returns a budget of total bytes (at least 1).
func newMemBudget(total int64) *memBudget {
	return &memBudget{total: max(1, total)}
}

// acquire blocks until n bytes (clamped to the budget) are free or ctx
// ends; it returns the amount to pass to release.
func (b *memBudget) acquire(ctx context.Context, n int64) (int64, error) {
	n = min(max(n, 1), b.total)
	b.mu.Lock()
	if b.used+n <= b.total && b.waiters.Len() == 0 {
		b.used += n
		b.mu.Unlock()
		return n, nil
	}
	w := &memWaiter{n: n, ready: make(chan struct{})}
	el := b.waiters.PushBack(w)
	b.mu.Unlock()
	select {
	case <-w.ready:
		return n, nil
	case <-ctx.Done():
		b.mu.Lock()
		select {
		case <-w.ready:
			// Granted while we gave up: hand it back.
			b.used -= n
		default:
			b.waiters.Remove(el)
		}
		b.grant()
		b.mu.Unlock()
		return 0, ctx.Err()
	}
}

// release returns n bytes acquired earlier.
func (b *memBudget) release(n int64) {
	b.mu.Lock()
	b.used -= n
	if b.used < 0 {
		panic("server: memBudget released more than acquired")
	}
	b.grant()
	b.mu.Unlock()
}

// grant wakes waiters in order while they fit; b.mu is held.
func (b *memBudget) grant() {
	for el := b.waiters.Front(); el != nil; el = b.waiters.Front() {
		w := el.Value.(*memWaiter)
		if b.used+w.n > b.total {
			return
		}
		b.used += w.n
		b.waiters.Remove(el)
		close(w.ready)
	}
}

// inUse reports the bytes currently held (for metrics and tests).
func (b *memBudget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}
