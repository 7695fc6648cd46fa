package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store"
)

// StudioApp is the app id recorded on tokens issued to the studio's
// sign-in (tokens of the server itself, bound to no app secret).
const StudioApp = "reel-studio"

// ErrUnauthorized is Validate's answer for an access key and token that
// are not (or no longer) valid.
var ErrUnauthorized = errors.New("invalid or missing X-Access-Key / X-Access-Token")

// ErrUnknownApp is Issue's answer for an app id that is not configured.
var ErrUnknownApp = errors.New("unknown app_id")

// Sessions issues and checks access tokens. A login issues an access key
// (public, the row's key) and an access token (secret; only its SHA-256
// is stored). Validate is the one place a presented key and token are
// checked, for the X-Access-* headers and the studio's cookie alike. A
// token is valid while:
//
//   - it is not older than TTL since its last use (sliding expiry: every
//     request moves it, at most once a minute);
//   - it was not revoked (logout, `reeld user revoke`, or evicted as the
//     oldest of more than MaxPerUser live tokens);
//   - its app is still configured with the secret it was issued under
//     (removing an app or rotating its secret ends its sessions);
//   - its user exists.
type Sessions struct {
	Store interface {
		store.Tokens
		store.Users
	}
	TTL        time.Duration
	MaxPerUser int
	Now        func() time.Time
	// AppSecret returns the secret of a configured app.
	AppSecret func(appID string) (secret string, ok bool)
}

// AppFingerprint identifies an app's current secret without storing it.
func AppFingerprint(appID, secret string) string {
	h := sha256.Sum256([]byte("reel app secret\x00" + appID + "\x00" + secret))
	return hex.EncodeToString(h[:16])
}

// Issue issues a token for u through appID (a configured app, or
// StudioApp) and returns its access key and secret token.
func (s *Sessions) Issue(ctx context.Context, u *model.User, appID, device string) (key, token string, err error) {
	if len(device) > 256 {
		device = device[:256]
	}
	fp := ""
	if secret, ok := s.AppSecret(appID); ok {
		fp = AppFingerprint(appID, secret)
	} else if appID != StudioApp {
		return "", "", ErrUnknownApp
	}
	token = NewSecret()
	now := s.Now()
	t := &model.Token{Key: NewSecret()[:32], Hash: hashToken(token), UserID: u.ID, AppID: appID, DeviceID: device,
		CreatedOn: now, LastUsed: now, AppFingerprint: fp}
	if err := s.Store.CreateToken(ctx, t, s.MaxPerUser); err != nil {
		return "", "", err
	}
	return t.Key, token, nil
}

// Validate checks an access key and token (see Sessions) and returns the
// token's user; ErrUnauthorized when they are not valid. A token found
// expired or orphaned by its app is deleted.
func (s *Sessions) Validate(ctx context.Context, key, tok string) (*model.User, *model.Token, error) {
	if key == "" || tok == "" || len(key) > 128 || len(tok) > 256 {
		return nil, nil, ErrUnauthorized
	}
	t, err := s.Store.TokenByKey(ctx, key)
	if errors.Is(err, model.ErrNotFound) {
		// Spend the same hashing work as a hit.
		subtle.ConstantTimeCompare(hashToken(tok), make([]byte, sha256.Size))
		return nil, nil, ErrUnauthorized
	}
	if err != nil {
		return nil, nil, err
	}
	if subtle.ConstantTimeCompare(hashToken(tok), t.Hash) != 1 {
		return nil, nil, ErrUnauthorized
	}
	now := s.Now()
	if !s.appValid(t) || now.Sub(t.LastUsed) > s.TTL {
		s.Store.DeleteToken(context.WithoutCancel(ctx), t.Key)
		return nil, nil, ErrUnauthorized
	}
	u, err := s.Store.UserByID(ctx, t.UserID)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil, ErrUnauthorized
	}
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(t.LastUsed) >= min(time.Minute, s.TTL/10) {
		if err := s.Store.TouchToken(ctx, t.Key, now); err != nil {
			return nil, nil, err
		}
		t.LastUsed = now
	}
	return u, t, nil
}

// appValid reports whether t's app still exists with the secret t was
// issued under (studio tokens belong to the server itself).
func (s *Sessions) appValid(t *model.Token) bool {
	if t.AppID == StudioApp {
		return t.AppFingerprint == ""
	}
	secret, ok := s.AppSecret(t.AppID)
	return ok && t.AppFingerprint != "" && subtle.ConstantTimeCompare([]byte(AppFingerprint(t.AppID, secret)), []byte(t.AppFingerprint)) == 1
}
