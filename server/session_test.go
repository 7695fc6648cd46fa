package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/reelkit/reel/server/auth"
)

// sessionLogin signs in through the studio route and returns the cookie
// header to send and the CSRF value.
func sessionLogin(t *testing.T, e *testEnv, user, pass string) (cookie, csrf string, r resp) {
	t.Helper()
	b, h := form("username", user, "password", pass)
	r = e.do("POST", "/studio/session", b, h)
	if r.code != 200 {
		return "", "", r
	}
	var parts []string
	for _, c := range (&http.Response{Header: r.hdr}).Cookies() {
		parts = append(parts, c.Name+"="+c.Value)
		if c.Name == csrfCookie {
			csrf = c.Value
		}
	}
	return strings.Join(parts, "; "), csrf, r
}

func TestStudioSessionCookieAndCSRF(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	if _, err := auth.AddUser(context.Background(), e.store, "ada", "pw-ada", "Ada", -1); err != nil {
		t.Fatal(err)
	}
	if _, _, r := sessionLogin(t, e, "ada", "wrong"); r.code != 401 {
		t.Fatalf("bad password: %d %s", r.code, r.body)
	}
	cookie, csrf, r := sessionLogin(t, e, "ada", "pw-ada")
	if r.code != 200 {
		t.Fatalf("login: %d %s", r.code, r.body)
	}
	// Cookie attributes: the session is HttpOnly + Lax and never in the body.
	var sess *http.Cookie
	for _, c := range (&http.Response{Header: r.hdr}).Cookies() {
		if c.Name == sessionCookie {
			sess = c
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Secure || sess.Path != "/" {
		t.Fatalf("session cookie %+v", sess)
	}
	_, token, _ := strings.Cut(sess.Value, ".")
	if strings.Contains(string(r.body), token) {
		t.Fatal("the access token is in the login body")
	}
	m := r.json(t)
	if m["signed_in"] != true || m["csrf_token"] != csrf || csrf == "" || m["username"] != "ada" {
		t.Fatalf("login body %s (csrf cookie %q)", r.body, csrf)
	}

	// GET with the cookie alone works; the session route reports the user.
	if r := e.do("GET", "/me", nil, map[string]string{"Cookie": cookie}); r.code != 200 || r.json(t)["username"] != "ada" {
		t.Fatalf("GET /me by cookie: %d %s", r.code, r.body)
	}
	if r := e.do("GET", "/studio/session", nil, map[string]string{"Cookie": cookie}); r.json(t)["signed_in"] != true {
		t.Fatalf("session: %s", r.body)
	}
	if r := e.do("GET", "/studio/session", nil, nil); r.code != 200 || r.json(t)["signed_in"] != false {
		t.Fatalf("no session: %d %s", r.code, r.body)
	}

	// State-changing calls need the CSRF header, and exactly this session's.
	for _, tc := range []struct {
		name, hdr string
		want      int
	}{
		{"missing", "", 403},
		{"wrong", strings.Repeat("0", len(csrf)), 403},
		{"other session's", csrfToken("another-token"), 403},
		{"right", csrf, 200},
	} {
		b, h := form("name", "by cookie")
		h["Cookie"] = cookie
		if tc.hdr != "" {
			h[csrfHeader] = tc.hdr
		}
		r := e.do("POST", "/me/videos", b, h)
		if r.code != tc.want {
			t.Errorf("%s CSRF header: %d %s, want %d", tc.name, r.code, r.body, tc.want)
		}
	}

	// A forged cookie is a 401, and explicit headers still win over cookies.
	if r := e.do("GET", "/me", nil, map[string]string{"Cookie": sessionCookie + "=abc.def"}); r.code != 401 {
		t.Fatalf("forged cookie: %d", r.code)
	}
	c := e.loginApp("dev")
	if r := c.do("GET", "/me", nil, map[string]string{"Cookie": cookie}); r.code != 200 || r.json(t)["username"] == "ada" {
		t.Fatalf("headers must take precedence: %d %s", r.code, r.body)
	}

	// Logout needs the CSRF header and clears both cookies.
	if r := e.do("DELETE", "/studio/session", nil, map[string]string{"Cookie": cookie}); r.code != 403 {
		t.Fatalf("logout without CSRF: %d", r.code)
	}
	r = e.do("DELETE", "/studio/session", nil, map[string]string{"Cookie": cookie, csrfHeader: csrf})
	if r.code != 204 {
		t.Fatalf("logout: %d %s", r.code, r.body)
	}
	cleared := 0
	for _, c := range (&http.Response{Header: r.hdr}).Cookies() {
		if (c.Name == sessionCookie || c.Name == csrfCookie) && c.MaxAge < 0 && c.Value == "" {
			cleared++
		}
	}
	if cleared != 2 {
		t.Fatalf("logout cleared %d cookies: %v", cleared, r.hdr["Set-Cookie"])
	}
	// The token is revoked: a copy of the old cookie no longer works.
	if r := e.do("GET", "/me", nil, map[string]string{"Cookie": cookie}); r.code != 401 {
		t.Fatalf("old session cookie after logout: %d", r.code)
	}
}

func TestStudioSecureCookieBehindTLS(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.BaseURL = "https://reel.example.com" })
	if _, err := auth.AddUser(context.Background(), e.store, "bo", "pw", "", -1); err != nil {
		t.Fatal(err)
	}
	_, _, r := sessionLogin(t, e, "bo", "pw")
	for _, c := range (&http.Response{Header: r.hdr}).Cookies() {
		if !c.Secure {
			t.Errorf("cookie %s is not Secure behind https", c.Name)
		}
	}
}

