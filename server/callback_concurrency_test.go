package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
)

// TestSlowCallbackDoesNotDelayOthers: callbacks are delivered
// concurrently, and one URL never takes every delivery slot, so callbacks
// to a fast receiver arrive while a slow receiver holds several of them.
func TestSlowCallbackDoesNotDelayOthers(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	slowGot := make(chan struct{}, 8)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slowGot <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	fastGot := make(chan struct{}, 8)
	fast := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fastGot <- struct{}{} }))
	defer fast.Close()
	defer close(release) // before the receivers close (deferred calls run last-in first-out)

	e := newTestEnv(t, func(c *Config) { c.Renderer = nil; c.CallbackConcurrency = 4 })
	ctx := context.Background()
	for i := 0; i < 4; i++ { // queued first: a sequential sender would block on these
		if err := e.store.EnqueueCallback(ctx, model.CallbackRequest{URL: slow.URL, Body: []byte(`{}`), Attempts: 8}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		if err := e.store.EnqueueCallback(ctx, model.CallbackRequest{URL: fast.URL, Body: []byte(`{}`), Attempts: 8}); err != nil {
			t.Fatal(err)
		}
	}
	e.srv.Start(ctx)
	<-slowGot // a slow delivery is in progress
	for i := 0; i < 2; i++ {
		select {
		case <-fastGot:
		case <-time.After(10 * time.Second):
			t.Fatal("a callback to a fast receiver waited for the slow one")
		}
	}
	// The slow URL holds at most half of the slots.
	if n := len(slowGot); n > 1 {
		t.Fatalf("%d more deliveries to the slow URL in flight, want at most 1 (2 of 4 slots)", n)
	}
}
