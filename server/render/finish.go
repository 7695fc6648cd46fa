package render

import (
	"context"
	"errors"

	"github.com/reelkit/reel/server/model"
)

// callback is Config.Callback's callback for a finished job of v, or
// nil.
func (w *Worker) callback(v *model.Video, kind, failure string) *model.CallbackRequest {
	if w.cfg.Callback == nil {
		return nil
	}
	return w.cfg.Callback(v, kind, failure)
}

// finish records a job's end in the ledger, with its callback (nil: none)
// in the same transaction.
func (w *Worker) finish(job *model.Job, failure string, cb *model.CallbackRequest) {
	if err := w.store.Finish(context.Background(), job.ID, failure, cb); err != nil {
		w.log.Error("finish job", "job", job.ID, "err", err)
	}
}

// fail records a failed render: the job and its refunded credit and
// callback, then the video's status and reason.
func (w *Worker) fail(log interface{ Error(string, ...any) }, job *model.Job, v *model.Video, cause error) {
	ctx := context.Background()
	log.Error("render failed", "err", cause)
	w.metrics.Failed()
	reason := cause.Error()
	if cur, err := w.store.Video(ctx, v.UserID, v.ID); err == nil {
		v = cur // the app to call back is the current one
	}
	// Finish refunds the credit before the status changes: a client that
	// sees "failed" sees its credit back too.
	w.finish(job, reason, w.callback(v, job.Kind, reason))
	if job.Kind == model.JobRender {
		for attempt := 0; attempt <= 5; attempt++ {
			cur, err := w.store.Video(ctx, v.UserID, v.ID)
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
			cur.ModifiedOn = w.now()
			err = w.store.UpdateVideo(ctx, cur)
			if errors.Is(err, model.ErrConflict) {
				continue
			}
			if err != nil {
				w.log.Error("record failure", "video", v.ID, "err", err)
			}
			break
		}
	}
}
