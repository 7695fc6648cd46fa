package server

import (
	"context"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/reelkit/reel/server/auth"
)

// TestLoginsBackOffExponentially: 200 parallel wrong
// passwords for one account from one address are not 200 PBKDF2 runs and
// 200 x 401: after the free attempts that account from that address backs
// off exponentially (429 with Retry-After), even for the right password,
// until the wait is over — while the account's owner, from another
// address, signs in at once; one address guessing many accounts is
// throttled the same way after its own, higher allowance.
func TestLoginsBackOffExponentially(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	e := newTestEnv(t, func(c *Config) { c.Now = clk.now; c.RateLimit = 1e6; c.LoginAddressAttempts = 20 })
	if _, err := auth.AddUser(context.Background(), e.store, "victim", "right", "", -1); err != nil {
		t.Fatal(err)
	}
	login := func(user, pw string) resp {
		b, h := form("username", user, "password", pw, "app_id", testAppID)
		return e.do("POST", "/login", b, h)
	}
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := login("victim", "wrong"+strconv.Itoa(i))
			if r.code == 429 {
				if s, _ := strconv.Atoi(r.hdr.Get("Retry-After")); s < 1 {
					t.Errorf("429 without a Retry-After: %v", r.hdr)
				}
			}
			mu.Lock()
			counts[r.code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if counts[401] > 6 || counts[401]+counts[429] != 200 {
		t.Fatalf("200 parallel wrong passwords: %v; want at most 6 checked (401), the rest 429", counts)
	}
	if r := login("victim", "right"); r.code != 429 {
		t.Fatalf("right password while the account backs off: %d, want 429", r.code)
	}
	// The owner, elsewhere, is not locked out by the guesses.
	b, h := form("username", "victim", "password", "right", "app_id", testAppID)
	req := httptest.NewRequest("POST", "/login", b)
	req.RemoteAddr = "203.0.113.9:5555"
	for k, v := range h {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("right password from another address while the guesser backs off: %d %s, want 200", rec.Code, rec.Body)
	}
	clk.add(16 * time.Minute) // past the longest backoff
	if r := login("victim", "right"); r.code != 200 {
		t.Fatalf("right password after the backoff: %d %s", r.code, r.body)
	}

	// One address, many accounts: the address backs off after its 20 free
	// attempts and the one that starts the backoff.
	for i := range 21 {
		if r := login("nobody"+strconv.Itoa(i), "x"); r.code != 401 {
			t.Fatalf("guess %d: %d, want 401", i, r.code)
		}
	}
	if r := login("someone-else", "x"); r.code != 429 {
		t.Fatalf("22nd guess from one address: %d, want 429", r.code)
	}
	clk.add(2 * time.Second) // the first backoff step is 1 s
	if r := login("someone-else", "x"); r.code != 401 {
		t.Fatalf("guess after the 1 s backoff: %d, want 401", r.code)
	}
	if r := login("someone-else", "x"); r.code != 429 {
		t.Fatalf("next guess right away: %d, want 429 (the wait doubles)", r.code)
	}
}
