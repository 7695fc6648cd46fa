package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/reelkit/reel/server/model"
)

const userCols = `id, username, name, password_hash, credits, created_on`

func scanUser(row Row) (*model.User, error) {
	var u model.User
	var credits sql.NullInt64
	var created int64
	if err := row.Scan(&u.ID, &u.Username, &u.Name, &u.PasswordHash, &credits, &created); err != nil {
		return nil, notFound(err)
	}
	if credits.Valid {
		c := credits.Int64
		u.Credits = &c
	}
	u.CreatedOn = fromUnix(created)
	return &u, nil
}

// CreateUser inserts u; model.ErrConflict when the username is taken.
func (s *Store) CreateUser(ctx context.Context, u *model.User) error {
	var credits any
	if u.Credits != nil {
		credits = *u.Credits
	}
	_, err := s.db.Exec(ctx, `INSERT INTO users(id, username, name, password_hash, credits, created_on) VALUES($1,$2,$3,$4,$5,$6)`,
		u.ID, u.Username, u.Name, u.PasswordHash, credits, unix(u.CreatedOn))
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
