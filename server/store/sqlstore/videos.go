package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/model"
)

const videoCols = `id, user_id, app_id, name, status, style, quality, assets, credit, tags, duration, progress, error, renditions, preview, view, created_on, modified_on, warnings, aspect`

func scanVideo(row Row) (*model.Video, error) {
	var v model.Video
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
	var rm map[string]model.Rendition
	if err := json.Unmarshal([]byte(rends), &rm); err != nil {
		return nil, fmt.Errorf("video %s renditions: %w", v.ID, err)
	}
	if len(rm) > 0 {
		v.Renditions = make(map[int]model.Rendition, len(rm))
		for k, r := range rm {
			q, err := strconv.Atoi(k)
			if err != nil {
				return nil, fmt.Errorf("video %s rendition %q: %w", v.ID, k, err)
			}
			v.Renditions[q] = r
		}
	}
	if preview != "" && preview != "null" {
		v.Preview = new(model.Rendition)
		if err := json.Unmarshal([]byte(preview), v.Preview); err != nil {
			return nil, fmt.Errorf("video %s preview: %w", v.ID, err)
		}
	}
	v.CreatedOn = fromUnix(created)
	v.ModifiedOn = fromUnix(modified)
	v.MarkStored()
	return &v, nil
}

func videoArgs(v *model.Video) ([]any, error) {
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
	rm := make(map[string]model.Rendition, len(v.Renditions))
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

// placeholders returns "$from, $from+1, ... $from+n-1".
func placeholders(from, n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = "$" + strconv.Itoa(from+i)
	}
	return strings.Join(p, ",")
}

// CreateVideo stores v.
func (s *Store) CreateVideo(ctx context.Context, v *model.Video) error {
	args, err := videoArgs(v)
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `INSERT INTO videos(`+videoCols+`) VALUES(`+placeholders(1, len(args))+`)`, args...)
	if err == nil {
		v.MarkStored()
	}
	return err
}

// UpdateVideo overwrites every column of v except its owner, views and
// creation time, if the row's status is still the one v was read with
// (ErrConflict otherwise). A Video not read from the store has no such
// condition.
func (s *Store) UpdateVideo(ctx context.Context, v *model.Video) error {
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
	err = affected(s.db.Exec(ctx, `UPDATE videos SET `+strings.Join(sets, ", ")+` WHERE `+where, vals...))
	if errors.Is(err, model.ErrNotFound) && v.StoredStatus() != "" {
		var status string
		if e := s.db.QueryRow(ctx, `SELECT status FROM videos WHERE id=$1 AND user_id=$2`, v.ID, v.UserID).Scan(&status); e == nil {
			return fmt.Errorf("video %s is %s now, not %s: %w", v.ID, status, v.StoredStatus(), model.ErrConflict)
		}
	}
	if err == nil {
		v.MarkStored()
	}
	return err
}

// Video returns the user's video id.
func (s *Store) Video(ctx context.Context, userID, id string) (*model.Video, error) {
	return scanVideo(s.db.QueryRow(ctx, `SELECT `+videoCols+` FROM videos WHERE id=$1 AND user_id=$2`, id, userID))
}

// VideoByID returns video id of any user.
func (s *Store) VideoByID(ctx context.Context, id string) (*model.Video, error) {
	return scanVideo(s.db.QueryRow(ctx, `SELECT `+videoCols+` FROM videos WHERE id=$1`, id))
}

// LastDraft returns the user's newest video in status initial.
func (s *Store) LastDraft(ctx context.Context, userID string) (*model.Video, error) {
	return scanVideo(s.db.QueryRow(ctx, `SELECT `+videoCols+` FROM videos WHERE user_id=$1 AND status='initial' ORDER BY modified_on DESC, created_on DESC, id DESC LIMIT 1`, userID))
}

// DeleteVideo removes the user's video id in one transaction with its
// unfinished jobs: they are marked failed ("video deleted"; a running
// render is cancelled by the caller) and a credit taken by one of them is
// refunded. Rows are locked user, video, jobs.
func (s *Store) DeleteVideo(ctx context.Context, userID, id string) error {
	return s.inTx(ctx, func(tx Tx) error {
		if err := s.lockUser(ctx, tx, userID); err != nil {
			return err
		}
		if err := affected(tx.Exec(ctx, `DELETE FROM videos WHERE id=$1 AND user_id=$2`, id, userID)); err != nil {
			return err
		}
		charges, err := list(ctx, tx, scanInt64, `SELECT charged FROM jobs WHERE video_id=$1 AND state IN ('queued','running')`+s.d.LockRows, id)
		if err != nil {
			return err
		}
		var charged int64
		for _, c := range charges {
			charged += c
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

// scanInt64 reads a row of one integer.
func scanInt64(row Row) (int64, error) {
	var n int64
	err := row.Scan(&n)
	return n, err
}

// ListVideos returns one page of the user's videos, newest first.
func (s *Store) ListVideos(ctx context.Context, userID string, p model.VideoPage) ([]*model.Video, error) {
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
	out, err := list(ctx, s.db, scanVideo, `SELECT `+videoCols+` FROM videos WHERE `+where+` ORDER BY `+order+` LIMIT `+arg(p.Count), args...)
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
func (s *Store) CountVideos(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM videos WHERE user_id=$1`, userID).Scan(&n)
	return n, err
}

// SetProgress records render progress.
func (s *Store) SetProgress(ctx context.Context, id string, progress float64) error {
	_, err := s.db.Exec(ctx, `UPDATE videos SET progress=$1 WHERE id=$2 AND status='processing'`, progress, id)
	return err
}

// AddView counts one view.
func (s *Store) AddView(ctx context.Context, id string) error {
	_, err := s.db.Exec(ctx, `UPDATE videos SET view=view+1 WHERE id=$1`, id)
	return err
}
