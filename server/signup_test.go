package server

import (
	"strings"
	"testing"
)

// TestSignupOnlyWhenEnabled: without Config.Signup POST /studio/signup is
// a 404 and the session object does not offer it; with it an account is
// made with the configured credits and signed in, a taken username is a
// 409, and a bad username or short password is a 400 naming the field.
func TestSignupOnlyWhenEnabled(t *testing.T) {
	t.Parallel()
	off := newTestEnv(t, nil)
	if r := off.do("POST", "/studio/signup", strings.NewReader(`{"username":"abc","password":"12345678"}`), map[string]string{"Content-Type": "application/json"}); r.code != 404 {
		t.Fatalf("signup off: %d %s", r.code, r.body)
	}
	if r := off.do("GET", "/studio/session", nil, nil); strings.Contains(string(r.body), "signup") {
		t.Fatalf("session object offers signup when off: %s", r.body)
	}
	on := newTestEnv(t, func(c *Config) { c.Signup = true; c.SignupCredits = 4 })
	if r := on.do("GET", "/studio/session", nil, nil); !strings.Contains(string(r.body), `"signup":true`) {
		t.Fatalf("session object with signup on: %s", r.body)
	}
	post := func(body string) resp {
		return on.do("POST", "/studio/signup", strings.NewReader(body), map[string]string{"Content-Type": "application/json"})
	}
	r := post(`{"username":"ada.l","password":"long enough","name":"Ada"}`)
	if r.code != 200 || !strings.Contains(string(r.body), `"signed_in":true`) || !strings.Contains(r.hdr.Get("Set-Cookie"), "reel_") {
		t.Fatalf("signup: %d %s", r.code, r.body)
	}
	u, err := on.store.UserByUsername(t.Context(), "ada.l")
	if err != nil || u.Credits == nil || *u.Credits != 4 || u.Name != "Ada" {
		t.Fatalf("user %+v %v", u, err)
	}
	if r := post(`{"username":"ada.l","password":"another one"}`); r.code != 409 {
		t.Fatalf("taken username: %d %s", r.code, r.body)
	}
	for body, field := range map[string]string{
		`{"username":"Ab","password":"long enough"}`:   "username",
		`{"username":"<b>x","password":"long enough"}`: "username",
		`{"username":"bob","password":"short"}`:        "password",
	} {
		if r := post(body); r.code != 400 || !strings.Contains(string(r.body), field) {
			t.Errorf("%s: %d %s", body, r.code, r.body)
		}
	}
}

// TestSignupZeroCreditsMeansNone: SignupCredits 0 (reeld's
// --signup-credits 0) makes accounts with no render credits, not the
// default allowance.
func TestSignupZeroCreditsMeansNone(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.Signup = true; c.SignupCredits = 0 })
	r := e.do("POST", "/studio/signup", strings.NewReader(`{"username":"zero","password":"long enough"}`), map[string]string{"Content-Type": "application/json"})
	if r.code != 200 {
		t.Fatalf("signup: %d %s", r.code, r.body)
	}
	u, err := e.store.UserByUsername(t.Context(), "zero")
	if err != nil || u.Credits == nil || *u.Credits != 0 {
		t.Fatalf("user %+v %v: want 0 credits", u, err)
	}
}
