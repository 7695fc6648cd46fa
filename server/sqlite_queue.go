package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/reelkit/reel/server/model"
)

// ---- queue ----

// Enqueue queues one job exactly once; see Store.Enqueue. The whole check
// runs in one IMMEDIATE transaction (the connection's _txlock), so
// concurrent requests are serialised by SQLite's write lock, and the
// unique indexes jobs_one_render / jobs_one_preview refuse a duplicate
// even if a caller got past the status guard.
func (s *SQLiteStore) Enqueue(ctx context.Context, req model.JobRequest) (*model.Job, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	active := func(where string) (*model.Job, error) {
		j := &model.Job{VideoID: req.VideoID}
		err := tx.QueryRowContext(ctx, `SELECT id, user_id, kind, attempts FROM jobs WHERE video_id=? AND `+where+` ORDER BY id LIMIT 1`,
			req.VideoID).Scan(&j.ID, &j.UserID, &j.Kind, &j.Attempts)
		if err != nil {
			return nil, notFound(err)
		}
		return j, nil
	}
	priority := model.PriorityRender
	charged := 0
	switch req.Kind {
	case model.JobRender:
		// The guarded transition: only one request moves the video to
		// processing; the others find it there and take nothing.
		err := affected(tx.ExecContext(ctx, `UPDATE videos SET status='processing', progress=0, error='', app_id=?, modified_on=?
			WHERE id=? AND user_id=? AND status<>'processing'`, req.AppID, unix(req.Now), req.VideoID, req.UserID))
		if errors.Is(err, model.ErrNotFound) {
			var status string
			if e := tx.QueryRowContext(ctx, `SELECT status FROM videos WHERE id=? AND user_id=?`, req.VideoID, req.UserID).Scan(&status); e != nil {
				return nil, notFound(e)
			}
			j, e := active(`kind='render' AND state IN ('queued','running')`)
			if e != nil && !errors.Is(e, model.ErrNotFound) {
				return nil, e
			}
			return j, model.ErrAlreadyQueued
		}
		if err != nil {
			return nil, err
		}
	case model.JobPreview:
		priority = model.PriorityPreview
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM videos WHERE id=? AND user_id=?`, req.VideoID, req.UserID).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, model.ErrNotFound
		}
		j, err := active(`kind='preview' AND state='queued'`)
		if err == nil {
			return j, model.ErrAlreadyQueued
		}
		if !errors.Is(err, model.ErrNotFound) {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown job kind %q", req.Kind)
	}
	if req.MaxQueued > 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE user_id=? AND state='queued'`, req.UserID).Scan(&n); err != nil {
			return nil, err
		}
		if n >= req.MaxQueued {
			return nil, model.ErrQueueFull
		}
	}
	if req.Kind == model.JobRender {
		var credits sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT credits FROM users WHERE id=?`, req.UserID).Scan(&credits); err != nil {
			return nil, notFound(err)
		}
		if credits.Valid {
			if credits.Int64 < 1 {
				return nil, model.ErrNoCredits
			}
			if err := affected(tx.ExecContext(ctx, `UPDATE users SET credits=credits-1 WHERE id=? AND credits>=1`, req.UserID)); err != nil {
				return nil, err
			}
			charged = 1
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO jobs(video_id, user_id, kind, state, attempts, error, created_on, charged, priority) VALUES(?,?,?,'queued',0,'',?,?,?)`,
		req.VideoID, req.UserID, req.Kind, unix(req.Now), charged, priority)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return nil, fmt.Errorf("job for video %s: %w", req.VideoID, model.ErrAlreadyQueued)
		}
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	job := &model.Job{ID: id, VideoID: req.VideoID, UserID: req.UserID, Kind: req.Kind}
	rid, err := s.q.insertJob(ctx, tx, job, riverAttempts)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE jobs SET river_id=? WHERE id=?`, rid, id); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return job, nil
}

// StartJob marks a ledger job running for one more attempt and returns
// it; ErrNotFound when it is finished (done, failed, its video deleted)
// or missing, so its River job has nothing left to do.
func (s *SQLiteStore) StartJob(ctx context.Context, jobID int64) (*model.Job, error) {
	var j model.Job
	err := s.db.QueryRowContext(ctx, `UPDATE jobs SET state='running', attempts=attempts+1
		WHERE id=? AND state IN ('queued','running')
		RETURNING id, video_id, user_id, kind, attempts`, jobID).Scan(&j.ID, &j.VideoID, &j.UserID, &j.Kind, &j.Attempts)
	if err != nil {
		return nil, notFound(err)
	}
	return &j, nil
}

// Finish marks a job done, or failed with the reason; a failed job gives
// back the credit it still holds, in the same transaction.
func (s *SQLiteStore) Finish(ctx context.Context, jobID int64, failure string, cb *model.CallbackRequest) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	state := "done"
	if failure != "" {
		state = "failed"
	}
	var userID string
	var charged int
	if err := tx.QueryRowContext(ctx, `SELECT user_id, charged FROM jobs WHERE id=?`, jobID).Scan(&userID, &charged); err != nil {
		return notFound(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE jobs SET state=?, error=?, charged=0 WHERE id=?`, state, failure, jobID); err != nil {
		return err
	}
	if failure != "" && charged == 1 {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET credits=credits+1 WHERE id=? AND credits IS NOT NULL`, userID); err != nil {
			return err
		}
	}
	if cb != nil {
		if err := s.q.insertCallback(ctx, tx, cb.URL, cb.Body, cb.Attempts); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// QueueDepth counts queued and running jobs.
func (s *SQLiteStore) QueueDepth(ctx context.Context) (queued, running int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(state='queued'),0), COALESCE(SUM(state='running'),0) FROM jobs`).Scan(&queued, &running)
	return queued, running, err
}

