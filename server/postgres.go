package server

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/reelkit/reel/server/model"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// PostgresStore is the Store on PostgreSQL (pgx v5, a connection pool),
// for data that outgrows one machine's SQLite file. It keeps the same
// schema and the same exactly-once guarantees as SQLiteStore: unique
// partial indexes allow one active render and one queued preview per
// video, and Enqueue does the guarded status transition, the credit
// charge and the job insert in one transaction, with row locks (user,
// then video, then jobs: one order everywhere, so no deadlocks) in place
// of SQLite's single writer.
//
// Any number of reeld processes share one database: River's jobs live in
// it beside reel's tables, and a job whose process stops heartbeating is
// rescued by the others (see QueueOptions).
type PostgresStore struct {
	pool *pgxpool.Pool
	q    *riverQueue[pgx.Tx]
}

var _ Store = (*PostgresStore)(nil)

// pgMinConns is the pool size reeld uses unless the --db URL sets
// pool_max_conns.
const pgMinConns = 12

// pgMigrationLock is the advisory lock key that serialises migrations of
// processes opening one database at once.
const pgMigrationLock = 0x7265656c // "reel"

// OpenPostgres connects to the database at dsn (a postgres:// URL or a
// key=value string, as libpq) and applies pending migrations (reel's and
// River's). Jobs left running by a stopped process are not touched here:
// other processes may be running them; the liveness rescue decides.
func OpenPostgres(ctx context.Context, dsn string) (*PostgresStore, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse --db: %w", err)
	}
	if !strings.Contains(dsn, "pool_max_conns") && cfg.MaxConns < pgMinConns {
		// River holds connections of its own (its LISTEN connection, a
		// producer per queue, the leader's maintenance): pgx's default
		// of max(4, CPUs) would make API requests wait behind them.
		cfg.MaxConns = pgMinConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	s := &PostgresStore{pool: pool}
	driver := riverpgxv5.New(pool)
	if s.q, err = newRiverQueue(driver, s); err != nil {
		pool.Close()
		return nil, err
	}
	if err := s.migrate(ctx, driver); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// migrate applies pending pgMigrations in one transaction that holds an
// advisory lock, so concurrent openers migrate once, then River's
// migrations under the same lock, and moves what an older version queued
// into River.
func (s *PostgresStore) migrate(ctx context.Context, driver *riverpgxv5.Driver) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(pgMigrationLock)); err != nil {
			return fmt.Errorf("postgres: migration lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS reel_schema (version INTEGER NOT NULL)`); err != nil {
			return fmt.Errorf("postgres: schema table: %w", err)
		}
		var version int
		err := tx.QueryRow(ctx, `SELECT version FROM reel_schema`).Scan(&version)
		if errors.Is(err, pgx.ErrNoRows) {
			_, err = tx.Exec(ctx, `INSERT INTO reel_schema(version) VALUES (0)`)
		}
		if err != nil {
			return fmt.Errorf("postgres: read schema version: %w", err)
		}
		if version > len(pgMigrations) {
			return fmt.Errorf("postgres: schema version %d is newer than this reeld (%d)", version, len(pgMigrations))
		}
		for i := version; i < len(pgMigrations); i++ {
			if _, err := tx.Exec(ctx, pgMigrations[i]); err != nil {
				return fmt.Errorf("postgres: migration %d: %w", i+1, err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE reel_schema SET version=$1`, len(pgMigrations)); err != nil {
			return fmt.Errorf("postgres: record schema version: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// River's migrations cannot share one transaction (a later one uses
	// an enum value an earlier one adds): each runs in its own, and a
	// session advisory lock keeps concurrent openers apart.
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(pgMigrationLock)); err != nil {
		return fmt.Errorf("postgres: migration lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(pgMigrationLock))
	if err := migrateRiver(ctx, driver, nil); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return s.adopt(ctx, tx) }); err != nil {
		return fmt.Errorf("postgres: move queued jobs into River: %w", err)
	}
	return nil
}

// Close closes the pool.
func (s *PostgresStore) Close() error {
	s.pool.Close()
	return nil
}

func pgAffected(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return model.ErrNotFound
	}
	return nil
}

func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// ---- users and tokens ----

// CreateUser inserts u; ErrConflict when the username is taken.
func (s *PostgresStore) CreateUser(ctx context.Context, u *model.User) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO users(id, username, name, password_hash, credits, created_on) VALUES($1,$2,$3,$4,$5,$6)`,
		u.ID, u.Username, u.Name, u.PasswordHash, u.Credits, unix(u.CreatedOn))
	if isUniqueViolation(err) {
		return fmt.Errorf("user %q: %w", u.Username, model.ErrConflict)
	}
	return err
}

// UserByID returns the user with id.
func (s *PostgresStore) UserByID(ctx context.Context, id string) (*model.User, error) {
	return scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id=$1`, id))
}

// UserByUsername returns the user named username.
func (s *PostgresStore) UserByUsername(ctx context.Context, username string) (*model.User, error) {
	return scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE username=$1`, username))
}

