package server

import (
	"context"
	"testing"
	"time"
)

// TestMemBudget: acquisitions beyond the budget wait, in order, and are
// granted as memory is released; a cancelled waiter leaves nothing held;
// a request larger than the budget is clamped and runs alone.
func TestMemBudget(t *testing.T) {
	ctx := context.Background()
	b := newMemBudget(100)
	a, _ := b.acquire(ctx, 60)
	got := make(chan int64, 2)
	go func() { n, _ := b.acquire(ctx, 50); got <- n }()
	for b.waiting() != 1 {
		time.Sleep(time.Millisecond)
	}
	cctx, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() { _, err := b.acquire(cctx, 10); errc <- err }() // queued behind the 50
	for b.waiting() != 2 {
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
	b.release(a)
	if n := <-got; n != 50 || b.inUse() != 50 {
		t.Fatalf("granted %d, in use %d", n, b.inUse())
	}
	b.release(50)
	big, err := b.acquire(ctx, 1000)
	if err != nil || big != 100 {
		t.Fatalf("oversized acquire: %d %v, want clamped to 100", big, err)
	}
	b.release(big)
	if b.inUse() != 0 {
		t.Fatalf("in use %d after every release", b.inUse())
	}
}

func (b *memBudget) waiting() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.waiters.Len()
}
