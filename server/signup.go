package server

import (
	"errors"
	"net/http"
	"regexp"
	"unicode/utf8"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

// DefaultSignupCredits is reeld's default for --signup-credits: the
// renders an account made on the sign-in page starts with. Config's zero
// value gives none (0 means zero credits, not this default).
const DefaultSignupCredits = 10

// usernameRule is what a self-chosen username may be: 3 to 40 of a-z,
// 0-9, dot, dash and underscore, starting with a letter or digit.
var usernameRule = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,39}$`)

// minPasswordRunes is the shortest password a self-made account takes.
const minPasswordRunes = 8

// handleSignup: POST /studio/signup (username, password[, name]) creates
// an account with SignupCredits renders and signs it in, as
// POST /studio/session does. It exists only with Config.Signup (404
// otherwise); it is rate-limited like a login and refused cross-site; a
// taken username is a 409.
func (s *Server) handleSignup(w http.ResponseWriter, r *http.Request) {
	if !s.cfg.Signup {
		s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "this server does not let people create accounts: ask its operator for one"))
		return
	}
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
	name, _, err3 := p.Str("name")
	if err := errors.Join(err1, err2, err3); err != nil {
		s.writeError(w, r, err)
		return
	}
	switch {
	case !usernameRule.MatchString(username):
		s.writeError(w, r, httpx.FieldError("username", "use 3 to 40 lower-case letters, digits, dots, dashes or underscores"))
		return
	case utf8.RuneCountInString(password) < minPasswordRunes:
		s.writeError(w, r, httpx.FieldError("password", "use at least 8 characters"))
		return
	case utf8.RuneCountInString(name) > 100:
		s.writeError(w, r, httpx.FieldError("name", "use at most 100 characters"))
		return
	}
	u, err := auth.AddUser(r.Context(), s.store, username, password, name, s.cfg.SignupCredits)
	if errors.Is(err, model.ErrConflict) {
		s.writeError(w, r, httpx.Errorf(http.StatusConflict, "that username is taken: choose another"))
		return
	}
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
