package auth

import (
	"context"
	"errors"
	"testing"
)

// TestHashPoolBounded: password checks run in a bounded pool; with every
// worker busy and the queue full a check is refused at once with ErrBusy.
func TestHashPoolBounded(t *testing.T) {
	p := NewHashPool(1, 1)
	rec, _ := HashPassword("pw")
	if ok, err := p.Check(context.Background(), rec, "pw"); !ok || err != nil {
		t.Fatalf("idle pool: %v %v", ok, err)
	}
	p.slots <- struct{}{}   // the worker is busy
	p.waiting <- struct{}{} // and one login waits
	_, err := p.Check(context.Background(), rec, "pw")
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("full pool: %v, want ErrBusy (the API's 429)", err)
	}
}
