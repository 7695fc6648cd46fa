package server

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/reelkit/reel/server/model"
)

// newID returns a random identifier of 128 bits, 26 base32 characters.
var base32Enc = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return base32Enc.EncodeToString(b[:])
}

// newSecret returns 256 random bits, hex encoded.
func newSecret() string {
	var b [32]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

const pbkdf2Iter = 100_000

// HashPassword returns a PBKDF2-SHA256 record "pbkdf2-sha256$iter$salt$key".
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	rand.Read(salt)
	key, err := pbkdf2.Key(sha256.New, password, salt, pbkdf2Iter, 32)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", pbkdf2Iter,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// checkPassword reports whether password matches record, in constant time.
func checkPassword(record, password string) bool {
	parts := strings.Split(record, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 || iter > 10_000_000 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[2])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[3])
	if err1 != nil || err2 != nil {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, password, salt, iter, len(want))
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(got, want) == 1
}

type ctxKey int

const (
	ctxUser ctxKey = iota
	ctxToken
	ctxRequestID
)

func userFrom(ctx context.Context) *model.User {
	u, _ := ctx.Value(ctxUser).(*model.User)
	return u
}

func tokenFrom(ctx context.Context) *model.Token {
	t, _ := ctx.Value(ctxToken).(*model.Token)
	return t
}

var errUnauthorized = errorf(http.StatusUnauthorized, "invalid or missing X-Access-Key / X-Access-Token")

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
	return s.ValidateToken(r.Context(), key, tok)
}

// requireAuth wraps a /me handler.
func (s *Server) requireAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, t, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if !s.limiter.allow(t.Key, s.now()) {
			s.tooManyRequests(w, r)
			return
		}
		ctx := context.WithValue(r.Context(), ctxUser, u)
		ctx = context.WithValue(ctx, ctxToken, t)
		h(w, r.WithContext(ctx))
	}
}