// ---- callbacks ----

// EnqueueCallback queues one callback delivery (a River job).
func (s *SQLiteStore) EnqueueCallback(ctx context.Context, cb model.CallbackRequest) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.q.insertCallback(ctx, tx, cb.URL, cb.Body, cb.Attempts); err != nil {
		return err
	}
	return tx.Commit()
}

// ---- River ----

// StartQueue runs this process's River workers; see Store.StartQueue.
// SQLite has one process: jobs another process left running are its
// own, from before a restart, and are rescued at once.
func (s *SQLiteStore) StartQueue(ctx context.Context, r JobRunner, o QueueOptions) (func(context.Context) error, error) {
	o.RescueAll = true
	return s.q.start(ctx, r, o)
}

// adopt moves what older versions queued into River: ledger jobs that
// are queued or running without a River job, and the callbacks table.
func (s *SQLiteStore) adopt(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, video_id, user_id, kind FROM jobs WHERE river_id IS NULL AND state IN ('queued','running') ORDER BY id`)
	if err != nil {
		return err
	}
	jobs, err := readLedgerJobs(rows)
	rows.Close()
	if err != nil {
		return err
	}
	crows, err := tx.QueryContext(ctx, `SELECT url, body, attempts FROM callbacks ORDER BY id`)
	if err != nil {
		return err
	}
	cbs, err := readOldCallbacks(crows)
	crows.Close()
	if err != nil {
		return err
	}
	link := func(jobID, riverID int64) error {
		_, err := tx.ExecContext(ctx, `UPDATE jobs SET river_id=? WHERE id=?`, riverID, jobID)
		return err
	}
	if err := s.q.adopt(ctx, tx, jobs, link, cbs); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM callbacks`); err != nil {
		return err
	}
	return tx.Commit()
}

// heartbeat records that p is alive.
func (s *SQLiteStore) heartbeat(ctx context.Context, p model.Process) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO processes(id, role, host, pid, started_on, seen_on, renders) VALUES(?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET seen_on=excluded.seen_on`,
		p.ID, p.Role, p.Host, p.PID, p.StartedOn.UnixMilli(), p.SeenOn.UnixMilli(), p.Renders)
	return err
}

// forgetProcess removes a stopped process from the liveness table.
func (s *SQLiteStore) forgetProcess(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM processes WHERE id=?`, id)
	return err
}

// pruneProcesses: see liveness.
func (s *SQLiteStore) pruneProcesses(ctx context.Context, before time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM processes WHERE seen_on < ?`, before.UnixMilli())
	return err
}

// rescueOrphans: see liveness. River keeps the clients that attempted a
// job as a JSON array; the last one is the one running it.
func (s *SQLiteStore) rescueOrphans(ctx context.Context, self string, staleBefore time.Time) (int, error) {
	return rowsAffected(s.db.ExecContext(ctx, `UPDATE river_job SET state='available', scheduled_at=datetime('now','subsec')
		WHERE state='running' AND COALESCE(json_extract(attempted_by, '$[#-1]'),'') <> ?
		AND NOT EXISTS(SELECT 1 FROM processes p WHERE p.id=json_extract(river_job.attempted_by, '$[#-1]') AND p.seen_on >= ?)`,
		self, staleBefore.UnixMilli()))
}

// QueueStats counts River's unfinished jobs by queue and state and the
// live processes by role (seen since liveSince).
func (s *SQLiteStore) QueueStats(ctx context.Context, liveSince time.Time) (model.QueueStats, error) {
	jobs, err := s.db.QueryContext(ctx, sqlRiverJobCounts)
	if err != nil {
		return model.QueueStats{}, err
	}
	defer jobs.Close()
	live, err := s.db.QueryContext(ctx, fmt.Sprintf(sqlLiveProcesses, "?"), liveSince.UnixMilli())
	if err != nil {
		return model.QueueStats{}, err
	}
	defer live.Close()
	return readQueueStats(jobs, live)
}

func rowsAffected(res sql.Result, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
