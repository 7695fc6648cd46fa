package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/store/sqlstore"
)

// conn adapts database/sql to sqlstore.DB: the rules' $n placeholders
// become SQLite's ?n (numbered, so a placeholder used twice binds one
// argument), and transactions carry River's inserter.
type conn struct {
	queries
	db *sql.DB
	q  *queue.Queue[*sql.Tx]
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type queries struct{ q querier }

func (c queries) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := c.q.ExecContext(ctx, rebind(query), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c queries) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := c.q.QueryContext(ctx, rebind(query), args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (c queries) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return c.q.QueryRowContext(ctx, rebind(query), args...)
}

// Begin starts an IMMEDIATE transaction (the connection's _txlock).
func (c conn) Begin(ctx context.Context) (sqlstore.Tx, error) {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return txn{queries{tx}, c.q.In(tx), tx}, nil
}

type txn struct {
	queries
	queue.Inserter
	tx *sql.Tx
}

func (t txn) Commit(context.Context) error   { return t.tx.Commit() }
func (t txn) Rollback(context.Context) error { return t.tx.Rollback() }

// sqlRows drops the error of Close (Err reports what matters).
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

// rebind turns $n placeholders into ?n. A '$' not followed by a digit
// (as in json_extract's '$[#-1]') is left alone.
func rebind(query string) string {
	if !strings.Contains(query, "$") {
		return query
	}
	b := []byte(query)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '$' && b[i+1] >= '0' && b[i+1] <= '9' {
			b[i] = '?'
		}
	}
	return string(b)
}
