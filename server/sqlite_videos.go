package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/reelkit/reel/engine"
)

const videoCols = `id, user_id, app_id, name, status, style, quality, assets, credit, tags, duration, progress, error, renditions, preview, view, created_on, modified_on, warnings, aspect`

func scanVideo(row interface{ Scan(...any) error }) (*Video, error) {
	var v Video
	var assets, credit, tags, rends, preview, warnings string
	var created, modified int64
	if err := row.Scan(&v.ID, &v.UserID, &v.AppID, &v.Name, &v.Status, &v.Style, &v.Quality, &assets, &credit, &tags,
		&v.Duration, &v.Progress, &v.Error, &rends, &preview, &v.View, &created, &modified, &warnings, &v.Aspect); err != nil {
		return nil, notFound(err)
	}
	if err := json.Unmarshal([]byte(warnings), &v.Warnings); err != nil {
		return nil, fmt.Errorf("video %s warnings: %w", v.ID, err)
	}
	if err := json.Unmarshal([]byte(assets), &v.Assets); err != nil {
		return nil, fmt.Errorf("video %s assets: %w", v.ID, err)
	}
	if err := json.Unmarshal([]byte(credit), &v.Credit); err != nil {
		return nil, fmt.Errorf("video %s credit: %w", v.ID, err)
	}
	if err := json.Unmarshal([]byte(tags), &v.Tags); err != nil {
		return nil, fmt.Errorf("video %s tags: %w", v.ID, err)
	}
	var rm map[string]Rendition
	if err := json.Unmarshal([]byte(rends), &rm); err != nil {
		return nil, fmt.Errorf("video %s renditions: %w", v.ID, err)
	}
	if len(rm) > 0 {
		v.Renditions = make(map[int]Rendition, len(rm))
		for k, r := range rm {
			q, err := strconv.Atoi(k)
			if err != nil {
				return nil, fmt.Errorf("video %s rendition %q: %w", v.ID, k, err)
			}
			v.Renditions[q] = r
		}
	}
	if preview != "" && preview != "null" {
		v.Preview = new(Rendition)
		if err := json.Unmarshal([]byte(preview), v.Preview); err != nil {
			return nil, fmt.Errorf("video %s preview: %w", v.ID, err)
		}
	}
	v.CreatedOn = fromUnix(created)
	v.ModifiedOn = fromUnix(modified)
	v.readStatus = v.Status
	return &v, nil
}

func videoArgs(v *Video) ([]any, error) {
	assets := v.Assets
	if assets == nil {
		assets = []engine.Asset{}
	}
	credit := v.Credit
	if credit == nil {
		credit = []engine.Credit{}
	}
	tags := v.Tags
	if tags == nil {
		tags = []string{}
	}
	rm := make(map[string]Rendition, len(v.Renditions))
	for q, r := range v.Renditions {
		rm[strconv.Itoa(q)] = r
	}
	warnings := v.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	var out []any
	for _, x := range []any{assets, credit, tags, rm, v.Preview, warnings} {
		b, err := json.Marshal(x)
		if err != nil {
			return nil, err
		}
		out = append(out, string(b))
	}
	return []any{v.ID, v.UserID, v.AppID, v.Name, v.Status, v.Style, v.Quality, out[0], out[1], out[2],
		v.Duration, v.Progress, v.Error, out[3], out[4], v.View, unix(v.CreatedOn), unix(v.ModifiedOn), out[5], v.Aspect}, nil
}

// CreateVideo stores v.
func (s *SQLiteStore) CreateVideo(ctx context.Context, v *Video) error {
	args, err := videoArgs(v)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO videos(`+videoCols+`) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, args...)
	if err == nil {
		v.readStatus = v.Status
	}
	return err
}

// UpdateVideo overwrites every column of v except its owner, views and
// creation time, if the row's status is still the one v was read with
// (ErrConflict otherwise). A Video not read from the store has no such
// condition.
func (s *SQLiteStore) UpdateVideo(ctx context.Context, v *Video) error {
	args, err := videoArgs(v)
	if err != nil {
		return err
	}
	cols := strings.Split(videoCols, ", ")
	var sets []string
	var vals []any
	for i, c := range cols {
		switch c {
		case "id", "user_id", "view", "created_on":
			continue
		}
		sets = append(sets, c+"=?")
		vals = append(vals, args[i])
	}
	vals = append(vals, v.ID, v.UserID)
	where := `id=? AND user_id=?`
	if v.readStatus != "" {
		where += ` AND status=?`
		vals = append(vals, v.readStatus)
	}
	err = affected(s.db.ExecContext(ctx, `UPDATE videos SET `+strings.Join(sets, ", ")+` WHERE `+where, vals...))
	if errors.Is(err, ErrNotFound) && v.readStatus != "" {
		var status string
		if e := s.db.QueryRowContext(ctx, `SELECT status FROM videos WHERE id=? AND user_id=?`, v.ID, v.UserID).Scan(&status); e == nil {
			return fmt.Errorf("video %s is %s now, not %s: %w", v.ID, status, v.readStatus, ErrConflict)
		}
	}
	if err == nil {
		v.readStatus = v.Status
	}
	return err
}

