package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/store/sqlstore"
)

// conn adapts a pgx pool to sqlstore.DB; transactions carry River's
// inserter. pgx.ErrNoRows is sql.ErrNoRows to errors.Is.
type conn struct {
	queries
	pool *pgxpool.Pool
	q    *queue.Queue[pgx.Tx]
}

// querier is what *pgxpool.Pool and pgx.Tx share.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type queries struct{ q querier }

func (c queries) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := c.q.Exec(ctx, query, args...)
	return tag.RowsAffected(), err
}

func (c queries) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	return c.q.Query(ctx, query, args...)
}

func (c queries) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return c.q.QueryRow(ctx, query, args...)
}

// Begin starts a read-write transaction.
func (c conn) Begin(ctx context.Context) (sqlstore.Tx, error) {
	tx, err := c.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return txn{queries{tx}, c.q.In(tx), tx}, nil
}

type txn struct {
	queries
	queue.Inserter
	tx pgx.Tx
}

func (t txn) Commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t txn) Rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }
