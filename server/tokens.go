package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store"
)

// Sessions. A login issues an access key (public, the row's key) and an
// access token (secret; only its SHA-256 is stored). ValidateToken is the
// one place a presented key and token are checked, for the X-Access-*
// headers and the studio's cookie alike. A token is valid while:
//
//   - it is not older than Config.TokenTTL since its last use (sliding
//     expiry: every request moves it, at most once a minute);
//   - it was not revoked (POST /logout, `reeld user revoke`, or evicted as
//     the oldest of more than Config.MaxTokensPerUser live tokens);
//   - its app is still configured with the secret it was issued under
//     (removing an app or rotating its secret ends its sessions);
//   - its user exists.

// appFingerprint identifies an app's current secret without storing it.
func appFingerprint(a *App) string {
	h := sha256.Sum256([]byte("reel app secret\x00" + a.ID + "\x00" + a.Secret))
	return hex.EncodeToString(h[:16])
}

// newToken issues a token for u through appID (an App's id, or the studio)
// and returns its access key and secret token.
func (s *Server) newToken(ctx context.Context, u *model.User, appID, device string) (key, token string, err error) {
	if len(device) > 256 {
		device = device[:256]
	}
	fp := ""
	if a, ok := s.app(appID); ok {
		fp = appFingerprint(a)
	} else if appID != studioAppID {
		return "", "", errorf(http.StatusUnauthorized, "unknown app_id")
	}
	token = newSecret()
	now := s.now()
	t := &model.Token{Key: newSecret()[:32], Hash: hashToken(token), UserID: u.ID, AppID: appID, DeviceID: device,
		CreatedOn: now, LastUsed: now, AppFingerprint: fp}
	if err := s.store.CreateToken(ctx, t, s.cfg.MaxTokensPerUser); err != nil {
		return "", "", err
	}
	return t.Key, token, nil
}

// ValidateToken checks an access key and token (see the rules above) and
// returns the token's user; errUnauthorized (401) when they are not valid.
// A token found expired or orphaned by its app is deleted.
func (s *Server) ValidateToken(ctx context.Context, key, tok string) (*model.User, *model.Token, error) {
	if key == "" || tok == "" || len(key) > 128 || len(tok) > 256 {
		return nil, nil, errUnauthorized
	}
	t, err := s.store.TokenByKey(ctx, key)
	if errors.Is(err, model.ErrNotFound) {
		// Spend the same hashing work as a hit.
		subtle.ConstantTimeCompare(hashToken(tok), make([]byte, sha256.Size))
		return nil, nil, errUnauthorized
	}
	if err != nil {
		return nil, nil, err
	}
	if subtle.ConstantTimeCompare(hashToken(tok), t.Hash) != 1 {
		return nil, nil, errUnauthorized
	}
	now := s.now()
	if !s.tokenApp(t) || now.Sub(t.LastUsed) > s.cfg.TokenTTL {
		s.store.DeleteToken(context.WithoutCancel(ctx), t.Key)
		return nil, nil, errUnauthorized
	}
	u, err := s.store.UserByID(ctx, t.UserID)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil, errUnauthorized
	}
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(t.LastUsed) >= min(time.Minute, s.cfg.TokenTTL/10) {
		if err := s.store.TouchToken(ctx, t.Key, now); err != nil {
			return nil, nil, err
		}
		t.LastUsed = now
	}
	return u, t, nil
}

// tokenApp reports whether t's app still exists with the secret t was
// issued under (studio tokens belong to the server itself).
func (s *Server) tokenApp(t *model.Token) bool {
	if t.AppID == studioAppID {
		return t.AppFingerprint == ""
	}
	a, ok := s.app(t.AppID)
	return ok && t.AppFingerprint != "" && subtle.ConstantTimeCompare([]byte(appFingerprint(a)), []byte(t.AppFingerprint)) == 1
}

// handleLogout: POST /logout revokes the token that authenticates it.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	t := tokenFrom(r.Context())
	if err := s.store.DeleteToken(r.Context(), t.Key); err != nil && !errors.Is(err, model.ErrNotFound) {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": 200, "message": "Logged out"})
}

// RevokeUserTokens ends every session of the user (reeld user revoke).
func RevokeUserTokens(ctx context.Context, st store.Store, username string) (int, error) {
	u, err := st.UserByUsername(ctx, username)
	if err != nil {
		return 0, err
	}
	return st.DeleteUserTokens(ctx, u.ID)
}
