package server

import (
	"context"
	"fmt"
	"time"

	"github.com/reelkit/reel/server/callback"
	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/render"
)

// Start starts this process's part of the River queue: its render,
// preview and callback workers (none when Config.Workers is negative),
// its heartbeat and the liveness rescue, until Shutdown. The stores
// start it; an error is a database that cannot be reached.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopQueue != nil {
		return nil
	}
	o := queue.Options{
		ProcessID:  s.processID,
		Role:       s.cfg.Role,
		Heartbeat:  s.cfg.Heartbeat,
		StaleAfter: s.cfg.StaleAfter,
		Logger:     s.log,

		CallbackTimeout: callback.Timeout,
	}
	if s.cfg.Workers > 0 {
		o.Callbacks = s.cfg.CallbackConcurrency
		if s.cfg.Renderer != nil {
			o.Renders, o.Previews = s.cfg.Workers, 1
		}
	}
	stopQueue, err := s.store.StartQueue(ctx, jobRunner{Worker: s.worker, callbacks: s.callbacks}, o)
	if err != nil {
		return fmt.Errorf("start the job queue: %w", err)
	}
	watchCtx, stopWatch := context.WithCancel(context.WithoutCancel(ctx))
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		s.watchBacklog(watchCtx, max(s.cfg.StaleAfter, time.Second))
	}()
	s.stopQueue = func(ctx context.Context) error {
		stopWatch()
		<-watched
		return stopQueue(ctx)
	}
	return nil
}

// Shutdown stops taking jobs and waits for running renders to finish (the
// drain). When ctx ends first, running renders are cancelled and put back
// in the queue at once, for another worker or the next start. From its
// first moment /readyz answers 503; the HTTP handler keeps serving
// everything else, so the caller should close its listener only after
// Shutdown returns.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	s.mu.Lock()
	stop := s.stopQueue
	s.stopQueue = nil
	s.mu.Unlock()
	if stop == nil {
		return nil
	}
	if err := stop(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	return nil
}

// jobRunner is this process's queue.JobRunner: the render worker runs
// render, preview and segment jobs and observes every job's latency; the
// callback sender delivers callbacks.
type jobRunner struct {
	*render.Worker
	callbacks *callback.Sender
}

// DeliverCallback posts one callback; see callback.Sender.Deliver.
func (r jobRunner) DeliverCallback(ctx context.Context, url string, body []byte, attempt, maxAttempts int) error {
	return r.callbacks.Deliver(ctx, url, body, attempt, maxAttempts)
}

// CallbackRetry is the delay before delivery attempt+1.
func (r jobRunner) CallbackRetry(attempt int) time.Duration { return r.callbacks.Retry(attempt) }
