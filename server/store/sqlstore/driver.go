package sqlstore

import (
	"context"

	"github.com/reelkit/reel/server/queue"
)

// Row is one result row (database/sql's *sql.Row, pgx's pgx.Row).
type Row interface {
	Scan(dest ...any) error
}

// Rows is a result set.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Querier runs statements on a connection pool or in a transaction. A
// missing row is an error that errors.Is sql.ErrNoRows.
type Querier interface {
	// Exec runs a statement and returns the number of rows it changed.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Tx is one transaction, in which River jobs can be inserted too.
type Tx interface {
	Querier
	queue.Inserter
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

// DB is a database as the rules see it.
type DB interface {
	Querier
	// Begin starts a read-write transaction.
	Begin(ctx context.Context) (Tx, error)
}

// Dialect is what the rules need to know of a database beyond standard
// SQL.
type Dialect struct {
	// LockRows ends a SELECT of rows the transaction will change
	// (" FOR UPDATE"); "" where write transactions are serialised.
	LockRows string
	// ClaimRows ends a SELECT that picks one row among several for a
	// concurrent claimer (" FOR UPDATE SKIP LOCKED"); "" where write
	// transactions are serialised.
	ClaimRows string
	// IsUniqueViolation tells whether err is a unique constraint failing.
	IsUniqueViolation func(err error) bool
	// TokenSeq is the column that orders a user's tokens created in the
	// same second (insertion order).
	TokenSeq string
	// RescueOrphans is the UPDATE that makes River's running jobs
	// available again when the process that attempted them last ($1 is
	// this process, never rescued) was not seen in the liveness table
	// since $2 (Unix milliseconds). River keeps attempted_by as JSON in
	// SQLite and as an array in PostgreSQL.
	RescueOrphans string
}
