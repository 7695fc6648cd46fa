package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

// SQLiteStore is the embedded Store: one SQLite file (WAL mode) holding
// reel's tables and River's. It assumes a single reeld process owns the
// file: jobs left running by a dead process are queued again when the
// next one starts its queue.
type SQLiteStore struct {
	db *sql.DB
	q  *riverQueue[*sql.Tx]
}

var _ Store = (*SQLiteStore)(nil)

// OpenSQLite opens (creating if needed) the database at path, applies
// pending migrations and re-queues jobs that were running when the previous
// process stopped.
//
// A new database file is created readable by its owner only (0600); SQLite
// gives its -wal and -shm files the same mode.
func OpenSQLite(ctx context.Context, path string) (*SQLiteStore, error) {
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("create sqlite %s: %w", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	s := &SQLiteStore{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	driver := riversqlite.New(db)
	if err := migrateRiver(ctx, driver, nil); err != nil {
		db.Close()
		return nil, err
	}
	if s.q, err = newRiverQueue(driver, s); err != nil {
		db.Close()
		return nil, err
	}
	for _, stmt := range recoverStatements() {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			db.Close()
			return nil, fmt.Errorf("requeue running jobs: %w", err)
		}
	}
	if err := s.adopt(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("move queued jobs into River: %w", err)
	}
	return s, nil
}

func (s *SQLiteStore) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	for i := version; i < len(migrations); i++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}

// Close closes the database.
func (s *SQLiteStore) Close() error { return s.db.Close() }

func unix(t time.Time) int64 { return t.Unix() }

func fromUnix(n int64) time.Time { return time.Unix(n, 0).UTC() }

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	return err
}

func affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return model.ErrNotFound
	}
	return nil
}

// ---- users and tokens ----

// CreateUser inserts u; ErrConflict when the username is taken.
func (s *SQLiteStore) CreateUser(ctx context.Context, u *model.User) error {
	var credits any
	if u.Credits != nil {
		credits = *u.Credits
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO users(id, username, name, password_hash, credits, created_on) VALUES(?,?,?,?,?,?)`,
		u.ID, u.Username, u.Name, u.PasswordHash, credits, unix(u.CreatedOn))
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return fmt.Errorf("user %q: %w", u.Username, model.ErrConflict)
	}
	return err
}

const userCols = `id, username, name, password_hash, credits, created_on`

func scanUser(row interface{ Scan(...any) error }) (*model.User, error) {
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

// UserByID returns the user with id.
func (s *SQLiteStore) UserByID(ctx context.Context, id string) (*model.User, error) {
	return scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id=?`, id))
}

