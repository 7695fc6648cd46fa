package sqlstore

import (
	"context"

	"github.com/reelkit/reel/server/model"
)

const photoCols = `id, user_id, blob, thumb_blob, content_type, width, height, size, source_url, created_on`

func scanPhoto(row Row) (*model.Photo, error) {
	var p model.Photo
	var created int64
	if err := row.Scan(&p.ID, &p.UserID, &p.Blob, &p.ThumbBlob, &p.ContentType, &p.Width, &p.Height, &p.Size, &p.SourceURL, &created); err != nil {
		return nil, notFound(err)
	}
	p.CreatedOn = fromUnix(created)
	return &p, nil
}

// CreatePhoto stores p.
func (s *Store) CreatePhoto(ctx context.Context, p *model.Photo) error {
	_, err := s.db.Exec(ctx, `INSERT INTO photos(`+photoCols+`) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
		p.ID, p.UserID, p.Blob, p.ThumbBlob, p.ContentType, p.Width, p.Height, p.Size, p.SourceURL, unix(p.CreatedOn))
	return err
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

const musicCols = `id, user_id, blob, content_type, title, artist, duration, size, created_on`

func scanMusic(row Row) (*model.Music, error) {
	var m model.Music
	var created int64
	if err := row.Scan(&m.ID, &m.UserID, &m.Blob, &m.ContentType, &m.Title, &m.Artist, &m.Duration, &m.Size, &created); err != nil {
		return nil, notFound(err)
	}
	m.CreatedOn = fromUnix(created)
	return &m, nil
}

// CreateMusic stores m.
func (s *Store) CreateMusic(ctx context.Context, m *model.Music) error {
	_, err := s.db.Exec(ctx, `INSERT INTO musics(`+musicCols+`) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
		m.ID, m.UserID, m.Blob, m.ContentType, m.Title, m.Artist, m.Duration, m.Size, unix(m.CreatedOn))
	return err
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
