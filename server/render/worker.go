package render

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
)

// Worker runs render, preview and segment jobs for the queue
// (queue.JobRunner's RunJob, RunSegment and JobDone) and keeps the
// cancels of the renders running in this process. Its methods may be
// called concurrently.
type Worker struct {
	cfg     Config
	store   Store
	blobs   blob.Store
	log     *slog.Logger
	now     func() time.Time
	metrics Metrics

	mu      sync.Mutex
	running map[string]context.CancelFunc // video id -> cancel of its render
}

// New returns a Worker of cfg.
func New(cfg Config) (*Worker, error) {
	if cfg.Store == nil || cfg.Blobs == nil || cfg.Assets == nil {
		return nil, errors.New("render: Config.Store, Config.Blobs and Config.Assets are required")
	}
	if cfg.WorkDir == "" {
		cfg.WorkDir = os.TempDir()
	}
	w := &Worker{cfg: cfg, store: cfg.Store, blobs: cfg.Blobs, log: cfg.Logger, now: cfg.Now, metrics: cfg.Metrics,
		running: map[string]context.CancelFunc{}}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	if w.now == nil {
		w.now = time.Now
	}
	if w.metrics == nil {
		w.metrics = noMetrics{}
	}
	return w, nil
}

// Cancel stops the render of video id, if one is running in this
// process (one running elsewhere notices the deletion itself): the job
// is finished as "video deleted".
func (w *Worker) Cancel(id string) {
	w.mu.Lock()
	cancel := w.running[id]
	w.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// errDeleted marks a render cancelled because its video was deleted.
var errDeleted = errors.New("video deleted")

// RunJob runs one render or preview job for the queue (queue.JobRunner): the
// ledger job is started (counted) and rendered. A failure of the render
// itself fails the video at once; a transient fault (the database or the
// blob store) is returned, for River to retry with backoff, except on the
// last attempt, which fails the video.
func (w *Worker) RunJob(ctx context.Context, jobID int64, attempt, maxAttempts int) error {
	job, err := w.store.StartJob(ctx, jobID)
	if errors.Is(err, model.ErrNotFound) {
		// Finished meanwhile (its video deleted, a duplicate): drop
		// what a split render of it left if its process died.
		w.dropSegments(ctx, jobID)
		return nil
	}
	if err != nil {
		if ctx.Err() != nil {
			return queue.ErrInterrupted
		}
		return fmt.Errorf("start job %d: %w", jobID, err)
	}
	return w.run(ctx, job, attempt >= maxAttempts)
}

// Running counts the renders running in this process.
func (w *Worker) Running() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.running)
}

// JobDone records a finished job's latency (queue.JobRunner) in Metrics.
func (w *Worker) JobDone(queue string, latency time.Duration) {
	w.metrics.JobDone(queue, latency)
}

// run renders one job and records the outcome; see RunJob.
func (w *Worker) run(ctx context.Context, job *model.Job, last bool) error {
	log := w.log.With("job", job.ID, "video", job.VideoID, "kind", job.Kind, "attempt", job.Attempts)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if job.Kind == model.JobRender {
		// A split render's segments (this attempt's or an earlier
		// one's) are temporary, whatever the outcome.
		defer w.dropSegments(ctx, job.ID)
	}
	w.mu.Lock()
	w.running[job.VideoID] = func() { cancel(errDeleted) }
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		delete(w.running, job.VideoID)
		w.mu.Unlock()
	}()
	transient := func(err error) error {
		if last {
			w.fail(log, job, &model.Video{ID: job.VideoID, UserID: job.UserID}, err)
			return nil
		}
		log.Warn("job will be retried", "err", err)
		return err
	}

	v, err := w.store.Video(ctx, job.UserID, job.VideoID)
	switch {
	case errors.Is(err, model.ErrNotFound):
		log.Warn("job for a missing video", "err", err)
		w.finish(job, "video not found", nil)
		return nil
	case err != nil && ctx.Err() != nil:
		log.Warn("render interrupted by shutdown before it started; it will run again")
		return queue.ErrInterrupted
	case err != nil:
		return transient(fmt.Errorf("load video: %w", err))
	}
	if publishedBy(v, job) {
		// This job published the video, then its process died before
		// the job was finished: finish it now, with its callback.
		w.finish(job, "", w.callback(v, job.Kind, ""))
		return nil
	}
	if job.Attempts > w.cfg.JobAttempts {
		// Every earlier start ended with the process gone (a crash, a
		// kill, a drain deadline): running it again could crash again.
		w.fail(log, job, v, fmt.Errorf("render was interrupted %d times (the server stopped or crashed during it); giving up", job.Attempts-1))
		return nil
	}
	dir, err := os.MkdirTemp(w.cfg.WorkDir, "render-"+v.ID+"-")
	if err != nil {
		return transient(fmt.Errorf("work dir: %w", err))
	}
	defer os.RemoveAll(dir)

	start := time.Now()
	var mu sync.Mutex
	var lastSave, lastCheck time.Time
	progress := func(f float64) {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		if job.Kind == model.JobRender && now.Sub(lastSave) >= 250*time.Millisecond {
			lastSave = now
			w.store.SetProgress(context.WithoutCancel(ctx), v.ID, 100*f)
		}
		if now.Sub(lastCheck) >= time.Second {
			// A delete through another process cannot reach this one's
			// cancel: notice it here.
			lastCheck = now
			if _, err := w.store.VideoByID(ctx, v.ID); errors.Is(err, model.ErrNotFound) {
				cancel(errDeleted)
			}
		}
	}
	log.Info("render start")
	out, err := w.render(ctx, log, job, v, Options{Dir: dir, Preview: job.Kind == model.JobPreview, Progress: progress})
	secs := time.Since(start).Seconds()
	if err != nil {
		switch {
		case errors.Is(context.Cause(ctx), errDeleted):
			log.Info("render cancelled: video deleted")
			w.finish(job, "video deleted", nil)
			return nil
		case ctx.Err() != nil:
			log.Warn("render interrupted by shutdown; it will run again")
			return queue.ErrInterrupted
		default:
			w.fail(log, job, v, err)
			return nil
		}
	}
	w.metrics.Rendered(secs, out.Frames)
	if err := w.publish(context.WithoutCancel(ctx), job, v, out); err != nil {
		return transient(err)
	}
	w.metrics.Published()
	log.Info("render done", "seconds", secs, "frames", out.Frames, "fps", float64(out.Frames)/secs)
	return nil
}

// render runs the Renderer, turning a panic into an error so that one bad
// project fails its video instead of taking the server down.
func (w *Worker) render(ctx context.Context, log *slog.Logger, job *model.Job, v *model.Video, o Options) (out *Output, err error) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("render panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			out, err = nil, fmt.Errorf("internal error: render panicked: %v", p)
		}
	}()
	if job.Kind == model.JobRender {
		if sp, count := w.splitCount(ctx, log, v); count > 1 {
			return w.renderSplit(ctx, log, job, v, o, sp, count)
		}
	}
	p := Project(v)
	if o.Preview {
		// The preview's frame rate comes from a plan that reads no file.
		WithClipLengths(ctx, w.cfg.Assets.Media, v.UserID, p)
	}
	return w.cfg.Renderer.Render(ctx, p, w.cfg.Assets.Budgeted(v.UserID), o)
}
