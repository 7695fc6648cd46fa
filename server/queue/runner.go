package queue

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/reelkit/reel/server/model"
)

// JobRunner is what a queue's workers call; the server's render worker
// implements it.
type JobRunner interface {
	// RunJob runs the ledger job jobID. A nil error finishes the River
	// job; another error is a transient fault, retried with backoff (the
	// runner itself records a permanent failure on the last attempt);
	// ErrInterrupted puts the job back at once without counting an
	// attempt (the process is stopping).
	RunJob(ctx context.Context, jobID int64, attempt, maxAttempts int) error
	// RunSegment renders one segment of a split render if its row is
	// still queued; it handles every failure itself (the row goes back
	// to the queue for the render's coordinator), so River never
	// retries it.
	RunSegment(ctx context.Context, jobID int64, videoID string, key model.SegmentKey, count int) error
	// DeliverCallback posts one callback; ErrBusy snoozes it briefly
	// (its URL has all its delivery slots in use), another error is
	// retried with the runner's backoff until the last attempt.
	DeliverCallback(ctx context.Context, url string, body []byte, attempt, maxAttempts int) error
	// CallbackRetry is when a failed delivery is tried again.
	CallbackRetry(attempt int) time.Duration
	// JobDone observes a finished River job (for the latency histogram).
	JobDone(queue string, latency time.Duration)
}

// ErrInterrupted is returned by a JobRunner when the process stops under
// a running job: the queue makes it available again at once.
var ErrInterrupted = errors.New("interrupted by shutdown")

// ErrBusy is DeliverCallback's answer when the URL already has its share
// of concurrent deliveries: the job is snoozed, no attempt counted.
var ErrBusy = errors.New("callback URL busy")

// Options configures one process's part of the queue.
type Options struct {
	// ProcessID names this process in the liveness table and in River
	// (its client ID); Role is "serve" or "worker".
	ProcessID, Role string
	// Renders and Previews are the concurrent render and preview jobs
	// this process works; both 0 makes an API-only process that only
	// inserts jobs (and heartbeats).
	Renders, Previews int
	// Callbacks is the number of concurrent callback deliveries (0:
	// none; a process with Renders > 0 should deliver them).
	Callbacks int
	// CallbackTimeout bounds one delivery attempt (0: 15 s).
	CallbackTimeout time.Duration
	// Heartbeat is how often this process records it is alive; a
	// running job whose process was not seen for StaleAfter is given to
	// another worker (liveness rescue).
	Heartbeat, StaleAfter time.Duration
	// RescueAll, for a store that one process owns (SQLite), rescues
	// every running job of another process at start without waiting for
	// StaleAfter.
	RescueAll bool
	Logger    *slog.Logger
}
