package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/store"
	"github.com/reelkit/reel/server/store/sqlstore"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// Store is the PostgreSQL store.Store.
type Store struct {
	*sqlstore.Store
	pool *pgxpool.Pool
	q    *queue.Queue[pgx.Tx]
}

var _ store.Store = (*Store)(nil)

// dialect is PostgreSQL's: transactions lock the rows they change (user,
// then video, then jobs: one order everywhere, so no deadlocks);
// concurrent segment claimers skip each other's rows; River keeps
// attempted_by as an array.
var dialect = sqlstore.Dialect{
	LockRows:  " FOR UPDATE",
	ClaimRows: " FOR UPDATE SKIP LOCKED",
	IsUniqueViolation: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505"
	},
	TokenSeq: "seq",
	RescueOrphans: `UPDATE river_job SET state='available', scheduled_at=now()
		WHERE state='running' AND COALESCE(attempted_by[array_length(attempted_by,1)],'') <> $1
		AND NOT EXISTS(SELECT 1 FROM processes p WHERE p.id=river_job.attempted_by[array_length(river_job.attempted_by,1)] AND p.seen_on >= $2)`,
}

// minConns is the pool size reeld uses unless the URL sets
// pool_max_conns.
const minConns = 12

// migrationLock is the advisory lock key that serialises migrations of
// processes opening one database at once.
const migrationLock = 0x7265656c // "reel"

// Open connects to the database at dsn (a postgres:// URL or a key=value
// string, as libpq), applies pending migrations (reel's and River's) and
// moves what an older version queued into River. Jobs left running by a
// stopped process are not touched here: other processes may be running
// them; the liveness rescue decides.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse --db: %w", err)
	}
	if !strings.Contains(dsn, "pool_max_conns") && cfg.MaxConns < minConns {
		// River holds connections of its own (its LISTEN connection, a
		// producer per queue, the leader's maintenance): pgx's default
		// of max(4, CPUs) would make API requests wait behind them.
		cfg.MaxConns = minConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	s, err := open(ctx, pool)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

func open(ctx context.Context, pool *pgxpool.Pool) (*Store, error) {
	s := &Store{pool: pool}
	driver := riverpgxv5.New(pool)
	q, err := queue.New(driver, s)
	if err != nil {
		return nil, err
	}
	s.q = q
	s.Store = sqlstore.New(conn{queries: queries{pool}, pool: pool, q: q}, dialect)
	if err := migrate(ctx, pool); err != nil {
		return nil, err
	}
	if err := migrateRiver(ctx, pool, driver); err != nil {
		return nil, err
	}
	if err := s.Adopt(ctx); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}

// migrate applies pending migrations in one transaction that holds an
// advisory lock, so concurrent openers migrate once.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
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
		if version > len(migrations) {
			return fmt.Errorf("postgres: schema version %d is newer than this reeld (%d)", version, len(migrations))
		}
		for i := version; i < len(migrations); i++ {
			if _, err := tx.Exec(ctx, migrations[i]); err != nil {
				return fmt.Errorf("postgres: migration %d: %w", i+1, err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE reel_schema SET version=$1`, len(migrations)); err != nil {
			return fmt.Errorf("postgres: record schema version: %w", err)
		}
		return nil
	})
}

// migrateRiver applies River's migrations. They cannot share one
// transaction (a later one uses an enum value an earlier one adds): each
// runs in its own, and a session advisory lock keeps concurrent openers
// apart.
func migrateRiver(ctx context.Context, pool *pgxpool.Pool, driver *riverpgxv5.Driver) error {
	c, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer c.Release()
	if _, err := c.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("postgres: migration lock: %w", err)
	}
	defer c.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrationLock))
	if err := queue.Migrate(ctx, driver); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return nil
}

// StartQueue runs this process's River workers; see store.Queue.
func (s *Store) StartQueue(ctx context.Context, r queue.JobRunner, o queue.Options) (func(context.Context) error, error) {
	return s.q.Start(ctx, r, o)
}

// Pool is the connection pool, for tests and operators' tools that read
// what the store wrote; writing behind the store's back breaks its rules.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}
