package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/callback"
	"github.com/reelkit/reel/server/model"
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
		ProcessID:  queue.NewProcessID(s.cfg.Role),
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
	s.processID = o.ProcessID
	stop, err := s.store.StartQueue(ctx, s, o)
	if err != nil {
		return fmt.Errorf("start the job queue: %w", err)
	}
	s.stopQueue = stop
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

// cancelRender stops the render of video id, if one is running in this
// process (one running elsewhere notices the deletion itself).
func (s *Server) cancelRender(id string) {
	s.mu.Lock()
	cancel := s.running[id]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// errDeleted marks a render cancelled because its video was deleted.
var errDeleted = errors.New("video deleted")

// RunJob runs one render or preview job for the queue (JobRunner): the
// ledger job is started (counted) and rendered. A failure of the render
// itself fails the video at once; a transient fault (the database or the
// blob store) is returned, for River to retry with backoff, except on the
// last attempt, which fails the video.
func (s *Server) RunJob(ctx context.Context, jobID int64, attempt, maxAttempts int) error {
	job, err := s.store.StartJob(ctx, jobID)
	if errors.Is(err, model.ErrNotFound) {
		// Finished meanwhile (its video deleted, a duplicate): drop
		// what a split render of it left if its process died.
		s.dropSegments(ctx, jobID)
		return nil
	}
	if err != nil {
		if ctx.Err() != nil {
			return queue.ErrInterrupted
		}
		return fmt.Errorf("start job %d: %w", jobID, err)
	}
	return s.run(ctx, job, attempt >= maxAttempts)
}

// JobDone records a finished job's latency (JobRunner).
func (s *Server) JobDone(queue string, latency time.Duration) {
	s.metrics.latency.observe(queue, latency.Seconds())
}

// run renders one job and records the outcome; see RunJob.
func (s *Server) run(ctx context.Context, job *model.Job, last bool) error {
	log := s.log.With("job", job.ID, "video", job.VideoID, "kind", job.Kind, "attempt", job.Attempts)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if job.Kind == model.JobRender {
		// A split render's segments (this attempt's or an earlier
		// one's) are temporary, whatever the outcome.
		defer s.dropSegments(ctx, job.ID)
	}
	s.mu.Lock()
	s.running[job.VideoID] = func() { cancel(errDeleted) }
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.running, job.VideoID)
		s.mu.Unlock()
	}()
	transient := func(err error) error {
		if last {
			s.fail(log, job, &model.Video{ID: job.VideoID, UserID: job.UserID}, err)
			return nil
		}
		log.Warn("job will be retried", "err", err)
		return err
	}

	v, err := s.store.Video(ctx, job.UserID, job.VideoID)
	switch {
	case errors.Is(err, model.ErrNotFound):
		log.Warn("job for a missing video", "err", err)
		s.finish(job, "video not found", nil)
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
		s.finish(job, "", s.callbackFor(v, job.Kind, ""))
		return nil
	}
	if job.Attempts > s.cfg.JobAttempts {
		// Every earlier start ended with the process gone (a crash, a
		// kill, a drain deadline): running it again could crash again.
		s.fail(log, job, v, fmt.Errorf("render was interrupted %d times (the server stopped or crashed during it); giving up", job.Attempts-1))
		return nil
	}
	dir, err := os.MkdirTemp(s.cfg.WorkDir, "render-"+v.ID+"-")
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
			s.store.SetProgress(context.WithoutCancel(ctx), v.ID, 100*f)
		}
		if now.Sub(lastCheck) >= time.Second {
			// A delete through another process cannot reach this one's
			// cancel: notice it here.
			lastCheck = now
			if _, err := s.store.VideoByID(ctx, v.ID); errors.Is(err, model.ErrNotFound) {
				cancel(errDeleted)
			}
		}
	}
	log.Info("render start")
	out, err := s.render(ctx, log, job, v, render.Options{Dir: dir, Preview: job.Kind == model.JobPreview, Progress: progress})
	secs := time.Since(start).Seconds()
	if err != nil {
		switch {
		case errors.Is(context.Cause(ctx), errDeleted):
			log.Info("render cancelled: video deleted")
			s.finish(job, "video deleted", nil)
			return nil
		case ctx.Err() != nil:
			log.Warn("render interrupted by shutdown; it will run again")
			return queue.ErrInterrupted
		default:
			s.fail(log, job, v, err)
			return nil
		}
	}
	s.metrics.renderSecs.add(secs)
	s.metrics.renderFrames.Add(int64(out.Frames))
	if secs > 0 {
		s.metrics.lastFPS.set(float64(out.Frames) / secs)
	}
	if err := s.publish(context.WithoutCancel(ctx), job, v, out); err != nil {
		return transient(err)
	}
	s.metrics.rendersOK.Add(1)
	log.Info("render done", "seconds", secs, "frames", out.Frames, "fps", float64(out.Frames)/secs)
	return nil
}

