package queue

import (
	"context"
	"errors"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/riverqueue/river"
)

// ledgerWorker works render and preview jobs through the runner.
type ledgerWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	r     JobRunner
	jobID func(T) int64
}

// Work runs the ledger job and maps its outcome onto River's.
func (w *ledgerWorker[T]) Work(ctx context.Context, j *river.Job[T]) error {
	err := w.r.RunJob(ctx, w.jobID(j.Args), j.Attempt, j.MaxAttempts)
	switch {
	case err == nil:
		w.r.JobDone(j.Queue, time.Since(j.CreatedAt))
		return nil
	case errors.Is(err, ErrInterrupted):
		return river.JobSnooze(0)
	default:
		return err
	}
}

// callbackWorker delivers callbacks with the runner's backoff.
type callbackWorker struct {
	river.WorkerDefaults[CallbackArgs]
	r       JobRunner
	timeout time.Duration
}

// Work posts the callback; a busy URL or a stopping process snoozes the
// job (no attempt counted).
func (w *callbackWorker) Work(ctx context.Context, j *river.Job[CallbackArgs]) error {
	err := w.r.DeliverCallback(ctx, j.Args.URL, j.Args.Body, j.Attempt, j.MaxAttempts)
	switch {
	case err == nil:
		w.r.JobDone(j.Queue, time.Since(j.CreatedAt))
		return nil
	case errors.Is(err, ErrBusy):
		return river.JobSnooze(250 * time.Millisecond)
	case errors.Is(err, ErrInterrupted):
		return river.JobSnooze(0)
	default:
		return err
	}
}

// NextRetry is the runner's callback backoff.
func (w *callbackWorker) NextRetry(j *river.Job[CallbackArgs]) time.Time {
	return time.Now().Add(w.r.CallbackRetry(j.Attempt))
}

// Timeout bounds one delivery attempt.
func (w *callbackWorker) Timeout(*river.Job[CallbackArgs]) time.Duration { return w.timeout }

// segmentWorker renders segments of split renders through the runner.
type segmentWorker struct {
	river.WorkerDefaults[SegmentArgs]
	r JobRunner
}

// Work runs one segment; the segments table, not River, keeps its state.
func (w *segmentWorker) Work(ctx context.Context, j *river.Job[SegmentArgs]) error {
	a := j.Args
	return w.r.RunSegment(ctx, a.JobID, a.VideoID, model.SegmentKey{Quality: a.Quality, Index: a.Index}, a.Count)
}
