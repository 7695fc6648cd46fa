package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/reelkit/reel/server/model"
)

const photoCols = `id, user_id, blob, thumb_blob, content_type, width, height, size, source_url, created_on, sha256`

func scanPhoto(row Row) (*model.Photo, error) {
	var p model.Photo
	var created int64
	if err := row.Scan(&p.ID, &p.UserID, &p.Blob, &p.ThumbBlob, &p.ContentType, &p.Width, &p.Height, &p.Size, &p.SourceURL, &created, &p.SHA256); err != nil {
		return nil, notFound(err)
	}
	p.CreatedOn = fromUnix(created)
	return &p, nil
}

// CreatePhoto stores p within the user's quota; see store.Media.
func (s *Store) CreatePhoto(ctx context.Context, p *model.Photo, quota int64) (*model.Photo, error) {
	out := p
	err := s.addUpload(ctx, p.UserID, p.SHA256, p.Size, quota,
		func(tx Tx) error {
			same, err := scanPhoto(tx.QueryRow(ctx, `SELECT `+photoCols+` FROM photos WHERE user_id=$1 AND sha256=$2 ORDER BY created_on, id LIMIT 1`, p.UserID, p.SHA256))
			if err == nil {
				out = same
			}
			return err
		},
		func(tx Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO photos(`+photoCols+`) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
				p.ID, p.UserID, p.Blob, p.ThumbBlob, p.ContentType, p.Width, p.Height, p.Size, p.SourceURL, unix(p.CreatedOn), p.SHA256)
			return err
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// addUpload is the rule of every upload (photo, music, clip), in one
// transaction: an earlier upload of the user with the same content (sum,
// when set) is what findSame loads (model.ErrNotFound: none), and then
// nothing is stored; otherwise the quota is checked with the user's row
// locked and insert stores the new one.
func (s *Store) addUpload(ctx context.Context, userID, sum string, size, quota int64, findSame, insert func(Tx) error) error {
	return s.inTx(ctx, func(tx Tx) error {
		if sum != "" {
			err := findSame(tx)
			if err == nil || !errors.Is(err, model.ErrNotFound) {
				return err
			}
		}
		if err := s.checkQuota(ctx, tx, userID, size, quota); err != nil {
			return err
		}
		return insert(tx)
	})
}

// checkQuota locks the user's row (so concurrent uploads count one after
// another) and refuses size more bytes past the user's quota, or the
// server's quota when the user has none; quota <= 0 is no limit.
func (s *Store) checkQuota(ctx context.Context, tx Tx, userID string, size, quota int64) error {
	var own sql.NullInt64
	if err := tx.QueryRow(ctx, `SELECT quota FROM users WHERE id=$1`+s.d.LockRows, userID).Scan(&own); err != nil {
		return notFound(err)
	}
	if own.Valid {
		quota = own.Int64
	}
	if quota <= 0 {
		return nil
	}
	used, err := storageUsed(ctx, tx, userID)
	if err != nil {
		return err
	}
	if used+size > quota {
		return &model.QuotaError{Used: used, Size: size, Quota: quota}
	}
	return nil
}

// Photo returns the user's photo id.
func (s *Store) Photo(ctx context.Context, userID, id string) (*model.Photo, error) {
	return scanPhoto(s.db.QueryRow(ctx, `SELECT `+photoCols+` FROM photos WHERE id=$1 AND user_id=$2`, id, userID))
}

// PhotoByID returns photo id of any user.
func (s *Store) PhotoByID(ctx context.Context, id string) (*model.Photo, error) {
	return scanPhoto(s.db.QueryRow(ctx, `SELECT `+photoCols+` FROM photos WHERE id=$1`, id))
}

// ListPhotos returns the user's photos, newest first.
func (s *Store) ListPhotos(ctx context.Context, userID string) ([]*model.Photo, error) {
	return list(ctx, s.db, scanPhoto, `SELECT `+photoCols+` FROM photos WHERE user_id=$1 ORDER BY created_on DESC, id DESC`, userID)
}

// DeletePhoto removes the user's photo id.
func (s *Store) DeletePhoto(ctx context.Context, userID, id string) error {
	return affected(s.db.Exec(ctx, `DELETE FROM photos WHERE id=$1 AND user_id=$2`, id, userID))
}

const musicCols = `id, user_id, blob, content_type, title, artist, duration, size, created_on, sha256`

func scanMusic(row Row) (*model.Music, error) {
	var m model.Music
	var created int64
	if err := row.Scan(&m.ID, &m.UserID, &m.Blob, &m.ContentType, &m.Title, &m.Artist, &m.Duration, &m.Size, &created, &m.SHA256); err != nil {
		return nil, notFound(err)
	}
	m.CreatedOn = fromUnix(created)
	return &m, nil
}

// CreateMusic stores m within the user's quota; see store.Media.
func (s *Store) CreateMusic(ctx context.Context, m *model.Music, quota int64) (*model.Music, error) {
	out := m
	err := s.addUpload(ctx, m.UserID, m.SHA256, m.Size, quota,
		func(tx Tx) error {
			same, err := scanMusic(tx.QueryRow(ctx, `SELECT `+musicCols+` FROM musics WHERE user_id=$1 AND sha256=$2 ORDER BY created_on, id LIMIT 1`, m.UserID, m.SHA256))
			if err == nil {
				out = same
			}
			return err
		},
		func(tx Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO musics(`+musicCols+`) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
				m.ID, m.UserID, m.Blob, m.ContentType, m.Title, m.Artist, m.Duration, m.Size, unix(m.CreatedOn), m.SHA256)
			return err
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Music returns the user's music id.
func (s *Store) Music(ctx context.Context, userID, id string) (*model.Music, error) {
	return scanMusic(s.db.QueryRow(ctx, `SELECT `+musicCols+` FROM musics WHERE id=$1 AND user_id=$2`, id, userID))
}

// MusicByID returns music id of any user.
func (s *Store) MusicByID(ctx context.Context, id string) (*model.Music, error) {
	return scanMusic(s.db.QueryRow(ctx, `SELECT `+musicCols+` FROM musics WHERE id=$1`, id))
}

// ListMusics returns the user's musics, newest first.
func (s *Store) ListMusics(ctx context.Context, userID string) ([]*model.Music, error) {
	return list(ctx, s.db, scanMusic, `SELECT `+musicCols+` FROM musics WHERE user_id=$1 ORDER BY created_on DESC, id DESC`, userID)
}

// DeleteMusic removes the user's music id.
func (s *Store) DeleteMusic(ctx context.Context, userID, id string) error {
	return affected(s.db.Exec(ctx, `DELETE FROM musics WHERE id=$1 AND user_id=$2`, id, userID))
}
