package sqlstore

import (
	"context"

	"github.com/reelkit/reel/server/model"
)

const clipCols = `id, user_id, blob, poster_blob, content_type, codec, width, height, rotation, duration, fps, has_audio, size, source_url, created_on, sha256`

func scanClip(row Row) (*model.Clip, error) {
	var c model.Clip
	var created int64
	var audio int
	if err := row.Scan(&c.ID, &c.UserID, &c.Blob, &c.PosterBlob, &c.ContentType, &c.Codec, &c.Width, &c.Height, &c.Rotation,
		&c.Duration, &c.FPS, &audio, &c.Size, &c.SourceURL, &created, &c.SHA256); err != nil {
		return nil, notFound(err)
	}
	c.HasAudio = audio != 0
	c.CreatedOn = fromUnix(created)
	return &c, nil
}

// CreateClip stores c within the user's quota, by the rule of every
// upload (addUpload); see store.Media.
func (s *Store) CreateClip(ctx context.Context, c *model.Clip, quota int64) (*model.Clip, error) {
	out := c
	audio := 0
	if c.HasAudio {
		audio = 1
	}
	err := s.addUpload(ctx, c.UserID, c.SHA256, c.Size, quota,
		func(tx Tx) error {
			same, err := scanClip(tx.QueryRow(ctx, `SELECT `+clipCols+` FROM clips WHERE user_id=$1 AND sha256=$2 ORDER BY created_on, id LIMIT 1`, c.UserID, c.SHA256))
			if err == nil {
				out = same
			}
			return err
		},
		func(tx Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO clips(`+clipCols+`) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
				c.ID, c.UserID, c.Blob, c.PosterBlob, c.ContentType, c.Codec, c.Width, c.Height, c.Rotation,
				c.Duration, c.FPS, audio, c.Size, c.SourceURL, unix(c.CreatedOn), c.SHA256)
			return err
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Clip returns the user's clip id.
func (s *Store) Clip(ctx context.Context, userID, id string) (*model.Clip, error) {
	return scanClip(s.db.QueryRow(ctx, `SELECT `+clipCols+` FROM clips WHERE id=$1 AND user_id=$2`, id, userID))
}

// ClipByID returns clip id of any user.
func (s *Store) ClipByID(ctx context.Context, id string) (*model.Clip, error) {
	return scanClip(s.db.QueryRow(ctx, `SELECT `+clipCols+` FROM clips WHERE id=$1`, id))
}

// ListClips returns the user's clips, newest first.
func (s *Store) ListClips(ctx context.Context, userID string) ([]*model.Clip, error) {
	return list(ctx, s.db, scanClip, `SELECT `+clipCols+` FROM clips WHERE user_id=$1 ORDER BY created_on DESC, id DESC`, userID)
}

// DeleteClip removes the user's clip id.
func (s *Store) DeleteClip(ctx context.Context, userID, id string) error {
	return affected(s.db.Exec(ctx, `DELETE FROM clips WHERE id=$1 AND user_id=$2`, id, userID))
}
