package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
)

// Start runs the render workers and the callback sender until Shutdown (or
// until ctx ends).
func (s *Server) Start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop != nil {
		return
	}
	ctx, s.stop = context.WithCancel(ctx)
	// renderCtx outlives ctx: Shutdown lets running renders finish until
	// its own deadline, then cancels them.
	var renderCtx context.Context
	renderCtx, s.abort = context.WithCancel(context.WithoutCancel(ctx))
	if s.cfg.Renderer != nil {
		for i := 0; i < s.cfg.Workers; i++ {
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.worker(ctx, renderCtx)
			}()
		}
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.callbackLoop(ctx)
	}()
}

// Shutdown stops taking jobs and waits for running renders to finish (the
// drain). When ctx ends first, running renders are cancelled and left in
// the queue, so the next start runs them again. From its first moment
// /readyz answers 503; the HTTP handler keeps serving everything else, so
// the caller should close its listener only after Shutdown returns.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	s.mu.Lock()
	stop, abort := s.stop, s.abort
	s.mu.Unlock()
	if stop == nil {
		return nil
	}
	stop()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		abort()
		return nil
	case <-ctx.Done():
		abort()
		<-done
		return ctx.Err()
	}
}

func (s *Server) worker(ctx, renderCtx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		if ctx.Err() != nil {
			return
		}
		job, err := s.store.Claim(ctx)
		if err == nil {
			s.run(renderCtx, job)
			continue
		}
		if !errors.Is(err, ErrNotFound) && ctx.Err() == nil {
			s.log.Error("claim job", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-tick.C:
		}
	}
}

// cancelRender stops the render of video id, if one is running.
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

// run renders one job and records the outcome.
func (s *Server) run(ctx context.Context, job *Job) {
	log := s.log.With("job", job.ID, "video", job.VideoID, "kind", job.Kind, "attempt", job.Attempts)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	s.mu.Lock()
	s.running[job.VideoID] = func() { cancel(errDeleted) }
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.running, job.VideoID)
		s.mu.Unlock()
	}()

	v, err := s.store.Video(ctx, job.UserID, job.VideoID)
	switch {
	case errors.Is(err, ErrNotFound):
		log.Warn("job for a missing video", "err", err)
		s.finish(job, "video not found")
		return
	case err != nil && ctx.Err() != nil:
		// Shutdown deadline before the render began: leave the job
		// running; the next start queues it again.
		log.Warn("render interrupted by shutdown before it started; it will run again on restart")
		return
	case err != nil:
		s.fail(log, job, &Video{ID: job.VideoID, UserID: job.UserID}, fmt.Errorf("load video: %w", err))
		return
	}
	if job.Attempts > s.cfg.JobAttempts {
		// Every earlier start ended with the process gone (a crash, a
		// kill, a drain deadline): running it again could crash again.
		s.fail(log, job, v, fmt.Errorf("render was interrupted %d times (the server stopped or crashed during it); giving up", job.Attempts-1))
		return
	}
	dir, err := os.MkdirTemp(s.cfg.WorkDir, "render-"+v.ID+"-")
	if err != nil {
		s.fail(log, job, v, fmt.Errorf("work dir: %w", err))
		return
	}
	defer os.RemoveAll(dir)

	start := time.Now()
	var mu sync.Mutex
	var lastSave time.Time
	progress := func(f float64) {
		mu.Lock()
		defer mu.Unlock()
		if now := time.Now(); job.Kind == JobRender && now.Sub(lastSave) >= 250*time.Millisecond {
			lastSave = now
			s.store.SetProgress(context.WithoutCancel(ctx), v.ID, 100*f)
		}
	}
	log.Info("render start")
	out, err := s.render(ctx, log, v, RenderOptions{Dir: dir, Preview: job.Kind == JobPreview, Progress: progress})
	secs := time.Since(start).Seconds()
	if err != nil {
		switch {
		case errors.Is(context.Cause(ctx), errDeleted):
			log.Info("render cancelled: video deleted")
			s.finish(job, "video deleted")
		case ctx.Err() != nil:
			// Shutdown deadline: leave the job running; the next start
			// queues it again.
			log.Warn("render interrupted by shutdown; it will run again on restart")
		default:
			s.fail(log, job, v, err)
		}
		return
	}
	s.metrics.renderSecs.add(secs)
	s.metrics.renderFrames.Add(int64(out.Frames))
	if secs > 0 {
		s.metrics.lastFPS.set(float64(out.Frames) / secs)
	}
	if err := s.publish(context.WithoutCancel(ctx), job, v, out); err != nil {
		s.fail(log, job, v, err)
		return
	}
	s.metrics.rendersOK.Add(1)
	log.Info("render done", "seconds", secs, "frames", out.Frames, "fps", float64(out.Frames)/secs)
}

