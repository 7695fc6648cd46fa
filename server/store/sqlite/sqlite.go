package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/store"
	"github.com/reelkit/reel/server/store/sqlstore"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

// Store is the embedded store.Store.
type Store struct {
	*sqlstore.Store
	db *sql.DB
	q  *queue.Queue[*sql.Tx]
}

var _ store.Store = (*Store)(nil)

// dialect is SQLite's: write transactions are serialised (IMMEDIATE), so
// nothing locks rows; River keeps attempted_by as a JSON array.
var dialect = sqlstore.Dialect{
	IsUniqueViolation: func(err error) bool { return strings.Contains(err.Error(), "UNIQUE") },
	TokenSeq:          "rowid",
	RescueOrphans: `UPDATE river_job SET state='available', scheduled_at=datetime('now','subsec')
		WHERE state='running' AND COALESCE(json_extract(attempted_by, '$[#-1]'),'') <> $1
		AND NOT EXISTS(SELECT 1 FROM processes p WHERE p.id=json_extract(river_job.attempted_by, '$[#-1]') AND p.seen_on >= $2)`,
}

// Open opens (creating if needed) the database at path, applies pending
// migrations (reel's and River's), re-queues jobs that were running when
// the previous process stopped and moves what an older version queued
// into River.
//
// A new database file is created readable by its owner only (0600);
// SQLite gives its -wal and -shm files the same mode.
func Open(ctx context.Context, path string) (*Store, error) {
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
	s, err := open(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func open(ctx context.Context, db *sql.DB) (*Store, error) {
	if err := migrate(ctx, db); err != nil {
		return nil, err
	}
	driver := riversqlite.New(db)
	if err := queue.Migrate(ctx, driver); err != nil {
		return nil, err
	}
	s := &Store{db: db}
	q, err := queue.New(driver, s)
	if err != nil {
		return nil, err
	}
	s.q = q
	s.Store = sqlstore.New(conn{queries: queries{db}, db: db, q: q}, dialect)
	if err := s.RequeueRunning(ctx); err != nil {
		return nil, err
	}
	if err := s.Adopt(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// migrate applies pending migrations, each in its own transaction; the
// number applied is kept in PRAGMA user_version.
func migrate(ctx context.Context, db *sql.DB) error {
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	for i := version; i < len(migrations); i++ {
		if err := migrateOne(ctx, db, i); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}

func migrateOne(ctx context.Context, db *sql.DB, i int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
		return err
	}
	return tx.Commit()
}

// StartQueue runs this process's River workers; see store.Queue. SQLite
// has one process: jobs another process left running are its own, from
// before a restart, and are rescued at once.
func (s *Store) StartQueue(ctx context.Context, r queue.JobRunner, o queue.Options) (func(context.Context) error, error) {
	o.RescueAll = true
	return s.q.Start(ctx, r, o)
}

// DB is the database handle, for tests and operators' tools that read
// what the store wrote; writing behind the store's back breaks its rules.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }
