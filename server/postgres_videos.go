package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/reelkit/reel/server/model"
)

// pgPlaceholders returns "$from, $from+1, ... $from+n-1".
func pgPlaceholders(from, n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = "$" + strconv.Itoa(from+i)
	}
	return strings.Join(p, ",")
}

// CreateVideo stores v.
func (s *PostgresStore) CreateVideo(ctx context.Context, v *model.Video) error {
	args, err := videoArgs(v)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO videos(`+videoCols+`) VALUES(`+pgPlaceholders(1, len(args))+`)`, args...)
	if err == nil {
		v.MarkStored()
	}
	return err
}

// UpdateVideo overwrites every column of v except its owner, views and
// creation time, if the row's status is still the one v was read with
// (ErrConflict otherwise). A Video not read from the store has no such
// condition.
func (s *PostgresStore) UpdateVideo(ctx context.Context, v *model.Video) error {
	args, err := videoArgs(v)
	if err != nil {
		return err
	}
	var sets []string
	var vals []any
	for i, c := range strings.Split(videoCols, ", ") {
		switch c {
		case "id", "user_id", "view", "created_on":
			continue
		}
		vals = append(vals, args[i])
		sets = append(sets, c+"=$"+strconv.Itoa(len(vals)))
	}
	vals = append(vals, v.ID, v.UserID)
	where := fmt.Sprintf(`id=$%d AND user_id=$%d`, len(vals)-1, len(vals))
	if v.StoredStatus() != "" {
		vals = append(vals, v.StoredStatus())
		where += fmt.Sprintf(` AND status=$%d`, len(vals))
	}
	err = pgAffected(s.pool.Exec(ctx, `UPDATE videos SET `+strings.Join(sets, ", ")+` WHERE `+where, vals...))
	if errors.Is(err, model.ErrNotFound) && v.StoredStatus() != "" {
		var status string
		if e := s.pool.QueryRow(ctx, `SELECT status FROM videos WHERE id=$1 AND user_id=$2`, v.ID, v.UserID).Scan(&status); e == nil {
			return fmt.Errorf("video %s is %s now, not %s: %w", v.ID, status, v.StoredStatus(), model.ErrConflict)
		}
	}
	if err == nil {
		v.MarkStored()
	}
	return err
}

// Video returns the user's video id.
func (s *PostgresStore) Video(ctx context.Context, userID, id string) (*model.Video, error) {
	return scanVideo(s.pool.QueryRow(ctx, `SELECT `+videoCols+` FROM videos WHERE id=$1 AND user_id=$2`, id, userID))
}

// VideoByID returns video id of any user.
func (s *PostgresStore) VideoByID(ctx context.Context, id string) (*model.Video, error) {
	return scanVideo(s.pool.QueryRow(ctx, `SELECT `+videoCols+` FROM videos WHERE id=$1`, id))
}

// LastDraft returns the user's newest video in status initial.
func (s *PostgresStore) LastDraft(ctx context.Context, userID string) (*model.Video, error) {
	return scanVideo(s.pool.QueryRow(ctx, `SELECT `+videoCols+` FROM videos WHERE user_id=$1 AND status='initial' ORDER BY modified_on DESC, created_on DESC, id DESC LIMIT 1`, userID))
}

// DeleteVideo removes the user's video id in one transaction with its
// unfinished jobs: they are marked failed ("video deleted") and a credit
// taken by one of them is refunded. Rows are locked user, video, jobs.
func (s *PostgresStore) DeleteVideo(ctx context.Context, userID, id string) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id=$1 FOR UPDATE`, userID); err != nil {
			return err
		}
		if err := pgAffected(tx.Exec(ctx, `DELETE FROM videos WHERE id=$1 AND user_id=$2`, id, userID)); err != nil {
			return err
		}
		var charged int64
		rows, err := tx.Query(ctx, `SELECT charged FROM jobs WHERE video_id=$1 AND state IN ('queued','running') FOR UPDATE`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c int64
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return err
			}
			charged += c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if charged > 0 {
			if _, err := tx.Exec(ctx, `UPDATE users SET credits=credits+$1 WHERE id=$2 AND credits IS NOT NULL`, charged, userID); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE jobs SET state='failed', error='video deleted', charged=0 WHERE video_id=$1 AND state IN ('queued','running')`, id)
		return err
	})
}

// ListVideos returns one page of the user's videos, newest first.
func (s *PostgresStore) ListVideos(ctx context.Context, userID string, p model.VideoPage) ([]*model.Video, error) {
	args := []any{userID}
	arg := func(x any) string {
		args = append(args, x)
		return "$" + strconv.Itoa(len(args))
	}
	where := `user_id=$1`
	if p.Before != nil {
		b := arg(unix(*p.Before))
		if p.BeforeID != "" {
			where += ` AND (created_on < ` + b + ` OR (created_on = ` + b + ` AND id < ` + arg(p.BeforeID) + `))`
		} else {
			where += ` AND created_on < ` + b
		}
	}
	asc := p.After != nil
	if asc {
		a := arg(unix(*p.After))
		if p.AfterID != "" {
			where += ` AND (created_on > ` + a + ` OR (created_on = ` + a + ` AND id > ` + arg(p.AfterID) + `))`
		} else {
			where += ` AND created_on > ` + a
		}
	}
	order := `created_on DESC, id DESC`
	if asc {
		order = `created_on ASC, id ASC`
	}
	out, err := pgList(ctx, s, scanVideo, `SELECT `+videoCols+` FROM videos WHERE `+where+` ORDER BY `+order+` LIMIT `+arg(p.Count), args...)
	if err != nil {
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
func (s *PostgresStore) CountVideos(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM videos WHERE user_id=$1`, userID).Scan(&n)
	return n, err
}

// SetProgress records render progress.
func (s *PostgresStore) SetProgress(ctx context.Context, id string, progress float64) error {
	_, err := s.pool.Exec(ctx, `UPDATE videos SET progress=$1 WHERE id=$2 AND status='processing'`, progress, id)
	return err
}

// AddView counts one view.
func (s *PostgresStore) AddView(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, `UPDATE videos SET view=view+1 WHERE id=$1`, id)
	return err
}