// UserByUsername returns the user named username.
func (s *SQLiteStore) UserByUsername(ctx context.Context, username string) (*model.User, error) {
	return scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username=?`, username))
}

// ListUsers returns every user, oldest first.
func (s *SQLiteStore) ListUsers(ctx context.Context) ([]*model.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY created_on, username`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// DeleteUser removes a user with its tokens and objects (blobs are left
// for the caller to remove).
func (s *SQLiteStore) DeleteUser(ctx context.Context, username string) error {
	return affected(s.db.ExecContext(ctx, `DELETE FROM users WHERE username=?`, username))
}

// CreateToken stores t and evicts the user's oldest tokens beyond keep.
func (s *SQLiteStore) CreateToken(ctx context.Context, t *model.Token, keep int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	last := t.LastUsed
	if last.IsZero() {
		last = t.CreatedOn
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tokens(key, hash, user_id, app_id, device_id, created_on, last_used, app_fp) VALUES(?,?,?,?,?,?,?,?)`,
		t.Key, t.Hash, t.UserID, t.AppID, t.DeviceID, unix(t.CreatedOn), unix(last), t.AppFingerprint); err != nil {
		return err
	}
	if keep > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE user_id=? AND key NOT IN
			(SELECT key FROM tokens WHERE user_id=? ORDER BY created_on DESC, last_used DESC, rowid DESC LIMIT ?)`,
			t.UserID, t.UserID, keep); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// TokenByKey returns the token with access key key.
func (s *SQLiteStore) TokenByKey(ctx context.Context, key string) (*model.Token, error) {
	var t model.Token
	var created, last int64
	err := s.db.QueryRowContext(ctx, `SELECT key, hash, user_id, app_id, device_id, created_on, last_used, app_fp FROM tokens WHERE key=?`, key).
		Scan(&t.Key, &t.Hash, &t.UserID, &t.AppID, &t.DeviceID, &created, &last, &t.AppFingerprint)
	if err != nil {
		return nil, notFound(err)
	}
	t.CreatedOn = fromUnix(created)
	t.LastUsed = fromUnix(last)
	return &t, nil
}

// TouchToken moves the token's last use to now.
func (s *SQLiteStore) TouchToken(ctx context.Context, key string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE tokens SET last_used=? WHERE key=? AND last_used<?`, unix(now), key, unix(now))
	return err
}

// DeleteToken removes one token.
func (s *SQLiteStore) DeleteToken(ctx context.Context, key string) error {
	return affected(s.db.ExecContext(ctx, `DELETE FROM tokens WHERE key=?`, key))
}

// DeleteUserTokens removes every token of a user.
func (s *SQLiteStore) DeleteUserTokens(ctx context.Context, userID string) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM tokens WHERE user_id=?`, userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ---- photos ----

const photoCols = `id, user_id, blob, thumb_blob, content_type, width, height, size, source_url, created_on`

func scanPhoto(row interface{ Scan(...any) error }) (*model.Photo, error) {
	var p model.Photo
	var created int64
	if err := row.Scan(&p.ID, &p.UserID, &p.Blob, &p.ThumbBlob, &p.ContentType, &p.Width, &p.Height, &p.Size, &p.SourceURL, &created); err != nil {
		return nil, notFound(err)
	}
	p.CreatedOn = fromUnix(created)
	return &p, nil
}

// CreatePhoto stores p.
func (s *SQLiteStore) CreatePhoto(ctx context.Context, p *model.Photo) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO photos(`+photoCols+`) VALUES(?,?,?,?,?,?,?,?,?,?)`,
		p.ID, p.UserID, p.Blob, p.ThumbBlob, p.ContentType, p.Width, p.Height, p.Size, p.SourceURL, unix(p.CreatedOn))
	return err
}

// Photo returns the user's photo id.
func (s *SQLiteStore) Photo(ctx context.Context, userID, id string) (*model.Photo, error) {
	return scanPhoto(s.db.QueryRowContext(ctx, `SELECT `+photoCols+` FROM photos WHERE id=? AND user_id=?`, id, userID))
}

// PhotoByID returns photo id of any user.
func (s *SQLiteStore) PhotoByID(ctx context.Context, id string) (*model.Photo, error) {
	return scanPhoto(s.db.QueryRowContext(ctx, `SELECT `+photoCols+` FROM photos WHERE id=?`, id))
}

// ListPhotos returns the user's photos, newest first.
func (s *SQLiteStore) ListPhotos(ctx context.Context, userID string) ([]*model.Photo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+photoCols+` FROM photos WHERE user_id=? ORDER BY created_on DESC, id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.Photo
	for rows.Next() {
		p, err := scanPhoto(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DeletePhoto removes the user's photo id.
func (s *SQLiteStore) DeletePhoto(ctx context.Context, userID, id string) error {
	return affected(s.db.ExecContext(ctx, `DELETE FROM photos WHERE id=? AND user_id=?`, id, userID))
}

// ---- musics ----

const musicCols = `id, user_id, blob, content_type, title, artist, duration, size, created_on`

func scanMusic(row interface{ Scan(...any) error }) (*model.Music, error) {
	var m model.Music
	var created int64
	if err := row.Scan(&m.ID, &m.UserID, &m.Blob, &m.ContentType, &m.Title, &m.Artist, &m.Duration, &m.Size, &created); err != nil {
		return nil, notFound(err)
	}
	m.CreatedOn = fromUnix(created)
	return &m, nil
}

// CreateMusic stores m.
func (s *SQLiteStore) CreateMusic(ctx context.Context, m *model.Music) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO musics(`+musicCols+`) VALUES(?,?,?,?,?,?,?,?,?)`,
		m.ID, m.UserID, m.Blob, m.ContentType, m.Title, m.Artist, m.Duration, m.Size, unix(m.CreatedOn))
	return err
}

// Music returns the user's music id.
func (s *SQLiteStore) Music(ctx context.Context, userID, id string) (*model.Music, error) {
	return scanMusic(s.db.QueryRowContext(ctx, `SELECT `+musicCols+` FROM musics WHERE id=? AND user_id=?`, id, userID))
}

// MusicByID returns music id of any user.
func (s *SQLiteStore) MusicByID(ctx context.Context, id string) (*model.Music, error) {
	return scanMusic(s.db.QueryRowContext(ctx, `SELECT `+musicCols+` FROM musics WHERE id=?`, id))
}

// ListMusics returns the user's musics, newest first.
func (s *SQLiteStore) ListMusics(ctx context.Context, userID string) ([]*model.Music, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+musicCols+` FROM musics WHERE user_id=? ORDER BY created_on DESC, id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.Music
	for rows.Next() {
		m, err := scanMusic(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// DeleteMusic removes the user's music id.
func (s *SQLiteStore) DeleteMusic(ctx context.Context, userID, id string) error {
	return affected(s.db.ExecContext(ctx, `DELETE FROM musics WHERE id=? AND user_id=?`, id, userID))
}
