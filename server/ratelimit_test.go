package server

import (
	"strings"
	"testing"
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
