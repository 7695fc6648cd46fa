package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// AdmitLogin counts one login attempt for every key unless one of them
// must still wait; see auth.LoginCounts. The keys' rows are locked for
// the transaction, so processes sharing the database count one after
// another.
func (s *Store) AdmitLogin(ctx context.Context, keys []string, now time.Time, next func(attempts int, now time.Time) time.Time) (time.Duration, error) {
	var wait time.Duration
	err := s.inTx(ctx, func(tx Tx) error {
		for _, k := range keys {
			var nextMS int64
			err := tx.QueryRow(ctx, `SELECT next_ms FROM login_attempts WHERE key=$1`+s.d.LockRows, k).Scan(&nextMS)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if d := time.UnixMilli(nextMS).Sub(now); d > wait {
				wait = d
			}
		}
		if wait > 0 {
			return nil
		}
		for _, k := range keys {
			// The count goes up in the statement, so two processes
			// counting a new key at once count two.
			var n int
			if err := tx.QueryRow(ctx, `INSERT INTO login_attempts(key, attempts, next_ms, last_ms) VALUES($1, 1, $2, $2)
				ON CONFLICT(key) DO UPDATE SET attempts = login_attempts.attempts + 1, last_ms = $2
				RETURNING attempts`, k, now.UnixMilli()).Scan(&n); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE login_attempts SET next_ms=$1 WHERE key=$2`, next(n, now).UnixMilli(), k); err != nil {
				return err
			}
		}
		return nil
	})
	return wait, err
}

// ClearLogins forgets the keys' counts (a successful login).
func (s *Store) ClearLogins(ctx context.Context, keys []string) error {
	for _, k := range keys {
		if _, err := s.db.Exec(ctx, `DELETE FROM login_attempts WHERE key=$1`, k); err != nil {
			return err
		}
	}
	return nil
}

// PruneLogins forgets the counts of keys last tried before before.
func (s *Store) PruneLogins(ctx context.Context, before time.Time) error {
	_, err := s.db.Exec(ctx, `DELETE FROM login_attempts WHERE last_ms < $1`, before.UnixMilli())
	return err
}
