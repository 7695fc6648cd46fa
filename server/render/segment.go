package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/reelkit/reel/server/model"
)

// RunSegment renders one segment of a split render for the segment
// queue (queue.JobRunner): claim its row (nothing to do when it is claimed,
// done or gone), render it, upload it under the claim's blob key and
// mark it done. A failure puts the row back for the coordinator, which
// renders it itself (and reports the error if it fails again); an
// upload that lost its claim meanwhile is deleted. It never asks River
// to retry: the row, not the River job, is the work.
func (w *Worker) RunSegment(ctx context.Context, jobID int64, videoID string, key model.SegmentKey, count int) error {
	sr, ok := w.cfg.Renderer.(SplitRenderer)
	if !ok {
		return nil
	}
	token := newClaimToken()
	seg, err := w.store.ClaimSegment(ctx, key, jobID, w.cfg.ProcessID, token)
	if err != nil {
		return nil // taken, done or dropped (or the database is down: the coordinator takes it)
	}
	log := w.log.With("job", jobID, "video", videoID, "segment", fmt.Sprintf("%d/%d", key.Index, count), "quality", key.Quality)
	uploaded := false
	fail := func(err error) error {
		bg := context.WithoutCancel(ctx)
		if uploaded {
			w.blobs.Delete(bg, seg.Blob)
		}
		if rerr := w.store.ReleaseSegment(bg, key, jobID, token); rerr != nil && !errors.Is(rerr, model.ErrNotFound) {
			log.Error("release segment", "err", rerr)
		}
		if ctx.Err() == nil {
			log.Warn("segment failed; its coordinator will render it", "err", err)
		}
		return nil
	}
	v, err := w.store.VideoByID(ctx, videoID)
	if err != nil {
		return fail(err)
	}
	f, err := os.CreateTemp(w.cfg.WorkDir, "segment-*")
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	os.Remove(f.Name())
	start := time.Now()
	if err := sr.RenderSegment(ctx, Project(v), w.cfg.Assets.Budgeted(v.UserID), key.Quality, key.Index, count, f); err != nil {
		return fail(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	uploaded = true
	n, err := w.blobs.Put(ctx, seg.Blob, f)
	if err != nil {
		return fail(err)
	}
	if err := w.store.FinishSegment(context.WithoutCancel(ctx), key, jobID, token, n); err != nil {
		// Taken over (this process was thought dead) or dropped.
		w.blobs.Delete(context.WithoutCancel(ctx), seg.Blob)
		log.Warn("segment rendered after its claim was given up", "err", err)
		return nil
	}
	log.Info("segment done", "seconds", time.Since(start).Seconds(), "bytes", n)
	return nil
}