// jobBlobPrefix is where a job's rendered files go: stamped per job, so a
// re-render never overwrites files being served.
func jobBlobPrefix(job *model.Job) string {
	return "videos/" + job.VideoID + "/" + strconv.FormatInt(job.ID, 10) + "-"
}

// publishedBy reports whether job already published v (its files are
// the ones v serves).
func publishedBy(v *model.Video, job *model.Job) bool {
	prefix := jobBlobPrefix(job)
	if job.Kind == model.JobPreview {
		return v.Preview != nil && strings.HasPrefix(v.Preview.Blob, prefix)
	}
	for _, rd := range v.Renditions {
		if strings.HasPrefix(rd.Blob, prefix) {
			return v.Status == model.StatusPublished
		}
	}
	return false
}

// render runs the Renderer, turning a panic into an error so that one bad
// project fails its video instead of taking the server down.
func (s *Server) render(ctx context.Context, log *slog.Logger, job *model.Job, v *model.Video, o render.Options) (out *render.Output, err error) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("render panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			out, err = nil, fmt.Errorf("internal error: render panicked: %v", p)
		}
	}()
	if job.Kind == model.JobRender {
		if sp, count := s.splitCount(ctx, log, v); count > 1 {
			return s.renderSplit(ctx, log, job, v, o, sp, count)
		}
	}
	return s.cfg.Renderer.Render(ctx, render.Project(v), s.assets.Budgeted(v.UserID), o)
}

// publish moves the files into the blob store and publishes the video;
// an error (the blob store or database unreachable) leaves no file
// behind and is retried.
func (s *Server) publish(ctx context.Context, job *model.Job, v *model.Video, out *render.Output) error {
	prefix := jobBlobPrefix(job)
	rends := map[int]model.Rendition{}
	// Until the video names them, the files are this attempt's alone:
	// any way out but publishing deletes them.
	var keys []string
	published := false
	defer func() {
		if !published {
			for _, k := range keys {
				s.blobs.Delete(ctx, k)
			}
		}
	}()
	for _, f := range out.Files {
		q := strconv.Itoa(f.Quality)
		rd := model.Rendition{Blob: prefix + q + ".mp4"}
		keys = append(keys, rd.Blob)
		n, err := putFile(ctx, s.blobs, rd.Blob, f.Video)
		if err != nil {
			return err
		}
		rd.Size = n
		if f.Thumbnail != "" {
			rd.ThumbBlob = prefix + q + ".jpg"
			keys = append(keys, rd.ThumbBlob)
			if rd.ThumbSize, err = putFile(ctx, s.blobs, rd.ThumbBlob, f.Thumbnail); err != nil {
				return err
			}
		}
		rends[f.Quality] = rd
	}
	var cur *model.Video
	var old model.Video
	for attempt := 0; ; attempt++ {
		// Re-read: the user may have deleted the video meanwhile, or
		// queued a render (a preview's video can change status).
		var err error
		cur, err = s.store.Video(ctx, v.UserID, v.ID)
		if errors.Is(err, model.ErrNotFound) {
			s.finish(job, "video deleted", nil)
			return nil
		}
		if err != nil {
			return err
		}
		old = *cur
		if job.Kind == model.JobPreview {
			p := rends[144]
			cur.Preview = &p
		} else {
			cur.Status = model.StatusPublished
			cur.Renditions = rends
			cur.Duration = out.Duration
			cur.Progress = 100
			cur.Error = ""
			cur.Warnings = out.Warnings
			cur.ModifiedOn = s.now()
		}
		err = s.store.UpdateVideo(ctx, cur)
		if errors.Is(err, model.ErrConflict) && attempt < 5 {
			continue
		}
		if err != nil {
			return err
		}
		break
	}
	// Published: from here on the files belong to the video (a retry
	// finds them through publishedBy), so nothing may delete them.
	published = true
	s.finish(job, "", s.callbackFor(cur, job.Kind, ""))
	if job.Kind == model.JobPreview {
		if old.Preview != nil {
			s.deleteRendition(ctx, *old.Preview)
		}
	} else {
		for _, rd := range old.Renditions {
			s.deleteRendition(ctx, rd)
		}
	}
	return nil
}

