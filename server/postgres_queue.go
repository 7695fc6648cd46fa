package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Enqueue queues one job exactly once; see Store.Enqueue. One transaction
// locks the user's row first (serialising the user's requests, so the
// credit and the queue cap are read and charged atomically), then does
// the guarded status transition on the video's row (a concurrent request
// waits for the lock, re-reads the row and finds it processing), charges
// the credit and inserts the job; the unique indexes jobs_one_render /
// jobs_one_preview refuse a duplicate even past the guard.
func (s *PostgresStore) Enqueue(ctx context.Context, req JobRequest) (*Job, error) {
	var job *Job
	var result error
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var credits *int64
		if err := tx.QueryRow(ctx, `SELECT credits FROM users WHERE id=$1 FOR UPDATE`, req.UserID).Scan(&credits); err != nil {
			return notFound(err)
		}
		active := func(where string) (*Job, error) {
			j := &Job{VideoID: req.VideoID}
			err := tx.QueryRow(ctx, `SELECT id, user_id, kind, attempts FROM jobs WHERE video_id=$1 AND `+where+` ORDER BY id LIMIT 1`,
				req.VideoID).Scan(&j.ID, &j.UserID, &j.Kind, &j.Attempts)
			if err != nil {
				return nil, notFound(err)
			}
			return j, nil
		}
		priority := PriorityRender
		switch req.Kind {
		case JobRender:
			err := pgAffected(tx.Exec(ctx, `UPDATE videos SET status='processing', progress=0, error='', app_id=$1, modified_on=$2
				WHERE id=$3 AND user_id=$4 AND status<>'processing'`, req.AppID, unix(req.Now), req.VideoID, req.UserID))
			if errors.Is(err, ErrNotFound) {
				var status string
				if e := tx.QueryRow(ctx, `SELECT status FROM videos WHERE id=$1 AND user_id=$2`, req.VideoID, req.UserID).Scan(&status); e != nil {
					return notFound(e)
				}
				j, e := active(`kind='render' AND state IN ('queued','running')`)
				if e != nil && !errors.Is(e, ErrNotFound) {
					return e
				}
				job, result = j, ErrAlreadyQueued
				return nil
			}
			if err != nil {
				return err
			}
		case JobPreview:
			priority = PriorityPreview
			if err := pgAffected(tx.Exec(ctx, `SELECT 1 FROM videos WHERE id=$1 AND user_id=$2 FOR UPDATE`, req.VideoID, req.UserID)); err != nil {
				return err
			}
			j, err := active(`kind='preview' AND state='queued'`)
			if err == nil {
				job, result = j, ErrAlreadyQueued
				return nil
			}
			if !errors.Is(err, ErrNotFound) {
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
				return ErrQueueFull
			}
		}
		charged := 0
		if req.Kind == JobRender && credits != nil {
			if *credits < 1 {
				return ErrNoCredits
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
			return fmt.Errorf("job for video %s: %w", req.VideoID, ErrAlreadyQueued)
		}
		if err != nil {
			return err
		}
		job = &Job{ID: id, VideoID: req.VideoID, UserID: req.UserID, Kind: req.Kind}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return job, result
}

// Claim marks the next queued job running and returns it: renders before
// previews, oldest first. SKIP LOCKED lets concurrent claimers take
// different jobs instead of queueing behind one row.
func (s *PostgresStore) Claim(ctx context.Context) (*Job, error) {
	var j Job
	err := s.pool.QueryRow(ctx, `UPDATE jobs SET state='running', attempts=attempts+1
		WHERE id=(SELECT id FROM jobs WHERE state='queued' ORDER BY priority, id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id, video_id, user_id, kind, attempts`).Scan(&j.ID, &j.VideoID, &j.UserID, &j.Kind, &j.Attempts)
	if err != nil {
		return nil, notFound(err)
	}
	return &j, nil
}

// Finish marks a job done, or failed with the reason; a failed job gives
// back the credit it still holds, in the same transaction (rows locked
// user, then job, as everywhere).
func (s *PostgresStore) Finish(ctx context.Context, jobID int64, failure string) error {
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
		return nil
	})
}

// QueueDepth counts queued and running jobs.
func (s *PostgresStore) QueueDepth(ctx context.Context) (queued, running int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT COUNT(*) FILTER (WHERE state='queued'), COUNT(*) FILTER (WHERE state='running') FROM jobs`).Scan(&queued, &running)
	return queued, running, err
}

// ---- callbacks ----

// EnqueueCallback stores a callback to deliver now.
func (s *PostgresStore) EnqueueCallback(ctx context.Context, url string, body []byte, now time.Time) error {
	if body == nil {
		body = []byte{}
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO callbacks(url, body, attempts, last_error, next_at) VALUES($1,$2,0,'',$3)`, url, body, now.UnixMilli())
	return err
}

// DueCallback claims the oldest due callback whose URL is not in skip,
// moving its next attempt to now+lease (see Store.DueCallback); SKIP
// LOCKED keeps concurrent claimers apart.
func (s *PostgresStore) DueCallback(ctx context.Context, now time.Time, lease time.Duration, skip []string) (*Callback, error) {
	args := []any{now.Add(lease).UnixMilli(), now.UnixMilli()}
	where := `next_at <= $2`
	if len(skip) > 0 {
		p := make([]string, len(skip))
		for i, u := range skip {
			args = append(args, u)
			p[i] = "$" + strconv.Itoa(len(args))
		}
		where += ` AND url NOT IN (` + strings.Join(p, ",") + `)`
	}
	var c Callback
	err := s.pool.QueryRow(ctx, `UPDATE callbacks SET next_at=$1
		WHERE id=(SELECT id FROM callbacks WHERE `+where+` ORDER BY next_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id, url, body, attempts`, args...).Scan(&c.ID, &c.URL, &c.Body, &c.Attempts)
	if err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// CallbackDone records the outcome of one delivery attempt.
func (s *PostgresStore) CallbackDone(ctx context.Context, id int64, failure string, next time.Time) error {
	if failure == "" || next.IsZero() {
		_, err := s.pool.Exec(ctx, `DELETE FROM callbacks WHERE id=$1`, id)
		return err
	}
	_, err := s.pool.Exec(ctx, `UPDATE callbacks SET attempts=attempts+1, last_error=$1, next_at=$2 WHERE id=$3`, failure, next.UnixMilli(), id)
	return err
}
