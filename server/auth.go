package server

import (
	"context"
	"net/http"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
)

type ctxKey int

const (
	ctxUser ctxKey = iota
	ctxToken
)

func userFrom(ctx context.Context) *model.User {
	u, _ := ctx.Value(ctxUser).(*model.User)
	return u
}

func tokenFrom(ctx context.Context) *model.Token {
	t, _ := ctx.Value(ctxToken).(*model.Token)
	return t
}

// errUnauthorized answers a request without valid credentials (401).
var errUnauthorized = &httpx.Error{Status: http.StatusUnauthorized, Message: auth.ErrUnauthorized.Error(), Err: auth.ErrUnauthorized}

// authenticate resolves the X-Access-Key / X-Access-Token headers, or
// without them the studio's session cookie.
func (s *Server) authenticate(r *http.Request) (*model.User, *model.Token, error) {
	key := r.Header.Get("X-Access-Key")
	tok := r.Header.Get("X-Access-Token")
	if key == "" && tok == "" {
		// The studio's session cookie (CSRF-checked), see session.go.
		var err error
		if key, tok, err = sessionCredentials(r); err != nil {
			return nil, nil, err
		}
	}
	return s.sessions.Validate(r.Context(), key, tok)
}

// requireAuth wraps a /me handler.
func (s *Server) requireAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, t, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		// Per user, not per token: ten logins do not make ten rates.
		if !s.allow(r, "user:"+u.ID) {
			s.tooManyRequests(w, r)
			return
		}
		ctx := context.WithValue(r.Context(), ctxUser, u)
		ctx = context.WithValue(ctx, ctxToken, t)
		h(w, r.WithContext(ctx))
	}
}