func putFile(ctx context.Context, b blob.Store, key, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return b.Put(ctx, key, f)
}

// finish records a job's end in the ledger, with its callback (nil: none)
// in the same transaction.
func (s *Server) finish(job *model.Job, failure string, cb *model.CallbackRequest) {
	if err := s.store.Finish(context.Background(), job.ID, failure, cb); err != nil {
		s.log.Error("finish job", "job", job.ID, "err", err)
	}
}

// fail records a failed render: the job and its refunded credit and
// callback, then the video's status and reason.
func (s *Server) fail(log interface{ Error(string, ...any) }, job *model.Job, v *model.Video, cause error) {
	ctx := context.Background()
	log.Error("render failed", "err", cause)
	s.metrics.rendersFailed.Add(1)
	reason := cause.Error()
	if cur, err := s.store.Video(ctx, v.UserID, v.ID); err == nil {
		v = cur // the app to call back is the current one
	}
	// Finish refunds the credit before the status changes: a client that
	// sees "failed" sees its credit back too.
	s.finish(job, reason, s.callbackFor(v, job.Kind, reason))
	if job.Kind == model.JobRender {
		for attempt := 0; attempt <= 5; attempt++ {
			cur, err := s.store.Video(ctx, v.UserID, v.ID)
			if err != nil {
				break // deleted meanwhile
			}
			// A failed re-render of a published video keeps the
			// previous renditions published (their URLs keep working)
			// and records why in Error (last_render_error).
			cur.Status = model.StatusFailed
			if len(cur.Renditions) > 0 {
				cur.Status = model.StatusPublished
			}
			cur.Error = reason
			cur.Progress = 0
			cur.ModifiedOn = s.now()
			err = s.store.UpdateVideo(ctx, cur)
			if errors.Is(err, model.ErrConflict) {
				continue
			}
			if err != nil {
				s.log.Error("record failure", "video", v.ID, "err", err)
			}
			break
		}
	}
}

func (s *Server) deleteRendition(ctx context.Context, rd model.Rendition) {
	s.blobs.Delete(ctx, rd.Blob)
	if rd.ThumbBlob != "" {
		s.blobs.Delete(ctx, rd.ThumbBlob)
	}
}

// deleteFiles removes every rendered file of v.
func (s *Server) deleteFiles(ctx context.Context, v *model.Video) {
	for _, rd := range v.Renditions {
		s.deleteRendition(ctx, rd)
	}
	if v.Preview != nil {
		s.deleteRendition(ctx, *v.Preview)
	}
}
