package sqlstore

import (
	"context"
	"time"
)

// refill is a bucket's tokens at $3 (Unix ms): what it held plus rate $4
// per second since it was last touched, at most burst $2.
const refill = `CASE WHEN rate_buckets.tokens + ($3 - rate_buckets.updated_ms) / 1000.0 * $4 > $2 THEN $2
	ELSE rate_buckets.tokens + ($3 - rate_buckets.updated_ms) / 1000.0 * $4 END`

// TakeToken refills key's bucket and takes one token in one statement,
// so processes sharing the database draw from one bucket; see
// auth.TokenBuckets.
func (s *Store) TakeToken(ctx context.Context, key string, rate, burst float64, now time.Time) (bool, error) {
	var taken int
	err := s.db.QueryRow(ctx, `INSERT INTO rate_buckets(key, tokens, updated_ms, taken)
		VALUES($1, CAST($2 AS DOUBLE PRECISION) - 1, $3, 1)
		ON CONFLICT(key) DO UPDATE SET
			tokens = `+refill+` - CASE WHEN `+refill+` >= 1 THEN 1 ELSE 0 END,
			taken = CASE WHEN `+refill+` >= 1 THEN 1 ELSE 0 END,
			updated_ms = $3
		RETURNING taken`, key, burst, now.UnixMilli(), rate).Scan(&taken)
	return taken == 1, err
}

// PruneBuckets forgets buckets untouched since before.
func (s *Store) PruneBuckets(ctx context.Context, before time.Time) error {
	_, err := s.db.Exec(ctx, `DELETE FROM rate_buckets WHERE updated_ms < $1`, before.UnixMilli())
	return err
}
