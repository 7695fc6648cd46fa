package server

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/reelkit/reel/server/model"
)

// Enqueue queues one job exactly once; see Store.Enqueue. One transaction
// locks the user's row first (serialising the user's requests, so the
// credit and the queue cap are read and charged atomically), then does
// the guarded status transition on the video's row (a concurrent request
// waits for the lock, re-reads the row and finds it processing), charges
// the credit and inserts the job; the unique indexes jobs_one_render /
// jobs_one_preview refuse a duplicate even past the guard.
func (s *PostgresStore) Enqueue(ctx context.Context, req model.JobRequest) (*model.Job, error) {
	var job *model.Job
	var result error
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var credits *int64
		if err := tx.QueryRow(ctx, `SELECT credits FROM users WHERE id=$1 FOR UPDATE`, req.UserID).Scan(&credits); err != nil {
			return notFound(err)
		}
		active := func(where string) (*model.Job, error) {
			j := &model.Job{VideoID: req.VideoID}
			err := tx.QueryRow(ctx, `SELECT id, user_id, kind, attempts FROM jobs WHERE video_id=$1 AND `+where+` ORDER BY id LIMIT 1`,
				req.VideoID).Scan(&j.ID, &j.UserID, &j.Kind, &j.Attempts)
			if err != nil {
				return nil, notFound(err)
			}
			return j, nil
		}
		priority := model.PriorityRender
		switch req.Kind {
		case model.JobRender:
			err := pgAffected(tx.Exec(ctx, `UPDATE videos SET status='processing', progress=0, error='', app_id=$1, modified_on=$2
				WHERE id=$3 AND user_id=$4 AND status<>'processing'`, req.AppID, unix(req.Now), req.VideoID, req.UserID))
			if errors.Is(err, model.ErrNotFound) {
				var status string
				if e := tx.QueryRow(ctx, `SELECT status FROM videos WHERE id=$1 AND user_id=$2`, req.VideoID, req.UserID).Scan(&status); e != nil {
					return notFound(e)
				}
				j, e := active(`kind='render' AND state IN ('queued','running')`)
				if e != nil && !errors.Is(e, model.ErrNotFound) {
					return e
				}
				job, result = j, model.ErrAlreadyQueued
				return nil
			}
			if err != nil {
				return err
			}
		case model.JobPreview:
			priority = model.PriorityPreview
			if err := pgAffected(tx.Exec(ctx, `SELECT 1 FROM videos WHERE id=$1 AND user_id=$2 FOR UPDATE`, req.VideoID, req.UserID)); err != nil {
				return err
			}
			j, err := active(`kind='preview' AND state='queued'`)
			if err == nil {
				job, result = j, model.ErrAlreadyQueued
				return nil
			}
			if !errors.Is(err, model.ErrNotFound) {
				return err
			}
		default:
			return fmt.Errorf("unknown job kind %q", req.Kind)
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
		if req.Kind == model.JobRender && credits != nil {
			if *credits < 1 {
				return model.ErrNoCredits
			}
			if err := pgAffected(tx.Exec(ctx, `UPDATE users SET credits=credits-1 WHERE id=$1 AND credits>=1`, req.UserID)); err != nil {
				return err
			}
			charged = 1
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO jobs(video_id, user_id, kind, state, attempts, error, created_on, charged, priority)
			VALUES($1,$2,$3,'queued',0,'',$4,$5,$6) RETURNING id`,
			req.VideoID, req.UserID, req.Kind, unix(req.Now), charged, priority).Scan(&id)
		if isUniqueViolation(err) {
			return fmt.Errorf("job for video %s: %w", req.VideoID, model.ErrAlreadyQueued)
		}
		if err != nil {
			return err
		}
		job = &model.Job{ID: id, VideoID: req.VideoID, UserID: req.UserID, Kind: req.Kind}
		rid, err := s.q.insertJob(ctx, tx, job, riverAttempts)
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

// StartJob marks a ledger job running for one more attempt; see
// Store.StartJob.
func (s *PostgresStore) StartJob(ctx context.Context, jobID int64) (*model.Job, error) {
	var j model.Job
	err := s.pool.QueryRow(ctx, `UPDATE jobs SET state='running', attempts=attempts+1
		WHERE id=$1 AND state IN ('queued','running')
		RETURNING id, video_id, user_id, kind, attempts`, jobID).Scan(&j.ID, &j.VideoID, &j.UserID, &j.Kind, &j.Attempts)
	if err != nil {
		return nil, notFound(err)
	}
	return &j, nil
}

// Finish marks a job done, or failed with the reason; a failed job gives
// back the credit it still holds, in the same transaction (rows locked
// user, then job, as everywhere).
func (s *PostgresStore) Finish(ctx context.Context, jobID int64, failure string, cb *model.CallbackRequest) error {
	var userID string
	if err := s.pool.QueryRow(ctx, `SELECT user_id FROM jobs WHERE id=$1`, jobID).Scan(&userID); err != nil {
		return notFound(err)
	}
	state := "done"
	if failure != "" {
		state = "failed"
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id=$1 FOR UPDATE`, userID); err != nil {
			return err
		}
		var charged int
		if err := tx.QueryRow(ctx, `SELECT charged FROM jobs WHERE id=$1 FOR UPDATE`, jobID).Scan(&charged); err != nil {
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
			return s.q.insertCallback(ctx, tx, cb.URL, cb.Body, cb.Attempts)
		}
		return nil
	})
}

