// Package studio holds reel studio, the web page reeld serves at "/": plain
// hand-written HTML, CSS and JavaScript modules embedded in the binary (no
// build step, no CDN, nothing fetched from elsewhere), and the handler
// that serves them with a strict Content-Security-Policy.
//
// The page talks to reeld's own API on the same origin. It signs in with
// POST /studio/session, which puts the access token in an HttpOnly cookie
// the script never sees, and sends the session's CSRF value in the
// X-CSRF-Token header on every state-changing call (see package server).
// User text is only ever written with textContent or into form values, and
// the policy forbids inline script and style, so a caption such as
// "<img src=x onerror=alert(1)>" is shown as text.
package studio

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var files embed.FS

// ContentSecurityPolicy is sent with every studio response: only this
// origin's scripts, styles, images, media and API; no inline code; no
// framing.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; " +
	"media-src 'self'; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'; object-src 'none'"

// Prefix is the URL path under which the studio's assets are served.
const Prefix = "/studio/"

// Handler serves the studio: "/" is the page and Prefix+name its assets.
// Unknown paths are answered by notFound (the API's JSON 404); responses
// carry the CSP, nosniff and no-referrer
// headers. Assets are served with a short cache lifetime and
// Last-Modified-free validators (embedded files have no modification
// time), so a new reeld binary is picked up on reload.
func Handler(notFound http.HandlerFunc) http.Handler {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		name := "index.html"
		if r.URL.Path != "/" {
			name = strings.TrimPrefix(r.URL.Path, Prefix)
			if name == r.URL.Path || name == "" || name == "index.html" || path.Clean(name) != name {
				notFound(w, r)
				return
			}
		}
		b, err := fs.ReadFile(sub, name)
		if err != nil {
			notFound(w, r)
			return
		}
		h.Set("Content-Type", contentType(name))
		if name == "index.html" {
			h.Set("Cache-Control", "no-cache")
		} else {
			h.Set("Cache-Control", "public, max-age=300")
		}
		if r.Method == http.MethodHead {
			return
		}
		w.Write(b) //nolint:errcheck // the client may be gone
	})
}

// contentType names the type of an asset by its extension.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	}
	return "application/octet-stream"
}
