package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
)

// The River queues. Renders and previews have a queue each, so a free
// 144p preview never waits behind a paid render nor delays one; the
// callbacks queue delivers app callbacks.
const (
	queueRender   = "render"
	queuePreview  = "preview"
	queueCallback = "callback"
	kindCallback  = "callback"
)

// renderArgs is a render job's River arguments: the ledger job (the jobs
// table row that holds the credit) and its video.
//
// River's uniqueness is keyed by the ledger job, not the video: the
// ledger's unique index (one active render per video, checked in the
// same transaction) is the per-video guarantee, and River completes a
// job asynchronously after its work returns, so a River job still
// "running" for a moment would refuse the video's next render.
type renderArgs struct {
	JobID   int64  `json:"job_id" river:"unique"`
	VideoID string `json:"video_id"`
}

// Kind is the River job kind.
func (renderArgs) Kind() string { return model.JobRender }

// previewArgs is a preview job's River arguments, unique per ledger job
// like renderArgs (one queued preview per video is the ledger's rule).
type previewArgs struct {
	JobID   int64  `json:"job_id" river:"unique"`
	VideoID string `json:"video_id"`
}

// Kind is the River job kind.
func (previewArgs) Kind() string { return model.JobPreview }

// callbackArgs is one app callback delivery.
type callbackArgs struct {
	URL  string          `json:"url"`
	Body json.RawMessage `json:"body"`
}

// Kind is the River job kind.
func (callbackArgs) Kind() string { return kindCallback }

// uniqueActive are the states in which a unique River job blocks another:
// all but the finished ones, so a video renders again after its last
// render completed.
var uniqueActive = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

// JobRunner is what a queue's workers call: the Server implements it.
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
	// DeliverCallback posts one callback; an error is retried with the
	// runner's backoff until the last attempt.
	DeliverCallback(ctx context.Context, url string, body []byte, attempt, maxAttempts int) error
	// CallbackRetry is when a failed delivery is tried again.
	CallbackRetry(attempt int) time.Duration
	// JobDone observes a finished River job (for the latency histogram).
	JobDone(queue string, latency time.Duration)
}

// ErrInterrupted is returned by RunJob when the process stops under a
// running job: the queue makes it available again at once.
var ErrInterrupted = errors.New("interrupted by shutdown")

// QueueOptions configures one process's part of the queue.
type QueueOptions struct {
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

// processRetention is how long a process that stopped heartbeating stays
// in the liveness table (for an operator's look) before it is pruned.
const processRetention = 24 * time.Hour

// liveness is the store-specific SQL behind heartbeats and rescue.
type liveness interface {
	heartbeat(ctx context.Context, p model.Process) error
	forgetProcess(ctx context.Context, id string) error
	// pruneProcesses removes processes not seen since before (killed
	// ones never forget themselves).
	pruneProcesses(ctx context.Context, before time.Time) error
	// rescueOrphans makes running River jobs whose process was last
	// seen before staleBefore (or never) available again.
	rescueOrphans(ctx context.Context, self string, staleBefore time.Time) (int, error)
}

// riverQueue wraps River for one store: an insert-only client used inside
// the store's transactions, and per StartQueue a working client.
type riverQueue[TTx any] struct {
	driver   riverdriver.Driver[TTx]
	inserter *river.Client[TTx]
	live     liveness
}

func newRiverQueue[TTx any](driver riverdriver.Driver[TTx], live liveness) (*riverQueue[TTx], error) {
	c, err := river.NewClient(driver, &river.Config{Logger: quietLogger()})
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	return &riverQueue[TTx]{driver: driver, inserter: c, live: live}, nil
}

// migrateRiver applies River's own migrations (its tables live beside
// reel's).
func migrateRiver[TTx any](ctx context.Context, driver riverdriver.Driver[TTx], tx *TTx) error {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: quietLogger()})
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	if tx != nil {
		_, err = m.MigrateTx(ctx, *tx, rivermigrate.DirectionUp, nil)
	} else {
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	return nil
}

