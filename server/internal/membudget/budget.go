package membudget

import (
	"container/list"
	"context"
	"sync"
	"sync/atomic"
)

// Budget is a process-wide weighted semaphore of bytes: every image
// decode acquires what it will allocate before it starts and releases it
// when done, so concurrent decodes never hold more than the budget
// together. Waiters are served first come, first served (a big request
// is not starved by a stream of small ones). A request larger than the
// whole budget is clamped to it: it runs, alone.
type Budget struct {
	total int64

	mu      sync.Mutex
	used    int64
	waiters list.List // of *waiter

	// reserving counts Reserve calls waiting for their bytes.
	reserving atomic.Int64
}

type waiter struct {
	n     int64
	ready chan struct{}
}

// New returns a budget of total bytes (at least 1).
func New(total int64) *Budget {
	return &Budget{total: max(1, total)}
}

// Acquire blocks until n bytes (clamped to the budget) are free or ctx
// ends; it returns the amount to pass to Release.
func (b *Budget) Acquire(ctx context.Context, n int64) (int64, error) {
	n = min(max(n, 1), b.total)
	b.mu.Lock()
	if b.used+n <= b.total && b.waiters.Len() == 0 {
		b.used += n
		b.mu.Unlock()
		return n, nil
	}
	w := &waiter{n: n, ready: make(chan struct{})}
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

// Release returns n bytes acquired earlier; releasing more than is held
// panics.
func (b *Budget) Release(n int64) {
	b.mu.Lock()
	b.used -= n
	if b.used < 0 {
		panic("membudget: released more than acquired")
	}
	b.grant()
	b.mu.Unlock()
}

// grant wakes waiters in order while they fit; b.mu is held.
func (b *Budget) grant() {
	for el := b.waiters.Front(); el != nil; el = b.waiters.Front() {
		w := el.Value.(*waiter)
		if b.used+w.n > b.total {
			return
		}
		b.used += w.n
		b.waiters.Remove(el)
		close(w.ready)
	}
}

// InUse reports the bytes currently held (for metrics and tests).
func (b *Budget) InUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}