// render runs the Renderer, turning a panic into an error so that one bad
// project fails its video instead of taking the server down.
func (s *Server) render(ctx context.Context, log *slog.Logger, v *Video, o RenderOptions) (out *RenderOutput, err error) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("render panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			out, err = nil, fmt.Errorf("internal error: render panicked: %v", p)
		}
	}()
	return s.cfg.Renderer.Render(ctx, project(v), resolver{s: s, userID: v.UserID, budget: true}, o)
}

// publish moves the files into the blob store and publishes the video.
func (s *Server) publish(ctx context.Context, job *Job, v *Video, out *RenderOutput) error {
	// Stamp keys per job so a re-render never overwrites files being served.
	prefix := "videos/" + v.ID + "/" + strconv.FormatInt(job.ID, 10) + "-"
	rends := map[int]Rendition{}
	var keys []string
	for _, f := range out.Files {
		q := strconv.Itoa(f.Quality)
		rd := Rendition{Blob: prefix + q + ".mp4"}
		n, err := putFile(ctx, s.blobs, rd.Blob, f.Video)
		if err != nil {
			return err
		}
		keys = append(keys, rd.Blob)
		rd.Size = n
		if f.Thumbnail != "" {
			rd.ThumbBlob = prefix + q + ".jpg"
			if rd.ThumbSize, err = putFile(ctx, s.blobs, rd.ThumbBlob, f.Thumbnail); err != nil {
				return err
			}
			keys = append(keys, rd.ThumbBlob)
		}
		rends[f.Quality] = rd
	}
	var cur *Video
	var old Video
	for attempt := 0; ; attempt++ {
		// Re-read: the user may have deleted the video meanwhile, or
		// queued a render (a preview's video can change status).
		var err error
		cur, err = s.store.Video(ctx, v.UserID, v.ID)
		if err != nil {
			for _, k := range keys {
				s.blobs.Delete(ctx, k)
			}
			s.finish(job, "video deleted")
			return nil
		}
		old = *cur
		if job.Kind == JobPreview {
			p := rends[144]
			cur.Preview = &p
		} else {
			cur.Status = StatusPublished
			cur.Renditions = rends
			cur.Duration = out.Duration
			cur.Progress = 100
			cur.Error = ""
			cur.Warnings = out.Warnings
			cur.ModifiedOn = s.now()
		}
		err = s.store.UpdateVideo(ctx, cur)
		if errors.Is(err, ErrConflict) && attempt < 5 {
			continue
		}
		if err != nil {
			return err
		}
		break
	}
	s.finish(job, "")
	if job.Kind == JobPreview {
		if old.Preview != nil {
			s.deleteRendition(ctx, *old.Preview)
		}
	} else {
		for _, rd := range old.Renditions {
			s.deleteRendition(ctx, rd)
		}
	}
	s.callback(ctx, cur, job.Kind, "")
	return nil
}

func putFile(ctx context.Context, b Blobs, key, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return b.Put(ctx, key, f)
}

func (s *Server) finish(job *Job, failure string) {
	if err := s.store.Finish(context.Background(), job.ID, failure); err != nil {
		s.log.Error("finish job", "job", job.ID, "err", err)
	}
}

// fail records a failed render: the video's status and reason, the job,
// the refunded credit and the callback.
func (s *Server) fail(log interface{ Error(string, ...any) }, job *Job, v *Video, cause error) {
	ctx := context.Background()
	log.Error("render failed", "err", cause)
	s.metrics.rendersFailed.Add(1)
	reason := cause.Error()
	// Finish refunds the credit before the status changes: a client that
	// sees "failed" sees its credit back too.
	s.finish(job, reason)
	if job.Kind == JobRender {
		for attempt := 0; attempt <= 5; attempt++ {
			cur, err := s.store.Video(ctx, v.UserID, v.ID)
			if err != nil {
				break // deleted meanwhile
			}
			// A failed re-render of a published video keeps the
			// previous renditions published (their URLs keep working)
			// and records why in Error (last_render_error).
			cur.Status = StatusFailed
			if len(cur.Renditions) > 0 {
				cur.Status = StatusPublished
			}
			cur.Error = reason
			cur.Progress = 0
			cur.ModifiedOn = s.now()
			err = s.store.UpdateVideo(ctx, cur)
			if errors.Is(err, ErrConflict) {
				continue
			}
			if err != nil {
				s.log.Error("record failure", "video", v.ID, "err", err)
			}
			v = cur
			break
		}
	}
	s.callback(ctx, v, job.Kind, reason)
}

func (s *Server) deleteRendition(ctx context.Context, rd Rendition) {
	s.blobs.Delete(ctx, rd.Blob)
	if rd.ThumbBlob != "" {
		s.blobs.Delete(ctx, rd.ThumbBlob)
	}
}

// deleteFiles removes every rendered file of v.
func (s *Server) deleteFiles(ctx context.Context, v *Video) {
	for _, rd := range v.Renditions {
		s.deleteRendition(ctx, rd)
	}
	if v.Preview != nil {
		s.deleteRendition(ctx, *v.Preview)
	}
}