// Video returns the user's video id.
func (s *SQLiteStore) Video(ctx context.Context, userID, id string) (*Video, error) {
	return scanVideo(s.db.QueryRowContext(ctx, `SELECT `+videoCols+` FROM videos WHERE id=? AND user_id=?`, id, userID))
}

// VideoByID returns video id of any user.
func (s *SQLiteStore) VideoByID(ctx context.Context, id string) (*Video, error) {
	return scanVideo(s.db.QueryRowContext(ctx, `SELECT `+videoCols+` FROM videos WHERE id=?`, id))
}

// LastDraft returns the user's newest video in status initial.
func (s *SQLiteStore) LastDraft(ctx context.Context, userID string) (*Video, error) {
	return scanVideo(s.db.QueryRowContext(ctx, `SELECT `+videoCols+` FROM videos WHERE user_id=? AND status='initial' ORDER BY modified_on DESC, created_on DESC, id DESC LIMIT 1`, userID))
}

// DeleteVideo removes the user's video id in one transaction with its
// unfinished jobs: they are marked failed ("video deleted"; a running
// render is cancelled by the caller) and a credit taken by one of them is
// refunded.
func (s *SQLiteStore) DeleteVideo(ctx context.Context, userID, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := affected(tx.ExecContext(ctx, `DELETE FROM videos WHERE id=? AND user_id=?`, id, userID)); err != nil {
		return err
	}
	var charged int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(charged),0) FROM jobs WHERE video_id=? AND state IN ('queued','running')`, id).Scan(&charged); err != nil {
		return err
	}
	if charged > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET credits=credits+? WHERE id=? AND credits IS NOT NULL`, charged, userID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE jobs SET state='failed', error='video deleted', charged=0 WHERE video_id=? AND state IN ('queued','running')`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// ListVideos returns one page of the user's videos, newest first.
func (s *SQLiteStore) ListVideos(ctx context.Context, userID string, p VideoPage) ([]*Video, error) {
	where := `user_id=?`
	args := []any{userID}
	asc := false
	if p.Before != nil {
		if p.BeforeID != "" {
			where += ` AND (created_on < ? OR (created_on = ? AND id < ?))`
			args = append(args, unix(*p.Before), unix(*p.Before), p.BeforeID)
		} else {
			where += ` AND created_on < ?`
			args = append(args, unix(*p.Before))
		}
	}
	if p.After != nil {
		asc = true
		if p.AfterID != "" {
			where += ` AND (created_on > ? OR (created_on = ? AND id > ?))`
			args = append(args, unix(*p.After), unix(*p.After), p.AfterID)
		} else {
			where += ` AND created_on > ?`
			args = append(args, unix(*p.After))
		}
	}
	order := `created_on DESC, id DESC`
	if asc {
		order = `created_on ASC, id ASC`
	}
	args = append(args, p.Count)
	rows, err := s.db.QueryContext(ctx, `SELECT `+videoCols+` FROM videos WHERE `+where+` ORDER BY `+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Video
	for rows.Next() {
		v, err := scanVideo(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if asc {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, nil
}

// CountVideos counts the user's videos.
func (s *SQLiteStore) CountVideos(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM videos WHERE user_id=?`, userID).Scan(&n)
	return n, err
}

// SetProgress records render progress.
func (s *SQLiteStore) SetProgress(ctx context.Context, id string, progress float64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE videos SET progress=? WHERE id=? AND status='processing'`, progress, id)
	return err
}

// AddView counts one view.
func (s *SQLiteStore) AddView(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE videos SET view=view+1 WHERE id=?`, id)
	return err
}

// ---- queue ----