// quietLogger drops River's info logs (it logs each start and stop);
// warnings and errors still reach stderr.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// insertJob adds the River job of ledger job j inside the store's
// transaction tx; ErrAlreadyQueued when River already holds an active
// one (the ledger should have refused it first).
func (q *riverQueue[TTx]) insertJob(ctx context.Context, tx TTx, j *model.Job, attempts int) (int64, error) {
	var args river.JobArgs
	opts := &river.InsertOpts{MaxAttempts: attempts}
	switch j.Kind {
	case model.JobRender:
		args = renderArgs{JobID: j.ID, VideoID: j.VideoID}
		opts.Queue, opts.Priority = queueRender, 1
		opts.UniqueOpts = river.UniqueOpts{ByArgs: true, ByState: uniqueActive}
	case model.JobPreview:
		args = previewArgs{JobID: j.ID, VideoID: j.VideoID}
		opts.Queue, opts.Priority = queuePreview, 2
		opts.UniqueOpts = river.UniqueOpts{ByArgs: true, ByState: uniqueActive}
	default:
		return 0, fmt.Errorf("unknown job kind %q", j.Kind)
	}
	res, err := q.inserter.InsertTx(ctx, tx, args, opts)
	if err != nil {
		return 0, fmt.Errorf("queue %s job: %w", j.Kind, err)
	}
	if res.UniqueSkippedAsDuplicate {
		return 0, fmt.Errorf("river already holds a %s job for video %s: %w", j.Kind, j.VideoID, model.ErrAlreadyQueued)
	}
	return res.Job.ID, nil
}

// adopt moves into River, inside tx, what an older version queued: the
// ledger jobs it left queued or running (link records each one's River
// job in the ledger) and the rows of its callbacks table.
func (q *riverQueue[TTx]) adopt(ctx context.Context, tx TTx, jobs []*model.Job, link func(jobID, riverID int64) error, cbs []model.CallbackRequest) error {
	for _, j := range jobs {
		rid, err := q.insertJob(ctx, tx, j, riverAttempts)
		if err != nil {
			return fmt.Errorf("adopt job %d: %w", j.ID, err)
		}
		if err := link(j.ID, rid); err != nil {
			return fmt.Errorf("adopt job %d: %w", j.ID, err)
		}
	}
	for _, c := range cbs {
		if err := q.insertCallback(ctx, tx, c.URL, c.Body, c.Attempts); err != nil {
			return fmt.Errorf("adopt callback: %w", err)
		}
	}
	return nil
}

