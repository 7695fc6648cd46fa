package membudget

import (
	"context"
	"testing"
	"time"
)

// TestBudget: acquisitions beyond the budget wait, in order, and are
// granted as memory is released; a cancelled waiter leaves nothing held;
// a request larger than the budget is clamped and runs alone.
func TestBudget(t *testing.T) {
	ctx := context.Background()
	b := New(100)
	a, _ := b.Acquire(ctx, 60)
	got := make(chan int64, 2)
	go func() { n, _ := b.Acquire(ctx, 50); got <- n }()
	for b.queued() != 1 {
		time.Sleep(time.Millisecond)
	}
	cctx, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() { _, err := b.Acquire(cctx, 10); errc <- err }() // queued behind the 50
	for b.queued() != 2 {
		time.Sleep(time.Millisecond)
	}
	select {
	case n := <-got:
		t.Fatalf("granted %d while 60 of 100 were held", n)
	default:
	}
	cancel()
	if err := <-errc; err == nil {
		t.Fatal("cancelled acquire succeeded")
	}
	b.Release(a)
	if n := <-got; n != 50 || b.InUse() != 50 {
		t.Fatalf("granted %d, in use %d", n, b.InUse())
	}
	b.Release(50)
	big, err := b.Acquire(ctx, 1000)
	if err != nil || big != 100 {
		t.Fatalf("oversized acquire: %d %v, want clamped to 100", big, err)
	}
	b.Release(big)
	if b.InUse() != 0 {
		t.Fatalf("in use %d after every release", b.InUse())
	}
}

// queued counts the Acquire calls waiting in line.
func (b *Budget) queued() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.waiters.Len()
}