// Enqueue queues one job exactly once; see Store.Enqueue. The whole check
// runs in one IMMEDIATE transaction (the connection's _txlock), so
// concurrent requests are serialised by SQLite's write lock, and the
// unique indexes jobs_one_render / jobs_one_preview refuse a duplicate
// even if a caller got past the status guard.
func (s *SQLiteStore) Enqueue(ctx context.Context, req JobRequest) (*Job, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	active := func(where string) (*Job, error) {
		j := &Job{VideoID: req.VideoID}
		err := tx.QueryRowContext(ctx, `SELECT id, user_id, kind, attempts FROM jobs WHERE video_id=? AND `+where+` ORDER BY id LIMIT 1`,
			req.VideoID).Scan(&j.ID, &j.UserID, &j.Kind, &j.Attempts)
		if err != nil {
			return nil, notFound(err)
		}
		return j, nil
	}
	priority := PriorityRender
	charged := 0
	switch req.Kind {
	case JobRender:
		// The guarded transition: only one request moves the video to
		// processing; the others find it there and take nothing.
		err := affected(tx.ExecContext(ctx, `UPDATE videos SET status='processing', progress=0, error='', app_id=?, modified_on=?
			WHERE id=? AND user_id=? AND status<>'processing'`, req.AppID, unix(req.Now), req.VideoID, req.UserID))
		if errors.Is(err, ErrNotFound) {
			var status string
			if e := tx.QueryRowContext(ctx, `SELECT status FROM videos WHERE id=? AND user_id=?`, req.VideoID, req.UserID).Scan(&status); e != nil {
				return nil, notFound(e)
			}
			j, e := active(`kind='render' AND state IN ('queued','running')`)
			if e != nil && !errors.Is(e, ErrNotFound) {
				return nil, e
			}
			return j, ErrAlreadyQueued
		}
		if err != nil {
			return nil, err
		}
	case JobPreview:
		priority = PriorityPreview
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM videos WHERE id=? AND user_id=?`, req.VideoID, req.UserID).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, ErrNotFound
		}
		j, err := active(`kind='preview' AND state='queued'`)
		if err == nil {
			return j, ErrAlreadyQueued
		}
		if !errors.Is(err, ErrNotFound) {
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
			return nil, ErrQueueFull
		}
	}
	if req.Kind == JobRender {
		var credits sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT credits FROM users WHERE id=?`, req.UserID).Scan(&credits); err != nil {
			return nil, notFound(err)
		}
		if credits.Valid {
			if credits.Int64 < 1 {
				return nil, ErrNoCredits
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
			return nil, fmt.Errorf("job for video %s: %w", req.VideoID, ErrAlreadyQueued)
		}
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return &Job{ID: id, VideoID: req.VideoID, UserID: req.UserID, Kind: req.Kind}, nil
}

// Claim marks the next queued job running and returns it: renders before
// previews, oldest first.
func (s *SQLiteStore) Claim(ctx context.Context) (*Job, error) {
	var j Job
	err := s.db.QueryRowContext(ctx, `UPDATE jobs SET state='running', attempts=attempts+1
		WHERE id=(SELECT id FROM jobs WHERE state='queued' ORDER BY priority, id LIMIT 1)
		RETURNING id, video_id, user_id, kind, attempts`).Scan(&j.ID, &j.VideoID, &j.UserID, &j.Kind, &j.Attempts)
	if err != nil {
		return nil, notFound(err)
	}
	return &j, nil
}

// Finish marks a job done, or failed with the reason; a failed job gives
// back the credit it still holds, in the same transaction.
func (s *SQLiteStore) Finish(ctx context.Context, jobID int64, failure string) error {
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
	return tx.Commit()
}

// QueueDepth counts queued and running jobs.
func (s *SQLiteStore) QueueDepth(ctx context.Context) (queued, running int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(state='queued'),0), COALESCE(SUM(state='running'),0) FROM jobs`).Scan(&queued, &running)
	return queued, running, err
}

// ---- callbacks ----

// EnqueueCallback stores a callback to deliver now.
func (s *SQLiteStore) EnqueueCallback(ctx context.Context, url string, body []byte, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO callbacks(url, body, attempts, last_error, next_at) VALUES(?,?,0,'',?)`, url, body, now.UnixMilli())
	return err
}

// DueCallback claims the oldest due callback whose URL is not in skip:
// its next attempt moves to now+lease, so no other claim returns it while
// it is being delivered, and a process that dies meanwhile retries it
// after the lease.
func (s *SQLiteStore) DueCallback(ctx context.Context, now time.Time, lease time.Duration, skip []string) (*Callback, error) {
	where := `next_at <= ?`
	args := []any{now.Add(lease).UnixMilli(), now.UnixMilli()}
	if len(skip) > 0 {
		where += ` AND url NOT IN (?` + strings.Repeat(`,?`, len(skip)-1) + `)`
		for _, u := range skip {
			args = append(args, u)
		}
	}
	var c Callback
	err := s.db.QueryRowContext(ctx, `UPDATE callbacks SET next_at=?
		WHERE id=(SELECT id FROM callbacks WHERE `+where+` ORDER BY next_at, id LIMIT 1)
		RETURNING id, url, body, attempts`, args...).Scan(&c.ID, &c.URL, &c.Body, &c.Attempts)
	if err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// CallbackDone records the outcome of one delivery attempt.
func (s *SQLiteStore) CallbackDone(ctx context.Context, id int64, failure string, next time.Time) error {
	if failure == "" || next.IsZero() {
		_, err := s.db.ExecContext(ctx, `DELETE FROM callbacks WHERE id=?`, id)
		return err
	}
	_, err := s.db.ExecContext(ctx, `UPDATE callbacks SET attempts=attempts+1, last_error=?, next_at=? WHERE id=?`, failure, next.UnixMilli(), id)
	return err
}
