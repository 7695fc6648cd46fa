package server

import (
	"context"
	"fmt"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
)

// backlog is the deployment's render capacity against its waiting work:
// Waiting counts render and segment jobs not yet taken (available,
// scheduled, retryable or pending in River); Slots sums the concurrent
// renders of the processes seen alive within StaleAfter.
type backlog struct {
	Waiting, Slots int
}

// stalled reports work waiting with no live process to render it: after
// the last worker died or before the first started.
func (b backlog) stalled() bool { return b.Waiting > 0 && b.Slots == 0 }

// warning is the sentence operators see (log, /readyz) while stalled.
func (b backlog) warning() string {
	return fmt.Sprintf("no live render worker: %d render jobs waiting (start `reeld worker` processes, or `reeld serve` with --workers)", b.Waiting)
}

// renderBacklog reads the backlog from the store.
func (s *Server) renderBacklog(ctx context.Context) (backlog, error) {
	qs, err := s.store.QueueStats(ctx, s.now().Add(-s.cfg.StaleAfter))
	if err != nil {
		return backlog{}, err
	}
	return s.backlogOf(ctx, qs)
}

// backlogOf is the backlog of queue stats already read, with the live
// render slots.
func (s *Server) backlogOf(ctx context.Context, qs model.QueueStats) (backlog, error) {
	slots, err := s.store.RenderSlots(ctx, s.now().Add(-s.cfg.StaleAfter))
	if err != nil {
		return backlog{}, err
	}
	b := backlog{Slots: slots}
	for _, q := range []string{queue.Render, queue.Segment} {
		for _, state := range []string{"available", "scheduled", "retryable", "pending"} {
			b.Waiting += qs.Jobs[q][state]
		}
	}
	return b, nil
}

// watchBacklog logs a warning, at most once a minute, while render work
// waits with no live render worker, until ctx ends.
func (s *Server) watchBacklog(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	var warned time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		b, err := s.renderBacklog(ctx)
		if err != nil || !b.stalled() {
			continue
		}
		if now := time.Now(); now.Sub(warned) >= time.Minute {
			warned = now
			s.log.Warn(b.warning(), "waiting", b.Waiting)
		}
	}
}
