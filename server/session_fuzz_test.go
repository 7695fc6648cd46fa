package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzSessionCredentials feeds arbitrary cookie and CSRF header values to
// the session parser: it never panics, and a state-changing request is
// accepted only with the CSRF value derived from the cookie's own token.
func FuzzSessionCredentials(f *testing.F) {
	f.Add("key.token", csrfToken("token"), "POST")
	f.Add("key.token", "", "GET")
	f.Add(".", "x", "DELETE")
	f.Add("a.b.c", csrfToken("b.c"), "PUT")
	f.Add("", "", "POST")
	f.Fuzz(func(t *testing.T, cookie, header, method string) {
		r := httptest.NewRequest(http.MethodGet, "/me", nil)
		r.Method = method
		r.Header.Set("Cookie", sessionCookie+"="+cookie)
		if header != "" {
			r.Header.Set(csrfHeader, header)
		}
		key, token, err := sessionCredentials(r)
		if err != nil {
			return
		}
		if key == "" || token == "" {
			t.Fatalf("accepted empty credentials from %q", cookie)
		}
		if !safeMethod(r.Method) && r.Header.Get(csrfHeader) != csrfToken(token) {
			t.Fatalf("%s accepted with CSRF %q for token %q", method, header, token)
		}
	})
}
