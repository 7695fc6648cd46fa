package server

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/reelkit/reel/server/auth"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// TestTokensExpireAndAreRevoked: tokens expire after the TTL
// since their last use (sliding), POST /logout revokes one,
// RevokeUserTokens (reeld user revoke) revokes all of a user's, a user
// keeps at most MaxTokensPerUser live tokens (the oldest is evicted), and
// a token dies when its app is removed or the app's secret rotates.
func TestTokensExpireAndAreRevoked(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	e := newTestEnv(t, func(c *Config) {
		c.Now = clk.now
		c.TokenTTL = 24 * time.Hour
		c.MaxTokensPerUser = 3
	})
	me := func(c *client) int { return c.do("GET", "/me", nil, nil).code }

	// Sliding expiry: used every 20 h it lives on; idle for 25 h it dies.
	a := e.addUser("ann", -1)
	for range 3 {
		clk.add(20 * time.Hour)
		if code := me(a); code != 200 {
			t.Fatalf("token used within its TTL: %d", code)
		}
	}
	clk.add(25 * time.Hour)
	if code := me(a); code != 401 {
		t.Fatalf("token idle for longer than its TTL: %d, want 401", code)
	}
	var n int
	e.store.DB().QueryRow(`SELECT COUNT(*) FROM tokens WHERE key=?`, a.key).Scan(&n)
	if n != 0 {
		t.Fatal("an expired token stays in the database")
	}

	// Logout revokes the calling token only.
	b1 := e.loginAs("ann")
	b2 := e.loginAs("ann")
	if r := b1.do("POST", "/logout", nil, nil); r.code != 200 {
		t.Fatalf("logout: %d %s", r.code, r.body)
	}
	if me(b1) != 401 || me(b2) != 200 {
		t.Fatalf("after logout: logged-out token %d, other token %d", me(b1), me(b2))
	}

	// The cap: the fourth login evicts the oldest live token.
	b3, b4, b5 := e.loginAs("ann"), e.loginAs("ann"), e.loginAs("ann")
	if me(b2) != 401 || me(b3) != 200 || me(b4) != 200 || me(b5) != 200 {
		t.Fatalf("after 4 logins with a cap of 3: oldest %d, others %d %d %d", me(b2), me(b3), me(b4), me(b5))
	}

	// Revoke all (reeld user revoke).
	if n, err := auth.RevokeUserTokens(context.Background(), e.store, "ann"); err != nil || n != 3 {
		t.Fatalf("revoke: %d %v", n, err)
	}
	if me(b3) != 401 || me(b5) != 401 {
		t.Fatal("a revoked token still works")
	}

	// Secret rotation and app removal.
	c1 := e.loginAs("ann")
	app := e.loginApp("dev")
	e.srv.cfg.Apps = []App{{ID: testAppID, Secret: "rotated"}}
	if me(c1) != 401 || me(app) != 401 {
		t.Fatalf("after the app secret rotated: user token %d, app token %d, want 401", me(c1), me(app))
	}
	e.srv.cfg.Apps[0].Secret = testAppSecret // rotating back does not revive revoked tokens
	if me(c1) != 401 {
		t.Fatal("a token killed by rotation came back")
	}
	c2 := e.loginAs("ann")
	e.srv.cfg.Apps = []App{{ID: "other-app", Secret: "x"}}
	if me(c2) != 401 {
		t.Fatal("a token of a removed app still works")
	}
}

// loginAs logs in an existing user made by addUser.
func (e *testEnv) loginAs(name string) *client {
	e.t.Helper()
	b, h := form("username", name, "password", "pw-"+name, "app_id", testAppID)
	r := e.do("POST", "/login", b, h)
	if r.code != 200 {
		e.t.Fatalf("login: %d %s", r.code, r.body)
	}
	return e.clientFrom(r)
}