// pgList runs a query and scans every row with scan.
func pgList[T any](ctx context.Context, s *PostgresStore, scan func(interface{ Scan(...any) error }) (T, error), q string, args ...any) ([]T, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// ListUsers returns every user, oldest first.
func (s *PostgresStore) ListUsers(ctx context.Context) ([]*model.User, error) {
	return pgList(ctx, s, scanUser, `SELECT `+userCols+` FROM users ORDER BY created_on, username`)
}

// DeleteUser removes a user with its tokens and objects (blobs are left
// for the caller to remove).
func (s *PostgresStore) DeleteUser(ctx context.Context, username string) error {
	return pgAffected(s.pool.Exec(ctx, `DELETE FROM users WHERE username=$1`, username))
}

// CreateToken stores t and evicts the user's oldest tokens beyond keep.
func (s *PostgresStore) CreateToken(ctx context.Context, t *model.Token, keep int) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		last := t.LastUsed
		if last.IsZero() {
			last = t.CreatedOn
		}
		// The user row lock serialises token creation per user, so
		// the cap holds under concurrent logins.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id=$1 FOR UPDATE`, t.UserID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO tokens(key, hash, user_id, app_id, device_id, created_on, last_used, app_fp) VALUES($1,$2,$3,$4,$5,$6,$7,$8)`,
			t.Key, t.Hash, t.UserID, t.AppID, t.DeviceID, unix(t.CreatedOn), unix(last), t.AppFingerprint); err != nil {
			return err
		}
		if keep > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM tokens WHERE user_id=$1 AND key NOT IN
				(SELECT key FROM tokens WHERE user_id=$1 ORDER BY created_on DESC, last_used DESC, seq DESC LIMIT $2)`,
				t.UserID, keep); err != nil {
				return err
			}
		}
		return nil
	})
}

// TokenByKey returns the token with access key key.
func (s *PostgresStore) TokenByKey(ctx context.Context, key string) (*model.Token, error) {
	var t model.Token
	var created, last int64
	err := s.pool.QueryRow(ctx, `SELECT key, hash, user_id, app_id, device_id, created_on, last_used, app_fp FROM tokens WHERE key=$1`, key).
		Scan(&t.Key, &t.Hash, &t.UserID, &t.AppID, &t.DeviceID, &created, &last, &t.AppFingerprint)
	if err != nil {
		return nil, notFound(err)
	}
	t.CreatedOn = fromUnix(created)
	t.LastUsed = fromUnix(last)
	return &t, nil
}

// TouchToken moves the token's last use to now.
func (s *PostgresStore) TouchToken(ctx context.Context, key string, now time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE tokens SET last_used=$1 WHERE key=$2 AND last_used<$1`, unix(now), key)
	return err
}

// DeleteToken removes one token.
func (s *PostgresStore) DeleteToken(ctx context.Context, key string) error {
	return pgAffected(s.pool.Exec(ctx, `DELETE FROM tokens WHERE key=$1`, key))
}

// DeleteUserTokens removes every token of a user.
func (s *PostgresStore) DeleteUserTokens(ctx context.Context, userID string) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM tokens WHERE user_id=$1`, userID)
	return int(tag.RowsAffected()), err
}

// ---- photos ----

// CreatePhoto stores p.
func (s *PostgresStore) CreatePhoto(ctx context.Context, p *model.Photo) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO photos(`+photoCols+`) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
		p.ID, p.UserID, p.Blob, p.ThumbBlob, p.ContentType, p.Width, p.Height, p.Size, p.SourceURL, unix(p.CreatedOn))
	return err
}

// Photo returns the user's photo id.
func (s *PostgresStore) Photo(ctx context.Context, userID, id string) (*model.Photo, error) {
	return scanPhoto(s.pool.QueryRow(ctx, `SELECT `+photoCols+` FROM photos WHERE id=$1 AND user_id=$2`, id, userID))
}

// PhotoByID returns photo id of any user.
func (s *PostgresStore) PhotoByID(ctx context.Context, id string) (*model.Photo, error) {
	return scanPhoto(s.pool.QueryRow(ctx, `SELECT `+photoCols+` FROM photos WHERE id=$1`, id))
}

// ListPhotos returns the user's photos, newest first.
func (s *PostgresStore) ListPhotos(ctx context.Context, userID string) ([]*model.Photo, error) {
	return pgList(ctx, s, scanPhoto, `SELECT `+photoCols+` FROM photos WHERE user_id=$1 ORDER BY created_on DESC, id DESC`, userID)
}

// DeletePhoto removes the user's photo id.
func (s *PostgresStore) DeletePhoto(ctx context.Context, userID, id string) error {
	return pgAffected(s.pool.Exec(ctx, `DELETE FROM photos WHERE id=$1 AND user_id=$2`, id, userID))
}

// ---- musics ----

// CreateMusic stores m.
func (s *PostgresStore) CreateMusic(ctx context.Context, m *model.Music) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO musics(`+musicCols+`) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
		m.ID, m.UserID, m.Blob, m.ContentType, m.Title, m.Artist, m.Duration, m.Size, unix(m.CreatedOn))
	return err
}

// Music returns the user's music id.
func (s *PostgresStore) Music(ctx context.Context, userID, id string) (*model.Music, error) {
	return scanMusic(s.pool.QueryRow(ctx, `SELECT `+musicCols+` FROM musics WHERE id=$1 AND user_id=$2`, id, userID))
}

// MusicByID returns music id of any user.
func (s *PostgresStore) MusicByID(ctx context.Context, id string) (*model.Music, error) {
	return scanMusic(s.pool.QueryRow(ctx, `SELECT `+musicCols+` FROM musics WHERE id=$1`, id))
}

// ListMusics returns the user's musics, newest first.
func (s *PostgresStore) ListMusics(ctx context.Context, userID string) ([]*model.Music, error) {
	return pgList(ctx, s, scanMusic, `SELECT `+musicCols+` FROM musics WHERE user_id=$1 ORDER BY created_on DESC, id DESC`, userID)
}

// DeleteMusic removes the user's music id.
func (s *PostgresStore) DeleteMusic(ctx context.Context, userID, id string) error {
	return pgAffected(s.pool.Exec(ctx, `DELETE FROM musics WHERE id=$1 AND user_id=$2`, id, userID))
}