func TestStudioPageHeaders(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	for _, tc := range []struct {
		path, ctype string
		want        int
	}{
		{"/", "text/html", 200},
		{"/studio/app.js", "text/javascript", 200},
		{"/studio/studio.css", "text/css", 200},
		{"/studio/nope.js", "", 404},
		{"/studio/../server.go", "", 404},
		{"/studio/", "", 404},
	} {
		r := e.do("GET", tc.path, nil, nil)
		if r.code != tc.want {
			t.Errorf("%s: %d, want %d", tc.path, r.code, tc.want)
			continue
		}
		if tc.want != 200 {
			continue
		}
		if !strings.HasPrefix(r.hdr.Get("Content-Type"), tc.ctype) {
			t.Errorf("%s: Content-Type %q", tc.path, r.hdr.Get("Content-Type"))
		}
		csp := r.hdr.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", tc.path, csp)
		}
		if r.hdr.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", tc.path)
		}
	}
	// The page has no inline script or style for the CSP to block.
	page := string(e.do("GET", "/", nil, nil).body)
	if strings.Contains(page, "<script>") || strings.Contains(page, "style=") || strings.Contains(page, "<style") {
		t.Error("index.html has inline script or style")
	}
}

// TestStudioRefusesCrossSiteSignIn: a sign-in posted by another site's
// page (login CSRF) is refused with 403 and sets no cookie, whether the
// browser says so in Sec-Fetch-Site or only in Origin; the studio's own
// page (same-origin) and a client without either header sign in.
func TestStudioRefusesCrossSiteSignIn(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	if _, err := auth.AddUser(context.Background(), e.store, "ada", "pw-ada", "Ada", -1); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(e.ts.URL, "http://")
	for _, tc := range []struct {
		name string
		hdr  map[string]string
		want int
	}{
		{"cross-site fetch metadata", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 403},
		{"same-site sibling", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"foreign Origin only", map[string]string{"Origin": "https://evil.example"}, 403},
		{"same-origin page", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://" + host}, 200},
		{"same Origin only", map[string]string{"Origin": "http://" + host}, 200},
		{"no browser headers", nil, 200},
	} {
		b, h := form("username", "ada", "password", "pw-ada")
		for k, v := range tc.hdr {
			h[k] = v
		}
		r := e.do("POST", "/studio/session", b, h)
		if r.code != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, r.code, r.body, tc.want)
		}
		if tc.want == 403 && r.hdr.Get("Set-Cookie") != "" {
			t.Errorf("%s: refused sign-in set cookies %q", tc.name, r.hdr.Values("Set-Cookie"))
		}
	}
}
