package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/reelkit/reel/server/model"
)

// Enqueue queues one job exactly once; see store.Ledger. One transaction
// locks the user's row first (serialising the user's requests, so the
// credit and the queue cap are read and charged atomically), then does
// the guarded status transition on the video's row (a concurrent request
// waits for the lock, re-reads the row and finds it processing), charges
// the credit and inserts the ledger job with its River job; the unique
// indexes jobs_one_render / jobs_one_preview refuse a duplicate even past
// the guard.
func (s *Store) Enqueue(ctx context.Context, req model.JobRequest) (*model.Job, error) {
	var job *model.Job
	var result error
	err := s.inTx(ctx, func(tx Tx) error {
		var credits sql.NullInt64
		if err := tx.QueryRow(ctx, `SELECT credits FROM users WHERE id=$1`+s.d.LockRows, req.UserID).Scan(&credits); err != nil {
			return notFound(err)
		}
		active, err := s.admit(ctx, tx, req)
		if errors.Is(err, model.ErrAlreadyQueued) {
			job, result = active, err
			return nil
		}
		if err != nil {
			return err
		}
		if req.MaxQueued > 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE user_id=$1 AND state='queued'`, req.UserID).Scan(&n); err != nil {
				return err
			}
			if n >= req.MaxQueued {
				return model.ErrQueueFull
			}
		}
		charged := 0
		if req.Kind == model.JobRender && credits.Valid {
			if credits.Int64 < 1 {
				return model.ErrNoCredits
			}
			if err := affected(tx.Exec(ctx, `UPDATE users SET credits=credits-1 WHERE id=$1 AND credits>=1`, req.UserID)); err != nil {
				return err
			}
			charged = 1
		}
		priority := model.PriorityRender
		if req.Kind == model.JobPreview {
			priority = model.PriorityPreview
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO jobs(video_id, user_id, kind, state, attempts, error, created_on, charged, priority)
			VALUES($1,$2,$3,'queued',0,'',$4,$5,$6) RETURNING id`,
			req.VideoID, req.UserID, req.Kind, unix(req.Now), charged, priority).Scan(&id)
		if err != nil && s.d.IsUniqueViolation(err) {
			return fmt.Errorf("job for video %s: %w", req.VideoID, model.ErrAlreadyQueued)
		}
		if err != nil {
			return err
		}
		job = &model.Job{ID: id, VideoID: req.VideoID, UserID: req.UserID, Kind: req.Kind}
		var ahead int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE user_id=$1 AND kind=$2 AND state='queued' AND id<>$3`,
			req.UserID, req.Kind, id).Scan(&ahead); err != nil {
			return err
		}
		rid, err := tx.InsertJob(ctx, job, ahead)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE jobs SET river_id=$1 WHERE id=$2`, rid, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return job, result
}

// admit checks, inside Enqueue's transaction, that req may add a job to
// its video: a render moves the video to processing (the guarded
// transition: only one request does; the others find it processing and
// get model.ErrAlreadyQueued with the active render); a preview locks the
// video's row and joins a preview still queued (model.ErrAlreadyQueued).
func (s *Store) admit(ctx context.Context, tx Tx, req model.JobRequest) (*model.Job, error) {
	active := func(where string) (*model.Job, error) {
		j := &model.Job{VideoID: req.VideoID}
		err := tx.QueryRow(ctx, `SELECT id, user_id, kind, attempts FROM jobs WHERE video_id=$1 AND `+where+` ORDER BY id LIMIT 1`,
			req.VideoID).Scan(&j.ID, &j.UserID, &j.Kind, &j.Attempts)
		if err != nil {
			return nil, notFound(err)
		}
		return j, nil
	}
	switch req.Kind {
	case model.JobRender:
		err := affected(tx.Exec(ctx, `UPDATE videos SET status='processing', progress=0, error='', app_id=$1, modified_on=$2
			WHERE id=$3 AND user_id=$4 AND status<>'processing'`, req.AppID, unix(req.Now), req.VideoID, req.UserID))
		if !errors.Is(err, model.ErrNotFound) {
			return nil, err
		}
		var status string
		if e := tx.QueryRow(ctx, `SELECT status FROM videos WHERE id=$1 AND user_id=$2`, req.VideoID, req.UserID).Scan(&status); e != nil {
			return nil, notFound(e)
		}
		j, e := active(`kind='render' AND state IN ('queued','running')`)
		if e != nil && !errors.Is(e, model.ErrNotFound) {
			return nil, e
		}
		return j, model.ErrAlreadyQueued
	case model.JobPreview:
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM videos WHERE id=$1 AND user_id=$2`+s.d.LockRows, req.VideoID, req.UserID).Scan(&one); err != nil {
			return nil, notFound(err)
		}
		j, err := active(`kind='preview' AND state='queued'`)
		if err == nil {
			return j, model.ErrAlreadyQueued
		}
		if !errors.Is(err, model.ErrNotFound) {
			return nil, err
		}
		return nil, nil
	default:
		return nil, fmt.Errorf("unknown job kind %q", req.Kind)
	}
}

// StartJob marks a ledger job running for one more attempt and returns
// it; model.ErrNotFound when it is finished (done, failed, its video
// deleted) or missing, so its River job has nothing left to do.
func (s *Store) StartJob(ctx context.Context, jobID int64) (*model.Job, error) {
	var j model.Job
	err := s.db.QueryRow(ctx, `UPDATE jobs SET state='running', attempts=attempts+1
		WHERE id=$1 AND state IN ('queued','running')
		RETURNING id, video_id, user_id, kind, attempts`, jobID).Scan(&j.ID, &j.VideoID, &j.UserID, &j.Kind, &j.Attempts)
	if err != nil {
		return nil, notFound(err)
	}
	return &j, nil
}

// Finish marks a job done, or failed with the reason; a failed job gives
// back the credit it still holds, in the same transaction (rows locked
// user, then job, as everywhere), and cb is queued in it too.
func (s *Store) Finish(ctx context.Context, jobID int64, failure string, cb *model.CallbackRequest) error {
	state := "done"
	if failure != "" {
		state = "failed"
	}
	return s.inTx(ctx, func(tx Tx) error {
		var userID string
		if err := tx.QueryRow(ctx, `SELECT user_id FROM jobs WHERE id=$1`, jobID).Scan(&userID); err != nil {
			return notFound(err)
		}
		if err := s.lockUser(ctx, tx, userID); err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		var charged int
		if err := tx.QueryRow(ctx, `SELECT charged FROM jobs WHERE id=$1`+s.d.LockRows, jobID).Scan(&charged); err != nil {
			return notFound(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE jobs SET state=$1, error=$2, charged=0 WHERE id=$3`, state, failure, jobID); err != nil {
			return err
		}
		if failure != "" && charged == 1 {
			if _, err := tx.Exec(ctx, `UPDATE users SET credits=credits+1 WHERE id=$1 AND credits IS NOT NULL`, userID); err != nil {
				return err
			}
		}
		if cb != nil {
			return tx.InsertCallback(ctx, *cb)
		}
		return nil
	})
}

// QueueDepth counts queued and running ledger jobs.
func (s *Store) QueueDepth(ctx context.Context) (queued, running int, err error) {
	err = s.db.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN state='queued' THEN 1 ELSE 0 END),0),
		COALESCE(SUM(CASE WHEN state='running' THEN 1 ELSE 0 END),0) FROM jobs`).Scan(&queued, &running)
	return queued, running, err
}

// EnqueueCallback queues one callback delivery (a River job).
func (s *Store) EnqueueCallback(ctx context.Context, cb model.CallbackRequest) error {
	return s.inTx(ctx, func(tx Tx) error { return tx.InsertCallback(ctx, cb) })
}
