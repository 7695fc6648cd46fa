package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/store"
)

// Store is store.Store over a DB, except the parts only a database
// package knows (starting its queue, closing it).
type Store struct {
	db DB
	d  Dialect
}

// New returns the rules over db in dialect d.
func New(db DB, d Dialect) *Store { return &Store{db: db, d: d} }

// Rules is the part of store.Store that sqlstore implements; a database
// package embeds *Store and adds StartQueue and Close.
type Rules interface {
	store.Users
	store.Tokens
	store.Media
	store.Videos
	store.Ledger
	store.Segments
	store.RateBuckets
	store.LoginCounts
	queue.Liveness
	QueueStats(ctx context.Context, liveSince time.Time) (model.QueueStats, error)
	RenderSlots(ctx context.Context, liveSince time.Time) (int, error)
}

var _ Rules = (*Store)(nil)

// inTx runs f in one transaction, committed when f returns nil.
func (s *Store) inTx(ctx context.Context, f func(tx Tx) error) error {
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// lockUser locks the user's row for the rest of tx (model.ErrNotFound
// when there is none): the first lock of every transaction that charges
// or refunds credits, so they serialise per user.
func (s *Store) lockUser(ctx context.Context, tx Tx, userID string) error {
	var one int
	return notFound(tx.QueryRow(ctx, `SELECT 1 FROM users WHERE id=$1`+s.d.LockRows, userID).Scan(&one))
}

func unix(t time.Time) int64 { return t.Unix() }

func fromUnix(n int64) time.Time { return time.Unix(n, 0).UTC() }

// notFound maps a missing row to model.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	return err
}

// affected is err, or model.ErrNotFound when the statement changed no row.
func affected(n int64, err error) error {
	if err != nil {
		return err
	}
	if n == 0 {
		return model.ErrNotFound
	}
	return nil
}

// list runs a query and scans every row with scan.
func list[T any](ctx context.Context, q Querier, scan func(Row) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
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
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	return out, nil
}
