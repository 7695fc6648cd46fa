package server

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/reelkit/reel/internal/testpg"
	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/store/postgres"
)

// TestRateLimitRetryAfterAndMetrics: every 429 (per access key on /me,
// per client address on the login routes) says when to retry and is
// counted in reeld_rate_limited_total.
func TestRateLimitRetryAfterAndMetrics(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.RateLimit = 0.001; c.RateBurst = 2 })
	c := e.loginApp("d") // the first login token of this address
	c.do("GET", "/me", nil, nil)
	c.do("GET", "/me", nil, nil)
	r := c.do("GET", "/me", nil, nil)
	if r.code != 429 || r.hdr.Get("Retry-After") == "" {
		t.Fatalf("/me: %d, Retry-After %q", r.code, r.hdr.Get("Retry-After"))
	}
	b, h := form("app_id", testAppID, "app_secret", "wrong")
	e.do("POST", "/login/app", b, h) // the second and last login token
	b, h = form("app_id", testAppID, "app_secret", "wrong")
	r = e.do("POST", "/login/app", b, h)
	if r.code != 429 || r.hdr.Get("Retry-After") == "" {
		t.Fatalf("/login/app: %d, Retry-After %q", r.code, r.hdr.Get("Retry-After"))
	}
	m := string(e.do("GET", "/metrics", nil, nil).body)
	if !strings.Contains(m, "\nreeld_rate_limited_total 2\n") {
		t.Fatalf("metrics:\n%s", m)
	}
}

// TestRateLimitPerUserAcrossProcesses: with the buckets in a shared
// PostgreSQL database, one user's requests through two API processes and
// three access tokens draw from one bucket (a burst of 4 answers 4, not
// 12); the login route's per-address bucket is shared the same way.
func TestRateLimitPerUserAcrossProcesses(t *testing.T) {
	t.Parallel()
	pg := testpg.Start(t)
	dsn := pg.NewDatabase(t)
	env := func() *testEnv {
		st, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return newTestEnv(t, func(c *Config) {
			c.Store, c.SharedLimits = st, true
			c.RateLimit, c.RateBurst = 0.001, 4
		})
	}
	a, b := env(), env()
	// Three logins take 3 of the address's login tokens (shared too).
	clients := []*client{a.loginApp("one"), a.loginApp("two"), b.loginApp("three")}
	ok := 0
	for i := range 12 {
		if r := clients[i%3].do("GET", "/me", nil, nil); r.code == 200 {
			ok++
		} else if r.code != 429 {
			t.Fatalf("request %d: %d %s", i, r.code, r.body)
		}
	}
	if ok != 4 {
		t.Fatalf("12 requests of one user over 2 processes and 3 tokens: %d answered, want the burst of 4", ok)
	}
	// The login route: one address, both processes, one bucket of 4
	// (3 taken above).
	logins := 0
	for i := range 4 {
		e := []*testEnv{a, b}[i%2]
		fb, h := form("app_id", testAppID, "app_secret", testAppSecret, "device_id", "x")
		if e.do("POST", "/login/app", fb, h).code == 200 {
			logins++
		}
	}
	if logins != 1 {
		t.Fatalf("4 more logins from one address over 2 processes: %d answered, want 1", logins)
	}
}

// TestLoginBackoffAcrossProcesses: with PostgreSQL, wrong passwords for
// one account from one address count in both API processes together:
// after the free attempts and the one that starts the backoff, the next
// attempt is refused by either process.
func TestLoginBackoffAcrossProcesses(t *testing.T) {
	t.Parallel()
	pg := testpg.Start(t)
	dsn := pg.NewDatabase(t)
	var pgStore *postgres.Store
	env := func() *testEnv {
		st, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		pgStore = st
		return newTestEnv(t, func(c *Config) {
			c.Store, c.SharedLimits = st, true
			c.RateLimit, c.LoginFreeAttempts = 1e6, 2
		})
	}
	a, b := env(), env()
	if _, err := auth.AddUser(context.Background(), pgStore, "victim", "right", "", -1); err != nil {
		t.Fatal(err)
	}
	var codes []int
	for i := range 4 {
		fb, h := form("username", "victim", "password", "wrong", "app_id", testAppID)
		codes = append(codes, []*testEnv{a, b}[i%2].do("POST", "/login", fb, h).code)
	}
	if fmt.Sprint(codes) != "[401 401 401 429]" {
		t.Fatalf("4 wrong passwords alternating two processes: %v, want [401 401 401 429]", codes)
	}
	// Even the right password waits, in either process.
	fb, h := form("username", "victim", "password", "right", "app_id", testAppID)
	if r := a.do("POST", "/login", fb, h); r.code != 429 {
		t.Fatalf("right password during the shared backoff: %d", r.code)
	}
}
