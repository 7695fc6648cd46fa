package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"math"
	"net/http"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// loginResponse is the seed's answer to both login endpoints.
type loginResponse struct {
	AccessKey   string `json:"access_key"`
	AccessToken string `json:"access_token"`
	ID          string `json:"id"`
}

func (s *Server) app(id string) (*App, bool) {
	for i := range s.cfg.Apps {
		if subtle.ConstantTimeCompare([]byte(s.cfg.Apps[i].ID), []byte(id)) == 1 {
			return &s.cfg.Apps[i], true
		}
	}
	return nil, false
}

var errBadLogin = httpx.Errorf(http.StatusUnauthorized, "invalid credentials")

// loginParams rate-limits a login attempt by client address and parses
// its body; false means the answer (429 or 400) has been written.
func (s *Server) loginParams(w http.ResponseWriter, r *http.Request) (httpx.Params, bool) {
	if !s.allow(r, "login:"+clientIP(r)) {
		s.tooManyRequests(w, r)
		return nil, false
	}
	p, err := httpx.ParseParams(w, r, s.cfg.MaxJSONBytes)
	if err != nil {
		s.writeError(w, r, err)
		return nil, false
	}
	return p, true
}

// handleLoginApp: POST /login/app (app_id, app_secret, device_id). The app
// acts as its own user, "app:<app_id>", created on first login.
func (s *Server) handleLoginApp(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loginParams(w, r)
	if !ok {
		return
	}
	appID, _, err1 := p.Str("app_id")
	secret, _, err2 := p.Str("app_secret")
	device, _, err3 := p.Str("device_id")
	if err := errors.Join(err1, err2, err3); err != nil {
		s.writeError(w, r, err)
		return
	}
	ip := clientIP(r)
	keys := loginKeys("app:"+clip(appID, 200), ip)
	if err := s.admitLogin(r.Context(), keys, ip); err != nil {
		s.writeError(w, r, err)
		return
	}
	app, ok := s.app(appID)
	if !ok || subtle.ConstantTimeCompare([]byte(app.Secret), []byte(secret)) != 1 {
		s.writeError(w, r, errBadLogin)
		return
	}
	s.loginSucceeded(r.Context(), keys, ip)
	username := "app:" + app.ID
	u, err := s.store.UserByUsername(r.Context(), username)
	if errors.Is(err, model.ErrNotFound) {
		u = &model.User{ID: auth.NewID(), Username: username, Name: app.ID, CreatedOn: s.now()}
		err = s.store.CreateUser(r.Context(), u)
		if errors.Is(err, model.ErrConflict) {
			u, err = s.store.UserByUsername(r.Context(), username)
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.issueToken(w, r, u, app.ID, device)
}

// handleLogin: POST /login (username, password, app_id).
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loginParams(w, r)
	if !ok {
		return
	}
	username, _, err1 := p.Str("username")
	password, _, err2 := p.Str("password")
	appID, _, err3 := p.Str("app_id")
	device, _, err4 := p.Str("device_id")
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, ok := s.app(appID); !ok {
		s.writeError(w, r, httpx.Errorf(http.StatusUnauthorized, "unknown app_id"))
		return
	}
	u, err := s.verifyPassword(r, username, password)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.issueToken(w, r, u, appID, device)
}

func (s *Server) issueToken(w http.ResponseWriter, r *http.Request, u *model.User, appID, device string) {
	key, token, err := s.sessions.Issue(r.Context(), u, appID, device)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, loginResponse{AccessKey: key, AccessToken: token, ID: u.ID})
}

// loginKeys are the throttle keys of a login to account from address ip:
// the pair, so that guesses from elsewhere never lock the account's owner
// out.
func loginKeys(account, ip string) []string {
	return []string{account + "|ip:" + ip}
}

