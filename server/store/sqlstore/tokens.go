package sqlstore

import (
	"context"
	"time"

	"github.com/reelkit/reel/server/model"
)

// CreateToken stores t and evicts the user's oldest tokens beyond keep.
// The user's row lock serialises token creation per user, so the cap
// holds under concurrent logins.
func (s *Store) CreateToken(ctx context.Context, t *model.Token, keep int) error {
	last := t.LastUsed
	if last.IsZero() {
		last = t.CreatedOn
	}
	return s.inTx(ctx, func(tx Tx) error {
		if err := s.lockUser(ctx, tx, t.UserID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO tokens(key, hash, user_id, app_id, device_id, created_on, last_used, app_fp) VALUES($1,$2,$3,$4,$5,$6,$7,$8)`,
			t.Key, t.Hash, t.UserID, t.AppID, t.DeviceID, unix(t.CreatedOn), unix(last), t.AppFingerprint); err != nil {
			return err
		}
		if keep > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM tokens WHERE user_id=$1 AND key NOT IN
				(SELECT key FROM tokens WHERE user_id=$1 ORDER BY created_on DESC, last_used DESC, `+s.d.TokenSeq+` DESC LIMIT $2)`,
				t.UserID, keep); err != nil {
				return err
			}
		}
		return nil
	})
}

// TokenByKey returns the token with access key key.
func (s *Store) TokenByKey(ctx context.Context, key string) (*model.Token, error) {
	var t model.Token
	var created, last int64
	err := s.db.QueryRow(ctx, `SELECT key, hash, user_id, app_id, device_id, created_on, last_used, app_fp FROM tokens WHERE key=$1`, key).
		Scan(&t.Key, &t.Hash, &t.UserID, &t.AppID, &t.DeviceID, &created, &last, &t.AppFingerprint)
	if err != nil {
		return nil, notFound(err)
	}
	t.CreatedOn = fromUnix(created)
	t.LastUsed = fromUnix(last)
	return &t, nil
}

// TouchToken moves the token's last use to now.
func (s *Store) TouchToken(ctx context.Context, key string, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE tokens SET last_used=$1 WHERE key=$2 AND last_used<$1`, unix(now), key)
	return err
}

// DeleteToken removes one token.
func (s *Store) DeleteToken(ctx context.Context, key string) error {
	return affected(s.db.Exec(ctx, `DELETE FROM tokens WHERE key=$1`, key))
}

// DeleteUserTokens removes every token of a user and counts them.
func (s *Store) DeleteUserTokens(ctx context.Context, userID string) (int, error) {
	n, err := s.db.Exec(ctx, `DELETE FROM tokens WHERE user_id=$1`, userID)
	return int(n), err
}
