package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// The studio's browser session. The page never sees the access token: POST
// /studio/session (username, password) issues an ordinary token, exactly as
// POST /login does, and stores "key.token" in an HttpOnly, SameSite=Lax
// cookie (Secure when the request came over TLS or BaseURL is https). The
// /me routes accept that cookie in place of the X-Access-Key and
// X-Access-Token headers and then run the same token validation.
//
// CSRF: a request authenticated by the cookie that changes state (any
// method but GET, HEAD and OPTIONS) must carry the header X-CSRF-Token whose
// value is derived from the session's token (SHA-256 of a label and the
// token). The page reads it from the non-HttpOnly reel_csrf cookie (double
// submit). Another site can make the browser send the session cookie but
// can neither read the CSRF value nor set a custom header cross-origin, and
// a cookie planted by a sibling host does not match the session's token.
const (
	sessionCookie = "reel_session"
	csrfCookie    = "reel_csrf"
	csrfHeader    = "X-CSRF-Token"
)

var errCSRF = httpx.Errorf(http.StatusForbidden, "missing or invalid X-CSRF-Token header")

// csrfToken is the CSRF value bound to one session token.
func csrfToken(token string) string {
	h := sha256.Sum256([]byte("reel studio csrf\x00" + token))
	return hex.EncodeToString(h[:])
}

// safeMethod reports whether m cannot change state.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// sessionCredentials returns the access key and token held by the session
// cookie of r, after checking the CSRF header on state-changing methods.
// No cookie gives errUnauthorized.
func sessionCredentials(r *http.Request) (key, token string, err error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 400 {
		return "", "", errUnauthorized
	}
	key, token, ok := strings.Cut(c.Value, ".")
	if !ok || key == "" || token == "" {
		return "", "", errUnauthorized
	}
	if !safeMethod(r.Method) {
		got := r.Header.Get(csrfHeader)
		if subtle.ConstantTimeCompare([]byte(got), []byte(csrfToken(token))) != 1 {
			return "", "", errCSRF
		}
	}
	return key, token, nil
}

// secureCookies reports whether cookies for r should be Secure.
func (s *Server) secureCookies(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.cfg.BaseURL, "https://")
}

// setSessionCookies writes the session and CSRF cookies; maxAge < 0
// deletes them.
func (s *Server) setSessionCookies(w http.ResponseWriter, r *http.Request, session, csrf string, maxAge int) {
	secure := s.secureCookies(r)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: session, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: csrf, Path: "/", MaxAge: maxAge,
		HttpOnly: false, Secure: secure, SameSite: http.SameSiteStrictMode})
}

// sessionObject answers the session routes.
type sessionObject struct {
	SignedIn bool        `json:"signed_in"`
	User     *userObject `json:"user,omitempty"`
	Username string      `json:"username,omitempty"`
	CSRF     string      `json:"csrf_token,omitempty"`
	// Signup says the server lets people create their own accounts.
	Signup bool `json:"signup,omitempty"`
}

func signedIn(u *model.User, token string) sessionObject {
	o := owner(u)
	return sessionObject{SignedIn: true, User: &o, Username: u.Username, CSRF: csrfToken(token)}
}

// errCrossSiteLogin refuses a sign-in posted by another site's page
// (login CSRF: the victim's browser would be signed in as the attacker).
var errCrossSiteLogin = httpx.Errorf(http.StatusForbidden, "cross-site sign-in refused: sign in from the studio page itself")

// crossSite reports whether r was sent by a page of another site: its
// Sec-Fetch-Site header (every current browser sends one) says
// cross-site or same-site, or, without one, its Origin names another
// host than the request's.
func crossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return false
	case "":
	default:
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false // not a browser's cross-origin POST (curl, a native client)
	}
	u, err := url.Parse(origin)
	return err != nil || u.Host != r.Host
}

// handleSessionLogin: POST /studio/session (username, password) signs in
// and sets the session cookies; the body is the user and the CSRF value.
// Login attempts are rate-limited by client address like POST /login.
func (s *Server) handleSessionLogin(w http.ResponseWriter, r *http.Request) {
	if crossSite(r) {
		s.writeError(w, r, errCrossSiteLogin)
		return
	}
	p, ok := s.loginParams(w, r)
	if !ok {
		return
	}
	username, _, err1 := p.Str("username")
	password, _, err2 := p.Str("password")
	if err := errors.Join(err1, err2); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.verifyPassword(r, username, password)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	key, token, err := s.sessions.Issue(r.Context(), u, auth.StudioApp, "studio")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.setSessionCookies(w, r, key+"."+token, csrfToken(token), 0)
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, signedIn(u, token))
}

// handleSessionGet: GET /studio/session answers {"signed_in": true,
// "user", "username", "csrf_token"} for a valid session cookie and
// {"signed_in": false} otherwise (a 200 either way: the page asks on load).
func (s *Server) handleSessionGet(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	_, token, err := sessionCredentials(r)
	if err != nil {
		httpx.WriteJSON(w, http.StatusOK, sessionObject{Signup: s.cfg.Signup})
		return
	}
	u, _, err := s.authenticate(r)
	if errors.Is(err, auth.ErrUnauthorized) {
		httpx.WriteJSON(w, http.StatusOK, sessionObject{Signup: s.cfg.Signup})
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, signedIn(u, token))
}

// handleSessionLogout: DELETE /studio/session revokes the session's token
// and clears the cookies. With a session cookie it needs the CSRF header
// like every state-changing call, so another site cannot sign a user out.
func (s *Server) handleSessionLogout(w http.ResponseWriter, r *http.Request) {
	key, tok, err := sessionCredentials(r)
	if errors.Is(err, errCSRF) {
		s.writeError(w, r, err)
		return
	}
	if err == nil {
		if _, t, err := s.sessions.Validate(r.Context(), key, tok); err == nil {
			s.store.DeleteToken(r.Context(), t.Key)
		}
	}
	s.setSessionCookies(w, r, "", "", -1)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}
