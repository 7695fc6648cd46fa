package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/reelkit/reel/server/model"
)

const userCols = `id, username, name, password_hash, credits, created_on, quota`

func scanUser(row Row) (*model.User, error) {
	var u model.User
	var credits, quota sql.NullInt64
	var created int64
	if err := row.Scan(&u.ID, &u.Username, &u.Name, &u.PasswordHash, &credits, &created, &quota); err != nil {
		return nil, notFound(err)
	}
	if credits.Valid {
		c := credits.Int64
		u.Credits = &c
	}
	if quota.Valid {
		q := quota.Int64
		u.Quota = &q
	}
	u.CreatedOn = fromUnix(created)
	return &u, nil
}

// CreateUser inserts u; model.ErrConflict when the username is taken.
func (s *Store) CreateUser(ctx context.Context, u *model.User) error {
	_, err := s.db.Exec(ctx, `INSERT INTO users(id, username, name, password_hash, credits, created_on, quota) VALUES($1,$2,$3,$4,$5,$6,$7)`,
		u.ID, u.Username, u.Name, u.PasswordHash, nullable(u.Credits), unix(u.CreatedOn), nullable(u.Quota))
	if err != nil && s.d.IsUniqueViolation(err) {
		return fmt.Errorf("user %q: %w", u.Username, model.ErrConflict)
	}
	return err
}

// UserByID returns the user with id.
func (s *Store) UserByID(ctx context.Context, id string) (*model.User, error) {
	return scanUser(s.db.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id=$1`, id))
}

// UserByUsername returns the user named username.
func (s *Store) UserByUsername(ctx context.Context, username string) (*model.User, error) {
	return scanUser(s.db.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE username=$1`, username))
}

// ListUsers returns every user, oldest first.
func (s *Store) ListUsers(ctx context.Context) ([]*model.User, error) {
	return list(ctx, s.db, scanUser, `SELECT `+userCols+` FROM users ORDER BY created_on, username`)
}

// DeleteUser removes a user with its tokens and objects (blobs are left
// for the caller to remove).
func (s *Store) DeleteUser(ctx context.Context, username string) error {
	return affected(s.db.Exec(ctx, `DELETE FROM users WHERE username=$1`, username))
}

// nullable is *n as a statement argument: NULL when n is nil.
func nullable(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}

// SetQuota sets the user's storage quota in bytes (nil: the server's
// default again).
func (s *Store) SetQuota(ctx context.Context, username string, quota *int64) error {
	return affected(s.db.Exec(ctx, `UPDATE users SET quota=$1 WHERE username=$2`, nullable(quota), username))
}

// StorageUsed is the bytes of the user's photos, musics and clips.
func (s *Store) StorageUsed(ctx context.Context, userID string) (int64, error) {
	return storageUsed(ctx, s.db, userID)
}

func storageUsed(ctx context.Context, q Querier, userID string) (int64, error) {
	var n int64
	err := q.QueryRow(ctx, `SELECT COALESCE((SELECT SUM(size) FROM photos WHERE user_id=$1),0)
		+ COALESCE((SELECT SUM(size) FROM musics WHERE user_id=$1),0)
		+ COALESCE((SELECT SUM(size) FROM clips WHERE user_id=$1),0)`, userID).Scan(&n)
	return n, err
}
