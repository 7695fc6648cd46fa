package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"

	"github.com/reelkit/reel/server/model"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"
)

// Queue wraps River for one database: an insert-only client used inside
// the store's transactions, and per Start a working client. TTx is the
// transaction type of River's driver.
type Queue[TTx any] struct {
	driver   riverdriver.Driver[TTx]
	inserter *river.Client[TTx]
	live     Liveness
}

// New returns the queue on driver; live is the store's liveness table.
func New[TTx any](driver riverdriver.Driver[TTx], live Liveness) (*Queue[TTx], error) {
	c, err := river.NewClient(driver, &river.Config{Logger: quietLogger()})
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	return &Queue[TTx]{driver: driver, inserter: c, live: live}, nil
}

// Migrate applies River's own migrations (its tables live beside reel's),
// each in its own transaction.
func Migrate[TTx any](ctx context.Context, driver riverdriver.Driver[TTx]) error {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: quietLogger()})
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	return nil
}

// quietLogger drops River's info logs (it logs each start and stop);
// warnings and errors still reach stderr.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// In returns the inserter of River jobs inside the store's transaction tx.
func (q *Queue[TTx]) In(tx TTx) Inserter {
	return &txInserter[TTx]{q: q, tx: tx}
}

// Inserter inserts River jobs inside one transaction of the store, so a
// job exists exactly when the rows that describe it were committed.
type Inserter interface {
	// InsertJob adds the River job of ledger job j, whose user already
	// has ahead jobs of its kind waiting; ErrAlreadyQueued when River
	// already holds an active one (the ledger should have refused it
	// first). It returns the River job's id.
	//
	// Fairness between users: River takes a queue's jobs by priority,
	// then age, and a job's priority is its rank among its user's
	// waiting jobs of that kind (1 for the first, up to River's lowest,
	// 4): one user's tenth preview waits behind every other user's
	// first, second and third, not the other way round.
	InsertJob(ctx context.Context, j *model.Job, ahead int) (int64, error)
	// InsertCallback adds one callback delivery; its body must be JSON.
	InsertCallback(ctx context.Context, cb model.CallbackRequest) error
	// InsertSegment adds the River job of one segment row.
	InsertSegment(ctx context.Context, a SegmentArgs) error
}

type txInserter[TTx any] struct {
	q  *Queue[TTx]
	tx TTx
}

func (t *txInserter[TTx]) InsertJob(ctx context.Context, j *model.Job, ahead int) (int64, error) {
	var args river.JobArgs
	opts := &river.InsertOpts{MaxAttempts: JobAttempts, Priority: min(1+max(ahead, 0), 4)}
	switch j.Kind {
	case model.JobRender:
		args = RenderArgs{JobID: j.ID, VideoID: j.VideoID}
		opts.Queue = Render
		opts.UniqueOpts = river.UniqueOpts{ByArgs: true, ByState: uniqueActive}
	case model.JobPreview:
		args = PreviewArgs{JobID: j.ID, VideoID: j.VideoID}
		opts.Queue = Preview
		opts.UniqueOpts = river.UniqueOpts{ByArgs: true, ByState: uniqueActive}
	default:
		return 0, fmt.Errorf("unknown job kind %q", j.Kind)
	}
	res, err := t.q.inserter.InsertTx(ctx, t.tx, args, opts)
	if err != nil {
		return 0, fmt.Errorf("queue %s job: %w", j.Kind, err)
	}
	if res.UniqueSkippedAsDuplicate {
		return 0, fmt.Errorf("river already holds a %s job for video %s: %w", j.Kind, j.VideoID, model.ErrAlreadyQueued)
	}
	return res.Job.ID, nil
}

func (t *txInserter[TTx]) InsertCallback(ctx context.Context, cb model.CallbackRequest) error {
	if !json.Valid(cb.Body) {
		return fmt.Errorf("callback body is not JSON")
	}
	_, err := t.q.inserter.InsertTx(ctx, t.tx, CallbackArgs{URL: cb.URL, Body: cb.Body},
		&river.InsertOpts{Queue: Callback, MaxAttempts: cb.Attempts})
	if err != nil {
		return fmt.Errorf("queue callback: %w", err)
	}
	return nil
}

func (t *txInserter[TTx]) InsertSegment(ctx context.Context, a SegmentArgs) error {
	_, err := t.q.inserter.InsertTx(ctx, t.tx, a, &river.InsertOpts{Queue: Segment, MaxAttempts: JobAttempts})
	if err != nil {
		return fmt.Errorf("queue segment: %w", err)
	}
	return nil
}