// rowsReader is the part of database/sql's and pgx's rows the readers
// below need.
type rowsReader interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// readLedgerJobs reads rows of (id, video_id, user_id, kind).
func readLedgerJobs(rows rowsReader) ([]*model.Job, error) {
	var jobs []*model.Job
	for rows.Next() {
		j := &model.Job{}
		if err := rows.Scan(&j.ID, &j.VideoID, &j.UserID, &j.Kind); err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	return jobs, rows.Err()
}

// readOldCallbacks reads rows of the old callbacks table's (url, body,
// attempts), each keeping the attempts it has left.
func readOldCallbacks(rows rowsReader) ([]model.CallbackRequest, error) {
	var cbs []model.CallbackRequest
	for rows.Next() {
		var c model.CallbackRequest
		var tried int
		if err := rows.Scan(&c.URL, &c.Body, &tried); err != nil {
			return nil, err
		}
		c.Attempts = max(1, defaultCallbackAttempts-tried)
		cbs = append(cbs, c)
	}
	return cbs, rows.Err()
}

// readQueueStats fills QueueStats from rows of (queue, state, count) and
// rows of (role, count).
func readQueueStats(jobs, live rowsReader) (model.QueueStats, error) {
	st := model.QueueStats{Jobs: map[string]map[string]int{}, Live: map[string]int{}}
	for jobs.Next() {
		var q, state string
		var n int
		if err := jobs.Scan(&q, &state, &n); err != nil {
			return st, err
		}
		if st.Jobs[q] == nil {
			st.Jobs[q] = map[string]int{}
		}
		st.Jobs[q][state] = n
	}
	if err := jobs.Err(); err != nil {
		return st, err
	}
	for live.Next() {
		var role string
		var n int
		if err := live.Scan(&role, &n); err != nil {
			return st, err
		}
		st.Live[role] = n
	}
	return st, live.Err()
}

// The queries behind QueueStats (placeholder: the liveSince cut-off in
// Unix milliseconds).
const (
	sqlRiverJobCounts = `SELECT queue, CAST(state AS TEXT), COUNT(*) FROM river_job
		WHERE state IN ('available','scheduled','retryable','running','pending') GROUP BY queue, state`
	sqlLiveProcesses = `SELECT role, COUNT(*) FROM processes WHERE seen_on >= %s GROUP BY role`
)

// insertCallback adds one callback delivery inside tx.
func (q *riverQueue[TTx]) insertCallback(ctx context.Context, tx TTx, url string, body []byte, attempts int) error {
	if !json.Valid(body) {
		return fmt.Errorf("callback body is not JSON")
	}
	_, err := q.inserter.InsertTx(ctx, tx, callbackArgs{URL: url, Body: body},
		&river.InsertOpts{Queue: queueCallback, MaxAttempts: attempts})
	if err != nil {
		return fmt.Errorf("queue callback: %w", err)
	}
	return nil
}

// start runs this process's workers, heartbeat and liveness rescue until
// the returned stop is called.
func (q *riverQueue[TTx]) start(ctx context.Context, r JobRunner, o QueueOptions) (func(context.Context) error, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := model.Process{ID: o.ProcessID, Role: o.Role, Host: hostname(), PID: pid(), Renders: o.Renders, StartedOn: time.Now()}
	p.SeenOn = p.StartedOn
	if err := q.live.heartbeat(ctx, p); err != nil {
		return nil, fmt.Errorf("register process: %w", err)
	}
	if o.RescueAll {
		if n, err := q.live.rescueOrphans(ctx, p.ID, time.Now().Add(time.Hour)); err != nil {
			return nil, fmt.Errorf("rescue jobs of the previous process: %w", err)
		} else if n > 0 {
			log.Info("re-queued jobs left running by the previous process", "jobs", n)
		}
	}
	var client *river.Client[TTx]
	if o.Renders > 0 || o.Previews > 0 || o.Callbacks > 0 {
		workers := river.NewWorkers()
		river.AddWorker(workers, &ledgerWorker[renderArgs]{r: r, jobID: func(a renderArgs) int64 { return a.JobID }})
		river.AddWorker(workers, &ledgerWorker[previewArgs]{r: r, jobID: func(a previewArgs) int64 { return a.JobID }})
		river.AddWorker(workers, &callbackWorker{r: r})
		river.AddWorker(workers, &segmentWorker{r: r})
		queues := map[string]river.QueueConfig{}
		if o.Renders > 0 {
			queues[queueRender] = river.QueueConfig{MaxWorkers: o.Renders}
		}
		if o.Renders > 0 {
			// Segments of split renders: as many at once as renders.
			queues[queueSegment] = river.QueueConfig{MaxWorkers: o.Renders}
		}
		if o.Previews > 0 {
			queues[queuePreview] = river.QueueConfig{MaxWorkers: o.Previews}
		}
		if o.Callbacks > 0 {
			queues[queueCallback] = river.QueueConfig{MaxWorkers: o.Callbacks}
		}
		var err error
		client, err = river.NewClient(q.driver, &river.Config{
			ID:      o.ProcessID,
			Logger:  quietLogger(),
			Queues:  queues,
			Workers: workers,
			// Renders run as long as they need; the liveness rescue,
			// not River's timer, decides a worker died (River's own
			// rescuer stays as a backstop for a day-long hang).
			JobTimeout:           -1,
			RescueStuckJobsAfter: 24 * time.Hour,
			FetchPollInterval:    500 * time.Millisecond,
		})
		if err != nil {
			return nil, fmt.Errorf("river client: %w", err)
		}
	}
	loopCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(o.Heartbeat)
		defer tick.Stop()
		for {
			select {
			case <-loopCtx.Done():
				return
			case <-tick.C:
			}
			p.SeenOn = time.Now()
			if err := q.live.heartbeat(loopCtx, p); err != nil && loopCtx.Err() == nil {
				log.Error("heartbeat", "err", err)
			}
			q.live.pruneProcesses(loopCtx, time.Now().Add(-processRetention))
			n, err := q.live.rescueOrphans(loopCtx, p.ID, time.Now().Add(-o.StaleAfter))
			if err != nil && loopCtx.Err() == nil {
				log.Error("liveness rescue", "err", err)
			} else if n > 0 {
				log.Warn("re-queued jobs of a process that stopped heartbeating", "jobs", n)
			}
		}
	}()
	if client != nil {
		if err := client.Start(ctx); err != nil {
			cancel()
			<-done
			return nil, fmt.Errorf("start river: %w", err)
		}
	}
	stop := func(ctx context.Context) error {
		var err error
		if client != nil {
			// Soft stop: running jobs finish; at ctx's end they are
			// cancelled and put back (ErrInterrupted -> snooze 0).
			if err = client.Stop(ctx); err != nil {
				hard, c := context.WithTimeout(context.Background(), 30*time.Second)
				client.StopAndCancel(hard)
				c()
			}
		}
		cancel()
		<-done
		q.live.forgetProcess(context.Background(), p.ID)
		return err
	}
	return stop, nil
}

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
	river.WorkerDefaults[callbackArgs]
	r JobRunner
}