// QueueDepth counts queued and running jobs.
func (s *PostgresStore) QueueDepth(ctx context.Context) (queued, running int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT COUNT(*) FILTER (WHERE state='queued'), COUNT(*) FILTER (WHERE state='running') FROM jobs`).Scan(&queued, &running)
	return queued, running, err
}

// ---- callbacks ----

// EnqueueCallback queues one callback delivery (a River job).
func (s *PostgresStore) EnqueueCallback(ctx context.Context, cb model.CallbackRequest) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return s.q.insertCallback(ctx, tx, cb.URL, cb.Body, cb.Attempts)
	})
}

// ---- River ----

// StartQueue runs this process's River workers; see Store.StartQueue.
func (s *PostgresStore) StartQueue(ctx context.Context, r JobRunner, o QueueOptions) (func(context.Context) error, error) {
	return s.q.start(ctx, r, o)
}

// adopt moves what older versions queued into River (ledger jobs queued
// or running without a River job, and the callbacks table), inside the
// migration transaction.
func (s *PostgresStore) adopt(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT id, video_id, user_id, kind FROM jobs WHERE river_id IS NULL AND state IN ('queued','running') ORDER BY id FOR UPDATE`)
	if err != nil {
		return err
	}
	jobs, err := readLedgerJobs(rows)
	rows.Close()
	if err != nil {
		return err
	}
	crows, err := tx.Query(ctx, `DELETE FROM callbacks RETURNING url, body, attempts`)
	if err != nil {
		return err
	}
	cbs, err := readOldCallbacks(crows)
	crows.Close()
	if err != nil {
		return err
	}
	link := func(jobID, riverID int64) error {
		_, err := tx.Exec(ctx, `UPDATE jobs SET river_id=$1, state='queued' WHERE id=$2`, riverID, jobID)
		return err
	}
	return s.q.adopt(ctx, tx, jobs, link, cbs)
}

// heartbeat records that p is alive.
func (s *PostgresStore) heartbeat(ctx context.Context, p model.Process) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO processes(id, role, host, pid, started_on, seen_on, renders) VALUES($1,$2,$3,$4,$5,$6,$7)
		ON CONFLICT(id) DO UPDATE SET seen_on=excluded.seen_on`,
		p.ID, p.Role, p.Host, p.PID, p.StartedOn.UnixMilli(), p.SeenOn.UnixMilli(), p.Renders)
	return err
}

// forgetProcess removes a stopped process from the liveness table.
func (s *PostgresStore) forgetProcess(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM processes WHERE id=$1`, id)
	return err
}

// pruneProcesses: see liveness.
func (s *PostgresStore) pruneProcesses(ctx context.Context, before time.Time) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM processes WHERE seen_on < $1`, before.UnixMilli())
	return err
}

// rescueOrphans: see liveness. The last element of River's attempted_by
// is the client (process) running the job.
func (s *PostgresStore) rescueOrphans(ctx context.Context, self string, staleBefore time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE river_job SET state='available', scheduled_at=now()
		WHERE state='running' AND COALESCE(attempted_by[array_length(attempted_by,1)],'') <> $1
		AND NOT EXISTS(SELECT 1 FROM processes p WHERE p.id=river_job.attempted_by[array_length(river_job.attempted_by,1)] AND p.seen_on >= $2)`,
		self, staleBefore.UnixMilli())
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}

// QueueStats counts River's unfinished jobs by queue and state and the
// processes seen since liveSince by role.
func (s *PostgresStore) QueueStats(ctx context.Context, liveSince time.Time) (model.QueueStats, error) {
	jobs, err := s.pool.Query(ctx, sqlRiverJobCounts)
	if err != nil {
		return model.QueueStats{}, err
	}
	defer jobs.Close()
	live, err := s.pool.Query(ctx, fmt.Sprintf(sqlLiveProcesses, "$1"), liveSince.UnixMilli())
	if err != nil {
		return model.QueueStats{}, err
	}
	defer live.Close()
	return readQueueStats(jobs, live)
}