// admitLogin counts a login attempt against its (account, address) keys
// (Config.LoginFreeAttempts) and against its address alone (the higher
// Config.LoginAddressAttempts, which bounds one address guessing many
// accounts); a 429 with Retry-After while either backs off.
func (s *Server) admitLogin(ctx context.Context, keys []string, ip string) error {
	now := s.now()
	wait, ok, err := s.loginAddrs.AdmitContext(ctx, now, "ip:"+ip)
	if ok {
		var err2 error
		wait, ok, err2 = s.logins.AdmitContext(ctx, now, keys...)
		err = errors.Join(err, err2)
	}
	if err != nil {
		s.log.Warn("login throttle storage", "err", err)
	}
	if ok {
		return nil
	}
	s.metrics.rateLimited.Add(1)
	return &httpx.Error{Status: http.StatusTooManyRequests, Message: "too many login attempts; retry later",
		RetryAfter: int(math.Ceil(wait.Seconds()))}
}

// verifyPassword is every password login (POST /login, the studio): it
// counts the attempt against the (account, address) pair and the address
// (429 while either backs off), then checks the password in the bounded
// hashing pool, spending the same work when the user does not exist.
func (s *Server) verifyPassword(r *http.Request, username, password string) (*model.User, error) {
	ip := clientIP(r)
	keys := loginKeys("user:"+clip(username, 200), ip)
	if err := s.admitLogin(r.Context(), keys, ip); err != nil {
		return nil, err
	}
	u, err := s.store.UserByUsername(r.Context(), username)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	record := s.dummyHash // same work as a real check
	if err == nil && u.PasswordHash != "" {
		record = u.PasswordHash
	}
	ok, err := s.hashes.Check(r.Context(), record, password)
	if err != nil {
		return nil, err
	}
	if !ok || u == nil || u.PasswordHash == "" {
		return nil, errBadLogin
	}
	s.loginSucceeded(r.Context(), keys, ip)
	return u, nil
}

// loginSucceeded clears a successful login's counts.
func (s *Server) loginSucceeded(ctx context.Context, keys []string, ip string) {
	if err := errors.Join(s.logins.SucceededContext(ctx, keys...), s.loginAddrs.SucceededContext(ctx, "ip:"+ip)); err != nil {
		s.log.Warn("login throttle storage", "err", err)
	}
}

// clientIP is the peer address without port (proxies are not trusted).
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	for i := len(host) - 1; i >= 0; i-- {
		if host[i] == ':' {
			return host[:i]
		}
	}
	return host
}

// userObject is the seed's owner object and the /me profile subset.
type userObject struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	ProfilePic string `json:"profile_pic"`
}

type meObject struct {
	userObject
	// Picovico profile fields reel keeps no data for: always "".
	Email       string `json:"email"`
	Address     string `json:"address"`
	Gender      string `json:"gender"`
	Country     string `json:"country"`
	DateOfBirth string `json:"date_of_birth"`
	Bio         string `json:"bio"`
	Username    string `json:"username"`
	TotalVideos int    `json:"total_videos"`
	// Credits is the number of renders left; null means unlimited.
	Credits *int64 `json:"credits"`
	// StorageUsed is the bytes of the user's photos and musics;
	// StorageQuota what they may keep (null: no limit).
	StorageUsed  int64  `json:"storage_used"`
	StorageQuota *int64 `json:"storage_quota"`
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	n, err := s.store.CountVideos(r.Context(), u.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	used, err := s.store.StorageUsed(r.Context(), u.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	quota := s.cfg.StorageQuota
	if u.Quota != nil {
		quota = *u.Quota
	}
	me := meObject{userObject: owner(u), Username: u.Username, TotalVideos: n, Credits: u.Credits, StorageUsed: used}
	if quota > 0 {
		me.StorageQuota = &quota
	}
	httpx.WriteJSON(w, http.StatusOK, me)
}

func owner(u *model.User) userObject {
	return userObject{ID: u.ID, Name: u.Name, ProfilePic: ""}
}