// Work posts the callback; a busy URL or a stopping process snoozes the
// job (no attempt counted).
func (w *callbackWorker) Work(ctx context.Context, j *river.Job[callbackArgs]) error {
	err := w.r.DeliverCallback(ctx, j.Args.URL, j.Args.Body, j.Attempt, j.MaxAttempts)
	switch {
	case err == nil:
		w.r.JobDone(j.Queue, time.Since(j.CreatedAt))
		return nil
	case errors.Is(err, errCallbackBusy):
		return river.JobSnooze(250 * time.Millisecond)
	case errors.Is(err, ErrInterrupted):
		return river.JobSnooze(0)
	default:
		return err
	}
}

// NextRetry is the runner's callback backoff.
func (w *callbackWorker) NextRetry(j *river.Job[callbackArgs]) time.Time {
	return time.Now().Add(w.r.CallbackRetry(j.Attempt))
}

// Timeout bounds one delivery attempt.
func (w *callbackWorker) Timeout(*river.Job[callbackArgs]) time.Duration { return callbackTimeout }

// insertSegment adds the River job of one segment row inside tx.
func (q *riverQueue[TTx]) insertSegment(ctx context.Context, tx TTx, a segmentArgs) error {
	_, err := q.inserter.InsertTx(ctx, tx, a, &river.InsertOpts{Queue: queueSegment, MaxAttempts: riverAttempts})
	if err != nil {
		return fmt.Errorf("queue segment: %w", err)
	}
	return nil
}

// segmentWorker renders segments of split renders through the runner.
type segmentWorker struct {
	river.WorkerDefaults[segmentArgs]
	r JobRunner
}

// Work runs one segment; the segments table, not River, keeps its state.
func (w *segmentWorker) Work(ctx context.Context, j *river.Job[segmentArgs]) error {
	a := j.Args
	return w.r.RunSegment(ctx, a.JobID, a.VideoID, model.SegmentKey{Quality: a.Quality, Index: a.Index}, a.Count)
}
